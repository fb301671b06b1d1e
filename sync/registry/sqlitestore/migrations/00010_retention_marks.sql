-- +goose Up
CREATE TABLE retention_marks ( -- What the office did with a closed case's file once its archival period ended (retention list).
  office_id TEXT    NOT NULL,
  case_id   TEXT    NOT NULL,
  done      TEXT    NOT NULL CHECK (done IN ('transferred', 'destroyed', 'assessed')),
  marked_on TEXT    NOT NULL, -- YYYY-MM-DD, the office's day
  note      TEXT    NOT NULL DEFAULT '', -- the act's reference: protocol or list number
  marked_by TEXT    NOT NULL DEFAULT '',
  marked_at INTEGER NOT NULL, -- unix ms
  PRIMARY KEY (office_id, case_id)
) STRICT;

-- +goose Down
DROP TABLE retention_marks;
