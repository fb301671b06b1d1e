-- Text is ordered COLLATE "C" (bytewise), as SQLite orders it, so both
-- stores list in the same order whatever the database's locale.

-- name: OfficeInsert :exec
INSERT INTO offices (id, name, teryt, created_at) VALUES ($1, $2, $3, $4);

-- name: OfficeGet :one
SELECT * FROM offices WHERE id = $1;

-- name: OfficeList :many
SELECT * FROM offices ORDER BY name COLLATE "C", id;

-- name: OfficeLock :one
SELECT seq FROM offices WHERE id = $1 FOR NO KEY UPDATE;

-- name: OfficeSeq :one
SELECT seq FROM offices WHERE id = $1;

-- name: EnrollmentInsert :exec
INSERT INTO enrollments (code_hash, office_id, name, expires_at) VALUES ($1, $2, $3, $4);

-- name: EnrollmentUse :one
UPDATE enrollments SET used_at = sqlc.arg(now)
WHERE code_hash = sqlc.arg(code_hash) AND used_at = 0 AND expires_at > sqlc.arg(now)
RETURNING office_id, name;

-- name: DeviceInsert :exec
INSERT INTO devices (id, office_id, name, token_hash, enrolled_at) VALUES ($1, $2, $3, $4, $5);

-- name: DeviceRebind :execrows
-- A device whose enrolment answer was lost enrols again under its id:
-- allowed only while its first credential was never used.
UPDATE devices SET name = $1, token_hash = $2, enrolled_at = $3
WHERE id = $4 AND office_id = $5 AND revoked_at = 0 AND last_seen_at = 0;

-- name: DeviceByToken :one
SELECT * FROM devices WHERE token_hash = $1;

-- name: DeviceGet :one
SELECT * FROM devices WHERE id = $1;

-- name: DeviceList :many
SELECT * FROM devices WHERE office_id = $1 ORDER BY enrolled_at, id;

-- name: DeviceRevoke :execrows
UPDATE devices SET revoked_at = $1 WHERE id = $2 AND revoked_at = 0;

-- name: DeviceTouch :exec
UPDATE devices SET last_seen_at = $1 WHERE id = $2;

-- name: BatchGet :one
SELECT answer, ops_digest FROM batches WHERE office_id = $1 AND device_id = $2 AND batch_id = $3;

-- name: OpExists :one
SELECT EXISTS (SELECT 1 FROM ops WHERE office_id = $1 AND op_id = $2);

-- name: RowGet :one
SELECT * FROM rows WHERE office_id = $1 AND entity = $2 AND entity_id = $3;

-- name: RowDeleted :one
SELECT deleted FROM rows WHERE office_id = $1 AND entity = $2 AND entity_id = $3;

-- name: RowsAfter :many
-- The pull's read: the row without its ref columns (lookups only).
SELECT office_id, entity, entity_id, fields, deleted, seq FROM rows WHERE office_id = sqlc.arg(office_id) AND seq > sqlc.arg(after) ORDER BY seq LIMIT sqlc.arg(lim)::bigint;

-- name: RowsOfEntity :many
SELECT * FROM rows WHERE office_id = $1 AND entity = $2 ORDER BY entity_id COLLATE "C";

-- name: ConflictInsert :exec
INSERT INTO conflicts (id, office_id, entity, entity_id, kept, rejected, device_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8);

-- name: ConflictGet :one
SELECT * FROM conflicts WHERE id = $1;

-- name: ConflictList :many
SELECT * FROM conflicts WHERE office_id = sqlc.arg(office_id) AND (NOT sqlc.arg(open_only)::boolean OR resolved_at = 0)
ORDER BY created_at, id;

-- name: ConflictResolve :execrows
UPDATE conflicts SET resolved_at = $1, resolved_by = $2, choice = $3 WHERE id = $4 AND resolved_at = 0;

-- name: RegisterGet :one
SELECT next_no FROM registers WHERE office_id = $1 AND unit = $2 AND jrwa = $3 AND year = $4;

-- name: LeaseList :many
SELECT * FROM leases WHERE office_id = $1 ORDER BY unit COLLATE "C", jrwa COLLATE "C", year, first_no;

-- name: LeasesOfRegister :many
SELECT device_id, first_no, last_no FROM leases WHERE office_id = $1 AND unit = $2 AND jrwa = $3 AND year = $4;

