-- +goose Up
CREATE TABLE queue_tickets (
  office_id       TEXT    NOT NULL,
  id              TEXT    NOT NULL,
  day             TEXT    NOT NULL,
  grp             TEXT    NOT NULL,
  number          BIGINT  NOT NULL,
  label           TEXT    NOT NULL,
  priority        BOOLEAN NOT NULL DEFAULT FALSE,
  status          TEXT    NOT NULL,
  counter         TEXT    NOT NULL DEFAULT '',
  issued_at       BIGINT  NOT NULL,
  first_called_at BIGINT  NOT NULL DEFAULT 0,
  called_at       BIGINT  NOT NULL DEFAULT 0,
  done_at         BIGINT  NOT NULL DEFAULT 0,
  case_id         TEXT    NOT NULL DEFAULT '',
  ahead           BIGINT  NOT NULL DEFAULT 0,
  offline         BOOLEAN NOT NULL DEFAULT FALSE,
  device_id       TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (office_id, id)
);
COMMENT ON TABLE queue_tickets IS 'The hall''s shared queue: tickets per office day and group; times in Unix ms, 0 when not yet.';

CREATE UNIQUE INDEX queue_tickets_number ON queue_tickets (office_id, day, grp, number) WHERE NOT offline;
CREATE INDEX queue_tickets_day ON queue_tickets (office_id, day, status);

CREATE TABLE queue_boards (
  office_id  TEXT   NOT NULL PRIMARY KEY,
  key_hash   TEXT   NOT NULL,
  created_at BIGINT NOT NULL
);
COMMENT ON TABLE queue_boards IS 'The hall board''s key, hashed (registry admin queue board-url).';

-- +goose Down
DROP TABLE queue_boards;
DROP TABLE queue_tickets;
