-- name: CallbackUpsert :exec
INSERT INTO callback (id, office_id, name, phone, topic, due_from, due_until, assignee_id, case_id, client_id,
  created_by, status, outcome, done_at, done_by, reagreed, sealed, created_at, updated_at)
VALUES (?, ?, '', '', '', ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  name = '', phone = '', topic = '', sealed = excluded.sealed, due_from = excluded.due_from,
  due_until = excluded.due_until, assignee_id = excluded.assignee_id, case_id = excluded.case_id,
  client_id = excluded.client_id, created_by = excluded.created_by, status = excluded.status,
  outcome = '', done_at = excluded.done_at, done_by = excluded.done_by,
  reagreed = excluded.reagreed, updated_at = excluded.updated_at;

-- name: CallbackGet :one
SELECT * FROM callback WHERE id = ?;

-- name: CallbackListOpenOf :many
SELECT * FROM callback WHERE assignee_id = ? AND status = 'open' ORDER BY due_from, id LIMIT ?;

-- name: CallbackListOpen :many
SELECT * FROM callback WHERE status = 'open' ORDER BY due_from, id LIMIT ?;

-- name: CallbackListDoneSince :many
SELECT * FROM callback WHERE status = 'done' AND done_at >= ? ORDER BY done_at DESC, id LIMIT ?;

-- name: CallbackListOfCase :many
SELECT * FROM callback WHERE case_id = ? ORDER BY due_from, id;

-- name: ClearCallbacks :exec
DELETE FROM callback;
