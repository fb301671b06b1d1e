-- +goose Up
-- Zastepstwa (issue 15): a person's periods of absence are the office's rows of entity substitution, written at
-- the registry only. A new or changed period is checked against the periods where the people it names are absent
-- or stand in, read in the writing transaction by these partial expression indexes over the rows themselves
-- (as rows_case_client), so no second copy can disagree with the rows devices pull.
CREATE INDEX rows_substitution_absent ON rows (office_id, json_extract(fields, '$.absentId.v')) WHERE entity = 'substitution';
CREATE INDEX rows_substitution_stand_in ON rows (office_id, json_extract(fields, '$.standInId.v')) WHERE entity = 'substitution';

-- +goose Down
DROP INDEX rows_substitution_stand_in;
DROP INDEX rows_substitution_absent;
