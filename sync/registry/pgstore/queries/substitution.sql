-- name: RowsSubstitutionsOf :many
-- The periods where any of the people is absent or stands in, by rows_substitution_absent and
-- rows_substitution_stand_in.
SELECT * FROM rows
WHERE office_id = @office_id AND entity = 'substitution'
  AND (((fields::jsonb) -> 'absentId' ->> 'v') = ANY (@staff_ids::text[])
    OR ((fields::jsonb) -> 'standInId' ->> 'v') = ANY (@staff_ids::text[]));
