-- name: PresenceUpsert :exec
INSERT INTO presence (id, office_id, staff_id, away, until_at, stand_in_id, note, sealed, set_at, device_id, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  staff_id = excluded.staff_id, away = excluded.away, until_at = excluded.until_at,
  stand_in_id = excluded.stand_in_id, note = '', sealed = excluded.sealed, set_at = excluded.set_at,
  device_id = excluded.device_id, updated_at = excluded.updated_at;

-- name: PresenceGet :one
SELECT * FROM presence WHERE id = ?;

-- name: PresenceList :many
SELECT * FROM presence WHERE office_id = ? ORDER BY id;

-- name: ClearPresence :exec
DELETE FROM presence;
