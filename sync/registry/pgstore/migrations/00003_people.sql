-- +goose Up
CREATE TABLE enrollment_people (
  code_hash TEXT NOT NULL REFERENCES enrollments (code_hash),
  staff_id  TEXT NOT NULL,
  PRIMARY KEY (code_hash, staff_id)
);
COMMENT ON TABLE enrollment_people IS 'The staff an enrolment code''s device will let sign in; moved to device_people when the code is used.';

CREATE TABLE device_people (
  device_id TEXT NOT NULL REFERENCES devices (id),
  staff_id  TEXT NOT NULL,
  PRIMARY KEY (device_id, staff_id)
);
COMMENT ON TABLE device_people IS 'The staff allowed to sign in on a device: only their password verifiers reach it.';

CREATE TABLE credentials (
  office_id  TEXT   NOT NULL REFERENCES offices (id),
  staff_id   TEXT   NOT NULL,
  login      TEXT   NOT NULL,
  hash       TEXT   NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (office_id, staff_id)
);
COMMENT ON TABLE credentials IS 'Staff password verifiers (Argon2id PHC): registry-only, never part of a synced row.';

CREATE INDEX credentials_login ON credentials (office_id, login);

CREATE TABLE person_sessions (
  token_hash TEXT   NOT NULL PRIMARY KEY,
  office_id  TEXT   NOT NULL,
  device_id  TEXT   NOT NULL,
  staff_id   TEXT   NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
COMMENT ON TABLE person_sessions IS 'Short-lived person sessions (token stored as SHA-256), bound to one device and one person.';

CREATE INDEX person_sessions_expiry ON person_sessions (expires_at);

CREATE TABLE login_failures (
  office_id    TEXT   NOT NULL,
  login        TEXT   NOT NULL,
  failures     BIGINT NOT NULL,
  locked_until BIGINT NOT NULL,
  PRIMARY KEY (office_id, login)
);
COMMENT ON TABLE login_failures IS 'Wrong passwords in a row per login, for the registry''s back-off.';

-- Staff rows stored before this version carry their password hash: keep
-- it here, and strip it from the row devices pull. The row's text is kept
-- as written (not re-serialised through jsonb, which would reorder keys):
-- the field goes out with the comma before it (it is never first: the
-- fields are in key order and "active" comes before it).
INSERT INTO credentials (office_id, staff_id, login, hash, updated_at)
SELECT office_id, entity_id, COALESCE(fields::jsonb -> 'login' ->> 'v', ''), fields::jsonb -> 'passwordHash' ->> 'v', 0
FROM rows WHERE entity = 'staff' AND COALESCE(fields::jsonb -> 'passwordHash' ->> 'v', '') <> '';
UPDATE rows SET fields = regexp_replace(fields, ',"passwordHash":\{[^{}]*\}', '')
WHERE entity = 'staff' AND fields::jsonb ? 'passwordHash';

-- +goose Down
DROP TABLE login_failures;
DROP TABLE person_sessions;
DROP TABLE credentials;
DROP TABLE device_people;
DROP TABLE enrollment_people;
