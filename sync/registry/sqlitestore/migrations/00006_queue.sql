-- +goose Up
CREATE TABLE queue_tickets ( -- The hall's shared queue: tickets per office day and group; times in Unix ms, 0 when not yet.
  office_id       TEXT    NOT NULL,
  id              TEXT    NOT NULL,
  day             TEXT    NOT NULL,
  grp             TEXT    NOT NULL,
  number          INTEGER NOT NULL,
  label           TEXT    NOT NULL,
  priority        INTEGER NOT NULL DEFAULT 0,
  status          TEXT    NOT NULL,
  counter         TEXT    NOT NULL DEFAULT '',
  issued_at       INTEGER NOT NULL,
  first_called_at INTEGER NOT NULL DEFAULT 0,
  called_at       INTEGER NOT NULL DEFAULT 0,
  done_at         INTEGER NOT NULL DEFAULT 0,
  case_id         TEXT    NOT NULL DEFAULT '',
  ahead           INTEGER NOT NULL DEFAULT 0,
  offline         INTEGER NOT NULL DEFAULT 0,
  device_id       TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (office_id, id)
) STRICT;

-- The registry's own numbers are unique per office, day and group; a
-- counter's offline tickets carry their own labels and are kept apart.
CREATE UNIQUE INDEX queue_tickets_number ON queue_tickets (office_id, day, grp, number) WHERE offline = 0;
CREATE INDEX queue_tickets_day ON queue_tickets (office_id, day, status);

CREATE TABLE queue_boards ( -- The hall board's key, hashed (registry admin queue board-url).
  office_id  TEXT    NOT NULL PRIMARY KEY,
  key_hash   TEXT    NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE queue_boards;
DROP TABLE queue_tickets;
