-- name: ConsoleSessionInsert :exec
INSERT INTO console_sessions (token_hash, csrf_hash, office_id, staff_id, created_at, seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: ConsoleSessionGet :one
SELECT * FROM console_sessions WHERE token_hash = ?;

-- name: ConsoleSessionTouch :exec
UPDATE console_sessions SET seen_at = ? WHERE token_hash = ?;

-- name: ConsoleSessionDelete :exec
DELETE FROM console_sessions WHERE token_hash = ?;

-- name: ConsoleSessionsExpire :exec
DELETE FROM console_sessions WHERE expires_at <= sqlc.arg(now) OR seen_at <= sqlc.arg(idle_before);

-- name: ConsoleSessionsDeleteByStaff :exec
DELETE FROM console_sessions WHERE office_id = ? AND staff_id = ? AND token_hash <> sqlc.arg(keep);

-- name: ConsoleAuditInsert :exec
INSERT INTO console_audit (office_id, staff_id, action, target, outcome, at) VALUES (?, ?, ?, ?, ?, ?);

-- name: ConsoleAuditList :many
SELECT * FROM console_audit WHERE office_id = ? AND id < ? ORDER BY id DESC LIMIT ?;

-- name: ConsoleOpenCases :many
SELECT entity_id,
  CAST(COALESCE(json_extract(fields, '$.unit.v'), '') AS TEXT) AS unit,
  CAST(COALESCE(json_extract(fields, '$.cardId.v'), '') AS TEXT) AS card_id,
  CAST(COALESCE(json_extract(fields, '$.status.v'), '') AS TEXT) AS status,
  CAST(COALESCE(json_extract(fields, '$.dueOn.v'), '') AS TEXT) AS due_on,
  CAST(COALESCE(json_extract(fields, '$.supplementDue.v'), '') AS TEXT) AS supplement_due,
  CAST(COALESCE(json_extract(fields, '$.sign.v'), '') AS TEXT) AS sign,
  CAST(COALESCE(json_extract(fields, '$.assigneeId.v'), '') AS TEXT) AS assignee_id
FROM rows
WHERE office_id = ? AND entity = 'case_file' AND NOT deleted
  AND json_extract(fields, '$.status.v') NOT IN ('settled', 'left_unexamined', 'forwarded');

-- name: DeviceReportUpsert :exec
INSERT INTO device_reports (device_id, app_version, waiting, refused, reported_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (device_id) DO UPDATE SET app_version = excluded.app_version, waiting = excluded.waiting,
  refused = excluded.refused, reported_at = excluded.reported_at;

-- name: DeviceReportsOfOffice :many
SELECT r.device_id, r.app_version, r.waiting, r.refused, r.reported_at FROM device_reports r
JOIN devices d ON d.id = r.device_id WHERE d.office_id = ?;
