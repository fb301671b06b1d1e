-- +goose Up
CREATE TABLE console_sessions (
  token_hash TEXT   NOT NULL PRIMARY KEY,
  csrf_hash  TEXT   NOT NULL,
  office_id  TEXT   NOT NULL,
  staff_id   TEXT   NOT NULL,
  created_at BIGINT NOT NULL,
  seen_at    BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
COMMENT ON TABLE console_sessions IS 'A person signed in to the office''s web console (Konsola); only the cookie''s hash is kept.';

CREATE TABLE console_audit (
  id        BIGSERIAL NOT NULL PRIMARY KEY,
  office_id TEXT      NOT NULL,
  staff_id  TEXT      NOT NULL,
  action    TEXT      NOT NULL,
  target    TEXT      NOT NULL DEFAULT '',
  outcome   TEXT      NOT NULL,
  at        BIGINT    NOT NULL
);
COMMENT ON TABLE console_audit IS 'Every act of a person in the console: who, what, on which object (ids only, never personal data).';
CREATE INDEX console_audit_office ON console_audit (office_id, id);

-- +goose Down
DROP TABLE console_audit;
DROP TABLE console_sessions;
