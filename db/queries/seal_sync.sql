-- Sealing what an older version of the device stored in the clear
-- (db/seal_sync.go); okienko_seal is the store's SQL function (db/sqlfunc.go).

-- name: OutboxSealLegacy :exec
UPDATE outbox SET payload = okienko_seal(sqlc.arg(handle), 'outbox', 'payload', op_id, payload)
WHERE substr(payload, 1, 1) = X'7B';

-- name: RowClockSealLegacy :exec
UPDATE row_clock SET fields = okienko_seal(sqlc.arg(handle), 'row_clock', 'fields', entity || '/' || entity_id, fields)
WHERE substr(fields, 1, 1) = X'7B';

-- name: CallbackListUnsealed :many
SELECT * FROM callback WHERE length(sealed) = 0;

-- name: CallbackSealLegacy :exec
UPDATE callback SET name = '', phone = '', topic = '', outcome = '', sealed = ? WHERE id = ?;

-- name: PresenceListUnsealed :many
SELECT * FROM presence WHERE note <> '';

-- name: PresenceSealLegacy :exec
UPDATE presence SET note = '', sealed = ? WHERE id = ?;

-- name: CaseEventDutyNotesUnsealed :many
SELECT id, kind, detail FROM case_event
WHERE kind IN ('handed_over', 'notice_art36', 'interpreter_requested', 'supplement_delivered')
  AND length(sealed) = 0 AND json_extract(detail, '$.note') IS NOT NULL;

-- name: CaseEventSealLegacy :exec
UPDATE case_event SET detail = ?, sealed = ? WHERE id = ?;

-- name: DeviceMetaDelete :exec
DELETE FROM device_meta WHERE key = ?;

-- name: AuditLogSealLegacy :exec
-- Notes an older version stored in the clear, sealed (audit_log, sealed, id) and blanked.
UPDATE audit_log SET sealed = okienko_seal(sqlc.arg(handle), 'audit_log', 'sealed', id, note), note = ''
WHERE note <> '';
