-- +goose Up
-- The search index was written by the triggers row by row, and FTS5 flushes
-- its pending terms at every statement of a transaction: a pulled page of a
-- thousand rows wrote a thousand tiny index segments and merged them. A new
-- row is now only noted in fts_queue, and the store indexes the noted rows
-- in one statement before the transaction commits (Store.run), so the
-- index is never seen stale outside it. An update or a delete drops the old
-- entry at once (by rowid: FTS5 scans the whole index for "rowid IN (...)").
CREATE TABLE fts_queue ( -- Rows whose search entry is rewritten when their transaction commits; always empty between transactions.
  tbl TEXT    NOT NULL CHECK (tbl IN ('case', 'client')), -- which index: case_fts or client_fts
  rid INTEGER NOT NULL,                                   -- the rowid of the case_file or client row
  PRIMARY KEY (tbl, rid)
) STRICT, WITHOUT ROWID;

DROP TRIGGER case_fts_insert;
DROP TRIGGER case_fts_update;
DROP TRIGGER case_fts_delete;
DROP TRIGGER client_fts_insert;
DROP TRIGGER client_fts_update;
DROP TRIGGER client_fts_delete;

-- +goose StatementBegin
CREATE TRIGGER case_fts_insert AFTER INSERT ON case_file BEGIN
  INSERT OR IGNORE INTO fts_queue (tbl, rid) VALUES ('case', NEW.rowid);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_fts_update AFTER UPDATE OF search_text ON case_file WHEN OLD.search_text IS NOT NEW.search_text BEGIN
  DELETE FROM case_fts WHERE rowid = OLD.rowid;
  INSERT OR IGNORE INTO fts_queue (tbl, rid) VALUES ('case', NEW.rowid);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_fts_delete AFTER DELETE ON case_file BEGIN
  DELETE FROM case_fts WHERE rowid = OLD.rowid;
  DELETE FROM fts_queue WHERE tbl = 'case' AND rid = OLD.rowid;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER client_fts_insert AFTER INSERT ON client BEGIN
  INSERT OR IGNORE INTO fts_queue (tbl, rid) VALUES ('client', NEW.rowid);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER client_fts_update AFTER UPDATE OF name_key ON client WHEN OLD.name_key IS NOT NEW.name_key BEGIN
  DELETE FROM client_fts WHERE rowid = OLD.rowid;
  INSERT OR IGNORE INTO fts_queue (tbl, rid) VALUES ('client', NEW.rowid);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER client_fts_delete AFTER DELETE ON client BEGIN
  DELETE FROM client_fts WHERE rowid = OLD.rowid;
  DELETE FROM fts_queue WHERE tbl = 'client' AND rid = OLD.rowid;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER client_fts_delete;
DROP TRIGGER client_fts_update;
DROP TRIGGER client_fts_insert;
DROP TRIGGER case_fts_delete;
DROP TRIGGER case_fts_update;
DROP TRIGGER case_fts_insert;
DROP TABLE fts_queue;

-- +goose StatementBegin
CREATE TRIGGER case_fts_insert AFTER INSERT ON case_file BEGIN
  INSERT INTO case_fts (rowid, case_id, text) VALUES (NEW.rowid, NEW.id, NEW.search_text);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_fts_update AFTER UPDATE OF search_text ON case_file WHEN OLD.search_text IS NOT NEW.search_text BEGIN
  DELETE FROM case_fts WHERE rowid = OLD.rowid;
  INSERT INTO case_fts (rowid, case_id, text) VALUES (NEW.rowid, NEW.id, NEW.search_text);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_fts_delete AFTER DELETE ON case_file BEGIN
  DELETE FROM case_fts WHERE rowid = OLD.rowid;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER client_fts_insert AFTER INSERT ON client BEGIN
  INSERT INTO client_fts (rowid, client_id, text) VALUES (NEW.rowid, NEW.id, NEW.name_key);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER client_fts_update AFTER UPDATE OF name_key ON client WHEN OLD.name_key IS NOT NEW.name_key BEGIN
  DELETE FROM client_fts WHERE rowid = OLD.rowid;
  INSERT INTO client_fts (rowid, client_id, text) VALUES (NEW.rowid, NEW.id, NEW.name_key);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER client_fts_delete AFTER DELETE ON client BEGIN
  DELETE FROM client_fts WHERE rowid = OLD.rowid;
END;
-- +goose StatementEnd
