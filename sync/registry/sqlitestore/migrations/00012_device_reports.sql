-- +goose Up
CREATE TABLE device_reports ( -- What each device last said of itself (Okienko-Device header): app version, changes waiting and refused; counts only.
  device_id   TEXT    NOT NULL PRIMARY KEY,
  app_version TEXT    NOT NULL,
  waiting     INTEGER NOT NULL, -- changes in the device's outbox, not yet sent
  refused     INTEGER NOT NULL, -- changes the registry refused, set aside on the device
  reported_at INTEGER NOT NULL  -- unix ms
) STRICT;

-- +goose Down
DROP TABLE device_reports;
