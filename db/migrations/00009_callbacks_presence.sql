-- +goose Up
CREATE TABLE callback ( -- Callbacks agreed with clients (oddzwonienia): whom to call, when, who calls.
  id          TEXT    NOT NULL PRIMARY KEY, -- UUIDv7
  office_id   TEXT    NOT NULL,
  name        TEXT    NOT NULL,             -- whom to call, as the client gave it
  phone       TEXT    NOT NULL,             -- E.164 when it reads as a phone number
  topic       TEXT    NOT NULL,
  due_from    INTEGER NOT NULL,             -- ms: the agreed time, or the window's start
  due_until   INTEGER NOT NULL DEFAULT 0,   -- ms: the window's end; 0 for an exact time
  assignee_id TEXT    NOT NULL,             -- who calls (staff id); no foreign key: rows arrive in any order
  case_id     TEXT    NOT NULL DEFAULT '',
  client_id   TEXT    NOT NULL DEFAULT '',
  created_by  TEXT    NOT NULL,
  status      TEXT    NOT NULL CHECK (status IN ('open', 'done')),
  outcome     TEXT    NOT NULL DEFAULT '',
  done_at     INTEGER NOT NULL DEFAULT 0,
  done_by     TEXT    NOT NULL DEFAULT '',
  reagreed    INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX callback_assignee ON callback (assignee_id, status, due_from);
CREATE INDEX callback_open ON callback (status, due_from);

CREATE TABLE presence ( -- Whether a person is at the desk (obecnosc); one row per person, its id the staff id.
  id          TEXT    NOT NULL PRIMARY KEY, -- the staff id
  office_id   TEXT    NOT NULL,
  staff_id    TEXT    NOT NULL,
  away        INTEGER NOT NULL DEFAULT 0 CHECK (away IN (0, 1)),
  until_at    INTEGER NOT NULL DEFAULT 0,   -- ms: the return time when away
  stand_in_id TEXT    NOT NULL DEFAULT '',
  note        TEXT    NOT NULL DEFAULT '',
  set_at      INTEGER NOT NULL,             -- ms: when it was said
  device_id   TEXT    NOT NULL,             -- the device it was said on
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE presence;
DROP TABLE callback;
