-- Raport z monitoringu (issue 14): when a case was closed, stored on the case.
-- The report counted the closed cases and the kept deadlines by looking up each
-- case's first closing status event (to settled, left_unexamined or forwarded):
-- 200,000 lookups for a year. closed_at is that event's created_at (unix ms, 0
-- while the case has none), kept by the triggers below on every write of
-- case_event and case_file, so every path (a local status change, a pulled page
-- in any order, a forgotten case) keeps it alike; a snapshot copies it as its
-- own devices kept it. It says no more than case_event.created_at and
-- case_file.status, both plain already: nothing sealed is read or needed.
-- +goose Up
ALTER TABLE case_file ADD COLUMN closed_at INTEGER NOT NULL DEFAULT 0; -- unix ms of the first closing status event; 0 while none

UPDATE case_file SET closed_at = (SELECT MIN(e.created_at) FROM case_event e
  WHERE e.case_id = case_file.id AND e.to_status IN ('settled', 'left_unexamined', 'forwarded'))
WHERE EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = case_file.id AND e.to_status IN ('settled', 'left_unexamined', 'forwarded'));

-- +goose StatementBegin
CREATE TRIGGER case_event_closed_insert AFTER INSERT ON case_event
WHEN NEW.to_status IN ('settled', 'left_unexamined', 'forwarded')
BEGIN
  UPDATE case_file SET closed_at = NEW.created_at
  WHERE id = NEW.case_id AND (closed_at = 0 OR closed_at > NEW.created_at);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_event_closed_delete AFTER DELETE ON case_event
WHEN OLD.to_status IN ('settled', 'left_unexamined', 'forwarded')
BEGIN
  UPDATE case_file SET closed_at = COALESCE((SELECT MIN(e.created_at) FROM case_event e
    WHERE e.case_id = OLD.case_id AND e.to_status IN ('settled', 'left_unexamined', 'forwarded')), 0)
  WHERE id = OLD.case_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_event_closed_update AFTER UPDATE OF case_id, to_status, created_at ON case_event
BEGIN
  UPDATE case_file SET closed_at = COALESCE((SELECT MIN(e.created_at) FROM case_event e
    WHERE e.case_id = case_file.id AND e.to_status IN ('settled', 'left_unexamined', 'forwarded')), 0)
  WHERE id IN (OLD.case_id, NEW.case_id);
END;
-- +goose StatementEnd

-- A pulled page may bring a case's events before the case (foreign keys are
-- off while a page applies): the case takes its closing when it arrives.
-- +goose StatementBegin
CREATE TRIGGER case_file_closed_insert AFTER INSERT ON case_file
WHEN EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = NEW.id AND e.to_status IN ('settled', 'left_unexamined', 'forwarded'))
BEGIN
  UPDATE case_file SET closed_at = (SELECT MIN(e.created_at) FROM case_event e
    WHERE e.case_id = NEW.id AND e.to_status IN ('settled', 'left_unexamined', 'forwarded'))
  WHERE id = NEW.id;
END;
-- +goose StatementEnd

-- The report's covering indexes take closed_at, so a year's cases are still
-- counted from the indexes alone.
DROP INDEX case_file_submitted;
DROP INDEX case_file_due_on;
CREATE INDEX case_file_submitted ON case_file (office_id, submitted_on, unit_symbol, card_id, closed_at); -- cases filed in a period
CREATE INDEX case_file_due_on ON case_file (office_id, due_on, unit_symbol, closed_at) WHERE due_on != ''; -- deadlines falling in a period

-- +goose Down
DROP INDEX case_file_due_on;
DROP INDEX case_file_submitted;
CREATE INDEX case_file_submitted ON case_file (office_id, submitted_on, unit_symbol, card_id, due_on, id);
CREATE INDEX case_file_due_on ON case_file (office_id, due_on, unit_symbol, card_id, submitted_on, id) WHERE due_on != '';
DROP TRIGGER case_file_closed_insert;
DROP TRIGGER case_event_closed_update;
DROP TRIGGER case_event_closed_delete;
DROP TRIGGER case_event_closed_insert;
ALTER TABLE case_file DROP COLUMN closed_at;
