-- +goose Up
-- Raport z monitoringu (issue 14 part 5): the period's reads go by day.
CREATE INDEX case_file_submitted ON case_file (office_id, submitted_on); -- cases filed in a period
CREATE INDEX case_file_due_on ON case_file (office_id, due_on) WHERE due_on != ''; -- deadlines falling in a period
CREATE INDEX case_event_supplement ON case_event (kind, created_at) WHERE kind = 'supplement_requested'; -- calls to supplement made in a period
CREATE INDEX case_event_notice ON case_event (kind, created_at) WHERE kind = 'notice_art36'; -- art. 36 notices made in a period (the duties index's IN list is not matched by kind = ?)

-- +goose Down
DROP INDEX case_event_notice;
DROP INDEX case_event_supplement;
DROP INDEX case_file_due_on;
DROP INDEX case_file_submitted;
