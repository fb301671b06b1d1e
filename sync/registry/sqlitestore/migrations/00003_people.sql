-- +goose Up
CREATE TABLE enrollment_people ( -- The staff an enrolment code's device will let sign in; moved to device_people when the code is used.
  code_hash TEXT NOT NULL REFERENCES enrollments (code_hash),
  staff_id  TEXT NOT NULL,
  PRIMARY KEY (code_hash, staff_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE device_people ( -- The staff allowed to sign in on a device: only their password verifiers reach it.
  device_id TEXT NOT NULL REFERENCES devices (id),
  staff_id  TEXT NOT NULL,
  PRIMARY KEY (device_id, staff_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE credentials ( -- Staff password verifiers (Argon2id PHC): registry-only, never part of a synced row.
  office_id  TEXT    NOT NULL REFERENCES offices (id),
  staff_id   TEXT    NOT NULL,
  login      TEXT    NOT NULL,
  hash       TEXT    NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (office_id, staff_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX credentials_login ON credentials (office_id, login);

CREATE TABLE person_sessions ( -- Short-lived person sessions (token stored as SHA-256), bound to one device and one person.
  token_hash TEXT    NOT NULL PRIMARY KEY,
  office_id  TEXT    NOT NULL,
  device_id  TEXT    NOT NULL,
  staff_id   TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;

CREATE INDEX person_sessions_expiry ON person_sessions (expires_at);

CREATE TABLE login_failures ( -- Wrong passwords in a row per login, for the registry's back-off.
  office_id    TEXT    NOT NULL,
  login        TEXT    NOT NULL,
  failures     INTEGER NOT NULL,
  locked_until INTEGER NOT NULL,
  PRIMARY KEY (office_id, login)
) STRICT, WITHOUT ROWID;

-- Staff rows stored before this version carry their password hash:
-- keep it here, and strip it from the row devices pull.
INSERT INTO credentials (office_id, staff_id, login, hash, updated_at)
SELECT office_id, entity_id, COALESCE(json_extract(fields, '$.login.v'), ''), json_extract(fields, '$.passwordHash.v'), 0
FROM rows WHERE entity = 'staff' AND json_extract(fields, '$.passwordHash.v') <> '';
UPDATE rows SET fields = json_remove(fields, '$.passwordHash') WHERE entity = 'staff' AND json_type(fields, '$.passwordHash') IS NOT NULL;

-- +goose Down
DROP TABLE login_failures;
DROP TABLE person_sessions;
DROP TABLE credentials;
DROP TABLE device_people;
DROP TABLE enrollment_people;
