-- +goose NO TRANSACTION
-- +goose Up
-- The registry's console added the secretary role (office.RoleSecretary:
-- reads the office in the console, works as a clerk on a device). The
-- staff table's CHECK knew only clerk, head and admin, so a secretary's
-- row pulled from the registry failed to store and was counted skipped.
-- SQLite cannot change a CHECK in place: the table is rebuilt (the
-- documented twelve steps). Foreign keys are off for the rebuild, or
-- dropping staff would break every row that names a person; the writer
-- pool holds one connection, so the pragma and the transaction share it.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE staff_next ( -- Staff directory and sign-in accounts.
  id            TEXT    NOT NULL PRIMARY KEY, -- UUIDv7
  office_id     TEXT    NOT NULL REFERENCES office (id),
  unit_id       TEXT    NOT NULL REFERENCES unit (id),
  login         TEXT    NOT NULL UNIQUE,
  first_name    TEXT    NOT NULL,
  last_name     TEXT    NOT NULL,
  role          TEXT    NOT NULL CHECK (role IN ('clerk', 'head', 'admin', 'secretary')),
  position      TEXT    NOT NULL,             -- job title (stanowisko)
  phone_ext     TEXT    NOT NULL,
  email         TEXT    NOT NULL,
  room          TEXT    NOT NULL,
  competences   TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(competences) AND json_type(competences) = 'array'), -- card codes handled
  substitute_id TEXT    REFERENCES staff (id) DEFERRABLE INITIALLY DEFERRED, -- who stands in during absence
  password_hash TEXT    NOT NULL,             -- Argon2id, PHC string
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  authorization TEXT    NOT NULL DEFAULT '', -- art. 268a KPA: the written authorization to sign "z upowaznienia"
  position_in   TEXT    NOT NULL DEFAULT '{}' -- JSON object, language to title
) STRICT;
INSERT INTO staff_next (id, office_id, unit_id, login, first_name, last_name, role, position, phone_ext, email, room, competences,
  substitute_id, password_hash, active, created_at, updated_at, authorization, position_in)
SELECT id, office_id, unit_id, login, first_name, last_name, role, position, phone_ext, email, room, competences,
  substitute_id, password_hash, active, created_at, updated_at, authorization, position_in FROM staff;
DROP TABLE staff;
ALTER TABLE staff_next RENAME TO staff;
COMMIT;
PRAGMA foreign_keys = ON;

-- +goose Down
-- Back to the three roles: a secretary works as a clerk on a device.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE staff_prev (
  id            TEXT    NOT NULL PRIMARY KEY,
  office_id     TEXT    NOT NULL REFERENCES office (id),
  unit_id       TEXT    NOT NULL REFERENCES unit (id),
  login         TEXT    NOT NULL UNIQUE,
  first_name    TEXT    NOT NULL,
  last_name     TEXT    NOT NULL,
  role          TEXT    NOT NULL CHECK (role IN ('clerk', 'head', 'admin')),
  position      TEXT    NOT NULL,
  phone_ext     TEXT    NOT NULL,
  email         TEXT    NOT NULL,
  room          TEXT    NOT NULL,
  competences   TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(competences) AND json_type(competences) = 'array'),
  substitute_id TEXT    REFERENCES staff (id) DEFERRABLE INITIALLY DEFERRED,
  password_hash TEXT    NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  authorization TEXT    NOT NULL DEFAULT '',
  position_in   TEXT    NOT NULL DEFAULT '{}'
) STRICT;
INSERT INTO staff_prev (id, office_id, unit_id, login, first_name, last_name, role, position, phone_ext, email, room, competences,
  substitute_id, password_hash, active, created_at, updated_at, authorization, position_in)
SELECT id, office_id, unit_id, login, first_name, last_name,
  CASE role WHEN 'secretary' THEN 'clerk' ELSE role END, position, phone_ext, email, room, competences,
  substitute_id, password_hash, active, created_at, updated_at, authorization, position_in FROM staff;
DROP TABLE staff;
ALTER TABLE staff_prev RENAME TO staff;
COMMIT;
PRAGMA foreign_keys = ON;
