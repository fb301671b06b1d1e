-- name: RowsAuditOfObjects :many
-- The audit entries about any of the objects (a client and its cases), by rows_audit_object (ref: objectId).
SELECT * FROM rows
WHERE office_id = @office_id AND entity = 'audit_log' AND ref = ANY (@object_ids::text[]);

-- name: RowsCasesOfClient :many
-- A client's cases, by rows_case_client (ref: clientId).
SELECT * FROM rows
WHERE office_id = @office_id AND entity = 'case_file' AND ref = @client_id::text;

-- name: RowsCaseNotices :many
-- The notices under art. 36 KPA of any of the cases, by report_events_case.
SELECT r.* FROM report_events e
JOIN rows r ON r.office_id = e.office_id AND r.entity = 'case_event' AND r.entity_id = e.event_id
WHERE e.office_id = @office_id AND e.case_id = ANY (@case_ids::text[]) AND e.kind = 'notice_art36';
