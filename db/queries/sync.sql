-- name: RowClockGet :one
SELECT fields FROM row_clock WHERE entity = ? AND entity_id = ?;

-- name: RowClockGetMany :many
-- The row clocks of a pulled page's rows, in one statement; keys is a JSON
-- array of [entity, id] pairs.
-- CROSS JOIN keeps the keys the outer loop, each looked up by the index.
SELECT r.entity, r.entity_id, r.fields FROM json_each(sqlc.arg(keys)) AS k CROSS
JOIN row_clock AS r ON r.entity = json_extract(k.value, '$[0]') AND r.entity_id = json_extract(k.value, '$[1]');

-- name: RowClockPut :exec
INSERT INTO row_clock (entity, entity_id, fields) VALUES (?, ?, ?)
ON CONFLICT (entity, entity_id) DO UPDATE SET fields = excluded.fields;

-- name: RowClockInsert :execrows
-- The row clock of a row that has none yet (a pulled row new to the
-- device); 0 rows if it has one after all. A one-row insert, unlike
-- RowClockPut's upsert, runs without a statement journal, which copies
-- each table and index page the statement changes (16 KB each) at every
-- statement.
INSERT OR IGNORE INTO row_clock (entity, entity_id, fields) VALUES (?, ?, ?);

-- name: OutboxInsertOp :exec
INSERT INTO outbox (op_id, entity, entity_id, op, payload, base, hlc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: OutboxPending :many
SELECT * FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?;

-- name: OutboxPendingAfter :many
-- The pending ops behind a batch still in flight (its last seq).
SELECT * FROM outbox WHERE state = 'pending' AND seq > ? ORDER BY seq LIMIT ?;

-- name: OutboxPendingStampedAfter :many
SELECT op_id FROM outbox WHERE state = 'pending' AND hlc > ? ORDER BY seq;

-- name: OutboxInFlight :many
SELECT * FROM outbox WHERE batch_id = ? AND state = 'pending' ORDER BY seq;

-- name: OutboxSetBatch :exec
-- The pending ops from first to last (the first of them OutboxPending gave) join a batch, in one statement.
UPDATE outbox SET batch_id = sqlc.arg(batch_id), attempts = attempts + 1
WHERE state = 'pending' AND seq >= sqlc.arg(first) AND seq <= sqlc.arg(last);

-- name: OutboxDelete :exec
DELETE FROM outbox WHERE op_id = ?;

-- name: OutboxDeleteMany :many
-- Settles a batch's applied ops in one statement (ids: a JSON array),
-- returning their stamps.
DELETE FROM outbox WHERE op_id IN (SELECT value FROM json_each(sqlc.arg(ids))) RETURNING hlc;

-- name: OutboxQuarantine :exec
UPDATE outbox SET state = 'quarantined', last_error = ?, batch_id = '' WHERE op_id = ?;

-- name: OutboxRelease :exec
UPDATE outbox SET state = 'pending', last_error = '', batch_id = '' WHERE op_id = ?;

-- name: OutboxRestamp :exec
UPDATE outbox SET hlc = ?, batch_id = '' WHERE op_id = ?;

-- name: OutboxListQuarantined :many
SELECT * FROM outbox WHERE state = 'quarantined' ORDER BY seq LIMIT 100;

-- name: OutboxCountQuarantined :one
SELECT COUNT(*) FROM outbox WHERE state = 'quarantined';

-- name: OfficeDeleteAll :exec
DELETE FROM office;

-- name: CaseUpsert :exec
INSERT INTO case_file (id, office_id, sign, unit_symbol, jrwa, reg_year, reg_no, card_id, client_id, status,
  submitted_on, due_on, supplement_due, form, checklist, pauses, assignee_id, registered_by, draft_id, search_text,
  provisional, device_id, created_at, updated_at, client_rowid)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
  coalesce((SELECT cl.rowid FROM client cl WHERE cl.id = ?), 0))
ON CONFLICT (id) DO UPDATE SET
  sign = excluded.sign, unit_symbol = excluded.unit_symbol, jrwa = excluded.jrwa, reg_year = excluded.reg_year,
  reg_no = excluded.reg_no, card_id = excluded.card_id, client_id = excluded.client_id, status = excluded.status,
  submitted_on = excluded.submitted_on, due_on = excluded.due_on, supplement_due = excluded.supplement_due,
  form = excluded.form, checklist = excluded.checklist, pauses = excluded.pauses, assignee_id = excluded.assignee_id,
  registered_by = excluded.registered_by, search_text = excluded.search_text, provisional = excluded.provisional,
  device_id = excluded.device_id, client_rowid = excluded.client_rowid,
  updated_at = excluded.updated_at;

-- name: CaseNumberUpsert :exec
INSERT INTO case_number (id, office_id, unit_symbol, jrwa, reg_year, reg_no, state, case_id, device_id, note, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  state = excluded.state, case_id = excluded.case_id, device_id = excluded.device_id, note = excluded.note,
  updated_at = excluded.updated_at;

-- name: ServiceCardInsertIgnore :exec
INSERT INTO service_card (id, office_id, code, version, title, unit_id, jrwa, body, hash, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO NOTHING;

-- name: AuditLogInsertIgnore :exec
INSERT INTO audit_log (id, office_id, staff_id, action, object_type, object_id, detail, sealed, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO NOTHING;

-- name: CaseEventInsertIgnore :exec
INSERT INTO case_event (id, case_id, kind, from_status, to_status, staff_id, detail, sealed, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO NOTHING;

-- name: CaseCountAll :one
SELECT COUNT(*) FROM case_file;

-- name: CaseListProvisional :many
SELECT * FROM case_file WHERE provisional = 1 AND device_id = ? ORDER BY created_at;

-- name: CaseSetSign :exec
UPDATE case_file SET sign = ?, reg_no = ?, provisional = 0, search_text = ?, updated_at = ? WHERE id = ?;

-- name: CaseNumberCountReservedAny :many
SELECT unit_symbol, jrwa, reg_year, COUNT(*) AS free FROM case_number
WHERE office_id = ? AND state = 'reserved' AND device_id = ? GROUP BY unit_symbol, jrwa, reg_year;

-- name: ClearDrafts :exec
DELETE FROM draft;

-- name: ClearCaseNumbers :exec
DELETE FROM case_number;

-- name: ClearClients :exec
DELETE FROM client;

-- name: ClearSearchTokens :exec
DELETE FROM search_token;

-- name: ClearAudit :exec
DELETE FROM audit_log;

-- name: ClearSettings :exec
DELETE FROM setting;

-- name: ClearCards :exec
DELETE FROM service_card;

-- name: ClearStaffSubstitutes :exec
UPDATE staff SET substitute_id = NULL;

-- name: ClearStaff :exec
DELETE FROM staff;

-- name: ClearUnits :exec
DELETE FROM unit;

-- name: ClearOutbox :exec
DELETE FROM outbox;

-- name: ClearRowClocks :exec
DELETE FROM row_clock;

-- name: ClearThrottles :exec
DELETE FROM login_throttle;

-- name: OutboxGet :one
SELECT * FROM outbox WHERE op_id = ?;

-- name: OutboxUnbatch :exec
UPDATE outbox SET batch_id = '' WHERE batch_id = ? AND state = 'pending';
