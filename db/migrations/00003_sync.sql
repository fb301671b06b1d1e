-- +goose Up
CREATE TABLE row_clock ( -- This device's view of every synced row: each field's value and the HLC stamp of the write that set it.
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  fields    TEXT NOT NULL CHECK (json_valid(fields)), -- {"field": {"v": value, "h": stamp}}
  PRIMARY KEY (entity, entity_id)
) STRICT, WITHOUT ROWID;

ALTER TABLE outbox ADD COLUMN base TEXT NOT NULL DEFAULT '{}'; -- stamps the writer saw for guarded fields it changed
ALTER TABLE outbox ADD COLUMN batch_id TEXT NOT NULL DEFAULT ''; -- the push batch it is in flight in, so a retry resends the same batch

ALTER TABLE case_file ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0 CHECK (provisional IN (0, 1)); -- 1 while the sign awaits a leased number
ALTER TABLE case_file ADD COLUMN device_id TEXT NOT NULL DEFAULT ''; -- the device that registered it: only that device gives a provisional sign its number

CREATE INDEX outbox_state ON outbox (state, seq);
CREATE INDEX case_event_finalized ON case_event (created_at) WHERE kind = 'sign_finalized'; -- the short list of receipts to reprint

-- +goose Down
DROP INDEX case_event_finalized;
DROP INDEX outbox_state;
ALTER TABLE case_file DROP COLUMN device_id;
ALTER TABLE case_file DROP COLUMN provisional;
ALTER TABLE outbox DROP COLUMN batch_id;
ALTER TABLE outbox DROP COLUMN base;
DROP TABLE row_clock;
