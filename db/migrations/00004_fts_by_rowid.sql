-- +goose Up
-- The search indexes were kept in step by "DELETE FROM x_fts WHERE x_id =
-- OLD.id": x_id is an UNINDEXED column, so every update of a case or a
-- client scanned the whole index (1.5 ms a client at 10,000 clients), and
-- the upsert that sync applies fired it on every row. And FTS5 flushes its
-- pending terms at every statement, so indexing row by row wrote a segment
-- and a merge per row (40% of an initial sync).
--
-- The index rows now share the base row's rowid, found at once. A new row
-- is only noted in fts_queue; the store indexes the noted rows in one
-- statement per index before the transaction commits (Store.run), so the
-- index is never seen stale outside it. An update of the indexed text or a
-- delete drops the old entry at once, by rowid (FTS5 scans the whole index
-- for "rowid IN (...)"). Okienko never runs VACUUM, which may renumber the
-- rowids of these tables.
DROP TRIGGER case_fts_update;
DROP TRIGGER case_fts_insert;
DROP TRIGGER client_fts_update;
DROP TRIGGER client_fts_insert;

DELETE FROM case_fts;
INSERT INTO case_fts (rowid, case_id, text) SELECT rowid, id, search_text FROM case_file;
DELETE FROM client_fts;
INSERT INTO client_fts (rowid, client_id, text) SELECT rowid, id, name_key FROM client;

CREATE TABLE fts_queue ( -- Rows whose search entry is written when their transaction commits; always empty between transactions.
  tbl TEXT    NOT NULL CHECK (tbl IN ('case', 'client')), -- which index: case_fts or client_fts
  rid INTEGER NOT NULL,                                   -- the rowid of the case_file or client row
  PRIMARY KEY (tbl, rid)
) STRICT, WITHOUT ROWID;

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
  INSERT INTO case_fts (case_id, text) VALUES (NEW.id, NEW.search_text);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_fts_update AFTER UPDATE OF search_text ON case_file BEGIN
  DELETE FROM case_fts WHERE case_id = OLD.id;
  INSERT INTO case_fts (case_id, text) VALUES (NEW.id, NEW.search_text);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER client_fts_insert AFTER INSERT ON client BEGIN
  INSERT INTO client_fts (client_id, text) VALUES (NEW.id, NEW.name_key);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER client_fts_update AFTER UPDATE OF name_key ON client BEGIN
  DELETE FROM client_fts WHERE client_id = OLD.id;
  INSERT INTO client_fts (client_id, text) VALUES (NEW.id, NEW.name_key);
END;
-- +goose StatementEnd
