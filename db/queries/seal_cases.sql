-- What an older version stored in the clear, sealed at the first unlock
-- (db/seal_cases.go; migration 00013).

-- name: LegacyCasesPending :one
SELECT EXISTS (SELECT 1 FROM legacy_client) OR EXISTS (SELECT 1 FROM legacy_case)
  OR EXISTS (SELECT 1 FROM legacy_draft) AS pending;

-- name: LegacyClientList :many
SELECT l.*, CAST(c.rowid AS INTEGER) AS rid FROM legacy_client l JOIN client c ON c.id = l.id;

-- name: LegacyCaseList :many
SELECT * FROM legacy_case;

-- name: LegacyDraftList :many
SELECT * FROM legacy_draft;

-- name: LegacyClientClear :exec
DELETE FROM legacy_client;

-- name: LegacyCaseClear :exec
DELETE FROM legacy_case;

-- name: LegacyDraftClear :exec
DELETE FROM legacy_draft;

-- name: ClientSetPerson :exec
UPDATE client SET person = ? WHERE id = ?;

-- name: CaseSetSealed :exec
UPDATE case_file SET form = ?, checklist = ? WHERE id = ?;

-- name: DraftSetBody :exec
UPDATE draft SET body = ? WHERE id = ?;

-- name: CaseSignsAll :many
SELECT id, sign, search_text FROM case_file;

-- name: CaseSetSearchText :exec
UPDATE case_file SET search_text = ? WHERE id = ?;
