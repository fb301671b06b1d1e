-- +goose Up
-- A case's due date moves past what its card's rule gives only by a notice under art. 36 KPA (a case_event of kind
-- notice_art36): a device's push of a later date is checked against the notices the registry holds for the case.
-- Partial over those events alone, so the index costs nothing at the writes of every other row.
CREATE INDEX rows_case_notice ON rows (office_id, json_extract(fields, '$.caseId.v'))
WHERE entity = 'case_event' AND json_extract(fields, '$.kind.v') = 'notice_art36';

-- +goose Down
DROP INDEX rows_case_notice;
