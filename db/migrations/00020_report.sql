-- +goose Up
-- Raport z monitoringu (issue 14 part 5): the period's reads go by day, and
-- each index covers the columns its read takes, so a year's 200,000 cases
-- are read from the indexes alone (no lookup of each wide case row).
CREATE INDEX case_file_submitted ON case_file (office_id, submitted_on, unit_symbol, card_id, due_on, id); -- cases filed in a period
CREATE INDEX case_file_due_on ON case_file (office_id, due_on, unit_symbol, card_id, submitted_on, id) WHERE due_on != ''; -- deadlines falling in a period
CREATE INDEX case_file_unit ON case_file (id, unit_symbol); -- a ticket's case's unit
CREATE INDEX case_event_closing ON case_event (case_id, created_at)
  WHERE to_status IN ('settled', 'left_unexamined', 'forwarded'); -- the day a case was closed
CREATE INDEX case_event_supplement ON case_event (kind, created_at) WHERE kind = 'supplement_requested'; -- calls to supplement made in a period
CREATE INDEX case_event_notice ON case_event (kind, created_at) WHERE kind = 'notice_art36'; -- art. 36 notices made in a period (the duties index's IN list is not matched by kind = ?)

-- +goose Down
DROP INDEX case_event_notice;
DROP INDEX case_event_supplement;
DROP INDEX case_event_closing;
DROP INDEX case_file_unit;
DROP INDEX case_file_due_on;
DROP INDEX case_file_submitted;
