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

-- name: OfficeNodeMarks :many
-- The newest well-formed field stamp (16 lowercase hex digits, '-', a node) per HLC node among an office's rows;
-- compared bytewise (COLLATE "C"), as stamps are everywhere else.
SELECT substr(s.h, 18)::text AS node, max(s.h COLLATE "C")::text AS stamp
FROM (SELECT f.value ->> 'h' AS h FROM rows r, jsonb_each(r.fields::jsonb) f WHERE r.office_id = $1) s
WHERE s.h ~ '^[0-9a-f]{16}-.+$'
GROUP BY 1;
