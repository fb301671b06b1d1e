-- name: ConsoleSessionInsert :exec
INSERT INTO console_sessions (token_hash, csrf_hash, office_id, staff_id, created_at, seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7);

-- name: ConsoleSessionGet :one
SELECT * FROM console_sessions WHERE token_hash = $1;

-- name: ConsoleSessionTouch :exec
UPDATE console_sessions SET seen_at = $1 WHERE token_hash = $2;

-- name: ConsoleSessionDelete :exec
DELETE FROM console_sessions WHERE token_hash = $1;

-- name: ConsoleSessionsExpire :exec
DELETE FROM console_sessions WHERE expires_at <= sqlc.arg(now) OR seen_at <= sqlc.arg(idle_before);

-- name: ConsoleSessionsDeleteByStaff :exec
DELETE FROM console_sessions WHERE office_id = sqlc.arg(office_id) AND staff_id = sqlc.arg(staff_id) AND token_hash <> sqlc.arg(keep);

-- name: ConsoleAuditInsert :exec
INSERT INTO console_audit (office_id, staff_id, action, target, outcome, at) VALUES ($1, $2, $3, $4, $5, $6);

-- name: ConsoleAuditList :many
SELECT * FROM console_audit WHERE office_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3;

-- name: ConsoleOpenCases :many
SELECT case_id AS entity_id, unit, card_id, status, due_on, supplement_due, sign, assignee_id
FROM report_cases
WHERE office_id = $1 AND NOT deleted AND status NOT IN ('settled', 'left_unexamined', 'forwarded');

-- name: DeviceReportUpsert :exec
INSERT INTO device_reports (device_id, app_version, waiting, refused, reported_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (device_id) DO UPDATE SET app_version = excluded.app_version, waiting = excluded.waiting,
  refused = excluded.refused, reported_at = excluded.reported_at;

-- name: DeviceReportsOfOffice :many
SELECT r.device_id, r.app_version, r.waiting, r.refused, r.reported_at FROM device_reports r
JOIN devices d ON d.id = r.device_id WHERE d.office_id = $1;
