-- name: CaseUpdateAssignee :exec
UPDATE case_file SET assignee_id = ?, updated_at = ? WHERE id = ?;

-- name: CaseListAssigned :many
-- A handler's own cases ("moje"), by deadline.
SELECT c.id, c.sign, c.status, c.submitted_on, c.due_on, c.supplement_due, c.card_id, c.client_id,
  sc.title AS card_title, cl.kind AS client_kind, cl.person
FROM case_file c INDEXED BY case_file_assignee JOIN service_card sc ON sc.id = c.card_id JOIN client cl ON cl.id = c.client_id
WHERE c.office_id = sqlc.arg(office_id) AND c.assignee_id = sqlc.arg(assignee_id)
  AND (sqlc.arg(status) = '' OR c.status = sqlc.arg(status))
  AND c.due_key >= sqlc.arg(due_from) AND c.due_key <= sqlc.arg(due_to)
  AND (CAST(sqlc.arg(open_only) AS INTEGER) = 0 OR c.status IN ('registered', 'in_progress', 'awaiting_supplement', 'supplemented'))
ORDER BY c.due_key, c.sign
LIMIT sqlc.arg(lim);

-- name: CaseDutyEventsSince :many
-- Duty events of one kind since an instant (ms), with their case's sign.
SELECT e.id, e.case_id, e.kind, e.staff_id, e.detail, e.sealed, e.created_at, c.sign, c.assignee_id
FROM case_event e INDEXED BY case_event_duty JOIN case_file c ON c.id = e.case_id
WHERE e.kind = sqlc.arg(kind) AND e.created_at >= sqlc.arg(since) AND c.office_id = sqlc.arg(office_id)
  AND e.kind IN ('handed_over', 'notice_art36', 'interpreter_requested', 'supplement_delivered')
ORDER BY e.created_at, e.id;

-- name: CaseInterpreterVisits :many
-- Interpreter requests for visits on one day.
SELECT e.id, e.case_id, e.kind, e.staff_id, e.detail, e.sealed, e.created_at, c.sign, c.assignee_id
FROM case_event e INDEXED BY case_event_duty JOIN case_file c ON c.id = e.case_id
WHERE e.kind = 'interpreter_requested' AND c.office_id = sqlc.arg(office_id)
  AND e.kind IN ('handed_over', 'notice_art36', 'interpreter_requested', 'supplement_delivered')
  AND json_extract(e.detail, '$.visitOn') = CAST(sqlc.arg(day) AS TEXT)
ORDER BY json_extract(e.detail, '$.visitAt'), e.id;

-- name: CaseLastNotice :one
-- The new date of a case's latest art. 36 notice, '' when none.
SELECT CAST(COALESCE(MAX(json_extract(detail, '$.newDue')), '') AS TEXT) AS new_due
FROM case_event WHERE case_id = ? AND kind = 'notice_art36';

-- name: CaseListNearDue :many
-- Open cases of a handler due between two days (inclusive), with their
-- latest art. 36 notice's date, for the notice flag.
SELECT c.id, c.sign, c.due_on,
  CAST(COALESCE((SELECT MAX(json_extract(e.detail, '$.newDue')) FROM case_event e
    WHERE e.case_id = c.id AND e.kind = 'notice_art36'), '') AS TEXT) AS notice_due
FROM case_file c INDEXED BY case_file_assignee
WHERE c.office_id = sqlc.arg(office_id) AND c.assignee_id = sqlc.arg(assignee_id)
  AND c.due_key >= sqlc.arg(due_from) AND c.due_key <= sqlc.arg(due_to)
  AND c.status IN ('registered', 'in_progress', 'awaiting_supplement', 'supplemented')
ORDER BY c.due_key, c.sign;
