-- +goose Up
CREATE TABLE device_scope ( -- A device limited to some units (issue 13); a device without a row is sent the whole office.
  device_id TEXT NOT NULL PRIMARY KEY REFERENCES devices (id),
  units     TEXT NOT NULL -- JSON array of unit symbols, sorted
) STRICT;

CREATE TABLE enrollment_scope ( -- The scope an enrolment code gives its device; none: the whole office.
  code_hash TEXT NOT NULL PRIMARY KEY REFERENCES enrollments (code_hash),
  units     TEXT NOT NULL
) STRICT;

-- +goose Down
DROP TABLE enrollment_scope;
DROP TABLE device_scope;
