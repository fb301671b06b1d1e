-- name: ReportJitOff :exec
-- The report's statement is estimated far above what it costs (the days'
-- arrays joined), which would have it compiled by JIT first: seconds of
-- compiling for a second of work. Off for this transaction only.
SELECT set_config('jit', 'off', true);

-- name: ReportCounts :many
-- Raport z monitoringu (issue 14): every section's counts of an office's
-- period in one statement, from report_cases and report_events (kept
-- with the rows, TxWrite) and the shared queue. part names the
-- section; unit, a, b, c, code, n and n2 are its grouping and counts.
-- day_days and day_ends: each day of the period and the Unix ms the next
-- one starts at in the office's zone (a deadline kept: closed before it).
-- A case counts as closed at its first closing event only while its
-- status is closed: an event a device sends saying an open case was
-- settled does not make it kept (a closed case is never reopened).
-- The registers of issue 14 (complaint, visit, letter, survey_answer) are
-- counted from their rows' fields (reg), as the device counts its tables:
-- an office's registers hold far fewer rows than its cases.
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
), rt AS (
  SELECT r.entity, j.f, CASE r.entity WHEN 'visit' THEN j.f->'requestedAt'->>'v' WHEN 'letter' THEN j.f->'receivedAt'->>'v'
      WHEN 'survey_answer' THEN j.f->'givenAt'->>'v' END AS at_text,
    CASE WHEN r.entity = 'letter' THEN j.f->'answeredAt'->>'v' END AS answered_text, CASE WHEN r.entity = 'letter' THEN j.f->'dueAt'->>'v' END AS due_text
  -- OFFSET 0 keeps the subquery whole: flattened, each use of f would
  -- parse the row's JSON again.
  FROM rows r CROSS JOIN LATERAL (SELECT r.fields::jsonb AS f OFFSET 0) j
  WHERE r.office_id = sqlc.arg(office_id)::text AND r.entity IN ('complaint', 'visit', 'letter', 'survey_answer') AND NOT r.deleted
), reg AS MATERIALIZED (
  -- An instant (Unix ms, 0 for none) read as report_at_ms reads it, but in
  -- plain SQL: that function's error handling costs a subtransaction a
  -- call (in the report's transaction, over a second for a large office's
  -- year), so a text is cast only once it is a date and time PostgreSQL
  -- takes (RFC 3339, a day its month has, an offset within 15:59; else 0).
  SELECT entity, f,
    CASE WHEN at_text IS NULL OR at_text !~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-](0[0-9]|1[0-5]):[0-5][0-9])$'
        OR substr(at_text, 1, 4) = '0000' OR substr(at_text, 9, 2)::int > CASE substr(at_text, 6, 2) WHEN '02' THEN CASE WHEN (substr(at_text, 1, 4)::int % 4 = 0 AND substr(at_text, 1, 4)::int % 100 <> 0) OR substr(at_text, 1, 4)::int % 400 = 0 THEN 29 ELSE 28 END
          WHEN '04' THEN 30 WHEN '06' THEN 30 WHEN '09' THEN 30 WHEN '11' THEN 30 ELSE 31 END THEN 0
      ELSE floor(extract(epoch FROM at_text::timestamptz) * 1000)::bigint END AS at_ms,
    CASE WHEN answered_text IS NULL OR answered_text !~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-](0[0-9]|1[0-5]):[0-5][0-9])$'
        OR substr(answered_text, 1, 4) = '0000' OR substr(answered_text, 9, 2)::int > CASE substr(answered_text, 6, 2) WHEN '02' THEN CASE WHEN (substr(answered_text, 1, 4)::int % 4 = 0 AND substr(answered_text, 1, 4)::int % 100 <> 0) OR substr(answered_text, 1, 4)::int % 400 = 0 THEN 29 ELSE 28 END
          WHEN '04' THEN 30 WHEN '06' THEN 30 WHEN '09' THEN 30 WHEN '11' THEN 30 ELSE 31 END THEN 0
      ELSE floor(extract(epoch FROM answered_text::timestamptz) * 1000)::bigint END AS answered_at,
    CASE WHEN due_text IS NULL OR due_text !~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-](0[0-9]|1[0-5]):[0-5][0-9])$'
        OR substr(due_text, 1, 4) = '0000' OR substr(due_text, 9, 2)::int > CASE substr(due_text, 6, 2) WHEN '02' THEN CASE WHEN (substr(due_text, 1, 4)::int % 4 = 0 AND substr(due_text, 1, 4)::int % 100 <> 0) OR substr(due_text, 1, 4)::int % 400 = 0 THEN 29 ELSE 28 END
          WHEN '04' THEN 30 WHEN '06' THEN 30 WHEN '09' THEN 30 WHEN '11' THEN 30 ELSE 31 END THEN 0
      ELSE floor(extract(epoch FROM due_text::timestamptz) * 1000)::bigint END AS due_at
  FROM rt
), lt AS (
  SELECT COALESCE(NULLIF(f->'status'->>'v', ''), 'open') AS status, answered_at, due_at,
    LEAST(sqlc.arg(to_ms)::bigint, sqlc.arg(now_ms)::bigint) AS until_ms
  FROM reg WHERE entity = 'letter' AND at_ms >= sqlc.arg(from_ms)::bigint AND at_ms < sqlc.arg(to_ms)::bigint
)
SELECT 'case'::text AS part, cs.unit, cs.card_id AS a, ''::text AS b, ''::text AS c, 0::bigint AS code, COUNT(*)::bigint AS n, COUNT(closing.case_id)::bigint AS n2
FROM cs LEFT JOIN closing ON closing.case_id = cs.case_id AND cs.status IN ('settled', 'left_unexamined', 'forwarded')
WHERE cs.submitted_on >= sqlc.arg(from_day)::text AND cs.submitted_on <= sqlc.arg(to_day)::text
GROUP BY cs.unit, cs.card_id
UNION ALL
SELECT 'deadline', x.unit, '', '', '', x.state, COUNT(*), 0 FROM (
  SELECT cs.unit, (CASE WHEN closing.at_ms IS NULL THEN (CASE WHEN cs.due_on < sqlc.arg(today)::text THEN 1 ELSE 2 END)
    WHEN closing.at_ms < d.day_end THEN 0 ELSE 1 END)::bigint AS state
  FROM cs JOIN (SELECT unnest(sqlc.arg(day_days)::text[]) AS day, unnest(sqlc.arg(day_ends)::bigint[]) AS day_end) d ON d.day = cs.due_on
  LEFT JOIN closing ON closing.case_id = cs.case_id AND cs.status IN ('settled', 'left_unexamined', 'forwarded')
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
WHERE tk.status = 'served' AND tk.done_at > 0 AND tk.called_at > 0 AND tk.done_at >= tk.called_at GROUP BY tk.unit, tk.done_at - tk.called_at
UNION ALL
SELECT 'complaint', COALESCE(f->'unitId'->>'v', ''), COALESCE(f->'kind'->>'v', ''), COALESCE(f->'outcome'->>'v', ''), '', 0, COUNT(*), 0 FROM reg
WHERE entity = 'complaint' AND COALESCE(f->'receivedOn'->>'v', '') >= sqlc.arg(from_day)::text
  AND COALESCE(f->'receivedOn'->>'v', '') < to_char(sqlc.arg(to_day)::date + 1, 'YYYY-MM-DD')
GROUP BY 2, 3, 4
UNION ALL
SELECT 'visit', COALESCE(f->'unitId'->>'v', ''), COALESCE(NULLIF(f->'status'->>'v', ''), 'requested'), '', '', 0, COUNT(*), 0 FROM reg
WHERE entity = 'visit' AND at_ms >= sqlc.arg(from_ms)::bigint AND at_ms < sqlc.arg(to_ms)::bigint
GROUP BY 2, 3
UNION ALL
SELECT 'letter', '', '', '', '', x.state, COUNT(*), COUNT(*) FILTER (WHERE x.late) FROM (
  SELECT (CASE WHEN status = 'answered' AND answered_at < until_ms THEN 0
    WHEN (status = 'open' OR answered_at >= until_ms) AND due_at < until_ms THEN 1 ELSE 2 END)::bigint AS state,
    (status = 'answered' AND answered_at < until_ms AND answered_at > due_at) AS late
  FROM lt
) x GROUP BY x.state
UNION ALL
SELECT 'answer', '', '', '', '', 0, COUNT(*), 0 FROM reg
WHERE entity = 'survey_answer' AND at_ms >= sqlc.arg(from_ms)::bigint AND at_ms < sqlc.arg(to_ms)::bigint
HAVING COUNT(*) > 0
UNION ALL
SELECT 'score', '', s.key, '', '', (s.value::text)::bigint, COUNT(*), 0
FROM reg CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(reg.f->'scores'->'v') = 'object' THEN reg.f->'scores'->'v' ELSE '{}'::jsonb END) s
WHERE reg.entity = 'survey_answer' AND reg.at_ms >= sqlc.arg(from_ms)::bigint AND reg.at_ms < sqlc.arg(to_ms)::bigint
  AND jsonb_typeof(s.value) = 'number' AND s.value::text ~ '^-?[0-9]{1,9}$'
