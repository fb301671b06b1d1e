-- name: EnrollmentPersonInsert :exec
INSERT INTO enrollment_people (code_hash, staff_id) VALUES ($1, $2) ON CONFLICT DO NOTHING;

-- name: DevicePeopleFromEnrollment :exec
INSERT INTO device_people (device_id, staff_id)
SELECT sqlc.arg(device_id)::TEXT, staff_id FROM enrollment_people WHERE code_hash = sqlc.arg(code_hash)
ON CONFLICT DO NOTHING;

-- name: DevicePeopleClear :exec
DELETE FROM device_people WHERE device_id = $1;

-- name: DevicePersonInsert :exec
INSERT INTO device_people (device_id, staff_id) VALUES ($1, $2) ON CONFLICT DO NOTHING;

-- name: DevicePeopleList :many
SELECT staff_id FROM device_people WHERE device_id = $1 ORDER BY staff_id COLLATE "C";

-- name: DevicePersonAllowed :one
SELECT COUNT(*) FROM device_people WHERE device_id = $1 AND staff_id = $2;

-- name: CredentialPut :exec
INSERT INTO credentials (office_id, staff_id, login, hash, updated_at, must_change) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (office_id, staff_id) DO UPDATE SET login = excluded.login, hash = excluded.hash, updated_at = excluded.updated_at,
  must_change = excluded.must_change;

-- name: CredentialByLogin :many
SELECT * FROM credentials WHERE office_id = $1 AND login = $2 ORDER BY staff_id COLLATE "C";

-- name: CredentialsOfDevice :many
SELECT c.* FROM credentials c
JOIN device_people p ON p.staff_id = c.staff_id
JOIN devices d ON d.id = p.device_id AND d.office_id = c.office_id
WHERE p.device_id = $1 ORDER BY c.staff_id COLLATE "C";

-- name: PersonSessionInsert :exec
INSERT INTO person_sessions (token_hash, office_id, device_id, staff_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6);

-- name: PersonSessionGet :one
SELECT * FROM person_sessions WHERE token_hash = $1;

-- name: PersonSessionDelete :exec
DELETE FROM person_sessions WHERE token_hash = $1;

-- name: PersonSessionsExpire :exec
DELETE FROM person_sessions WHERE expires_at <= $1;

-- name: PersonSessionsDeleteByStaff :exec
DELETE FROM person_sessions WHERE office_id = sqlc.arg(office_id) AND staff_id = sqlc.arg(staff_id) AND token_hash <> sqlc.arg(keep);

-- name: LoginFailuresGet :one
SELECT * FROM login_failures WHERE office_id = $1 AND login = $2;

-- name: LoginFailuresPut :exec
INSERT INTO login_failures (office_id, login, failures, locked_until) VALUES ($1, $2, $3, $4)
ON CONFLICT (office_id, login) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until;

-- name: LoginFailuresDelete :exec
DELETE FROM login_failures WHERE office_id = $1 AND login = $2;

-- name: DeviceKeyPut :exec
INSERT INTO device_keys (device_id, data_key, created_at) VALUES ($1, $2, $3)
ON CONFLICT (device_id) DO UPDATE SET data_key = excluded.data_key, created_at = excluded.created_at;

-- name: DeviceKeyGet :one
SELECT k.data_key FROM device_keys k JOIN devices d ON d.id = k.device_id
WHERE k.device_id = $1 AND d.revoked_at = 0;

-- name: DeviceKeyDelete :exec
DELETE FROM device_keys WHERE device_id = $1;
