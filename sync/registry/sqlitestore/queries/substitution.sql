-- name: RowsSubstitutionsOf :many
-- The periods where any of the people (a JSON array of staff ids) is absent or stands in, by
-- rows_substitution_absent and rows_substitution_stand_in.
SELECT * FROM rows
WHERE office_id = sqlc.arg(office_id) AND entity = 'substitution'
  AND (json_extract(fields, '$.absentId.v') IN (SELECT j.value FROM json_each(sqlc.arg(staff_ids)) j)
    OR json_extract(fields, '$.standInId.v') IN (SELECT j.value FROM json_each(sqlc.arg(staff_ids)) j));
