-- name: RowsAuditOfObjects :many
-- The audit entries about any of the objects (a client and its cases), by rows_audit_object.
SELECT * FROM rows
WHERE office_id = @office_id AND entity = 'audit_log'
  AND ((fields::jsonb) -> 'objectId' ->> 'v') = ANY (@object_ids::text[]);

-- name: RowsCasesOfClient :many
-- A client's cases, by rows_case_client.
SELECT * FROM rows
WHERE office_id = @office_id AND entity = 'case_file'
  AND ((fields::jsonb) -> 'clientId' ->> 'v') = @client_id::text;
