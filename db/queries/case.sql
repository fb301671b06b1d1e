-- name: CaseInsert :exec
INSERT INTO case_file (id, office_id, sign, unit_symbol, jrwa, reg_year, reg_no, card_id, client_id, status,
  submitted_on, due_on, supplement_due, form, checklist, pauses, assignee_id, registered_by, draft_id, search_text,
  created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: CaseGet :one
SELECT * FROM case_file WHERE id = ?;

-- name: CaseGetByDraft :one
SELECT * FROM case_file WHERE draft_id = ? AND draft_id <> '';

-- name: CaseUpdateProgress :exec
UPDATE case_file SET status = ?, due_on = ?, supplement_due = ?, pauses = ?, checklist = ?, updated_at = ?
WHERE id = ?;

-- name: CaseCount :one
SELECT COUNT(*) FROM case_file WHERE office_id = ?;

-- name: CaseList :many
SELECT c.id, c.sign, c.status, c.submitted_on, c.due_on, c.supplement_due, c.card_id, c.client_id,
  sc.title AS card_title, cl.kind AS client_kind, cl.person
FROM case_file c JOIN service_card sc ON sc.id = c.card_id JOIN client cl ON cl.id = c.client_id
WHERE c.office_id = sqlc.arg(office_id)
  AND c.due_key >= sqlc.arg(due_from) AND c.due_key <= sqlc.arg(due_to)
  AND (CAST(sqlc.arg(open_only) AS INTEGER) = 0 OR c.status IN ('registered', 'in_progress', 'awaiting_supplement', 'supplemented'))
ORDER BY c.due_key, c.sign
LIMIT sqlc.arg(lim);

-- name: CaseListByStatus :many
SELECT c.id, c.sign, c.status, c.submitted_on, c.due_on, c.supplement_due, c.card_id, c.client_id,
  sc.title AS card_title, cl.kind AS client_kind, cl.person
FROM case_file c INDEXED BY case_file_status JOIN service_card sc ON sc.id = c.card_id JOIN client cl ON cl.id = c.client_id
WHERE c.office_id = sqlc.arg(office_id) AND c.status = sqlc.arg(status)
  AND c.due_key >= sqlc.arg(due_from) AND c.due_key <= sqlc.arg(due_to)
ORDER BY c.due_key, c.sign
LIMIT sqlc.arg(lim);

-- name: CaseSearchSignWords :many
-- The words of a sign (case_fts holds signs only), newest first.
SELECT c.id, c.sign, c.status, c.submitted_on, c.due_on, c.supplement_due, c.card_id, c.client_id,
  sc.title AS card_title, cl.kind AS client_kind, cl.person
FROM case_fts f JOIN case_file c ON c.id = f.case_id
  JOIN service_card sc ON sc.id = c.card_id JOIN client cl ON cl.id = c.client_id
WHERE f.text MATCH sqlc.arg(query)
  AND c.office_id = sqlc.arg(office_id)
  AND (CAST(sqlc.arg(status) AS TEXT) = '' OR c.status = sqlc.arg(status))
  AND (CAST(sqlc.arg(open_only) AS INTEGER) = 0 OR c.status IN ('registered', 'in_progress', 'awaiting_supplement', 'supplemented'))
  AND c.due_key >= sqlc.arg(due_from) AND c.due_key <= sqlc.arg(due_to)
ORDER BY f.rowid DESC
LIMIT sqlc.arg(lim);

-- name: CaseBySign :many
-- A sign typed whole names one case: found whatever the list's filters.
SELECT c.id, c.sign, c.status, c.submitted_on, c.due_on, c.supplement_due, c.card_id, c.client_id,
  sc.title AS card_title, cl.kind AS client_kind, cl.person
FROM case_file c JOIN service_card sc ON sc.id = c.card_id JOIN client cl ON cl.id = c.client_id
WHERE c.sign = sqlc.arg(sign) AND c.office_id = sqlc.arg(office_id);

-- name: CaseSearchSignPrefix :many
-- Signs that begin with the typed text (sign_from <= sign < sign_to walks
-- the sign's unique index), in register order: by register, then number.
SELECT c.id, c.sign, c.status, c.submitted_on, c.due_on, c.supplement_due, c.card_id, c.client_id,
  sc.title AS card_title, cl.kind AS client_kind, cl.person
FROM case_file c JOIN service_card sc ON sc.id = c.card_id JOIN client cl ON cl.id = c.client_id
WHERE c.sign >= sqlc.arg(sign_from) AND c.sign < sqlc.arg(sign_to)
  AND c.office_id = sqlc.arg(office_id)
  AND (CAST(sqlc.arg(status) AS TEXT) = '' OR c.status = sqlc.arg(status))
  AND (CAST(sqlc.arg(open_only) AS INTEGER) = 0 OR c.status IN ('registered', 'in_progress', 'awaiting_supplement', 'supplemented'))
  AND c.due_key >= sqlc.arg(due_from) AND c.due_key <= sqlc.arg(due_to)
ORDER BY c.reg_year DESC, c.unit_symbol, c.jrwa, c.reg_no = 0, c.reg_no, c.sign
LIMIT sqlc.arg(lim);

-- name: CaseListByClients :many
-- The cases of the few clients the blind index found (rowids as a JSON
-- array), driven from the clients, newest first; the caller puts the page in deadline order.
SELECT c.id, c.sign, c.status, c.submitted_on, c.due_on, c.supplement_due, c.card_id, c.client_id,
  sc.title AS card_title, cl.kind AS client_kind, cl.person
FROM json_each(sqlc.arg(rowids)) j CROSS JOIN client cl ON cl.rowid = j.value
  CROSS JOIN case_file c ON c.client_id = cl.id JOIN service_card sc ON sc.id = c.card_id
WHERE c.office_id = sqlc.arg(office_id)
  AND (CAST(sqlc.arg(status) AS TEXT) = '' OR c.status = sqlc.arg(status))
  AND (CAST(sqlc.arg(open_only) AS INTEGER) = 0 OR c.status IN ('registered', 'in_progress', 'awaiting_supplement', 'supplemented'))
  AND c.due_key >= sqlc.arg(due_from) AND c.due_key <= sqlc.arg(due_to)
ORDER BY c.rowid DESC
LIMIT sqlc.arg(lim);

-- name: CaseWalkByClients :many
-- The cases of the many clients a common prefix finds (rowids as a JSON
-- array): the cases walked newest first, each kept if its client is one
-- of them, until the limit, so a common name costs no more than a rare
-- one. The LEFT JOIN and coalesce keep SQLite from building a Bloom
-- filter over every client first; the unary + keeps it off the
-- deadline indexes, which would need a sort of every case.
SELECT c.id, c.sign, c.status, c.submitted_on, c.due_on, c.supplement_due, c.card_id, c.client_id,
  sc.title AS card_title, cl.kind AS client_kind, cl.person
FROM case_file c LEFT JOIN client cl ON cl.id = c.client_id JOIN service_card sc ON sc.id = c.card_id
WHERE coalesce(cl.rowid, 0) IN (SELECT value FROM json_each(sqlc.arg(rowids)))
  AND +c.office_id = sqlc.arg(office_id)
  AND (CAST(sqlc.arg(status) AS TEXT) = '' OR +c.status = sqlc.arg(status))
  AND (CAST(sqlc.arg(open_only) AS INTEGER) = 0 OR +c.status IN ('registered', 'in_progress', 'awaiting_supplement', 'supplemented'))
  AND +c.due_key >= sqlc.arg(due_from) AND +c.due_key <= sqlc.arg(due_to)
ORDER BY c.rowid DESC
LIMIT sqlc.arg(lim);

-- name: CaseWalkByTokens :many
-- The cases whose client holds every one of the blind index's tokens (a
-- JSON array) when each token is common (a name prefix such as "mar"):
-- the cases walked newest first, each one's client asked of search_token
-- by its primary key (the case's client_rowid), until the limit, so a
-- common name costs a page's worth of lookups rather than a list of every
-- client the prefix finds. CROSS JOIN keeps the walk on the cases; the
-- unary + keeps it off the deadline indexes, which would need a sort of
-- every case.
SELECT c.id, c.sign, c.status, c.submitted_on, c.due_on, c.supplement_due, c.card_id, c.client_id,
  sc.title AS card_title, cl.kind AS client_kind, cl.person
FROM case_file c CROSS JOIN client cl ON cl.rowid = c.client_rowid CROSS JOIN service_card sc ON sc.id = c.card_id
WHERE NOT EXISTS (SELECT 1 FROM json_each(sqlc.arg(tokens)) j
    WHERE NOT EXISTS (SELECT 1 FROM search_token t WHERE t.token = j.value AND t.client_rowid = c.client_rowid))
  AND +c.office_id = sqlc.arg(office_id)
  AND (CAST(sqlc.arg(status) AS TEXT) = '' OR +c.status = sqlc.arg(status))
  AND (CAST(sqlc.arg(open_only) AS INTEGER) = 0 OR +c.status IN ('registered', 'in_progress', 'awaiting_supplement', 'supplemented'))
  AND +c.due_key >= sqlc.arg(due_from) AND +c.due_key <= sqlc.arg(due_to)
ORDER BY c.rowid DESC
LIMIT sqlc.arg(lim);

-- name: CaseListByPESEL :many
-- The cases of the clients with one PESEL (their rowids from its token,
-- a JSON array).
SELECT c.id, c.sign, c.status, c.submitted_on, c.due_on, c.supplement_due, c.card_id, c.client_id,
  sc.title AS card_title, cl.kind AS client_kind, cl.person
FROM json_each(sqlc.arg(rowids)) j CROSS JOIN client cl ON cl.rowid = j.value
  CROSS JOIN case_file c ON c.client_id = cl.id JOIN service_card sc ON sc.id = c.card_id
WHERE cl.office_id = sqlc.arg(office_id)
ORDER BY c.due_key, c.sign
LIMIT sqlc.arg(lim);

-- name: CaseEventInsert :exec
INSERT INTO case_event (id, case_id, kind, from_status, to_status, staff_id, detail, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: CaseEventList :many
SELECT * FROM case_event WHERE case_id = ? ORDER BY created_at, id;

-- name: CaseListReprintDue :many
-- Cases of this device whose sign became final after the receipt was
-- printed with the provisional one, and no receipt printed since.
SELECT c.id, c.sign, c.client_id, f.detail AS old_sign, f.created_at AS finalized_at
FROM case_event f JOIN case_file c ON c.id = f.case_id
WHERE f.kind = 'sign_finalized' AND c.device_id = ?
  AND NOT EXISTS (SELECT 1 FROM case_event p WHERE p.case_id = f.case_id AND p.kind = 'printed'
                  AND p.detail = 'receipt' AND p.created_at >= f.created_at)
ORDER BY f.created_at;
