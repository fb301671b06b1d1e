-- +goose Up
CREATE TABLE generation (
  id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  generation  TEXT    NOT NULL,
  restored_at BIGINT  NOT NULL DEFAULT 0,
  marks       TEXT    NOT NULL DEFAULT '{}'
);
COMMENT ON TABLE generation IS 'The store''s generation: a random id a restore changes, and the marks of what the restored copy held.';

INSERT INTO generation (id, generation) VALUES (1, md5(random()::text || clock_timestamp()::text));

CREATE TABLE resent (
  device_id  TEXT   NOT NULL PRIMARY KEY,
  generation TEXT   NOT NULL,
  at         BIGINT NOT NULL
);
COMMENT ON TABLE resent IS 'Devices that re-sent what they hold to a restored registry, per generation.';

-- +goose Down
DROP TABLE resent;
DROP TABLE generation;
