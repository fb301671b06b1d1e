-- +goose Up
CREATE TABLE device_reports (
  device_id   TEXT   NOT NULL PRIMARY KEY,
  app_version TEXT   NOT NULL,
  waiting     BIGINT NOT NULL,
  refused     BIGINT NOT NULL,
  reported_at BIGINT NOT NULL
);
COMMENT ON TABLE device_reports IS 'What each device last said of itself (Okienko-Device header): app version, changes waiting and refused; counts only.';

-- +goose Down
DROP TABLE device_reports;
