-- name: DraftUpsert :exec
INSERT INTO draft (id, office_id, staff_id, card_id, body, saved_at) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET card_id = excluded.card_id, body = excluded.body, saved_at = excluded.saved_at
WHERE draft.staff_id = excluded.staff_id;

-- name: DraftGet :one
SELECT * FROM draft WHERE id = ?;

-- name: DraftDelete :exec
DELETE FROM draft WHERE id = ?;

-- name: DraftListForStaff :many
SELECT * FROM draft WHERE office_id = ? AND staff_id = ? ORDER BY saved_at DESC;
