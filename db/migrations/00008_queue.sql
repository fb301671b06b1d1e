-- +goose Up
-- Kolejka: the tickets this device keeps itself, never synced. On a
-- standalone office (the demo) they are the whole queue; on a device of a
-- registry, those it issued while the registry could not be reached (kept
-- apart by their label, reported to the registry's queue once it answers).
CREATE TABLE queue_ticket ( -- Kolejka: tickets this device keeps; never synced (see above)
  id          TEXT NOT NULL PRIMARY KEY, -- UUIDv7
  office_id   TEXT NOT NULL,
  day         TEXT NOT NULL,             -- the office day, YYYY-MM-DD
  grp         TEXT NOT NULL,             -- the matter group's code (one letter)
  number      INTEGER NOT NULL,          -- per day, group and series
  label       TEXT NOT NULL,             -- as printed: A012, or 2-A012 issued offline
  priority    INTEGER NOT NULL,          -- 1: served first; no reason is asked or kept
  status      TEXT NOT NULL,             -- waiting, called, served, absent, transferred
  counter     TEXT NOT NULL DEFAULT '',  -- the counter that called it, or that it was sent to
  issued_at   INTEGER NOT NULL,          -- unix ms
  called_at   INTEGER NOT NULL DEFAULT 0,
  done_at     INTEGER NOT NULL DEFAULT 0,
  case_id     TEXT NOT NULL DEFAULT '',  -- the case registered for it
  ahead       INTEGER NOT NULL,          -- tickets ahead of it when issued
  offline     INTEGER NOT NULL,          -- 1: issued while the registry could not be reached
  reported_at INTEGER NOT NULL DEFAULT 0, -- when the registry took it (offline tickets)
  UNIQUE (office_id, day, label)
) STRICT;

CREATE INDEX queue_ticket_open ON queue_ticket (office_id, day, status);
CREATE INDEX queue_ticket_unreported ON queue_ticket (offline, reported_at) WHERE offline = 1 AND reported_at = 0;

-- +goose Down
DROP TABLE queue_ticket;
