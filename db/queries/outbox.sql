-- name: OutboxInsert :exec
INSERT INTO outbox (op_id, entity, entity_id, op, payload, hlc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: OutboxCountPending :one
SELECT COUNT(*) FROM outbox WHERE state = 'pending';

-- name: OutboxCountPendingEntity :one
SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND entity = ?;

-- name: OutboxListForEntity :many
SELECT * FROM outbox WHERE entity = ? AND entity_id = ? ORDER BY seq;

-- name: OutboxListAfter :many
SELECT * FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?;

-- name: DeviceMetaGet :one
SELECT value FROM device_meta WHERE key = ?;

-- name: DeviceMetaSet :exec
INSERT INTO device_meta (key, value) VALUES (?, ?)
ON CONFLICT (key) DO UPDATE SET value = excluded.value;
