-- Raport z monitoringu (issue 14): the unit of a ticket's case, stored on the
-- ticket. The report counted the period's tickets by unit by looking up each
-- ticket's case (100,000 lookups for a year, three times: counts, waits,
-- service times). unit_symbol is the case's unit ('' while the ticket has no
-- case, or its case is not on this device), kept by the triggers below on
-- every write of queue_ticket and case_file, so every path (a case registered
-- for a ticket, a case pulled by sync after its ticket, a case moved to
-- another unit) keeps it alike. It says no more than case_file.unit_symbol,
-- plain already.
-- +goose Up
ALTER TABLE queue_ticket ADD COLUMN unit_symbol TEXT NOT NULL DEFAULT ''; -- the unit of the ticket's case; '' while none

UPDATE queue_ticket SET unit_symbol = COALESCE((SELECT c.unit_symbol FROM case_file c WHERE c.id = queue_ticket.case_id), '')
WHERE case_id != '';

CREATE INDEX queue_ticket_case ON queue_ticket (case_id) WHERE case_id != ''; -- a case's tickets, for the triggers below

-- +goose StatementBegin
CREATE TRIGGER queue_ticket_unit_insert AFTER INSERT ON queue_ticket
WHEN NEW.case_id != ''
BEGIN
  UPDATE queue_ticket SET unit_symbol = COALESCE((SELECT c.unit_symbol FROM case_file c WHERE c.id = NEW.case_id), '')
  WHERE id = NEW.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER queue_ticket_unit_update AFTER UPDATE OF case_id ON queue_ticket
WHEN OLD.case_id IS NOT NEW.case_id
BEGIN
  UPDATE queue_ticket SET unit_symbol = COALESCE((SELECT c.unit_symbol FROM case_file c WHERE c.id = NEW.case_id), '')
  WHERE id = NEW.id;
END;
-- +goose StatementEnd

-- A case may reach the device after its ticket (pulled by sync), or move to
-- another unit: its tickets follow.
-- +goose StatementBegin
CREATE TRIGGER case_file_ticket_unit_insert AFTER INSERT ON case_file
BEGIN
  UPDATE queue_ticket SET unit_symbol = NEW.unit_symbol WHERE case_id = NEW.id AND case_id != '';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_file_ticket_unit_update AFTER UPDATE OF unit_symbol ON case_file
WHEN OLD.unit_symbol IS NOT NEW.unit_symbol
BEGIN
  UPDATE queue_ticket SET unit_symbol = NEW.unit_symbol WHERE case_id = NEW.id AND case_id != '';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_file_ticket_unit_delete AFTER DELETE ON case_file
BEGIN
  UPDATE queue_ticket SET unit_symbol = '' WHERE case_id = OLD.id AND case_id != '';
END;
-- +goose StatementEnd

-- The report's covering indexes take the unit instead of the case: the
-- counts read one ordered as they are grouped (by unit, status, counter
-- and group: nothing sorted), the waits and service times one by day; a
-- year's tickets are counted from the indexes alone, no case looked up.
DROP INDEX queue_ticket_report;
CREATE INDEX queue_ticket_report ON queue_ticket (office_id, unit_symbol, status, counter, grp, day); -- tickets counted by the report
CREATE INDEX queue_ticket_spell ON queue_ticket (office_id, day, status, unit_symbol, issued_at, called_at, done_at); -- waits and service times counted by the report

-- +goose Down
DROP INDEX queue_ticket_spell;
DROP INDEX queue_ticket_report;
CREATE INDEX queue_ticket_report ON queue_ticket (office_id, day, status, counter, grp, case_id, issued_at, called_at, done_at);
DROP TRIGGER case_file_ticket_unit_delete;
DROP TRIGGER case_file_ticket_unit_update;
DROP TRIGGER case_file_ticket_unit_insert;
DROP TRIGGER queue_ticket_unit_update;
DROP TRIGGER queue_ticket_unit_insert;
DROP INDEX queue_ticket_case;
ALTER TABLE queue_ticket DROP COLUMN unit_symbol;
