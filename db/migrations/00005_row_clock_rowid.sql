-- +goose Up
-- row_clock was a WITHOUT ROWID table: its rows live in the key's B-tree,
-- where a record over about 1 KB spills to an overflow page of its own. A
-- case's clock row was 2 KB, so most rows took a page and more (104 of a
-- 10,000-case device's 126 MB). As an ordinary table a record stays on its
-- page up to 4 KB; the compact form the store now writes (db/rowclock.go)
-- keeps nearly every row well under that.
CREATE TABLE row_clock_next ( -- This device's view of every synced row: each field's value and the HLC stamp of the write that set it.
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  fields    TEXT NOT NULL CHECK (json_valid(fields)), -- {"~":1,"h":common stamp,"v":{field: value},"s":{field: other stamp}}, or the older {"field": {"v": value, "h": stamp}}
  PRIMARY KEY (entity, entity_id)
) STRICT;
INSERT INTO row_clock_next (entity, entity_id, fields) SELECT entity, entity_id, fields FROM row_clock;
DROP TABLE row_clock;
ALTER TABLE row_clock_next RENAME TO row_clock;

-- +goose Down
CREATE TABLE row_clock_prev (
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  fields    TEXT NOT NULL CHECK (json_valid(fields)),
  PRIMARY KEY (entity, entity_id)
) STRICT, WITHOUT ROWID;
INSERT INTO row_clock_prev (entity, entity_id, fields) SELECT entity, entity_id, fields FROM row_clock;
DROP TABLE row_clock;
ALTER TABLE row_clock_prev RENAME TO row_clock;
