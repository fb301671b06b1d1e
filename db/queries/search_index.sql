-- The case sign index (case_fts, signs only) is rewritten once per
-- transaction from fts_queue (see migration 00004): Store.run calls these
-- before it commits. Names are in the blind index, search_token.

-- name: SearchQueuePending :one
SELECT EXISTS (SELECT 1 FROM fts_queue) AS pending;

-- name: SearchCaseAdd :exec
INSERT OR REPLACE INTO case_fts (rowid, case_id, text)
SELECT c.rowid, c.id, c.search_text FROM case_file c WHERE c.rowid IN (SELECT rid FROM fts_queue WHERE tbl = 'case');

-- name: SearchQueueClear :exec
DELETE FROM fts_queue;

-- name: SearchCaseRebuild :exec
INSERT INTO case_fts (rowid, case_id, text) SELECT rowid, id, search_text FROM case_file;

-- name: SearchCaseClear :exec
DELETE FROM case_fts;

-- name: SearchTokenAdd :exec
-- A client's tokens (a JSON array) for its rowid.
INSERT OR IGNORE INTO search_token (token, client_rowid)
SELECT value, sqlc.arg(client_rowid) FROM json_each(sqlc.arg(tokens));

-- name: SearchTokenDrop :exec
-- A client's old tokens (a JSON array), found by the primary key.
DELETE FROM search_token
WHERE client_rowid = sqlc.arg(client_rowid) AND token IN (SELECT value FROM json_each(sqlc.arg(tokens)));

-- name: SearchTokenRows :many
-- One token's posting list: the rowids of the clients that have it.
SELECT client_rowid FROM search_token WHERE token = ? ORDER BY client_rowid;

-- name: SearchTokenRowsUpTo :one
-- How many clients have one token, counted up to a bound: whether its
-- posting list is short enough to read whole.
SELECT count(*) FROM (SELECT 1 FROM search_token WHERE token = sqlc.arg(token) LIMIT sqlc.arg(bound));

-- name: SearchTokenKeep :many
-- The clients (rowids, a JSON array) that have every token (a JSON
-- array), each asked by the primary key.
SELECT CAST(r.value AS INTEGER) AS rid FROM json_each(sqlc.arg(rowids)) r
WHERE NOT EXISTS (SELECT 1 FROM json_each(sqlc.arg(tokens)) j
    WHERE NOT EXISTS (SELECT 1 FROM search_token t WHERE t.token = j.value AND t.client_rowid = r.value))
ORDER BY 1;

-- name: SearchTokenCount :one
SELECT COUNT(*) FROM search_token;

-- name: SearchCaseOptimize :exec
-- Merges the sign index into one segment, dropping deleted entries.
INSERT INTO case_fts (case_fts) VALUES ('optimize');
