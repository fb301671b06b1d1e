-- +goose Up
-- The report's facts (report_cases, report_events) are written by the
-- registry with the rows they come from, in the same statement (TxWrite,
-- reportfacts.go), no longer by the trigger rows_report: it parsed each
-- case and case event row's JSON again and ran a subtransaction per event
-- (report_at_ms), some 40% of a device push's writes in PostgreSQL. The
-- facts already stored stay as the trigger kept them.
DROP TRIGGER rows_report ON rows;
DROP FUNCTION rows_report();
DROP FUNCTION report_at_ms(TEXT);
COMMENT ON TABLE report_cases IS 'Each synced case''s fields the monitoring report counts, written with its row (TxWrite).';
COMMENT ON TABLE report_events IS 'Each synced case event''s kind, new status and time (Unix ms; 0 when unreadable), written with its row (TxWrite).';

-- +goose Down
COMMENT ON TABLE report_cases IS 'Each synced case''s fields the monitoring report counts, kept by the trigger rows_report.';
COMMENT ON TABLE report_events IS 'Each synced case event''s kind, new status and time (Unix ms; 0 when unreadable), kept by the trigger rows_report.';
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
CREATE OR REPLACE FUNCTION rows_report() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  f JSONB := NEW.fields::jsonb;
BEGIN
  IF NEW.entity = 'case_file' THEN
    INSERT INTO report_cases (office_id, case_id, unit, card_id, status, submitted_on, due_on, supplement_due, deleted, sign, assignee_id)
    VALUES (NEW.office_id, NEW.entity_id, COALESCE(f->'unit'->>'v', ''), COALESCE(f->'cardId'->>'v', ''), COALESCE(f->'status'->>'v', ''),
      COALESCE(f->'submittedOn'->>'v', ''), COALESCE(f->'dueOn'->>'v', ''), COALESCE(f->'supplementDue'->>'v', ''), NEW.deleted,
      COALESCE(f->'sign'->>'v', ''), COALESCE(f->'assigneeId'->>'v', ''))
    ON CONFLICT (office_id, case_id) DO UPDATE SET unit = excluded.unit, card_id = excluded.card_id, status = excluded.status,
      submitted_on = excluded.submitted_on, due_on = excluded.due_on, supplement_due = excluded.supplement_due, deleted = excluded.deleted,
      sign = excluded.sign, assignee_id = excluded.assignee_id;
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
