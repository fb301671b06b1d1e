-- +goose Up
CREATE TABLE date_flags ( -- Cases whose submission date lay far from the registry's office date when their op arrived, for a head to check.
  id            TEXT    NOT NULL PRIMARY KEY,
  office_id     TEXT    NOT NULL,
  case_id       TEXT    NOT NULL,
  device_id     TEXT    NOT NULL,
  submitted_on  TEXT    NOT NULL,
  registry_date TEXT    NOT NULL,
  reason        TEXT    NOT NULL,
  arrived_at    INTEGER NOT NULL,
  checked_by    TEXT    NOT NULL DEFAULT '',
  checked_at    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX date_flags_office ON date_flags (office_id, checked_at);

CREATE TABLE closed_years ( -- The years whose registers the admin closed: no numbers of them are leased again.
  office_id TEXT    NOT NULL,
  year      INTEGER NOT NULL,
  closed_at INTEGER NOT NULL,
  PRIMARY KEY (office_id, year)
) STRICT, WITHOUT ROWID;

-- +goose Down
DROP TABLE closed_years;
DROP TABLE date_flags;
