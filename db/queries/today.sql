-- name: TodayDeadlines :many
-- Open cases of a person whose deadline falls on or before a day (the
-- overdue included), the oldest first; walks case_file_assignee_due.
SELECT c.id, c.sign, c.status, c.submitted_on, c.due_on, c.supplement_due, c.card_id, c.client_id,
  sc.title AS card_title, cl.kind AS client_kind, cl.person
FROM case_file c INDEXED BY case_file_assignee_due
  JOIN service_card sc ON sc.id = c.card_id JOIN client cl ON cl.id = c.client_id
WHERE c.assignee_id = sqlc.arg(staff_id)
  AND c.status IN ('registered', 'in_progress', 'awaiting_supplement', 'supplemented') AND c.due_on <> ''
  AND c.due_on <= sqlc.arg(until)
ORDER BY c.due_on, c.sign
LIMIT sqlc.arg(lim);

-- name: TodaySupplements :many
-- Cases of a person awaiting documents whose term to supplement ends on or
-- before a day (the passed included), the oldest first; walks
-- case_file_assignee_supplement.
SELECT c.id, c.sign, c.status, c.submitted_on, c.due_on, c.supplement_due, c.card_id, c.client_id,
  sc.title AS card_title, cl.kind AS client_kind, cl.person
FROM case_file c INDEXED BY case_file_assignee_supplement
  JOIN service_card sc ON sc.id = c.card_id JOIN client cl ON cl.id = c.client_id
WHERE c.assignee_id = sqlc.arg(staff_id)
  AND c.status = 'awaiting_supplement' AND c.supplement_due <> ''
  AND c.supplement_due <= sqlc.arg(until)
ORDER BY c.supplement_due, c.sign
LIMIT sqlc.arg(lim);

