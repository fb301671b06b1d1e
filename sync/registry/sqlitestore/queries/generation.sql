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

-- name: OfficeNodeMarks :many
-- The newest well-formed field stamp (16 lowercase hex digits, '-', a node) per HLC node among an office's rows.
SELECT CAST(substr(s.h, 18) AS TEXT) AS node, CAST(max(s.h) AS TEXT) AS stamp
FROM (SELECT json_extract(j.value, '$.h') AS h FROM rows r, json_each(r.fields) j WHERE r.office_id = ?) s
WHERE s.h GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-?*'
GROUP BY 1;
