-- name: StaffList :many
SELECT * FROM staff WHERE office_id = ? ORDER BY last_name, first_name;

-- name: StaffGet :one
SELECT * FROM staff WHERE id = ?;

-- name: StaffGetByLogin :one
SELECT * FROM staff WHERE login = ?;

-- name: StaffUpsert :exec
INSERT INTO staff (id, office_id, unit_id, login, first_name, last_name, role, position, position_in, phone_ext,
  email, room, competences, substitute_id, password_hash, active, created_at, updated_at, authorization)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  unit_id = excluded.unit_id, login = excluded.login, first_name = excluded.first_name,
  last_name = excluded.last_name, role = excluded.role, position = excluded.position, position_in = excluded.position_in,
  phone_ext = excluded.phone_ext, email = excluded.email, room = excluded.room,
  competences = excluded.competences, substitute_id = excluded.substitute_id,
  password_hash = excluded.password_hash, active = excluded.active, updated_at = excluded.updated_at,
  authorization = excluded.authorization;

-- name: LoginThrottleGet :one
SELECT * FROM login_throttle WHERE login = ?;

-- name: LoginThrottleUpsert :exec
INSERT INTO login_throttle (login, failures, locked_until, updated_at) VALUES (?, ?, ?, ?)
ON CONFLICT (login) DO UPDATE SET
  failures = excluded.failures, locked_until = excluded.locked_until, updated_at = excluded.updated_at;

-- name: LoginThrottleDelete :exec
DELETE FROM login_throttle WHERE login = ?;
