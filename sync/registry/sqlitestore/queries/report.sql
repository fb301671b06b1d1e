-- Raport z monitoringu (issue 14): the fields of an office's cases, case
-- events and tickets the report counts, from report_cases and report_events
-- (the rows_report triggers keep them) as plain columns; the store groups
-- them (report.go), as pgstore's one statement does in SQL.

-- name: ReportCases :many
SELECT case_id, unit, card_id, status, submitted_on, due_on, supplement_due FROM report_cases
WHERE office_id = @office_id AND deleted = 0;

-- name: ReportEvents :many
SELECT case_id, kind, to_status, at_ms FROM report_events
WHERE office_id = @office_id AND (kind IN ('supplement_requested', 'supplemented', 'notice_art36', 'status')
  OR to_status IN ('settled', 'left_unexamined', 'forwarded'));

-- name: ReportTickets :many
SELECT status, counter, grp, case_id, issued_at, first_called_at, called_at, done_at FROM queue_tickets
WHERE office_id = @office_id AND day >= @from_day AND day <= @to_day;
