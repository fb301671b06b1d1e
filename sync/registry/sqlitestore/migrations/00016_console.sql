-- +goose Up
CREATE TABLE console_sessions ( -- A person signed in to the office's web console (Konsola); only the cookie's hash is kept.
  token_hash TEXT    NOT NULL PRIMARY KEY,
  csrf_hash  TEXT    NOT NULL, -- the hash of the session's CSRF token, sent back in a header with every change
  office_id  TEXT    NOT NULL,
  staff_id   TEXT    NOT NULL,
  created_at INTEGER NOT NULL, -- unix ms
  seen_at    INTEGER NOT NULL, -- unix ms of the last request: the idle timeout counts from it
  expires_at INTEGER NOT NULL  -- unix ms: the session's absolute end
) STRICT;

CREATE TABLE console_audit ( -- Every act of a person in the console: who, what, on which object (ids only, never personal data).
  id        INTEGER NOT NULL PRIMARY KEY,
  office_id TEXT    NOT NULL,
  staff_id  TEXT    NOT NULL, -- empty for a refused sign-in of an unknown login
  action    TEXT    NOT NULL,
  target    TEXT    NOT NULL DEFAULT '',
  outcome   TEXT    NOT NULL, -- ok, refused
  at        INTEGER NOT NULL  -- unix ms
) STRICT;
CREATE INDEX console_audit_office ON console_audit (office_id, id);

-- +goose Down
DROP TABLE console_audit;
DROP TABLE console_sessions;
