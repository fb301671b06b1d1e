-- Raport z monitoringu (issue 14 part 5): each section's records counted
-- here (GROUP BY), so a yearly report reads a few hundred rows, not every
-- case and ticket of the year; app/report makes the figures. Times are unix
-- ms. CROSS JOIN keeps the period's events first (their partial index),
-- then each one's case. A case's closed_at is its first status event to
-- settled, left_unexamined or forwarded (kept by migration 00025's triggers).
-- A ticket's unit_symbol is its case's unit (kept by migration 00028's
-- triggers), so the tickets are counted with no case looked up.

-- name: ReportCaseCounts :many
SELECT c.unit_symbol, sc.title, COUNT(*) AS registered, CAST(SUM(c.closed_at > 0) AS INTEGER) AS closed
FROM case_file c JOIN service_card sc ON sc.id = c.card_id
WHERE c.office_id = @office_id AND c.submitted_on >= @from_day AND c.submitted_on <= @to_day
GROUP BY c.unit_symbol, sc.title;

-- name: ReportDeadlineCounts :many
-- day_ends: a JSON object of each day of the period and the unix ms its
-- next day starts at in the office's zone. state: 0 kept (closed before
-- the end of its day), 1 missed (closed later, or open past it), 2 running.
SELECT c.unit_symbol, CAST(CASE
    WHEN c.closed_at = 0 THEN (CASE WHEN c.due_on < @today THEN 1 ELSE 2 END)
    WHEN c.closed_at < CAST(d.value AS INTEGER) THEN 0 ELSE 1 END AS INTEGER) AS state, COUNT(*) AS n
FROM json_each(@day_ends) d CROSS JOIN case_file c ON c.office_id = @office_id AND c.due_on = d.key AND c.due_on != ''
GROUP BY c.unit_symbol, state;

-- name: ReportNoticeCounts :many
SELECT c.unit_symbol, COUNT(*) AS notices, COUNT(DISTINCT e.case_id) AS cases
FROM case_event e CROSS JOIN case_file c ON c.id = e.case_id
WHERE e.kind = 'notice_art36' AND e.created_at >= @from_ms AND e.created_at < @to_ms AND c.office_id = @office_id
GROUP BY c.unit_symbol;

-- name: ReportCallCounts :many
-- outcome: 0 supplemented, 1 left unexamined, 2 its term passed, 3 awaited.
SELECT x.unit_symbol, x.outcome, COUNT(*) AS n
FROM (
  SELECT c.unit_symbol, CAST(CASE
    WHEN EXISTS (SELECT 1 FROM case_event s WHERE s.case_id = e.case_id AND s.kind = 'supplemented' AND s.created_at >= e.created_at) THEN 0
    WHEN EXISTS (SELECT 1 FROM case_event s WHERE s.case_id = e.case_id AND s.to_status = 'left_unexamined' AND s.created_at >= e.created_at) THEN 1
    WHEN c.status = 'awaiting_supplement' AND c.supplement_due != '' AND c.supplement_due < @today THEN 2
    ELSE 3 END AS INTEGER) AS outcome
  FROM case_event e CROSS JOIN case_file c ON c.id = e.case_id
  WHERE e.kind = 'supplement_requested' AND e.created_at >= @from_ms AND e.created_at < @to_ms AND c.office_id = @office_id
) x
GROUP BY x.unit_symbol, x.outcome;

-- name: ReportTicketCounts :many
SELECT t.status, t.counter, t.grp, t.unit_symbol, COUNT(*) AS n
FROM queue_ticket t INDEXED BY queue_ticket_report
WHERE t.office_id = @office_id AND t.day >= @from_day AND t.day <= @to_day
GROUP BY t.unit_symbol, t.status, t.counter, t.grp;

-- name: ReportTicketWaits :many
SELECT t.unit_symbol, t.called_at - t.issued_at AS ms, COUNT(*) AS n
FROM queue_ticket t INDEXED BY queue_ticket_spell
WHERE t.office_id = @office_id AND t.day >= @from_day AND t.day <= @to_day AND t.called_at > 0 AND t.called_at >= t.issued_at
GROUP BY t.unit_symbol, t.called_at - t.issued_at;

-- name: ReportTicketServices :many
SELECT t.unit_symbol, t.done_at - t.called_at AS ms, COUNT(*) AS n
FROM queue_ticket t INDEXED BY queue_ticket_spell
WHERE t.office_id = @office_id AND t.day >= @from_day AND t.day <= @to_day AND t.status = 'served'
  AND t.done_at > 0 AND t.called_at > 0 AND t.done_at >= t.called_at
GROUP BY t.unit_symbol, t.done_at - t.called_at;
