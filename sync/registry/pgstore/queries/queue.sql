-- name: TicketInsert :execrows
INSERT INTO queue_tickets (office_id, id, day, grp, number, label, priority, status, counter, issued_at, first_called_at,
  called_at, done_at, case_id, ahead, offline, device_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
ON CONFLICT (office_id, id) DO NOTHING;

-- name: TicketGet :one
SELECT * FROM queue_tickets WHERE office_id = $1 AND id = $2;

-- name: TicketNextNumber :one
SELECT (COALESCE(MAX(number), 0) + 1)::BIGINT AS next_no FROM queue_tickets
WHERE office_id = $1 AND day = $2 AND grp = $3 AND NOT offline;

-- name: TicketListOpen :many
SELECT * FROM queue_tickets WHERE office_id = $1 AND day = $2 AND status IN ('waiting', 'transferred')
ORDER BY issued_at, number;

-- name: TicketListDay :many
SELECT * FROM queue_tickets WHERE office_id = $1 AND day = $2 ORDER BY issued_at, number;

-- name: TicketUpdate :execrows
UPDATE queue_tickets SET status = $1, counter = $2, first_called_at = $3, called_at = $4, done_at = $5, case_id = $6
WHERE office_id = $7 AND id = $8;

-- name: BoardKeyPut :exec
INSERT INTO queue_boards (office_id, key_hash, created_at) VALUES ($1, $2, $3)
ON CONFLICT (office_id) DO UPDATE SET key_hash = excluded.key_hash, created_at = excluded.created_at;

-- name: BoardKeyGet :one
SELECT key_hash FROM queue_boards WHERE office_id = $1;

-- name: TicketOfflineByNumber :many
SELECT id FROM queue_tickets
WHERE office_id = $1 AND device_id = $2 AND day = $3 AND grp = $4 AND number = $5 AND offline
LIMIT 1;
