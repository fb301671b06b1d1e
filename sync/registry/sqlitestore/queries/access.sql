-- name: RowsAuditOfObjects :many
-- INDEXED BY: on a young store without statistics the planner takes the primary key (every audit row of the office).
-- The audit entries about any of the objects (a JSON array of ids: a client and its cases), by rows_audit_object.
SELECT * FROM rows INDEXED BY rows_audit_object
WHERE office_id = sqlc.arg(office_id) AND entity = 'audit_log'
  AND json_extract(fields, '$.objectId.v') IN (SELECT j.value FROM json_each(sqlc.arg(object_ids)) j);

-- name: RowsCasesOfClient :many
-- A client's cases, by rows_case_client.
SELECT * FROM rows INDEXED BY rows_case_client
WHERE office_id = sqlc.arg(office_id) AND entity = 'case_file'
  AND json_extract(fields, '$.clientId.v') = sqlc.arg(client_id);

-- name: RowsCaseNotices :many
-- The notices under art. 36 KPA of any of the cases (a JSON array of ids), by rows_case_notice.
SELECT * FROM rows INDEXED BY rows_case_notice
WHERE office_id = sqlc.arg(office_id) AND entity = 'case_event' AND json_extract(fields, '$.kind.v') = 'notice_art36'
  AND json_extract(fields, '$.caseId.v') IN (SELECT j.value FROM json_each(sqlc.arg(case_ids)) j);
