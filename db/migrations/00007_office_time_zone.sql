-- +goose Up
-- Every legal date of the office is taken in its own zone, never the computer's.
ALTER TABLE office ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Warsaw'; -- IANA zone name

-- +goose Down
ALTER TABLE office DROP COLUMN time_zone;
