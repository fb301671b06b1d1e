-- +goose Up
-- A job title in the languages printouts are made in ({"en": "...", "uk": "..."}):
-- an English receipt must not name its clerk's post in Polish only.
ALTER TABLE staff ADD COLUMN position_in TEXT NOT NULL DEFAULT '{}'; -- JSON object, language to title

-- +goose Down
ALTER TABLE staff DROP COLUMN position_in;
