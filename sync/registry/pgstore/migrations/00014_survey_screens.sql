-- +goose Up
CREATE TABLE survey_screens (
  office_id  TEXT   NOT NULL,
  screen_id  TEXT   NOT NULL,
  name       TEXT   NOT NULL,
  key_hash   TEXT   NOT NULL,
  last_at    BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (office_id, screen_id)
);
CREATE UNIQUE INDEX survey_screens_key ON survey_screens (office_id, key_hash);
COMMENT ON TABLE survey_screens IS 'The tablets the satisfaction survey page runs on: each its own key, hashed, and its last answer (Unix ms).';

-- +goose Down
DROP TABLE survey_screens;
