-- name: QueueTicketInsert :exec
INSERT INTO queue_ticket (id, office_id, day, grp, number, label, priority, status, counter, issued_at, called_at, done_at, case_id, ahead, offline, reported_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: QueueTicketGet :one
SELECT * FROM queue_ticket WHERE id = ?;

-- name: QueueTicketNextNumber :one
SELECT CAST(COALESCE(MAX(number), 0) + 1 AS INTEGER) AS next FROM queue_ticket
WHERE office_id = ? AND day = ? AND grp = ? AND offline = ?;

-- name: QueueTicketListOpen :many
SELECT * FROM queue_ticket
WHERE office_id = ? AND day = ? AND status IN ('waiting', 'called', 'transferred')
ORDER BY issued_at, number;

-- name: QueueTicketCurrent :many
SELECT * FROM queue_ticket
WHERE office_id = ? AND day = ? AND status = 'called' AND counter = ?
ORDER BY called_at DESC LIMIT 1;

-- name: QueueTicketCall :execrows
UPDATE queue_ticket
SET status = 'called', counter = sqlc.arg(counter), called_at = CASE WHEN called_at = 0 THEN sqlc.arg(at) ELSE called_at END
WHERE id = sqlc.arg(id) AND status IN ('waiting', 'transferred');

-- name: QueueTicketMark :execrows
UPDATE queue_ticket SET status = ?, case_id = ?, counter = ?, done_at = ?
WHERE id = ? AND status = 'called';

-- name: QueueTicketListUnreported :many
SELECT * FROM queue_ticket
WHERE offline = 1 AND reported_at = 0 AND status IN ('served', 'absent')
ORDER BY issued_at LIMIT ?;

-- name: QueueTicketSetReported :exec
UPDATE queue_ticket SET reported_at = ? WHERE id = ?;

-- name: QueueTicketOpenOffline :one
SELECT COUNT(*) FROM queue_ticket
WHERE office_id = ? AND day = ? AND offline = 1 AND status IN ('waiting', 'transferred');
