-- name: SurveyScreenPut :exec
INSERT INTO survey_screens (office_id, screen_id, name, key_hash, last_at, created_at) VALUES (?, ?, ?, ?, 0, ?)
ON CONFLICT (office_id, screen_id) DO UPDATE SET name = excluded.name, key_hash = excluded.key_hash;

-- name: SurveyScreenList :many
SELECT * FROM survey_screens WHERE office_id = ? ORDER BY name, screen_id;

-- name: SurveyScreenByKey :one
SELECT * FROM survey_screens WHERE office_id = ? AND key_hash = ?;

-- name: SurveyScreenClaim :execrows
UPDATE survey_screens SET last_at = sqlc.arg(now_ms)
WHERE office_id = sqlc.arg(office_id) AND screen_id = sqlc.arg(screen_id) AND (last_at = 0 OR last_at <= sqlc.arg(before_ms) OR last_at > sqlc.arg(now_ms));

-- name: SurveyScreenRelease :exec
UPDATE survey_screens SET last_at = sqlc.arg(before_ms)
WHERE office_id = sqlc.arg(office_id) AND screen_id = sqlc.arg(screen_id) AND last_at = sqlc.arg(claimed_ms);
