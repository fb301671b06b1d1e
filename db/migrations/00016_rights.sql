-- +goose Up
-- Issue 13, break-the-glass and the audit view: the words a person adds to
-- a reason (opening a case outside their units), and the indexes the audit
-- view filters by (an object, a person), each in time order.
ALTER TABLE audit_log ADD COLUMN note TEXT NOT NULL DEFAULT ''; -- a person's reason in words, at most 200 characters
CREATE INDEX audit_log_object ON audit_log (object_id, created_at);
CREATE INDEX audit_log_staff ON audit_log (staff_id, created_at);

-- +goose Down
DROP INDEX audit_log_staff;
DROP INDEX audit_log_object;
ALTER TABLE audit_log DROP COLUMN note;
