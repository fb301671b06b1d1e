-- +goose Up
-- Raport z monitoringu at the registry (issue 14): what the report counts of
-- each case and case event, taken out of the row's JSON once, when the row
-- is written (a trigger, so every writer of rows keeps them), so a yearly
-- report groups plain columns instead of parsing 500,000 JSON texts.
CREATE TABLE report_cases (
  office_id      TEXT    NOT NULL,
  case_id        TEXT    NOT NULL,
  unit           TEXT    NOT NULL,
  card_id        TEXT    NOT NULL,
  status         TEXT    NOT NULL,
  submitted_on   TEXT    NOT NULL,
  due_on         TEXT    NOT NULL,
  supplement_due TEXT    NOT NULL,
  deleted        BOOLEAN NOT NULL,
  PRIMARY KEY (office_id, case_id)
);
COMMENT ON TABLE report_cases IS 'Each synced case''s fields the monitoring report counts, kept by the trigger rows_report.';
CREATE INDEX report_cases_submitted ON report_cases (office_id, submitted_on);
CREATE INDEX report_cases_due ON report_cases (office_id, due_on);

CREATE TABLE report_events (
  office_id TEXT   NOT NULL,
  event_id  TEXT   NOT NULL,
  case_id   TEXT   NOT NULL,
  kind      TEXT   NOT NULL,
  to_status TEXT   NOT NULL,
  at_ms     BIGINT NOT NULL,
  PRIMARY KEY (office_id, event_id)
);
COMMENT ON TABLE report_events IS 'Each synced case event''s kind, new status and time (Unix ms; 0 when unreadable), kept by the trigger rows_report.';
CREATE INDEX report_events_case ON report_events (office_id, case_id);
CREATE INDEX report_events_kind ON report_events (office_id, kind, at_ms);
CREATE INDEX report_events_closing ON report_events (office_id, case_id, at_ms) WHERE to_status IN ('settled', 'left_unexamined', 'forwarded');

-- +goose StatementBegin
CREATE FUNCTION report_at_ms(at TEXT) RETURNS BIGINT LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
BEGIN
  RETURN floor(extract(epoch FROM at::timestamptz) * 1000)::BIGINT;
EXCEPTION WHEN others THEN
  RETURN 0;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION rows_report() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  f JSONB := NEW.fields::jsonb;
BEGIN
  IF NEW.entity = 'case_file' THEN
    INSERT INTO report_cases (office_id, case_id, unit, card_id, status, submitted_on, due_on, supplement_due, deleted)
    VALUES (NEW.office_id, NEW.entity_id, COALESCE(f->'unit'->>'v', ''), COALESCE(f->'cardId'->>'v', ''), COALESCE(f->'status'->>'v', ''),
      COALESCE(f->'submittedOn'->>'v', ''), COALESCE(f->'dueOn'->>'v', ''), COALESCE(f->'supplementDue'->>'v', ''), NEW.deleted)
    ON CONFLICT (office_id, case_id) DO UPDATE SET unit = excluded.unit, card_id = excluded.card_id, status = excluded.status,
      submitted_on = excluded.submitted_on, due_on = excluded.due_on, supplement_due = excluded.supplement_due, deleted = excluded.deleted;
  ELSE
    INSERT INTO report_events (office_id, event_id, case_id, kind, to_status, at_ms)
    VALUES (NEW.office_id, NEW.entity_id, COALESCE(f->'caseId'->>'v', ''), COALESCE(f->'kind'->>'v', ''), COALESCE(f->'to'->>'v', ''),
      COALESCE(report_at_ms(f->'at'->>'v'), 0))
    ON CONFLICT (office_id, event_id) DO UPDATE SET case_id = excluded.case_id, kind = excluded.kind, to_status = excluded.to_status, at_ms = excluded.at_ms;
  END IF;
  RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER rows_report AFTER INSERT OR UPDATE ON rows
  FOR EACH ROW WHEN (NEW.entity IN ('case_file', 'case_event')) EXECUTE FUNCTION rows_report();

INSERT INTO report_cases (office_id, case_id, unit, card_id, status, submitted_on, due_on, supplement_due, deleted)
SELECT r.office_id, r.entity_id, COALESCE(f->'unit'->>'v', ''), COALESCE(f->'cardId'->>'v', ''), COALESCE(f->'status'->>'v', ''),
  COALESCE(f->'submittedOn'->>'v', ''), COALESCE(f->'dueOn'->>'v', ''), COALESCE(f->'supplementDue'->>'v', ''), r.deleted
FROM rows r CROSS JOIN LATERAL (SELECT r.fields::jsonb AS f) j WHERE r.entity = 'case_file';

INSERT INTO report_events (office_id, event_id, case_id, kind, to_status, at_ms)
SELECT r.office_id, r.entity_id, COALESCE(f->'caseId'->>'v', ''), COALESCE(f->'kind'->>'v', ''), COALESCE(f->'to'->>'v', ''),
  COALESCE(report_at_ms(f->'at'->>'v'), 0)
FROM rows r CROSS JOIN LATERAL (SELECT r.fields::jsonb AS f) j WHERE r.entity = 'case_event';

-- +goose Down
DROP TRIGGER rows_report ON rows;
DROP FUNCTION rows_report();
DROP FUNCTION report_at_ms(TEXT);
DROP TABLE report_events;
DROP TABLE report_cases;
