-- name: TicketInsert :execrows
INSERT INTO queue_tickets (office_id, id, day, grp, number, label, priority, status, counter, issued_at, first_called_at,
  called_at, done_at, case_id, ahead, offline, device_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (office_id, id) DO NOTHING;

-- name: TicketGet :one
SELECT * FROM queue_tickets WHERE office_id = ? AND id = ?;

-- name: TicketNextNumber :one
SELECT CAST(COALESCE(MAX(number), 0) + 1 AS INTEGER) AS next_no FROM queue_tickets
WHERE office_id = ? AND day = ? AND grp = ? AND offline = 0;

-- name: TicketListOpen :many
SELECT * FROM queue_tickets WHERE office_id = ? AND day = ? AND status IN ('waiting', 'transferred')
ORDER BY issued_at, number;

-- name: TicketListDay :many
SELECT * FROM queue_tickets WHERE office_id = ? AND day = ? ORDER BY issued_at, number;

-- name: TicketUpdate :execrows
UPDATE queue_tickets SET status = ?, counter = ?, first_called_at = ?, called_at = ?, done_at = ?, case_id = ?
WHERE office_id = ? AND id = ?;

-- name: BoardKeyPut :exec
INSERT INTO queue_boards (office_id, key_hash, created_at) VALUES (?, ?, ?)
ON CONFLICT (office_id) DO UPDATE SET key_hash = excluded.key_hash, created_at = excluded.created_at;

-- name: BoardKeyGet :one
SELECT key_hash FROM queue_boards WHERE office_id = ?;

-- name: TicketOfflineByNumber :many
SELECT id FROM queue_tickets
WHERE office_id = ? AND device_id = ? AND day = ? AND grp = ? AND number = ? AND offline = 1
LIMIT 1;
