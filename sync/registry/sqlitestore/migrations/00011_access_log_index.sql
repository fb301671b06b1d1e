-- +goose Up
-- The access log's indexes (issue 13, RODO art. 15: who read a client's data): the audit entries of an object
-- (a client or a case) and the cases of a client, found without reading the office's every row. Partial
-- expression indexes over the rows themselves: SQLite keeps them with every write, and no second copy of an
-- entry or a case can disagree with the row.
CREATE INDEX rows_audit_object ON rows (office_id, json_extract(fields, '$.objectId.v')) WHERE entity = 'audit_log';
CREATE INDEX rows_case_client ON rows (office_id, json_extract(fields, '$.clientId.v')) WHERE entity = 'case_file';

-- +goose Down
DROP INDEX rows_case_client;
DROP INDEX rows_audit_object;
