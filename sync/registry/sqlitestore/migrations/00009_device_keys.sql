-- +goose Up
CREATE TABLE device_keys ( -- Each device's data key kept for it (escrow, issue 13): given back only to a person session of someone on its list; dropped at revocation.
  device_id  TEXT    NOT NULL PRIMARY KEY REFERENCES devices (id),
  data_key   BLOB    NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE device_keys;
