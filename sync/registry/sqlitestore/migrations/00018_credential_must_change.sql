-- +goose Up
-- A one-time password the admin handed over (the console's reset) must be
-- replaced by the person's own at their next sign-in; until then the
-- console refuses their session everything else.
ALTER TABLE credentials ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE credentials DROP COLUMN must_change;
