-- name: GenerationGet :one
SELECT generation, restored_at, marks FROM generation WHERE id = 1;

-- name: GenerationSet :exec
INSERT INTO generation (id, generation, restored_at, marks) VALUES (1, $1, $2, $3)
ON CONFLICT (id) DO UPDATE SET generation = excluded.generation, restored_at = excluded.restored_at, marks = excluded.marks;

-- name: ResentMark :exec
INSERT INTO resent (device_id, generation, at) VALUES ($1, $2, $3)
ON CONFLICT (device_id) DO UPDATE SET generation = excluded.generation, at = excluded.at;

-- name: ResendPendingDevices :many
SELECT d.id FROM devices d
WHERE d.office_id = $1 AND d.revoked_at = 0 AND d.enrolled_at < $2
  AND NOT EXISTS (SELECT 1 FROM resent r WHERE r.device_id = d.id AND r.generation = $3)
ORDER BY d.id;

-- name: NodeMarksOf :many
SELECT node, stamp::text AS stamp FROM node_marks WHERE office_id = $1 ORDER BY node;
