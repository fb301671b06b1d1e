-- name: AuditLogInsert :exec
INSERT INTO audit_log (id, office_id, staff_id, action, object_type, object_id, detail, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: AuditLogListRecent :many
SELECT * FROM audit_log WHERE office_id = ? ORDER BY created_at DESC, id DESC LIMIT ?;

-- name: AuditLogCountSince :one
-- How often a person recorded an action on one object since a time (a
-- reason given today for opening a case outside their units).
SELECT count(*) FROM audit_log
WHERE staff_id = sqlc.arg(staff_id) AND object_type = sqlc.arg(object_type) AND object_id = sqlc.arg(object_id)
  AND action = sqlc.arg(action) AND created_at >= sqlc.arg(since);

-- name: AuditLogFind :many
-- The audit view: an office's entries about clients' data (a client, a case), newest first, narrowed by a person,
-- a period [from, to), a client (their record and their cases) and
-- break-the-glass records only; each with the client and unit its case
-- names, when this device holds the case.
SELECT a.id, a.staff_id, a.action, a.object_type, a.object_id, a.detail, a.sealed, a.created_at,
  CAST(COALESCE(c.client_id, CASE WHEN a.object_type = 'client' THEN a.object_id ELSE '' END) AS TEXT) AS client_id,
  CAST(COALESCE(c.unit_symbol, '') AS TEXT) AS unit
FROM audit_log a
LEFT JOIN case_file c ON a.object_type = 'case_file' AND c.id = a.object_id
WHERE a.office_id = sqlc.arg(office_id) AND a.object_type IN ('case_file', 'client')
  AND (CAST(sqlc.arg(staff_id) AS TEXT) = '' OR a.staff_id = sqlc.arg(staff_id))
  AND a.created_at >= sqlc.arg(from_ms) AND a.created_at < sqlc.arg(to_ms)
  AND (CAST(sqlc.arg(client_id) AS TEXT) = ''
    OR (a.object_type = 'client' AND a.object_id = sqlc.arg(client_id))
    OR (a.object_type = 'case_file' AND a.object_id IN (SELECT f.id FROM case_file f WHERE f.client_id = sqlc.arg(client_id))))
  AND (CAST(sqlc.arg(outside_only) AS INTEGER) = 0 OR a.action = 'case.outside_access')
ORDER BY a.created_at DESC, a.id DESC
LIMIT sqlc.arg(max_rows);

-- name: CaseIDListByClient :many
-- A client's cases, oldest first (the art. 15 RODO export).
SELECT id FROM case_file WHERE client_id = ? ORDER BY submitted_on, id;
