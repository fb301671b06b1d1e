-- name: ScopeForgetQueue :exec
INSERT INTO scope_forget (case_id, queued_at) VALUES (?, ?) ON CONFLICT (case_id) DO NOTHING;

-- name: ScopeForgetList :many
SELECT case_id FROM scope_forget ORDER BY case_id;

-- name: ScopeForgetDone :exec
DELETE FROM scope_forget WHERE case_id = ?;

-- name: ScopeForgetCount :one
SELECT COUNT(*) FROM scope_forget;

-- name: ScopeCaseClient :one
SELECT client_id FROM case_file WHERE id = ?;

-- name: ScopeCaseUnpushed :one
SELECT COUNT(*) FROM outbox o
WHERE (o.entity = 'case_file' AND o.entity_id = sqlc.arg(case_id))
   OR (o.entity = 'client' AND o.entity_id = sqlc.arg(client_id))
   OR (o.entity = 'case_event' AND o.entity_id IN (SELECT e.id FROM case_event e WHERE e.case_id = sqlc.arg(case_id)))
   OR (o.entity = 'callback' AND o.entity_id IN (SELECT b.id FROM callback b WHERE b.case_id = sqlc.arg(case_id)));

-- name: ScopeCaseClocksDelete :exec
DELETE FROM row_clock
WHERE (entity = 'case_file' AND entity_id = sqlc.arg(case_id))
   OR (entity = 'case_event' AND entity_id IN (SELECT e.id FROM case_event e WHERE e.case_id = sqlc.arg(case_id)))
   OR (entity = 'callback' AND entity_id IN (SELECT b.id FROM callback b WHERE b.case_id = sqlc.arg(case_id)));

-- name: ScopeCaseEventsDelete :exec
DELETE FROM case_event WHERE case_id = ?;

-- name: ScopeCaseCallbacksDelete :exec
DELETE FROM callback WHERE case_id = ?;

-- name: ScopeCaseDelete :exec
DELETE FROM case_file WHERE id = ?;

-- name: ScopeClientDeleteUnused :execrows
DELETE FROM client
WHERE client.id = sqlc.arg(client_id)
  AND NOT EXISTS (SELECT 1 FROM case_file c WHERE c.client_id = sqlc.arg(client_id))
  AND NOT EXISTS (SELECT 1 FROM callback b WHERE b.client_id = sqlc.arg(client_id));

-- name: ScopeClientClockDelete :exec
DELETE FROM row_clock WHERE entity = 'client' AND entity_id = ?;

-- name: ScopeClosedBefore :many
SELECT c.id FROM case_file c
WHERE c.status IN ('settled', 'left_unexamined', 'forwarded')
  AND COALESCE((SELECT MAX(e.created_at) FROM case_event e WHERE e.case_id = c.id AND e.kind = 'status'), c.updated_at) < ?
ORDER BY c.id;

-- name: ScopeRowUnpushed :one
-- Changes of a letter, survey answer, home visit, authorization or complaint still in the outbox.
SELECT COUNT(*) FROM outbox WHERE entity IN ('letter', 'survey_answer', 'visit', 'visit_auth', 'complaint') AND entity_id = ?;

-- name: ScopeLetterDelete :execrows
DELETE FROM letter WHERE id = ?;

-- name: ScopeSurveyAnswerDelete :execrows
DELETE FROM survey_answer WHERE id = ?;

-- name: ScopeVisitDelete :execrows
DELETE FROM visit WHERE id = ?;

-- name: ScopeVisitAuthDelete :execrows
DELETE FROM visit_auth WHERE id = ?;

-- name: ScopeComplaintDelete :execrows
DELETE FROM complaint WHERE id = ?;

-- name: ScopeRowClockDelete :exec
DELETE FROM row_clock WHERE entity IN ('letter', 'survey_answer', 'visit', 'visit_auth', 'complaint') AND entity_id = ?;


-- name: ScopeCaseCallbackIDs :many
SELECT id FROM callback WHERE case_id = ?;

-- name: ScopeAuditClocksDelete :exec
-- Row clocks of the audit entries ScopeAuditDelete removes.
DELETE FROM row_clock
WHERE entity = 'audit_log' AND entity_id IN (
  SELECT a.id FROM audit_log a
  WHERE a.object_id IN (SELECT j.value FROM json_each(sqlc.arg(object_ids)) j)
    AND (a.staff_id IS NULL OR a.staff_id NOT IN (SELECT d.staff_id FROM device_credential d))
    AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'audit_log' AND o.entity_id = a.id));

-- name: ScopeAuditDelete :execrows
-- The audit entries about rows this device no longer holds (a JSON list of ids) that none of its people made, once pushed.
DELETE FROM audit_log
WHERE object_id IN (SELECT j.value FROM json_each(sqlc.arg(object_ids)) j)
  AND (staff_id IS NULL OR staff_id NOT IN (SELECT d.staff_id FROM device_credential d))
  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'audit_log' AND o.entity_id = audit_log.id);