-- name: PushRead :many
-- What pushes are about to look up, in one round trip: their batches'
-- stored answers (kind b: entity holds the batch's device, digest its op
-- digest), which of their op ids were applied before (o) and the rows
-- they touch (r). Run after OfficeLock, as a statement of its own: read
-- committed then reads what the previous lock holder committed.
SELECT 'b'::text AS kind, device_id AS entity, batch_id AS id, answer AS data, false AS deleted, 0::bigint AS seq, ops_digest AS digest
FROM batches WHERE office_id = sqlc.arg(office_id)::text
  AND (device_id, batch_id) IN (SELECT unnest(sqlc.arg(batch_devices)::text[]), unnest(sqlc.arg(batch_ids)::text[]))
UNION ALL
SELECT 'o'::text, ''::text, op_id, ''::bytea, false, 0::bigint, ''::text
FROM ops WHERE office_id = sqlc.arg(office_id)::text AND op_id IN (SELECT unnest(sqlc.arg(op_ids)::text[]))
UNION ALL
SELECT 'r'::text, entity, entity_id, convert_to(fields, 'UTF8'), deleted, seq, ''::text
FROM rows WHERE office_id = sqlc.arg(office_id)::text
  AND (entity, entity_id) IN (SELECT unnest(sqlc.arg(entities)::text[]), unnest(sqlc.arg(entity_ids)::text[]));

-- name: TxWrite :exec
-- Everything a transaction wrote, in one statement: rows, op ids, batch
-- answers, registers' next numbers, leases, the nodes' marks, the report's
-- facts of the case and case event rows (report_cases, report_events) and
-- the rows' ref columns (both taken from the rows' fields in Go, see
-- reportfacts.go; refs hold chr(1) for NULL and end at the last row with
-- one: unnest pads them with NULL) and the office's sequence. A
-- statement each cost more than the writes themselves. The arrays of
-- each table are of one length and unnest side by side. A row or a
-- register written twice in one transaction comes once, in its last
-- state: ON CONFLICT may not touch a row twice in a statement.
WITH put AS (
  INSERT INTO rows (office_id, entity, entity_id, fields, deleted, seq, ref, ref2)
  SELECT sqlc.arg(office_id)::text, unnest(sqlc.arg(entities)::text[]), unnest(sqlc.arg(entity_ids)::text[]),
         unnest(sqlc.arg(fields)::text[]), unnest(sqlc.arg(deleted)::boolean[]), unnest(sqlc.arg(seqs)::bigint[]),
         NULLIF(unnest(sqlc.arg(refs)::text[]), chr(1)), NULLIF(unnest(sqlc.arg(refs2)::text[]), chr(1))
  ON CONFLICT (office_id, entity, entity_id) DO UPDATE SET
    fields = excluded.fields, deleted = excluded.deleted, seq = excluded.seq, ref = excluded.ref, ref2 = excluded.ref2
), op AS (
  INSERT INTO ops (op_id, office_id, device_id, batch_id, applied_at)
  SELECT unnest(sqlc.arg(op_ids)::text[]), sqlc.arg(office_id)::text, unnest(sqlc.arg(op_devices)::text[]),
         unnest(sqlc.arg(op_batches)::text[]), unnest(sqlc.arg(op_times)::bigint[])
), answer AS (
  INSERT INTO batches (batch_id, office_id, device_id, ops_digest, answer, created_at)
  SELECT unnest(sqlc.arg(batch_ids)::text[]), sqlc.arg(office_id)::text, unnest(sqlc.arg(batch_devices)::text[]),
         unnest(sqlc.arg(batch_digests)::text[]), unnest(sqlc.arg(answers)::bytea[]), unnest(sqlc.arg(batch_times)::bigint[])
), reg AS (
  INSERT INTO registers (office_id, unit, jrwa, year, next_no)
  SELECT sqlc.arg(office_id)::text, unnest(sqlc.arg(reg_units)::text[]), unnest(sqlc.arg(reg_jrwas)::text[]),
         unnest(sqlc.arg(reg_years)::bigint[]), unnest(sqlc.arg(reg_next)::bigint[])
  ON CONFLICT (office_id, unit, jrwa, year) DO UPDATE SET next_no = excluded.next_no
), lease AS (
  INSERT INTO leases (office_id, device_id, unit, jrwa, year, first_no, last_no, created_at)
  SELECT sqlc.arg(office_id)::text, unnest(sqlc.arg(lease_devices)::text[]), unnest(sqlc.arg(lease_units)::text[]),
         unnest(sqlc.arg(lease_jrwas)::text[]), unnest(sqlc.arg(lease_years)::bigint[]), unnest(sqlc.arg(lease_firsts)::bigint[]),
         unnest(sqlc.arg(lease_lasts)::bigint[]), unnest(sqlc.arg(lease_times)::bigint[])
), mark AS (
  INSERT INTO node_marks (office_id, node, stamp)
  SELECT sqlc.arg(office_id)::text, unnest(sqlc.arg(mark_nodes)::text[]), unnest(sqlc.arg(mark_stamps)::text[])
  ON CONFLICT (office_id, node) DO UPDATE SET stamp = GREATEST(node_marks.stamp, excluded.stamp)
), report_case AS (
  INSERT INTO report_cases (office_id, case_id, unit, card_id, status, submitted_on, due_on, supplement_due, deleted, sign, assignee_id)
  SELECT sqlc.arg(office_id)::text, unnest(sqlc.arg(case_ids)::text[]), unnest(sqlc.arg(case_units)::text[]),
         unnest(sqlc.arg(case_cards)::text[]), unnest(sqlc.arg(case_statuses)::text[]), unnest(sqlc.arg(case_submitted)::text[]),
         unnest(sqlc.arg(case_due)::text[]), unnest(sqlc.arg(case_supplement_due)::text[]), unnest(sqlc.arg(case_deleted)::boolean[]),
         unnest(sqlc.arg(case_signs)::text[]), unnest(sqlc.arg(case_assignees)::text[])
  ON CONFLICT (office_id, case_id) DO UPDATE SET unit = excluded.unit, card_id = excluded.card_id, status = excluded.status,
    submitted_on = excluded.submitted_on, due_on = excluded.due_on, supplement_due = excluded.supplement_due, deleted = excluded.deleted,
    sign = excluded.sign, assignee_id = excluded.assignee_id
), report_event AS (
  INSERT INTO report_events (office_id, event_id, case_id, kind, to_status, at_ms)
  SELECT sqlc.arg(office_id)::text, unnest(sqlc.arg(event_ids)::text[]), unnest(sqlc.arg(event_cases)::text[]),
         unnest(sqlc.arg(event_kinds)::text[]), unnest(sqlc.arg(event_tos)::text[]), unnest(sqlc.arg(event_at_ms)::bigint[])
  ON CONFLICT (office_id, event_id) DO UPDATE SET case_id = excluded.case_id, kind = excluded.kind, to_status = excluded.to_status,
    at_ms = excluded.at_ms
)
UPDATE offices SET seq = sqlc.arg(seq)::bigint WHERE id = sqlc.arg(office_id)::text AND seq <> sqlc.arg(seq)::bigint;

