-- name: VisitUpsert :exec
INSERT INTO visit (id, office_id, unit_id, card_id, channel, status, day, at_time, assignee_id, assigned_by, assigned_at,
  requested_by, requested_at, reported_by, reported_at, case_id, receipt, sealed, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  unit_id = excluded.unit_id, card_id = excluded.card_id, channel = excluded.channel, status = excluded.status,
  day = excluded.day, at_time = excluded.at_time, assignee_id = excluded.assignee_id, assigned_by = excluded.assigned_by,
  assigned_at = excluded.assigned_at, requested_by = excluded.requested_by, requested_at = excluded.requested_at,
  reported_by = excluded.reported_by, reported_at = excluded.reported_at, case_id = excluded.case_id,
  receipt = excluded.receipt, sealed = excluded.sealed, updated_at = excluded.updated_at;

-- name: VisitGet :one
SELECT * FROM visit WHERE id = ?;

-- name: VisitListOpen :many
SELECT * FROM visit WHERE status IN ('requested', 'assigned') ORDER BY day, at_time, requested_at, id LIMIT ?;

-- name: VisitListDueOf :many
SELECT * FROM visit WHERE assignee_id = ? AND status = 'assigned' AND day <> '' AND day <= ? ORDER BY day, at_time, id;

-- name: VisitListReportedSince :many
SELECT * FROM visit WHERE status IN ('done', 'absent') AND reported_at >= ? ORDER BY reported_at DESC, id LIMIT ?;

-- name: VisitCountBetween :many
SELECT unit_id, status, COUNT(*) AS n FROM visit WHERE requested_at >= ? AND requested_at < ? GROUP BY unit_id, status ORDER BY unit_id, status;

-- name: VisitAuthUpsert :exec
INSERT INTO visit_auth (id, office_id, visit_id, series, seq, year, staff_id, unit_id, valid_from, valid_until, issued_by,
  issued_at, device_id, status, closed_by, closed_at, sealed, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  visit_id = excluded.visit_id, series = excluded.series, seq = excluded.seq, year = excluded.year,
  staff_id = excluded.staff_id, unit_id = excluded.unit_id, valid_from = excluded.valid_from,
  valid_until = excluded.valid_until, issued_by = excluded.issued_by, issued_at = excluded.issued_at,
  device_id = excluded.device_id, status = excluded.status, closed_by = excluded.closed_by,
  closed_at = excluded.closed_at, sealed = excluded.sealed, updated_at = excluded.updated_at;

-- name: VisitAuthGet :one
SELECT * FROM visit_auth WHERE id = ?;

-- name: VisitAuthListOfVisit :many
SELECT * FROM visit_auth WHERE visit_id = ? ORDER BY issued_at, id;

-- name: VisitAuthListYear :many
SELECT * FROM visit_auth WHERE year = ? ORDER BY issued_at, series, seq;

-- name: VisitAuthMaxSeq :one
SELECT CAST(COALESCE(MAX(seq), 0) AS INTEGER) AS n FROM visit_auth WHERE series = ? AND year = ?;

-- name: ClearVisits :exec
DELETE FROM visit;

-- name: ClearVisitAuths :exec
DELETE FROM visit_auth;
