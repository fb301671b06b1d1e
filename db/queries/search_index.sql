-- The search index is rewritten once per transaction from fts_queue (see
-- migration 00004): Store.run calls these before it commits.

-- name: SearchQueuePending :one
SELECT EXISTS (SELECT 1 FROM fts_queue) AS pending;

-- name: SearchCaseAdd :exec
INSERT OR REPLACE INTO case_fts (rowid, case_id, text)
SELECT c.rowid, c.id, c.search_text FROM case_file c WHERE c.rowid IN (SELECT rid FROM fts_queue WHERE tbl = 'case');

-- name: SearchClientAdd :exec
INSERT OR REPLACE INTO client_fts (rowid, client_id, text)
SELECT c.rowid, c.id, c.name_key FROM client c WHERE c.rowid IN (SELECT rid FROM fts_queue WHERE tbl = 'client');

-- name: SearchQueueClear :exec
DELETE FROM fts_queue;

-- name: SearchCaseRebuild :exec
INSERT INTO case_fts (rowid, case_id, text) SELECT rowid, id, search_text FROM case_file;

-- name: SearchClientRebuild :exec
INSERT INTO client_fts (rowid, client_id, text) SELECT rowid, id, name_key FROM client;
