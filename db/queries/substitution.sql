-- name: SubstitutionUpsert :exec
INSERT INTO substitution (id, office_id, absent_id, stand_in_id, from_day, to_day, unit_id, reason, cancelled_at, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  absent_id = excluded.absent_id, stand_in_id = excluded.stand_in_id, from_day = excluded.from_day,
  to_day = excluded.to_day, unit_id = excluded.unit_id, reason = excluded.reason,
  cancelled_at = excluded.cancelled_at, updated_at = excluded.updated_at;

-- name: SubstitutionsCovering :many
-- The office's standing periods that cover a day (YYYY-MM-DD), by substitution_to_day.
SELECT * FROM substitution
WHERE office_id = sqlc.arg(office_id) AND to_day >= sqlc.arg(day) AND from_day <= sqlc.arg(day) AND cancelled_at = ''
ORDER BY absent_id, from_day;

-- name: ClearSubstitutions :exec
DELETE FROM substitution;
