-- name: ClientUpsert :one
-- person is sealed (db/seal.go): the personal fields as one JSON object.
-- Returns the row's rowid, the blind index's reference to it.
INSERT INTO client (id, office_id, kind, lang, person, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  kind = excluded.kind, lang = excluded.lang, person = excluded.person, updated_at = excluded.updated_at
RETURNING CAST(rowid AS INTEGER) AS rid;

-- name: ClientGet :one
SELECT CAST(rowid AS INTEGER) AS rid, id, office_id, kind, lang, person FROM client WHERE id = ?;

-- name: ClientListByRowids :many
-- Clients found in the blind index (rowids as a JSON array), newest
-- first: looked up by rowid (CROSS JOIN keeps the planner from scanning
-- the clients instead).
SELECT CAST(cl.rowid AS INTEGER) AS rid, cl.id, cl.office_id, cl.kind, cl.lang, cl.person
FROM json_each(sqlc.arg(rowids)) j CROSS JOIN client cl ON cl.rowid = j.value
WHERE cl.office_id = sqlc.arg(office_id)
ORDER BY cl.rowid DESC LIMIT sqlc.arg(lim);