-- name: RowRefsFromRows :exec
-- The ref columns of rows whose looked-up field holds a value Go does not
-- print as ->> does (a number, object or array; never from a push), from
-- their stored JSON, as the expression indexes read them until migration 00022.
UPDATE rows SET
  ref = CASE entity WHEN 'audit_log' THEN (fields::jsonb) -> 'objectId' ->> 'v' WHEN 'case_file' THEN (fields::jsonb) -> 'clientId' ->> 'v'
    WHEN 'substitution' THEN (fields::jsonb) -> 'absentId' ->> 'v' END,
  ref2 = CASE entity WHEN 'substitution' THEN (fields::jsonb) -> 'standInId' ->> 'v' END
WHERE office_id = sqlc.arg(office_id)::text
  AND (entity, entity_id) IN (SELECT unnest(sqlc.arg(entities)::text[]), unnest(sqlc.arg(entity_ids)::text[]));

-- name: DateFlagInsert :exec
INSERT INTO date_flags (id, office_id, case_id, device_id, submitted_on, registry_date, reason, arrived_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8);

-- name: DateFlagList :many
SELECT * FROM date_flags WHERE office_id = sqlc.arg(office_id) AND (NOT sqlc.arg(open_only)::boolean OR checked_at = 0)
ORDER BY arrived_at, id COLLATE "C";

-- name: DateFlagCheck :execrows
UPDATE date_flags SET checked_at = $1, checked_by = $2 WHERE id = $3 AND office_id = $4 AND checked_at = 0;

-- name: YearCloseInsert :exec
INSERT INTO closed_years (office_id, year, closed_at) VALUES ($1, $2, $3) ON CONFLICT (office_id, year) DO NOTHING;

-- name: YearClosed :one
SELECT EXISTS (SELECT 1 FROM closed_years WHERE office_id = $1 AND year >= $2);
