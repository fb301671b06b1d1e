-- Retiring a unit (issue 15 part 6): the registry retires a unit an office
-- no longer uses, never deleting it (cases, numbers and registers refer to
-- it). The device keeps when, from the unit's row it pulls: a retired unit
-- drops out of the pickers for new work, while old cases still show its
-- name. Only the registry writes unit rows; a device never does.
-- +goose Up
ALTER TABLE unit ADD COLUMN retired_at INTEGER NOT NULL DEFAULT 0; -- unix ms when the registry retired it; 0 in use

-- +goose Down
ALTER TABLE unit DROP COLUMN retired_at;
