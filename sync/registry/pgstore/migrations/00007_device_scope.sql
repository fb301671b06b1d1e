-- +goose Up
CREATE TABLE device_scope (
  device_id TEXT NOT NULL PRIMARY KEY REFERENCES devices (id),
  units     TEXT NOT NULL -- JSON array of unit symbols, sorted
);
COMMENT ON TABLE device_scope IS 'A device limited to some units (issue 13); a device without a row is sent the whole office.';

CREATE TABLE enrollment_scope (
  code_hash TEXT NOT NULL PRIMARY KEY REFERENCES enrollments (code_hash),
  units     TEXT NOT NULL
);
COMMENT ON TABLE enrollment_scope IS 'The scope an enrolment code gives its device; none: the whole office.';

-- +goose Down
DROP TABLE enrollment_scope;
DROP TABLE device_scope;
