-- +goose Up
-- Raport z monitoringu at the registry (issue 14): what the report counts of
-- each case and case event, taken out of the row's JSON once, when the row
-- is written (triggers, so every writer of rows keeps them), so a yearly
-- report groups plain columns instead of parsing every row's JSON.
CREATE TABLE report_cases ( -- Each synced case's fields the monitoring report counts, kept by the rows_report triggers.
  office_id      TEXT    NOT NULL,
  case_id        TEXT    NOT NULL,
  unit           TEXT    NOT NULL,
  card_id        TEXT    NOT NULL,
  status         TEXT    NOT NULL,
  submitted_on   TEXT    NOT NULL,
  due_on         TEXT    NOT NULL,
  supplement_due TEXT    NOT NULL,
  deleted        INTEGER NOT NULL,
  PRIMARY KEY (office_id, case_id)
) STRICT;
CREATE INDEX report_cases_submitted ON report_cases (office_id, submitted_on);
CREATE INDEX report_cases_due ON report_cases (office_id, due_on);

CREATE TABLE report_events ( -- Each synced case event's kind, new status and time (Unix ms; 0 when unreadable).
  office_id TEXT    NOT NULL,
  event_id  TEXT    NOT NULL,
  case_id   TEXT    NOT NULL,
  kind      TEXT    NOT NULL,
  to_status TEXT    NOT NULL,
  at_ms     INTEGER NOT NULL,
  PRIMARY KEY (office_id, event_id)
) STRICT;
CREATE INDEX report_events_case ON report_events (office_id, case_id);
CREATE INDEX report_events_kind ON report_events (office_id, kind, at_ms);

-- +goose StatementBegin
CREATE TRIGGER rows_report_case_insert AFTER INSERT ON rows WHEN NEW.entity = 'case_file' BEGIN
  INSERT INTO report_cases (office_id, case_id, unit, card_id, status, submitted_on, due_on, supplement_due, deleted)
  VALUES (NEW.office_id, NEW.entity_id, COALESCE(json_extract(NEW.fields, '$.unit.v'), ''), COALESCE(json_extract(NEW.fields, '$.cardId.v'), ''),
    COALESCE(json_extract(NEW.fields, '$.status.v'), ''), COALESCE(json_extract(NEW.fields, '$.submittedOn.v'), ''),
    COALESCE(json_extract(NEW.fields, '$.dueOn.v'), ''), COALESCE(json_extract(NEW.fields, '$.supplementDue.v'), ''), NEW.deleted)
  ON CONFLICT (office_id, case_id) DO UPDATE SET unit = excluded.unit, card_id = excluded.card_id, status = excluded.status,
    submitted_on = excluded.submitted_on, due_on = excluded.due_on, supplement_due = excluded.supplement_due, deleted = excluded.deleted;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER rows_report_case_update AFTER UPDATE ON rows WHEN NEW.entity = 'case_file' BEGIN
  INSERT INTO report_cases (office_id, case_id, unit, card_id, status, submitted_on, due_on, supplement_due, deleted)
  VALUES (NEW.office_id, NEW.entity_id, COALESCE(json_extract(NEW.fields, '$.unit.v'), ''), COALESCE(json_extract(NEW.fields, '$.cardId.v'), ''),
    COALESCE(json_extract(NEW.fields, '$.status.v'), ''), COALESCE(json_extract(NEW.fields, '$.submittedOn.v'), ''),
    COALESCE(json_extract(NEW.fields, '$.dueOn.v'), ''), COALESCE(json_extract(NEW.fields, '$.supplementDue.v'), ''), NEW.deleted)
  ON CONFLICT (office_id, case_id) DO UPDATE SET unit = excluded.unit, card_id = excluded.card_id, status = excluded.status,
    submitted_on = excluded.submitted_on, due_on = excluded.due_on, supplement_due = excluded.supplement_due, deleted = excluded.deleted;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER rows_report_event_insert AFTER INSERT ON rows WHEN NEW.entity = 'case_event' BEGIN
  INSERT INTO report_events (office_id, event_id, case_id, kind, to_status, at_ms)
  VALUES (NEW.office_id, NEW.entity_id, COALESCE(json_extract(NEW.fields, '$.caseId.v'), ''), COALESCE(json_extract(NEW.fields, '$.kind.v'), ''),
    COALESCE(json_extract(NEW.fields, '$.to.v'), ''), COALESCE(CAST(floor(unixepoch(json_extract(NEW.fields, '$.at.v'), 'subsec') * 1000) AS INTEGER), 0))
  ON CONFLICT (office_id, event_id) DO UPDATE SET case_id = excluded.case_id, kind = excluded.kind, to_status = excluded.to_status, at_ms = excluded.at_ms;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER rows_report_event_update AFTER UPDATE ON rows WHEN NEW.entity = 'case_event' BEGIN
  INSERT INTO report_events (office_id, event_id, case_id, kind, to_status, at_ms)
  VALUES (NEW.office_id, NEW.entity_id, COALESCE(json_extract(NEW.fields, '$.caseId.v'), ''), COALESCE(json_extract(NEW.fields, '$.kind.v'), ''),
    COALESCE(json_extract(NEW.fields, '$.to.v'), ''), COALESCE(CAST(floor(unixepoch(json_extract(NEW.fields, '$.at.v'), 'subsec') * 1000) AS INTEGER), 0))
  ON CONFLICT (office_id, event_id) DO UPDATE SET case_id = excluded.case_id, kind = excluded.kind, to_status = excluded.to_status, at_ms = excluded.at_ms;
END;
-- +goose StatementEnd

INSERT INTO report_cases (office_id, case_id, unit, card_id, status, submitted_on, due_on, supplement_due, deleted)
SELECT office_id, entity_id, COALESCE(json_extract(fields, '$.unit.v'), ''), COALESCE(json_extract(fields, '$.cardId.v'), ''),
  COALESCE(json_extract(fields, '$.status.v'), ''), COALESCE(json_extract(fields, '$.submittedOn.v'), ''),
  COALESCE(json_extract(fields, '$.dueOn.v'), ''), COALESCE(json_extract(fields, '$.supplementDue.v'), ''), deleted
FROM rows WHERE entity = 'case_file';

INSERT INTO report_events (office_id, event_id, case_id, kind, to_status, at_ms)
SELECT office_id, entity_id, COALESCE(json_extract(fields, '$.caseId.v'), ''), COALESCE(json_extract(fields, '$.kind.v'), ''),
  COALESCE(json_extract(fields, '$.to.v'), ''), COALESCE(CAST(floor(unixepoch(json_extract(fields, '$.at.v'), 'subsec') * 1000) AS INTEGER), 0)
FROM rows WHERE entity = 'case_event';

-- +goose Down
DROP TRIGGER rows_report_event_update;
DROP TRIGGER rows_report_event_insert;
DROP TRIGGER rows_report_case_update;
DROP TRIGGER rows_report_case_insert;
DROP TABLE report_events;
DROP TABLE report_cases;
