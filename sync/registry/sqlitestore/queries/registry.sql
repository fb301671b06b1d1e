-- name: OfficeInsert :exec
INSERT INTO offices (id, name, teryt, created_at) VALUES (?, ?, ?, ?);

-- name: OfficeGet :one
SELECT * FROM offices WHERE id = ?;

-- name: OfficeList :many
SELECT * FROM offices ORDER BY name;

-- name: OfficeSetSeq :exec
UPDATE offices SET seq = ? WHERE id = ?;

-- name: OfficeSeq :one
SELECT seq FROM offices WHERE id = ?;

-- name: EnrollmentInsert :exec
INSERT INTO enrollments (code_hash, office_id, name, expires_at) VALUES (?, ?, ?, ?);

-- name: EnrollmentUse :one
UPDATE enrollments SET used_at = sqlc.arg(now)
WHERE code_hash = sqlc.arg(code_hash) AND used_at = 0 AND expires_at > sqlc.arg(now)
RETURNING office_id, name;

-- name: DeviceInsert :exec
INSERT INTO devices (id, office_id, name, token_hash, enrolled_at) VALUES (?, ?, ?, ?, ?);

-- name: DeviceRebind :execrows
-- A device whose enrolment answer was lost enrols again under its id:
-- allowed only while its first credential was never used.
UPDATE devices SET name = ?, token_hash = ?, enrolled_at = ?
WHERE id = ? AND office_id = ? AND revoked_at = 0 AND last_seen_at = 0;

-- name: DeviceByToken :one
SELECT * FROM devices WHERE token_hash = ?;

-- name: DeviceGet :one
SELECT * FROM devices WHERE id = ?;

-- name: DeviceList :many
SELECT * FROM devices WHERE office_id = ? ORDER BY enrolled_at;

-- name: DeviceRevoke :execrows
UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at = 0;

-- name: DeviceTouch :exec
UPDATE devices SET last_seen_at = ? WHERE id = ?;

-- name: BatchGet :one
SELECT answer, ops_digest FROM batches WHERE office_id = ? AND device_id = ? AND batch_id = ?;

-- name: BatchInsert :exec
INSERT INTO batches (batch_id, office_id, device_id, ops_digest, answer, created_at) VALUES (?, ?, ?, ?, ?, ?);

-- name: OpsApplied :many
-- Which of a push group's op ids (a JSON array) were applied before.
SELECT op_id FROM ops WHERE office_id = sqlc.arg(office_id) AND op_id IN (SELECT value FROM json_each(sqlc.arg(ids)));

-- name: OpExists :one
SELECT COUNT(*) FROM ops WHERE office_id = ? AND op_id = ?;

-- name: OpInsertMany :exec
-- The ops a transaction applied, in one statement: a JSON array of [op id, device, batch, applied at].
INSERT INTO ops (op_id, office_id, device_id, batch_id, applied_at)
SELECT json_extract(value, '$[0]'), sqlc.arg(office_id), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]')
FROM json_each(sqlc.arg(ops));

-- name: RowGet :one
SELECT * FROM rows WHERE office_id = ? AND entity = ? AND entity_id = ?;

-- name: RowsStored :many
-- Which of a push group's rows (a JSON array of [entity, entity id]) are stored: the others need no read.
-- CROSS JOIN keeps the keys outside, each a search of the key's index (a plain JOIN scanned the office's rows).
SELECT r.entity, r.entity_id FROM json_each(sqlc.arg(keys)) AS k
CROSS JOIN rows AS r ON r.office_id = sqlc.arg(office_id) AND r.entity = json_extract(k.value, '$[0]') AND r.entity_id = json_extract(k.value, '$[1]');

-- name: RowDeleted :one
SELECT deleted FROM rows WHERE office_id = ? AND entity = ? AND entity_id = ?;

-- name: RowPut :exec
INSERT INTO rows (office_id, entity, entity_id, fields, deleted, seq) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (office_id, entity, entity_id) DO UPDATE SET
  fields = excluded.fields, deleted = excluded.deleted, seq = excluded.seq;

-- name: RowsAfter :many
SELECT * FROM rows WHERE office_id = ? AND seq > ? ORDER BY seq LIMIT ?;

-- name: RowsOfEntity :many
SELECT * FROM rows WHERE office_id = ? AND entity = ? ORDER BY entity_id;

-- name: ConflictInsert :exec
INSERT INTO conflicts (id, office_id, entity, entity_id, kept, rejected, device_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: ConflictGet :one
SELECT * FROM conflicts WHERE id = ?;

-- name: ConflictList :many
SELECT * FROM conflicts WHERE office_id = ? AND (CAST(sqlc.arg(open_only) AS INTEGER) = 0 OR resolved_at = 0) ORDER BY created_at;

-- name: ConflictResolve :execrows
UPDATE conflicts SET resolved_at = ?, resolved_by = ?, choice = ? WHERE id = ? AND resolved_at = 0;

-- name: RegisterNext :one
INSERT INTO registers (office_id, unit, jrwa, year, next_no) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (office_id, unit, jrwa, year) DO UPDATE SET next_no = registers.next_no + excluded.next_no - 1
RETURNING next_no;

-- name: LeaseInsert :exec
INSERT INTO leases (office_id, device_id, unit, jrwa, year, first_no, last_no, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: LeaseList :many
SELECT * FROM leases WHERE office_id = ? ORDER BY unit, jrwa, year, first_no;

-- name: LeaseHolding :many
-- The lease holding one number (blocks never overlap): found by SQLite, not by reading every block of the register into Go.
SELECT device_id, first_no, last_no FROM leases
WHERE office_id = ? AND unit = ? AND jrwa = ? AND year = ? AND first_no <= sqlc.arg(no) AND last_no >= sqlc.arg(no) LIMIT 1;

-- name: DateFlagInsert :exec
INSERT INTO date_flags (id, office_id, case_id, device_id, submitted_on, registry_date, reason, arrived_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: DateFlagList :many
SELECT * FROM date_flags WHERE office_id = ? AND (CAST(sqlc.arg(open_only) AS INTEGER) = 0 OR checked_at = 0)
ORDER BY arrived_at, id;

-- name: DateFlagCheck :execrows
UPDATE date_flags SET checked_at = ?, checked_by = ? WHERE id = ? AND office_id = ? AND checked_at = 0;

-- name: YearCloseInsert :exec
INSERT INTO closed_years (office_id, year, closed_at) VALUES (?, ?, ?) ON CONFLICT (office_id, year) DO NOTHING;

-- name: YearClosed :one
SELECT EXISTS (SELECT 1 FROM closed_years WHERE office_id = ? AND year >= ?);
