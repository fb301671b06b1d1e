-- +goose Up
-- Issue 14, part 1: home visits (Piotrkow par. 5.3) and the register of
-- their named authorizations (par. 5.3.6). Personal data of a visit and
-- of an authorization is one sealed JSON per row (column sealed).
CREATE TABLE visit ( -- A home visit: the annex 1 request, the head's assignment, the official's report.
  id          TEXT    NOT NULL PRIMARY KEY, -- UUIDv7
  office_id   TEXT    NOT NULL,
  unit_id     TEXT    NOT NULL,             -- the unit whose head assigns
  card_id     TEXT    NOT NULL DEFAULT '',  -- the matter's service card, if any
  channel     TEXT    NOT NULL,             -- counter, phone
  status      TEXT    NOT NULL CHECK (status IN ('requested', 'assigned', 'done', 'absent')),
  day         TEXT    NOT NULL DEFAULT '',  -- YYYY-MM-DD, the visit's office day
  at_time     TEXT    NOT NULL DEFAULT '',  -- HH:MM or ''
  assignee_id TEXT    NOT NULL DEFAULT '',  -- the official who visits
  assigned_by TEXT    NOT NULL DEFAULT '',
  assigned_at INTEGER NOT NULL DEFAULT 0,   -- ms
  requested_by TEXT   NOT NULL,             -- staff who took the request
  requested_at INTEGER NOT NULL,            -- ms
  reported_by TEXT    NOT NULL DEFAULT '',
  reported_at INTEGER NOT NULL DEFAULT 0,   -- ms
  case_id     TEXT    NOT NULL DEFAULT '',  -- the case registered at the client's home
  receipt     TEXT    NOT NULL DEFAULT '',  -- '', printed, later
  sealed      BLOB,                         -- requester, client, address, phone, matter, reason, preferred, note
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX visit_assignee ON visit (assignee_id, status, day);
CREATE INDEX visit_status ON visit (status, day);
CREATE INDEX visit_requested ON visit (requested_at);

CREATE TABLE visit_auth ( -- The register of authorizations (rejestr upowaznien).
  id          TEXT    NOT NULL PRIMARY KEY, -- derived from the office and the number
  office_id   TEXT    NOT NULL,
  visit_id    TEXT    NOT NULL,
  series      TEXT    NOT NULL,             -- the issuing device's series
  seq         INTEGER NOT NULL,             -- the number within series and year
  year        INTEGER NOT NULL,
  staff_id    TEXT    NOT NULL,             -- who is authorized
  unit_id     TEXT    NOT NULL,
  valid_from  TEXT    NOT NULL,             -- YYYY-MM-DD
  valid_until TEXT    NOT NULL,             -- YYYY-MM-DD
  issued_by   TEXT    NOT NULL,             -- the head who signs
  issued_at   INTEGER NOT NULL,             -- ms
  device_id   TEXT    NOT NULL,
  status      TEXT    NOT NULL CHECK (status IN ('issued', 'returned', 'revoked')),
  closed_by   TEXT    NOT NULL DEFAULT '',
  closed_at   INTEGER NOT NULL DEFAULT 0,
  sealed      BLOB,                         -- matter, place
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX visit_auth_number ON visit_auth (year, series, seq);
CREATE INDEX visit_auth_visit ON visit_auth (visit_id);

-- +goose Down
DROP TABLE visit_auth;
DROP TABLE visit;
