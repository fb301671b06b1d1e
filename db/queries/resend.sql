-- name: RowClockPage :many
SELECT entity, entity_id, fields FROM row_clock
WHERE entity > sqlc.arg(entity) OR (entity = sqlc.arg(entity) AND entity_id > sqlc.arg(entity_id))
ORDER BY entity, entity_id LIMIT sqlc.arg(lim);
