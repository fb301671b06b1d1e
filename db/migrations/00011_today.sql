-- +goose Up
-- "Dziś" reads a person's open cases by deadline and their calls to
-- supplement by term; without these it would scan every case of the office
-- (200,000 in a large one). Partial: only the cases still open count.
CREATE INDEX case_file_assignee_due ON case_file (assignee_id, due_on, sign)
  WHERE status IN ('registered', 'in_progress', 'awaiting_supplement', 'supplemented') AND due_on <> '';
CREATE INDEX case_file_assignee_supplement ON case_file (assignee_id, supplement_due, sign)
  WHERE status = 'awaiting_supplement' AND supplement_due <> '';

-- +goose Down
DROP INDEX case_file_assignee_supplement;
DROP INDEX case_file_assignee_due;
