-- +goose Up
CREATE TABLE date_flags (
  id            TEXT   NOT NULL PRIMARY KEY,
  office_id     TEXT   NOT NULL,
  case_id       TEXT   NOT NULL,
  device_id     TEXT   NOT NULL,
  submitted_on  TEXT   NOT NULL,
  registry_date TEXT   NOT NULL,
  reason        TEXT   NOT NULL,
  arrived_at    BIGINT NOT NULL,
  checked_by    TEXT   NOT NULL DEFAULT '',
  checked_at    BIGINT NOT NULL DEFAULT 0
);
COMMENT ON TABLE date_flags IS 'Cases whose submission date lay far from the registry''s office date when their op arrived, for a head to check.';

CREATE INDEX date_flags_office ON date_flags (office_id, checked_at);

CREATE TABLE closed_years (
  office_id TEXT   NOT NULL,
  year      BIGINT NOT NULL,
  closed_at BIGINT NOT NULL,
  PRIMARY KEY (office_id, year)
);
COMMENT ON TABLE closed_years IS 'The years whose registers the admin closed: no numbers of them are leased again.';

-- +goose Down
DROP TABLE closed_years;
DROP TABLE date_flags;
