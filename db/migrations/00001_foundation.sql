-- +goose Up
CREATE TABLE office ( -- The gmina's office this installation serves; one row on a device.
  id            TEXT    NOT NULL PRIMARY KEY, -- UUIDv7
  name          TEXT    NOT NULL,             -- e.g. Urzad Gminy Przykladowo
  street        TEXT    NOT NULL,
  postal_code   TEXT    NOT NULL,
  city          TEXT    NOT NULL,
  teryt         TEXT    NOT NULL,             -- 7-digit TERYT code of the gmina
  phone         TEXT    NOT NULL,
  email         TEXT    NOT NULL,
  epuap         TEXT    NOT NULL,             -- ePUAP inbox address
  website       TEXT    NOT NULL,
  fee_account   TEXT    NOT NULL,             -- NRB for fees, 26 digits
  fee_bank      TEXT    NOT NULL,
  opening_hours TEXT    NOT NULL,
  sample        INTEGER NOT NULL DEFAULT 0 CHECK (sample IN (0, 1)), -- demo data, to be confirmed
  created_at    INTEGER NOT NULL,             -- unix ms
  updated_at    INTEGER NOT NULL              -- unix ms
) STRICT;

CREATE TABLE unit ( -- Organisational units (referat, USC); the symbol opens every case sign.
  id         TEXT    NOT NULL PRIMARY KEY, -- UUIDv7
  office_id  TEXT    NOT NULL REFERENCES office (id),
  symbol     TEXT    NOT NULL,             -- USC, OR, GKM ...
  name       TEXT    NOT NULL,
  room       TEXT    NOT NULL,
  phone      TEXT    NOT NULL,
  email      TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (office_id, symbol)
) STRICT;

CREATE TABLE staff ( -- Staff directory and sign-in accounts.
  id            TEXT    NOT NULL PRIMARY KEY, -- UUIDv7
  office_id     TEXT    NOT NULL REFERENCES office (id),
  unit_id       TEXT    NOT NULL REFERENCES unit (id),
  login         TEXT    NOT NULL UNIQUE,
  first_name    TEXT    NOT NULL,
  last_name     TEXT    NOT NULL,
  role          TEXT    NOT NULL CHECK (role IN ('clerk', 'head', 'admin')),
  position      TEXT    NOT NULL,             -- job title (stanowisko)
  phone_ext     TEXT    NOT NULL,
  email         TEXT    NOT NULL,
  room          TEXT    NOT NULL,
  competences   TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(competences) AND json_type(competences) = 'array'), -- card codes handled
  substitute_id TEXT    REFERENCES staff (id) DEFERRABLE INITIALLY DEFERRED, -- who stands in during absence
  password_hash TEXT    NOT NULL,             -- Argon2id, PHC string
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE service_card ( -- Versions of service cards (karty uslug); a version never changes once stored.
  id         TEXT    NOT NULL PRIMARY KEY, -- UUIDv7 of this version
  office_id  TEXT    NOT NULL REFERENCES office (id),
  code       TEXT    NOT NULL,             -- stable card code across versions
  version    INTEGER NOT NULL CHECK (version >= 1),
  title      TEXT    NOT NULL,
  unit_id    TEXT    NOT NULL REFERENCES unit (id),
  jrwa       TEXT    NOT NULL,             -- JRWA class symbol
  body       TEXT    NOT NULL CHECK (json_valid(body)), -- the whole card as JSON (catalog.Card)
  hash       TEXT    NOT NULL,             -- content hash, to recognise re-imports
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (office_id, code, version)
) STRICT;

CREATE TABLE setting ( -- Office-wide settings chosen by the admin, e.g. the auto-lock delay.
  id         TEXT    NOT NULL PRIMARY KEY, -- UUIDv7
  office_id  TEXT    NOT NULL REFERENCES office (id),
  key        TEXT    NOT NULL,
  value      TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (office_id, key)
) STRICT;

CREATE TABLE audit_log ( -- Append-only record of who did what; never holds personal data itself.
  id          TEXT    NOT NULL PRIMARY KEY, -- UUIDv7
  office_id   TEXT    NOT NULL REFERENCES office (id),
  staff_id    TEXT    REFERENCES staff (id), -- NULL for the system or an unknown login
  action      TEXT    NOT NULL,             -- e.g. auth.signin, auth.lock, catalog.import
  object_type TEXT    NOT NULL DEFAULT '',
  object_id   TEXT    NOT NULL DEFAULT '',
  detail      TEXT    NOT NULL DEFAULT '',  -- non-personal detail, e.g. counts
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX audit_log_created ON audit_log (created_at);

CREATE TABLE outbox ( -- Changes to synced tables waiting for the registry; written in the same transaction as the change.
  seq        INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, -- local order of operations
  op_id      TEXT    NOT NULL UNIQUE,      -- UUIDv7, idempotency key at the registry
  entity     TEXT    NOT NULL,             -- synced table name
  entity_id  TEXT    NOT NULL,
  op         TEXT    NOT NULL CHECK (op IN ('upsert', 'delete', 'append')),
  payload    TEXT    NOT NULL CHECK (json_valid(payload)), -- the row after the change
  hlc        TEXT    NOT NULL,             -- hybrid logical clock stamp of the change
  state      TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'quarantined')),
  attempts   INTEGER NOT NULL DEFAULT 0,
  last_error TEXT    NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX outbox_entity ON outbox (entity, entity_id);

CREATE TABLE device_meta ( -- Facts about this device that never sync: device id, last HLC stamp.
  key   TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE login_throttle ( -- Failed sign-in attempts per login on this device, for rate limiting.
  login        TEXT    NOT NULL PRIMARY KEY,
  failures     INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0, -- unix ms; no attempt accepted before it
  updated_at   INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE login_throttle;
DROP TABLE device_meta;
DROP TABLE outbox;
DROP TABLE audit_log;
DROP TABLE setting;
DROP TABLE service_card;
DROP TABLE staff;
DROP TABLE unit;
DROP TABLE office;
