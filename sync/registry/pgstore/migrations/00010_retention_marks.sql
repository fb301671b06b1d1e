-- +goose Up
CREATE TABLE retention_marks (
  office_id TEXT   NOT NULL,
  case_id   TEXT   NOT NULL,
  done      TEXT   NOT NULL CHECK (done IN ('transferred', 'destroyed', 'assessed')),
  marked_on TEXT   NOT NULL,
  note      TEXT   NOT NULL DEFAULT '',
  marked_by TEXT   NOT NULL DEFAULT '',
  marked_at BIGINT NOT NULL,
  PRIMARY KEY (office_id, case_id)
);
COMMENT ON TABLE retention_marks IS 'What the office did with a closed case''s file once its archival period ended (retention list).';

-- +goose Down
DROP TABLE retention_marks;
