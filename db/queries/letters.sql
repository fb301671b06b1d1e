-- name: LetterUpsert :exec
INSERT INTO letter (id, office_id, received_at, channel, assignee_id, case_id, rule, due_at, status,
  answered_at, answer_channel, answered_by, created_by, assigned_by, assigned_at, sealed, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  received_at = excluded.received_at, channel = excluded.channel, assignee_id = excluded.assignee_id,
  case_id = excluded.case_id, rule = excluded.rule, due_at = excluded.due_at, status = excluded.status,
  answered_at = excluded.answered_at, answer_channel = excluded.answer_channel,
  answered_by = excluded.answered_by, created_by = excluded.created_by, assigned_by = excluded.assigned_by,
  assigned_at = excluded.assigned_at, sealed = excluded.sealed,
  updated_at = excluded.updated_at;

-- name: LetterGet :one
SELECT * FROM letter WHERE id = ?;

-- name: LetterListReceived :many
SELECT * FROM letter WHERE received_at >= ? AND received_at < ? ORDER BY received_at, id LIMIT ?;

-- name: LetterListOpen :many
SELECT * FROM letter WHERE status = 'open' ORDER BY due_at, id LIMIT ?;

-- name: LetterListOpenOf :many
SELECT * FROM letter WHERE status = 'open' AND assignee_id = ? ORDER BY due_at, id LIMIT ?;

-- name: LetterCountsReceived :one
SELECT
  CAST(count(*) AS INTEGER) AS received,
  CAST(coalesce(sum(CASE WHEN status = 'answered' AND answered_at < sqlc.arg(until_ms) THEN 1 ELSE 0 END), 0) AS INTEGER) AS answered,
  CAST(coalesce(sum(CASE WHEN status = 'answered' AND answered_at < sqlc.arg(until_ms) AND answered_at > due_at THEN 1 ELSE 0 END), 0) AS INTEGER) AS answered_late,
  CAST(coalesce(sum(CASE WHEN (status = 'open' OR answered_at >= sqlc.arg(until_ms)) AND due_at < sqlc.arg(until_ms) THEN 1 ELSE 0 END), 0) AS INTEGER) AS overdue
FROM letter WHERE received_at >= sqlc.arg(from_ms) AND received_at < sqlc.arg(to_ms);
