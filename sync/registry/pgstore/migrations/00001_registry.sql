-- +goose Up
-- Mirrors sqlitestore's schema. Times are unix milliseconds (0 = unset) and
-- JSON is TEXT, so both stores hold the same bytes and share one suite.
CREATE TABLE offices (
  id         TEXT   NOT NULL PRIMARY KEY,
  name       TEXT   NOT NULL,
  teryt      TEXT   NOT NULL,
  seq        BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
COMMENT ON TABLE offices IS 'Offices (gminy) this registry serves; seq is the office''s change sequence.';

CREATE TABLE devices (
  id           TEXT   NOT NULL PRIMARY KEY,
  office_id    TEXT   NOT NULL REFERENCES offices (id),
  name         TEXT   NOT NULL,
  token_hash   TEXT   NOT NULL UNIQUE,
  enrolled_at  BIGINT NOT NULL,
  revoked_at   BIGINT NOT NULL DEFAULT 0,
  last_seen_at BIGINT NOT NULL DEFAULT 0
);
COMMENT ON TABLE devices IS 'Enrolled devices; the credential is stored only as its SHA-256.';

CREATE TABLE enrollments (
  code_hash  TEXT   NOT NULL PRIMARY KEY,
  office_id  TEXT   NOT NULL REFERENCES offices (id),
  name       TEXT   NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at    BIGINT NOT NULL DEFAULT 0
);
COMMENT ON TABLE enrollments IS 'One-time enrolment codes (hashed), valid 24 hours.';

CREATE TABLE rows (
  office_id TEXT    NOT NULL REFERENCES offices (id),
  entity    TEXT    NOT NULL,
  entity_id TEXT    NOT NULL,
  fields    TEXT    NOT NULL,
  deleted   BOOLEAN NOT NULL DEFAULT FALSE,
  seq       BIGINT  NOT NULL,
  PRIMARY KEY (office_id, entity, entity_id)
);
COMMENT ON TABLE rows IS 'Every synced row of every office, merged field by field; seq orders the pull feed.';
COMMENT ON COLUMN rows.fields IS 'JSON {"field": {"v": value, "h": stamp}}, kept as sent (TEXT, not JSONB, which would reorder keys).';

CREATE INDEX rows_feed ON rows (office_id, seq);

CREATE TABLE ops (
  op_id      TEXT   NOT NULL,
  office_id  TEXT   NOT NULL,
  device_id  TEXT   NOT NULL,
  batch_id   TEXT   NOT NULL,
  applied_at BIGINT NOT NULL,
  PRIMARY KEY (office_id, op_id)
);
COMMENT ON TABLE ops IS 'Op ids applied, so a replayed op is recognised and applied once.';

CREATE TABLE batches (
  batch_id   TEXT   NOT NULL,
  office_id  TEXT   NOT NULL,
  device_id  TEXT   NOT NULL,
  answer     BYTEA  NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (office_id, batch_id)
);
COMMENT ON TABLE batches IS 'Answers to applied batches: a replayed batch gets its first answer.';

CREATE TABLE conflicts (
  id          TEXT   NOT NULL PRIMARY KEY,
  office_id   TEXT   NOT NULL,
  entity      TEXT   NOT NULL,
  entity_id   TEXT   NOT NULL,
  kept        TEXT   NOT NULL,
  rejected    TEXT   NOT NULL,
  device_id   TEXT   NOT NULL,
  created_at  BIGINT NOT NULL,
  resolved_at BIGINT NOT NULL DEFAULT 0,
  resolved_by TEXT   NOT NULL DEFAULT '',
  choice      TEXT   NOT NULL DEFAULT ''
);
COMMENT ON TABLE conflicts IS 'Guarded changes set aside for a person: both values kept.';

CREATE INDEX conflicts_office ON conflicts (office_id, resolved_at);

CREATE TABLE registers (
  office_id TEXT   NOT NULL,
  unit      TEXT   NOT NULL,
  jrwa      TEXT   NOT NULL,
  year      BIGINT NOT NULL,
  next_no   BIGINT NOT NULL,
  PRIMARY KEY (office_id, unit, jrwa, year)
);
COMMENT ON TABLE registers IS 'The next free number of every case register (unit, JRWA class, year).';

CREATE TABLE leases (
  office_id  TEXT   NOT NULL,
  device_id  TEXT   NOT NULL,
  unit       TEXT   NOT NULL,
  jrwa       TEXT   NOT NULL,
  year       BIGINT NOT NULL,
  first_no   BIGINT NOT NULL,
  last_no    BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
COMMENT ON TABLE leases IS 'Blocks of register numbers leased to devices.';

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
