-- name: ReportJitOff :exec
-- The report's statement is estimated far above what it costs (the days'
-- arrays joined), which would have it compiled by JIT first: seconds of
-- compiling for a second of work. Off for this transaction only.
SELECT set_config('jit', 'off', true);

-- name: ReportCounts :many
-- Raport z monitoringu (issue 14): every section's counts of an office's
-- period in one statement, from report_cases and report_events (the
-- trigger rows_report keeps them) and the shared queue. part names the
-- section; unit, a, b, c, code, n and n2 are its grouping and counts.
-- day_days and day_ends: each day of the period and the Unix ms the next
-- one starts at in the office's zone (a deadline kept: closed before it).
WITH cs AS (
  SELECT case_id, unit, card_id, status, submitted_on, due_on, supplement_due FROM report_cases
  WHERE office_id = sqlc.arg(office_id)::text AND NOT deleted
), closing AS (
  SELECT case_id, MIN(at_ms) AS at_ms FROM report_events
  WHERE office_id = sqlc.arg(office_id)::text AND to_status IN ('settled', 'left_unexamined', 'forwarded') GROUP BY case_id
), later AS (
  SELECT case_id, MAX(at_ms) FILTER (WHERE kind = 'supplemented') AS supplemented_at,
    MAX(at_ms) FILTER (WHERE to_status = 'left_unexamined' AND kind IN ('supplement_requested', 'supplemented', 'notice_art36', 'status')) AS left_at
  FROM report_events WHERE office_id = sqlc.arg(office_id)::text AND (kind = 'supplemented' OR to_status = 'left_unexamined') GROUP BY case_id
), tk AS (
  SELECT COALESCE(cs.unit, '') AS unit, t.status, t.counter, t.grp, t.issued_at,
    CASE WHEN t.first_called_at <> 0 THEN t.first_called_at ELSE t.called_at END AS called_at, t.done_at
  FROM queue_tickets t LEFT JOIN cs ON t.case_id <> '' AND cs.case_id = t.case_id
  WHERE t.office_id = sqlc.arg(office_id)::text AND t.day >= sqlc.arg(from_day)::text AND t.day <= sqlc.arg(to_day)::text
)
SELECT 'case'::text AS part, cs.unit, cs.card_id AS a, ''::text AS b, ''::text AS c, 0::bigint AS code, COUNT(*)::bigint AS n, COUNT(closing.case_id)::bigint AS n2
FROM cs LEFT JOIN closing ON closing.case_id = cs.case_id
WHERE cs.submitted_on >= sqlc.arg(from_day)::text AND cs.submitted_on <= sqlc.arg(to_day)::text
GROUP BY cs.unit, cs.card_id
UNION ALL
SELECT 'deadline', x.unit, '', '', '', x.state, COUNT(*), 0 FROM (
  SELECT cs.unit, (CASE WHEN closing.at_ms IS NULL THEN (CASE WHEN cs.due_on < sqlc.arg(today)::text THEN 1 ELSE 2 END)
    WHEN closing.at_ms < d.day_end THEN 0 ELSE 1 END)::bigint AS state
  FROM cs JOIN (SELECT unnest(sqlc.arg(day_days)::text[]) AS day, unnest(sqlc.arg(day_ends)::bigint[]) AS day_end) d ON d.day = cs.due_on
  LEFT JOIN closing ON closing.case_id = cs.case_id
) x GROUP BY x.unit, x.state
UNION ALL
SELECT 'notice', cs.unit, '', '', '', 0, COUNT(*), COUNT(DISTINCT e.case_id)
FROM report_events e JOIN cs ON cs.case_id = e.case_id
WHERE e.office_id = sqlc.arg(office_id)::text AND e.kind = 'notice_art36' AND e.at_ms >= sqlc.arg(from_ms)::bigint AND e.at_ms < sqlc.arg(to_ms)::bigint
GROUP BY cs.unit
UNION ALL
SELECT 'call', x.unit, '', '', '', x.outcome, COUNT(*), 0 FROM (
  SELECT cs.unit, (CASE
    WHEN later.supplemented_at >= e.at_ms THEN 0
    WHEN later.left_at >= e.at_ms THEN 1
    WHEN cs.status = 'awaiting_supplement' AND cs.supplement_due <> '' AND cs.supplement_due < sqlc.arg(today)::text THEN 2
    ELSE 3 END)::bigint AS outcome
  FROM report_events e JOIN cs ON cs.case_id = e.case_id LEFT JOIN later ON later.case_id = e.case_id
  WHERE e.office_id = sqlc.arg(office_id)::text AND e.kind = 'supplement_requested' AND e.at_ms >= sqlc.arg(from_ms)::bigint AND e.at_ms < sqlc.arg(to_ms)::bigint
) x GROUP BY x.unit, x.outcome
UNION ALL
SELECT 'ticket', tk.unit, tk.status, tk.counter, tk.grp, 0, COUNT(*), 0 FROM tk GROUP BY tk.unit, tk.status, tk.counter, tk.grp
UNION ALL
SELECT 'wait', tk.unit, '', '', '', tk.called_at - tk.issued_at, COUNT(*), 0 FROM tk
WHERE tk.called_at > 0 AND tk.called_at >= tk.issued_at GROUP BY tk.unit, tk.called_at - tk.issued_at
UNION ALL
SELECT 'service', tk.unit, '', '', '', tk.done_at - tk.called_at, COUNT(*), 0 FROM tk
WHERE tk.status = 'served' AND tk.done_at > 0 AND tk.called_at > 0 AND tk.done_at >= tk.called_at GROUP BY tk.unit, tk.done_at - tk.called_at;
