-- +goose Up
CREATE TABLE generation ( -- The store's generation: a random id a restore changes, and the marks of what the restored copy held.
  id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  generation  TEXT    NOT NULL,
  restored_at INTEGER NOT NULL DEFAULT 0,
  marks       TEXT    NOT NULL DEFAULT '{}' -- {"office": {"seq": n, "stamps": {"node": stamp}}}
) STRICT;

INSERT INTO generation (id, generation) VALUES (1, lower(hex(randomblob(16))));

CREATE TABLE resent ( -- Devices that re-sent what they hold to a restored registry, per generation.
  device_id  TEXT    NOT NULL PRIMARY KEY,
  generation TEXT    NOT NULL,
  at         INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE resent;
DROP TABLE generation;
