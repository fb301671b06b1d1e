-- +goose Up
-- rows as a rowid table (issue 17): WITHOUT ROWID keeps each row's whole fields (often over 1 KB) inside the
-- primary key's b-tree, so every new row split and rebalanced its pages, the push's largest cost. Here the fields
-- go where the rowid puts them (new rows at the end), and the key (office, entity, id) is a small unique index.
CREATE TABLE rows_new ( -- Every synced row of every office, merged field by field; seq orders the pull feed.
  office_id TEXT    NOT NULL REFERENCES offices (id),
  entity    TEXT    NOT NULL,
  entity_id TEXT    NOT NULL,
  fields    TEXT    NOT NULL, -- {"field": {"v": value, "h": stamp}}
  deleted   INTEGER NOT NULL DEFAULT 0,
  seq       INTEGER NOT NULL,
  UNIQUE (office_id, entity, entity_id)
) STRICT;

INSERT INTO rows_new (office_id, entity, entity_id, fields, deleted, seq)
SELECT office_id, entity, entity_id, fields, deleted, seq FROM rows ORDER BY office_id, seq;

DROP TABLE rows;
ALTER TABLE rows_new RENAME TO rows;

CREATE INDEX rows_feed ON rows (office_id, seq);
CREATE INDEX rows_audit_object ON rows (office_id, json_extract(fields, '$.objectId.v')) WHERE entity = 'audit_log';
CREATE INDEX rows_case_client ON rows (office_id, json_extract(fields, '$.clientId.v')) WHERE entity = 'case_file';
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

-- +goose Down
CREATE TABLE rows_old (
  office_id TEXT    NOT NULL REFERENCES offices (id),
  entity    TEXT    NOT NULL,
  entity_id TEXT    NOT NULL,
  fields    TEXT    NOT NULL,
  deleted   INTEGER NOT NULL DEFAULT 0,
  seq       INTEGER NOT NULL,
  PRIMARY KEY (office_id, entity, entity_id)
) STRICT, WITHOUT ROWID;

INSERT INTO rows_old (office_id, entity, entity_id, fields, deleted, seq)
SELECT office_id, entity, entity_id, fields, deleted, seq FROM rows;

DROP TABLE rows;
ALTER TABLE rows_old RENAME TO rows;

CREATE INDEX rows_feed ON rows (office_id, seq);
CREATE INDEX rows_audit_object ON rows (office_id, json_extract(fields, '$.objectId.v')) WHERE entity = 'audit_log';
CREATE INDEX rows_case_client ON rows (office_id, json_extract(fields, '$.clientId.v')) WHERE entity = 'case_file';
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
