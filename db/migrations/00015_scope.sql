-- +goose Up
CREATE TABLE scope_forget ( -- Cases outside this device's scope (issue 13) to remove once nothing of theirs waits in the outbox; never synced.
  case_id   TEXT    NOT NULL PRIMARY KEY,
  queued_at INTEGER NOT NULL -- ms, when the registry or the period said so
) STRICT;

-- +goose Down
DROP TABLE scope_forget;
