-- +goose Up
CREATE TABLE offices ( -- Offices (gminy) this registry serves; seq is the office's change sequence.
  id         TEXT    NOT NULL PRIMARY KEY,
  name       TEXT    NOT NULL,
  teryt      TEXT    NOT NULL,
  seq        INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE devices ( -- Enrolled devices; the credential is stored only as its SHA-256.
  id           TEXT    NOT NULL PRIMARY KEY,
  office_id    TEXT    NOT NULL REFERENCES offices (id),
  name         TEXT    NOT NULL,
  token_hash   TEXT    NOT NULL UNIQUE,
  enrolled_at  INTEGER NOT NULL,
  revoked_at   INTEGER NOT NULL DEFAULT 0,
  last_seen_at INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE enrollments ( -- One-time enrolment codes (hashed), valid 24 hours.
  code_hash  TEXT    NOT NULL PRIMARY KEY,
  office_id  TEXT    NOT NULL REFERENCES offices (id),
  name       TEXT    NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE rows ( -- Every synced row of every office, merged field by field; seq orders the pull feed.
  office_id TEXT    NOT NULL REFERENCES offices (id),
  entity    TEXT    NOT NULL,
  entity_id TEXT    NOT NULL,
  fields    TEXT    NOT NULL, -- {"field": {"v": value, "h": stamp}}
  deleted   INTEGER NOT NULL DEFAULT 0,
  seq       INTEGER NOT NULL,
  PRIMARY KEY (office_id, entity, entity_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX rows_feed ON rows (office_id, seq);

CREATE TABLE ops ( -- Op ids applied, so a replayed op is recognised and applied once.
  op_id      TEXT    NOT NULL,
  office_id  TEXT    NOT NULL,
  device_id  TEXT    NOT NULL,
  batch_id   TEXT    NOT NULL,
  applied_at INTEGER NOT NULL,
  PRIMARY KEY (office_id, op_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE batches ( -- Answers to applied batches: a replayed batch gets its first answer.
  batch_id   TEXT    NOT NULL,
  office_id  TEXT    NOT NULL,
  device_id  TEXT    NOT NULL,
  answer     BLOB    NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (office_id, batch_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE conflicts ( -- Guarded changes set aside for a person: both values kept.
  id          TEXT    NOT NULL PRIMARY KEY,
  office_id   TEXT    NOT NULL,
  entity      TEXT    NOT NULL,
  entity_id   TEXT    NOT NULL,
  kept        TEXT    NOT NULL,
  rejected    TEXT    NOT NULL,
  device_id   TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  resolved_at INTEGER NOT NULL DEFAULT 0,
  resolved_by TEXT    NOT NULL DEFAULT '',
  choice      TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX conflicts_office ON conflicts (office_id, resolved_at);

CREATE TABLE registers ( -- The next free number of every case register (unit, JRWA class, year).
  office_id TEXT    NOT NULL,
  unit      TEXT    NOT NULL,
  jrwa      TEXT    NOT NULL,
  year      INTEGER NOT NULL,
  next_no   INTEGER NOT NULL,
  PRIMARY KEY (office_id, unit, jrwa, year)
) STRICT, WITHOUT ROWID;

CREATE TABLE leases ( -- Blocks of register numbers leased to devices.
  office_id  TEXT    NOT NULL,
  device_id  TEXT    NOT NULL,
  unit       TEXT    NOT NULL,
  jrwa       TEXT    NOT NULL,
  year       INTEGER NOT NULL,
  first_no   INTEGER NOT NULL,
  last_no    INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE leases;
DROP TABLE registers;
DROP TABLE conflicts;
DROP TABLE batches;
DROP TABLE ops;
DROP TABLE rows;
DROP TABLE enrollments;
DROP TABLE devices;
DROP TABLE offices;
