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

-- name: ReportRegisters :many
-- The registers of issue 14 (complaint, visit, letter, survey_answer)
-- counted from their live rows' fields, grouped as pgstore's ReportCounts
-- groups them (store.ReportCount says each part's columns); an office's
-- registers hold far fewer rows than its cases. An instant (requested,
-- received, given, answered, due) is read as Unix ms, 0 when unreadable;
-- a letter stands as at the period's end or now, whichever is earlier.
SELECT CAST('complaint' AS TEXT) AS part, CAST(COALESCE(json_extract(rc.fields, '$.unitId.v'), '') AS TEXT) AS unit,
  CAST(COALESCE(json_extract(rc.fields, '$.kind.v'), '') AS TEXT) AS a, CAST(COALESCE(json_extract(rc.fields, '$.outcome.v'), '') AS TEXT) AS b,
  CAST(0 AS INTEGER) AS code, CAST(COUNT(*) AS INTEGER) AS n, CAST(0 AS INTEGER) AS n2
FROM rows rc WHERE rc.office_id = @office_id AND rc.entity = 'complaint' AND rc.deleted = 0
  AND COALESCE(json_extract(rc.fields, '$.receivedOn.v'), '') >= CAST(@from_day AS TEXT) AND COALESCE(json_extract(rc.fields, '$.receivedOn.v'), '') < date(CAST(@to_day AS TEXT), '+1 day')
GROUP BY 2, 3, 4
UNION ALL
SELECT 'visit', COALESCE(json_extract(rv.fields, '$.unitId.v'), ''), COALESCE(NULLIF(json_extract(rv.fields, '$.status.v'), ''), 'requested'), '', 0, COUNT(*), 0
FROM rows rv WHERE rv.office_id = @office_id AND rv.entity = 'visit' AND rv.deleted = 0
  AND COALESCE(CAST(floor(unixepoch(json_extract(rv.fields, '$.requestedAt.v'), 'subsec') * 1000) AS INTEGER), 0) >= CAST(@from_ms AS INTEGER) AND COALESCE(CAST(floor(unixepoch(json_extract(rv.fields, '$.requestedAt.v'), 'subsec') * 1000) AS INTEGER), 0) < CAST(@to_ms AS INTEGER)
GROUP BY 2, 3
UNION ALL
SELECT 'letter', '', '', '',
  CASE WHEN COALESCE(NULLIF(json_extract(rl.fields, '$.status.v'), ''), 'open') = 'answered' AND COALESCE(CAST(floor(unixepoch(json_extract(rl.fields, '$.answeredAt.v'), 'subsec') * 1000) AS INTEGER), 0) < min(CAST(@to_ms AS INTEGER), CAST(@now_ms AS INTEGER)) THEN 0
    WHEN (COALESCE(NULLIF(json_extract(rl.fields, '$.status.v'), ''), 'open') = 'open' OR COALESCE(CAST(floor(unixepoch(json_extract(rl.fields, '$.answeredAt.v'), 'subsec') * 1000) AS INTEGER), 0) >= min(CAST(@to_ms AS INTEGER), CAST(@now_ms AS INTEGER))) AND COALESCE(CAST(floor(unixepoch(json_extract(rl.fields, '$.dueAt.v'), 'subsec') * 1000) AS INTEGER), 0) < min(CAST(@to_ms AS INTEGER), CAST(@now_ms AS INTEGER)) THEN 1 ELSE 2 END,
  COUNT(*), SUM(COALESCE(NULLIF(json_extract(rl.fields, '$.status.v'), ''), 'open') = 'answered' AND COALESCE(CAST(floor(unixepoch(json_extract(rl.fields, '$.answeredAt.v'), 'subsec') * 1000) AS INTEGER), 0) < min(CAST(@to_ms AS INTEGER), CAST(@now_ms AS INTEGER)) AND COALESCE(CAST(floor(unixepoch(json_extract(rl.fields, '$.answeredAt.v'), 'subsec') * 1000) AS INTEGER), 0) > COALESCE(CAST(floor(unixepoch(json_extract(rl.fields, '$.dueAt.v'), 'subsec') * 1000) AS INTEGER), 0))
FROM rows rl WHERE rl.office_id = @office_id AND rl.entity = 'letter' AND rl.deleted = 0
  AND COALESCE(CAST(floor(unixepoch(json_extract(rl.fields, '$.receivedAt.v'), 'subsec') * 1000) AS INTEGER), 0) >= CAST(@from_ms AS INTEGER) AND COALESCE(CAST(floor(unixepoch(json_extract(rl.fields, '$.receivedAt.v'), 'subsec') * 1000) AS INTEGER), 0) < CAST(@to_ms AS INTEGER)
GROUP BY 5
UNION ALL
SELECT 'answer', '', '', '', 0, COUNT(*), 0
FROM rows ra WHERE ra.office_id = @office_id AND ra.entity = 'survey_answer' AND ra.deleted = 0
  AND COALESCE(CAST(floor(unixepoch(json_extract(ra.fields, '$.givenAt.v'), 'subsec') * 1000) AS INTEGER), 0) >= CAST(@from_ms AS INTEGER) AND COALESCE(CAST(floor(unixepoch(json_extract(ra.fields, '$.givenAt.v'), 'subsec') * 1000) AS INTEGER), 0) < CAST(@to_ms AS INTEGER)
GROUP BY 1
UNION ALL
SELECT 'score', '', s.key, '', s.value, COUNT(*), 0
FROM rows rs, json_each(CASE WHEN json_type(rs.fields, '$.scores.v') = 'object' THEN json_extract(rs.fields, '$.scores.v') ELSE '{}' END) s
WHERE rs.office_id = @office_id AND rs.entity = 'survey_answer' AND rs.deleted = 0
  AND COALESCE(CAST(floor(unixepoch(json_extract(rs.fields, '$.givenAt.v'), 'subsec') * 1000) AS INTEGER), 0) >= CAST(@from_ms AS INTEGER) AND COALESCE(CAST(floor(unixepoch(json_extract(rs.fields, '$.givenAt.v'), 'subsec') * 1000) AS INTEGER), 0) < CAST(@to_ms AS INTEGER) AND s.type = 'integer'
GROUP BY s.key, s.value;
