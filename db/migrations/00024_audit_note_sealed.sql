-- Issue 13: an audit entry's note (a person's reason in words: break-the-glass, a RODO request) is sealed like
-- every other personal field. Notes stored in the clear stay in note until the first unlock seals them into
-- sealed and blanks note (seal_audit.go); note is blank from then on.
-- +goose Up
ALTER TABLE audit_log ADD COLUMN sealed BLOB NOT NULL DEFAULT X''; -- the note, sealed (audit_log, sealed, id); empty without a note

INSERT INTO device_meta (key, value) VALUES ('seal_audit', 'pending')
  ON CONFLICT (key) DO UPDATE SET value = excluded.value;

-- +goose Down
-- The sealed notes cannot be opened without a person's key: going down
-- drops them, and the entries keep their ids, actions and times.
DELETE FROM device_meta WHERE key = 'seal_audit';
ALTER TABLE audit_log DROP COLUMN sealed;
