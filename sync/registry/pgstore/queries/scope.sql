-- name: DeviceScopeGet :one
SELECT units FROM device_scope WHERE device_id = $1;

-- name: DeviceScopeSet :exec
INSERT INTO device_scope (device_id, units) VALUES ($1, $2)
ON CONFLICT (device_id) DO UPDATE SET units = excluded.units;

-- name: DeviceScopeClear :exec
DELETE FROM device_scope WHERE device_id = $1;

-- name: DeviceScopeList :many
SELECT s.device_id, s.units FROM device_scope s JOIN devices d ON d.id = s.device_id WHERE d.office_id = $1 ORDER BY s.device_id COLLATE "C";

-- name: EnrollmentScopeInsert :exec
INSERT INTO enrollment_scope (code_hash, units) VALUES ($1, $2);

-- name: DeviceScopeFromEnrollment :exec
INSERT INTO device_scope (device_id, units)
SELECT sqlc.arg(device_id)::TEXT, units FROM enrollment_scope WHERE code_hash = sqlc.arg(code_hash)
ON CONFLICT (device_id) DO UPDATE SET units = excluded.units;
