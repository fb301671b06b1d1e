-- +goose Up
-- Issue 13: what the sync path keeps on the device is sealed by the app
-- (ARCHITECTURE.md, Encryption at rest). A sealed value is bound to its
-- table, column and row: outbox payloads to the op id, row clocks to
-- "entity/id", a callback's name, phone, topic and outcome (one seal),
-- a presence's note and a duty event's note to the row's id. The
-- registry's own snapshot database keeps these columns in the clear (it
-- never unlocks), and a device seals them as it copies a snapshot in.
-- Rows written in the clear by an older version are sealed at the first
-- unlock (db/seal_sync.go) while device_meta seal_sync is 'pending'.
CREATE TABLE outbox_next ( -- Changes to synced tables waiting for the registry; written in the same transaction as the change.
  seq        INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, -- local order of operations
  op_id      TEXT    NOT NULL UNIQUE,      -- UUIDv7, idempotency key at the registry
  entity     TEXT    NOT NULL,             -- synced table name
  entity_id  TEXT    NOT NULL,
  op         TEXT    NOT NULL CHECK (op IN ('upsert', 'delete', 'append')),
  payload    BLOB    NOT NULL,             -- the changed fields' JSON, sealed (outbox, payload, op id)
  hlc        TEXT    NOT NULL,             -- hybrid logical clock stamp of the change
  state      TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'quarantined')),
  attempts   INTEGER NOT NULL DEFAULT 0,
  last_error TEXT    NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  base       TEXT    NOT NULL DEFAULT '{}', -- stamps the writer saw for guarded fields it changed
  batch_id   TEXT    NOT NULL DEFAULT ''    -- the push batch it is in flight in, so a retry resends the same batch
) STRICT;
INSERT INTO outbox_next (seq, op_id, entity, entity_id, op, payload, hlc, state, attempts, last_error, created_at, base, batch_id)
  SELECT seq, op_id, entity, entity_id, op, CAST(payload AS BLOB), hlc, state, attempts, last_error, created_at, base, batch_id FROM outbox;
DELETE FROM sqlite_sequence WHERE name = 'outbox_next';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_next', seq FROM sqlite_sequence WHERE name = 'outbox';
DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;
CREATE INDEX outbox_entity ON outbox (entity, entity_id);
CREATE INDEX outbox_state ON outbox (state, seq);

CREATE TABLE row_clock_next ( -- This device's view of every synced row: each field's value and the HLC stamp of the write that set it.
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  fields    BLOB NOT NULL, -- the compact JSON of db/rowclock.go, sealed (row_clock, fields, "entity/id")
  PRIMARY KEY (entity, entity_id)
) STRICT;
INSERT INTO row_clock_next (entity, entity_id, fields) SELECT entity, entity_id, CAST(fields AS BLOB) FROM row_clock;
DROP TABLE row_clock;
ALTER TABLE row_clock_next RENAME TO row_clock;

ALTER TABLE callback ADD COLUMN sealed BLOB NOT NULL DEFAULT X''; -- name, phone, topic and outcome as JSON, sealed (callback, sealed, id); those columns are blank
ALTER TABLE presence ADD COLUMN sealed BLOB NOT NULL DEFAULT X''; -- the note, sealed (presence, sealed, id); note is blank
ALTER TABLE case_event ADD COLUMN sealed BLOB NOT NULL DEFAULT X''; -- a duty's note, sealed (case_event, sealed, id), taken out of detail

INSERT INTO device_meta (key, value) VALUES ('seal_sync', 'pending')
  ON CONFLICT (key) DO UPDATE SET value = excluded.value;

-- +goose Down
DELETE FROM device_meta WHERE key = 'seal_sync';
ALTER TABLE case_event DROP COLUMN sealed;
ALTER TABLE presence DROP COLUMN sealed;
ALTER TABLE callback DROP COLUMN sealed;
CREATE TABLE row_clock_prev (
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  fields    TEXT NOT NULL CHECK (json_valid(fields)),
  PRIMARY KEY (entity, entity_id)
) STRICT;
INSERT INTO row_clock_prev (entity, entity_id, fields) SELECT entity, entity_id, CAST(fields AS TEXT) FROM row_clock;
DROP TABLE row_clock;
ALTER TABLE row_clock_prev RENAME TO row_clock;
CREATE TABLE outbox_prev (
  seq        INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  op_id      TEXT    NOT NULL UNIQUE,
  entity     TEXT    NOT NULL,
  entity_id  TEXT    NOT NULL,
  op         TEXT    NOT NULL CHECK (op IN ('upsert', 'delete', 'append')),
  payload    TEXT    NOT NULL CHECK (json_valid(payload)),
  hlc        TEXT    NOT NULL,
  state      TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'quarantined')),
  attempts   INTEGER NOT NULL DEFAULT 0,
  last_error TEXT    NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  base       TEXT    NOT NULL DEFAULT '{}',
  batch_id   TEXT    NOT NULL DEFAULT ''
) STRICT;
INSERT INTO outbox_prev SELECT seq, op_id, entity, entity_id, op, CAST(payload AS TEXT), hlc, state, attempts, last_error, created_at, base, batch_id FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_prev RENAME TO outbox;
CREATE INDEX outbox_entity ON outbox (entity, entity_id);
CREATE INDEX outbox_state ON outbox (state, seq);