GROUP BY s.key, s.value::text;

-- name: ReportCasesFromRows :exec
-- The report's facts of cases whose fields hold a value Go does not print
-- as ->> does (a number, object or array; never from a push), from their
-- stored JSON, as the trigger rows_report took them until migration 00021.
UPDATE report_cases c SET unit = COALESCE(j.f->'unit'->>'v', ''), card_id = COALESCE(j.f->'cardId'->>'v', ''),
  status = COALESCE(j.f->'status'->>'v', ''), submitted_on = COALESCE(j.f->'submittedOn'->>'v', ''),
  due_on = COALESCE(j.f->'dueOn'->>'v', ''), supplement_due = COALESCE(j.f->'supplementDue'->>'v', ''),
  sign = COALESCE(j.f->'sign'->>'v', ''), assignee_id = COALESCE(j.f->'assigneeId'->>'v', '')
FROM rows r CROSS JOIN LATERAL (SELECT r.fields::jsonb AS f OFFSET 0) j
WHERE r.office_id = sqlc.arg(office_id)::text AND r.entity = 'case_file' AND r.entity_id = ANY (sqlc.arg(ids)::text[])
  AND c.office_id = r.office_id AND c.case_id = r.entity_id;

-- name: ReportEventsFromRows :exec
-- ReportCasesFromRows for case events (their instant stays as Go read it).
UPDATE report_events e SET case_id = COALESCE(j.f->'caseId'->>'v', ''), kind = COALESCE(j.f->'kind'->>'v', ''),
  to_status = COALESCE(j.f->'to'->>'v', '')
FROM rows r CROSS JOIN LATERAL (SELECT r.fields::jsonb AS f OFFSET 0) j
WHERE r.office_id = sqlc.arg(office_id)::text AND r.entity = 'case_event' AND r.entity_id = ANY (sqlc.arg(ids)::text[])
  AND e.office_id = r.office_id AND e.event_id = r.entity_id;
