-- +goose Up
-- A case's duties (issue 12): handover, art. 36 notice, interpreter, delivery of a call.
ALTER TABLE staff ADD COLUMN authorization TEXT NOT NULL DEFAULT ''; -- art. 268a KPA: the written authorization to sign "z upowaznienia"

CREATE INDEX case_file_assignee ON case_file (office_id, assignee_id, due_key, sign); -- a handler's own list ("moje")

CREATE INDEX case_event_duty ON case_event (kind, created_at)
  WHERE kind IN ('handed_over', 'notice_art36', 'interpreter_requested', 'supplement_delivered'); -- the day's handovers and visits

-- +goose Down
DROP INDEX case_event_duty;
DROP INDEX case_file_assignee;
ALTER TABLE staff DROP COLUMN authorization;
