-- +goose Up
-- The registry checks that a pushed case sign's number was leased to the
-- device that pushed it: leases are looked up by register.
CREATE INDEX leases_register ON leases (office_id, unit, jrwa, year);

-- +goose Down
DROP INDEX leases_register;
