-- name: DeviceCredentialClear :exec
DELETE FROM device_credential;

-- name: DeviceCredentialInsert :exec
INSERT INTO device_credential (staff_id, login, hash) VALUES (?, ?, ?);

-- name: DeviceCredentialGet :one
SELECT hash FROM device_credential WHERE staff_id = ?;

-- name: DeviceCredentialCount :one
SELECT COUNT(*) FROM device_credential;

-- name: StaffForgetPasswordHashes :execrows
UPDATE staff SET password_hash = '' WHERE password_hash <> '';

-- name: RowClockIDsOf :many
SELECT entity_id FROM row_clock WHERE entity = ? ORDER BY entity_id;

-- name: DeviceCredentialStaffIDs :many
SELECT staff_id FROM device_credential ORDER BY staff_id;

-- name: DeviceCredentialSetHash :execrows
UPDATE device_credential SET hash = ? WHERE staff_id = ?;
