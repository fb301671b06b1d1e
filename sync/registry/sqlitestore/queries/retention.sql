-- name: RetentionMarkPut :exec
INSERT INTO retention_marks (office_id, case_id, done, marked_on, note, marked_by, marked_at) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (office_id, case_id) DO UPDATE SET done = excluded.done, marked_on = excluded.marked_on,
  note = excluded.note, marked_by = excluded.marked_by, marked_at = excluded.marked_at;

-- name: RetentionMarkList :many
SELECT * FROM retention_marks WHERE office_id = ? ORDER BY case_id;
