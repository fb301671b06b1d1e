-- Case search by a common name prefix (issue 13): the case carries its
-- client's rowid, the key of the blind index (search_token), so a search
-- walks the cases newest first and asks the blind index of each one's
-- client by primary key, stopping at the page, instead of building a list
-- of every client the prefix finds (some 15,000 for "mar" in a 200,000-case
-- office) and looking up each case's client. The rowid says no more than
-- case_file.client_id already does. The column is set by the case's own
-- write (db/payloads.go) and kept by the triggers below on every path: a
-- pulled page may bring a case before its client (foreign keys are off
-- while a page applies), a client may be forgotten and pulled again under
-- another rowid. A snapshot copies it with the clients' rowids, which the
-- copy keeps.
-- +goose Up
ALTER TABLE case_file ADD COLUMN client_rowid INTEGER NOT NULL DEFAULT 0; -- rowid of the client (client_id), 0 while it is not on the device

UPDATE case_file SET client_rowid = coalesce((SELECT cl.rowid FROM client cl WHERE cl.id = case_file.client_id), 0);

-- +goose StatementBegin
CREATE TRIGGER case_file_client_rowid_insert AFTER INSERT ON case_file
WHEN NEW.client_rowid IS NOT coalesce((SELECT cl.rowid FROM client cl WHERE cl.id = NEW.client_id), 0)
BEGIN
  UPDATE case_file SET client_rowid = coalesce((SELECT cl.rowid FROM client cl WHERE cl.id = NEW.client_id), 0)
  WHERE rowid = NEW.rowid;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_file_client_rowid_update AFTER UPDATE OF client_id, client_rowid ON case_file
WHEN NEW.client_rowid IS NOT coalesce((SELECT cl.rowid FROM client cl WHERE cl.id = NEW.client_id), 0)
BEGIN
  UPDATE case_file SET client_rowid = coalesce((SELECT cl.rowid FROM client cl WHERE cl.id = NEW.client_id), 0)
  WHERE rowid = NEW.rowid;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER client_case_rowid_insert AFTER INSERT ON client
BEGIN
  UPDATE case_file SET client_rowid = NEW.rowid WHERE client_id = NEW.id AND client_rowid IS NOT NEW.rowid;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER client_case_rowid_delete AFTER DELETE ON client
BEGIN
  UPDATE case_file SET client_rowid = 0 WHERE client_id = OLD.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER client_case_rowid_delete;
DROP TRIGGER client_case_rowid_insert;
DROP TRIGGER case_file_client_rowid_update;
DROP TRIGGER case_file_client_rowid_insert;
ALTER TABLE case_file DROP COLUMN client_rowid;
