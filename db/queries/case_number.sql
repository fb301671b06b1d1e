-- name: CaseNumberMax :one
SELECT CAST(COALESCE(MAX(reg_no), 0) AS INTEGER) FROM case_number
WHERE office_id = ? AND unit_symbol = ? AND jrwa = ? AND reg_year = ?;

-- name: CaseNumberInsert :exec
INSERT INTO case_number (id, office_id, unit_symbol, jrwa, reg_year, reg_no, state, case_id, device_id, note, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: CaseNumberNextReserved :one
SELECT * FROM case_number
WHERE office_id = ? AND unit_symbol = ? AND jrwa = ? AND reg_year = ? AND state = 'reserved' AND device_id = ?
ORDER BY reg_no LIMIT 1;

-- name: CaseNumberCountReserved :one
SELECT COUNT(*) FROM case_number
WHERE office_id = ? AND unit_symbol = ? AND jrwa = ? AND reg_year = ? AND state = 'reserved' AND device_id = ?;

-- name: CaseNumberMarkUsed :execrows
UPDATE case_number SET state = 'used', case_id = ?, updated_at = ? WHERE id = ? AND state = 'reserved';

-- name: CaseNumberListReservedBefore :many
SELECT * FROM case_number WHERE office_id = ? AND state = 'reserved' AND reg_year < ? AND device_id = ?
ORDER BY reg_year, unit_symbol, jrwa, reg_no;

-- name: CaseNumberCancel :execrows
UPDATE case_number SET state = 'cancelled', note = ?, updated_at = ? WHERE id = ? AND state = 'reserved';

-- name: CaseNumberListRegister :many
SELECT * FROM case_number WHERE office_id = ? AND unit_symbol = ? AND jrwa = ? AND reg_year = ? ORDER BY reg_no;
