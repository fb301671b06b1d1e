-- +goose Up
CREATE TABLE device_keys (
  device_id  TEXT   NOT NULL PRIMARY KEY REFERENCES devices (id),
  data_key   BYTEA  NOT NULL,
  created_at BIGINT NOT NULL
);
COMMENT ON TABLE device_keys IS 'Each device''s data key kept for it (escrow, issue 13): given back only to a person session of someone on its list; dropped at revocation.';

-- +goose Down
DROP TABLE device_keys;
