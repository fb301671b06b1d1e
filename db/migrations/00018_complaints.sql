-- +goose Up
-- Issue 14 part 2: the register of complaints and motions (skargi i wnioski,
-- dzial VIII KPA) and remarks at the counter. The complainant's name,
-- address, contact, the subject, summary and answer are one sealed JSON
-- (sealed, bound to table, column and id); the plain columns are what the
-- register counts and "Dzis" sorts by.
CREATE TABLE complaint ( -- Complaints, motions and remarks (rejestr skarg i wnioskow).
  id                TEXT    NOT NULL PRIMARY KEY, -- UUIDv7
  office_id         TEXT    NOT NULL,
  kind              TEXT    NOT NULL CHECK (kind IN ('complaint', 'motion', 'remark')),
  channel           TEXT    NOT NULL,
  received_on       TEXT    NOT NULL,             -- YYYY-MM-DD, the office day
  anonymous         INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
  concerns_staff_id TEXT    NOT NULL DEFAULT '',  -- the member of staff it is about
  unit_id           TEXT    NOT NULL DEFAULT '',
  competent         INTEGER NOT NULL DEFAULT 1 CHECK (competent IN (0, 1)),
  forwarded_on      TEXT    NOT NULL DEFAULT '',
  assignee_id       TEXT    NOT NULL DEFAULT '',
  due_on            TEXT    NOT NULL DEFAULT '',
  extended_to       TEXT    NOT NULL DEFAULT '',
  status            TEXT    NOT NULL CHECK (status IN ('registered', 'forwarded', 'answered', 'left', 'noted')),
  outcome           TEXT    NOT NULL DEFAULT '',
  answered_on       TEXT    NOT NULL DEFAULT '',
  answer_channel    TEXT    NOT NULL DEFAULT '',
  case_id           TEXT    NOT NULL DEFAULT '',
  created_by        TEXT    NOT NULL,
  decided_by        TEXT    NOT NULL DEFAULT '',
  sealed            BLOB,                         -- the private fields, sealed JSON
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
) STRICT;

CREATE INDEX complaint_received ON complaint (received_on, id);
CREATE INDEX complaint_open ON complaint (status, assignee_id) WHERE status = 'registered';
CREATE INDEX complaint_case ON complaint (case_id) WHERE case_id <> '';

-- +goose Down
DROP TABLE complaint;
