-- name: ComplaintUpsert :exec
INSERT INTO complaint (id, office_id, kind, channel, received_on, anonymous, concerns_staff_id, unit_id, competent,
  forwarded_on, assignee_id, due_on, extended_to, status, outcome, answered_on, answer_channel, case_id, created_by,
  decided_by, sealed, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  kind = excluded.kind, channel = excluded.channel, received_on = excluded.received_on,
  anonymous = excluded.anonymous, concerns_staff_id = excluded.concerns_staff_id, unit_id = excluded.unit_id,
  competent = excluded.competent, forwarded_on = excluded.forwarded_on, assignee_id = excluded.assignee_id,
  due_on = excluded.due_on, extended_to = excluded.extended_to, status = excluded.status,
  outcome = excluded.outcome, answered_on = excluded.answered_on, answer_channel = excluded.answer_channel,
  case_id = excluded.case_id, created_by = excluded.created_by, decided_by = excluded.decided_by,
  sealed = excluded.sealed, updated_at = excluded.updated_at;

-- name: ComplaintGet :one
SELECT * FROM complaint WHERE id = ?;

-- name: ComplaintListReceived :many
SELECT * FROM complaint WHERE received_on >= ? AND received_on < ? ORDER BY received_on, id LIMIT ?;

-- name: ComplaintListOpen :many
SELECT * FROM complaint WHERE status = 'registered' ORDER BY received_on, id LIMIT ?;

-- name: ComplaintListOpenOf :many
SELECT * FROM complaint WHERE status = 'registered' AND assignee_id = ? ORDER BY received_on, id LIMIT ?;

-- name: ComplaintOfCase :many
SELECT * FROM complaint WHERE case_id = ? ORDER BY id;

-- name: ComplaintCounts :many
SELECT kind, outcome, unit_id, COUNT(*) AS n FROM complaint
WHERE received_on >= ? AND received_on < ?
GROUP BY kind, outcome, unit_id ORDER BY kind, outcome, unit_id;
