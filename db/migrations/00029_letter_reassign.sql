-- Dziennik korespondencji (issue 14 part 3): a letter handed to another
-- official by a unit's head or an admin. assigned_by is who did it last
-- ('' while never), assigned_at when (unix ms, 0 while never); both plain,
-- as the assignee is: ids and an instant, nothing personal.
-- +goose Up
ALTER TABLE letter ADD COLUMN assigned_by TEXT NOT NULL DEFAULT ''; -- who last reassigned the letter; '' while never
ALTER TABLE letter ADD COLUMN assigned_at INTEGER NOT NULL DEFAULT 0; -- when, unix ms; 0 while never

-- +goose Down
ALTER TABLE letter DROP COLUMN assigned_at;
ALTER TABLE letter DROP COLUMN assigned_by;
