-- Raport z monitoringu (issue 14 part 5): the records each section counts.
-- Times are unix ms; the caller turns them into office days. CROSS JOIN keeps
-- the period's events first (their partial index), then each one's case.

-- name: ReportCasesFiled :many
SELECT c.unit_symbol, sc.title, c.submitted_on, c.due_on,
  CAST(COALESCE((SELECT MIN(e.created_at) FROM case_event e
    WHERE e.case_id = c.id AND e.to_status IN ('settled', 'left_unexamined', 'forwarded')), 0) AS INTEGER) AS closed_at
FROM case_file c JOIN service_card sc ON sc.id = c.card_id
WHERE c.office_id = @office_id AND c.submitted_on >= @from_day AND c.submitted_on <= @to_day;

-- name: ReportCasesDue :many
SELECT c.unit_symbol, sc.title, c.submitted_on, c.due_on,
  CAST(COALESCE((SELECT MIN(e.created_at) FROM case_event e
    WHERE e.case_id = c.id AND e.to_status IN ('settled', 'left_unexamined', 'forwarded')), 0) AS INTEGER) AS closed_at
FROM case_file c JOIN service_card sc ON sc.id = c.card_id
WHERE c.office_id = @office_id AND c.due_on != '' AND c.due_on >= @from_day AND c.due_on <= @to_day;

-- name: ReportNotices :many
SELECT c.unit_symbol, e.case_id, e.created_at
FROM case_event e CROSS JOIN case_file c ON c.id = e.case_id
WHERE e.kind = 'notice_art36' AND e.created_at >= @from_ms AND e.created_at < @to_ms AND c.office_id = @office_id;

-- name: ReportCalls :many
SELECT c.unit_symbol, e.created_at, c.status, c.supplement_due,
  CAST(EXISTS (SELECT 1 FROM case_event s WHERE s.case_id = e.case_id AND s.kind = 'supplemented' AND s.created_at >= e.created_at) AS INTEGER) AS supplemented,
  CAST(EXISTS (SELECT 1 FROM case_event s WHERE s.case_id = e.case_id AND s.to_status = 'left_unexamined' AND s.created_at >= e.created_at) AS INTEGER) AS left_unexamined
FROM case_event e CROSS JOIN case_file c ON c.id = e.case_id
WHERE e.kind = 'supplement_requested' AND e.created_at >= @from_ms AND e.created_at < @to_ms AND c.office_id = @office_id;

-- name: ReportTickets :many
SELECT t.day, t.counter, t.grp, COALESCE(c.unit_symbol, '') AS unit_symbol, t.status, t.issued_at, t.called_at, t.done_at
FROM queue_ticket t LEFT JOIN case_file c ON c.id = t.case_id
WHERE t.office_id = @office_id AND t.day >= @from_day AND t.day <= @to_day;
