-- +goose Up
-- A batch id is the device's own: keyed by office alone, another device's
-- batch of the same id got the first one's answer and its ops were dropped.
-- ops_digest names the batch's op ids, so a replay with other ops is refused.
CREATE TABLE batches_by_device ( -- Answers to applied batches, per device: a replayed batch gets its first answer.
  batch_id   TEXT    NOT NULL,
  office_id  TEXT    NOT NULL,
  device_id  TEXT    NOT NULL,
  ops_digest TEXT    NOT NULL DEFAULT '', -- SHA-256 of the op ids in order, hex; '' for batches stored before it was kept
  answer     BLOB    NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (office_id, device_id, batch_id)
) STRICT, WITHOUT ROWID;

INSERT INTO batches_by_device (batch_id, office_id, device_id, answer, created_at)
SELECT batch_id, office_id, device_id, answer, created_at FROM batches;

DROP TABLE batches;

ALTER TABLE batches_by_device RENAME TO batches;

-- +goose Down
CREATE TABLE batches_by_office ( -- Answers to applied batches: a replayed batch gets its first answer.
  batch_id   TEXT    NOT NULL,
  office_id  TEXT    NOT NULL,
  device_id  TEXT    NOT NULL,
  answer     BLOB    NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (office_id, batch_id)
) STRICT, WITHOUT ROWID;

INSERT OR IGNORE INTO batches_by_office (batch_id, office_id, device_id, answer, created_at)
SELECT batch_id, office_id, device_id, answer, created_at FROM batches ORDER BY created_at;

DROP TABLE batches;

ALTER TABLE batches_by_office RENAME TO batches;
