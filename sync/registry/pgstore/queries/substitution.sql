-- name: RowsSubstitutionsOf :many
-- The periods where any of the people is absent (ref, by rows_substitution_absent) or stands in (ref2, by
-- rows_substitution_stand_in).
SELECT * FROM rows
WHERE office_id = @office_id AND entity = 'substitution'
  AND (ref = ANY (@staff_ids::text[]) OR ref2 = ANY (@staff_ids::text[]));
