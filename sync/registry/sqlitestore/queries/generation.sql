-- name: GenerationGet :one
SELECT generation, restored_at, marks FROM generation WHERE id = 1;

-- name: GenerationSet :exec
INSERT INTO generation (id, generation, restored_at, marks) VALUES (1, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET generation = excluded.generation, restored_at = excluded.restored_at, marks = excluded.marks;

-- name: ResentMark :exec
INSERT INTO resent (device_id, generation, at) VALUES (?, ?, ?)
ON CONFLICT (device_id) DO UPDATE SET generation = excluded.generation, at = excluded.at;

-- name: ResendPendingDevices :many
SELECT d.id FROM devices d
WHERE d.office_id = ? AND d.revoked_at = 0 AND d.enrolled_at < ?
  AND NOT EXISTS (SELECT 1 FROM resent r WHERE r.device_id = d.id AND r.generation = ?)
ORDER BY d.id;

-- name: RegisterRaise :exec
INSERT INTO registers (office_id, unit, jrwa, year, next_no) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (office_id, unit, jrwa, year) DO UPDATE SET next_no = max(registers.next_no, excluded.next_no);

-- name: NodeMarksOf :many
SELECT node, stamp FROM node_marks WHERE office_id = ? ORDER BY node;

-- name: NodeMarkRaise :exec
INSERT INTO node_marks (office_id, node, stamp) VALUES (?, ?, ?)
ON CONFLICT (office_id, node) DO UPDATE SET stamp = max(node_marks.stamp, excluded.stamp);
