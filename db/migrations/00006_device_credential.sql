-- +goose Up
CREATE TABLE device_credential ( -- Password verifiers of the people allowed to sign in on this device, as the registry last gave them; never synced.
  staff_id TEXT NOT NULL PRIMARY KEY,
  login    TEXT NOT NULL,
  hash     TEXT NOT NULL -- Argon2id, PHC string
) STRICT;

-- +goose Down
DROP TABLE device_credential;
