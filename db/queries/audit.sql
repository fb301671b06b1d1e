-- name: AuditLogInsert :exec
INSERT INTO audit_log (id, office_id, staff_id, action, object_type, object_id, detail, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: AuditLogListRecent :many
SELECT * FROM audit_log WHERE office_id = ? ORDER BY created_at DESC, id DESC LIMIT ?;
