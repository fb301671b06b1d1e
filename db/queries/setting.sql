-- name: SettingGet :one
SELECT * FROM setting WHERE office_id = ? AND key = ?;

-- name: SettingUpsert :exec
INSERT INTO setting (id, office_id, key, value, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (office_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;
