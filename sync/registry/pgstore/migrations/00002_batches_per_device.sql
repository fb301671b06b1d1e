-- +goose Up
-- A batch id is the device's own: keyed by office alone, another device's
-- batch of the same id got the first one's answer and its ops were dropped.
-- ops_digest names the batch's op ids, so a replay with other ops is refused.
ALTER TABLE batches ADD COLUMN ops_digest TEXT NOT NULL DEFAULT '';
ALTER TABLE batches DROP CONSTRAINT batches_pkey;
ALTER TABLE batches ADD PRIMARY KEY (office_id, device_id, batch_id);
COMMENT ON TABLE batches IS 'Answers to applied batches, per device: a replayed batch gets its first answer.';
COMMENT ON COLUMN batches.ops_digest IS 'SHA-256 of the batch''s op ids in order, hex; empty for batches stored before it was kept.';

-- +goose Down
DELETE FROM batches b USING batches o
WHERE b.office_id = o.office_id AND b.batch_id = o.batch_id AND (b.created_at, b.device_id) > (o.created_at, o.device_id);
ALTER TABLE batches DROP CONSTRAINT batches_pkey;
ALTER TABLE batches ADD PRIMARY KEY (office_id, batch_id);
ALTER TABLE batches DROP COLUMN ops_digest;
COMMENT ON TABLE batches IS 'Answers to applied batches: a replayed batch gets its first answer.';
