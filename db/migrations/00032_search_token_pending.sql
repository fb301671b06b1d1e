-- A first pull page by page (db/bulkload.go) keeps the clients' blind-index tokens apart as they arrive and puts
-- them into search_token sorted when it ends: keyed tokens are random, and inserting them one client at a time
-- split the index's pages all over it (about 15% of the device's work in a first pull). Empty at any other time.
-- +goose Up
CREATE TABLE search_token_pending ( -- A first pull's blind-index tokens, in arrival order, until the pull ends.
  token        TEXT    NOT NULL,
  client_rowid INTEGER NOT NULL
) STRICT;

CREATE INDEX search_token_pending_client ON search_token_pending (client_rowid);

-- +goose Down
DROP TABLE search_token_pending;
