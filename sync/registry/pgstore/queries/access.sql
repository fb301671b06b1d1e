-- name: RowsAuditOfObjects :many
-- The audit entries about any of the objects (a client and its cases), by rows_audit_object (ref: objectId).
SELECT * FROM rows
WHERE office_id = @office_id AND entity = 'audit_log' AND ref = ANY (@object_ids::text[]);

-- name: RowsCasesOfClient :many
-- A client's cases, by rows_case_client (ref: clientId).
SELECT * FROM rows
WHERE office_id = @office_id AND entity = 'case_file' AND ref = @client_id::text;
