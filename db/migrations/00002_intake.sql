-- +goose Up
CREATE TABLE client ( -- Clients of the office: a person, a business, or a foreigner without PESEL.
  id            TEXT    NOT NULL PRIMARY KEY, -- UUIDv7
  office_id     TEXT    NOT NULL REFERENCES office (id),
  kind          TEXT    NOT NULL CHECK (kind IN ('person', 'business', 'foreigner')),
  first_name    TEXT    NOT NULL DEFAULT '',
  last_name     TEXT    NOT NULL DEFAULT '',
  business_name TEXT    NOT NULL DEFAULT '',
  pesel         TEXT,                         -- NULL when the client has none
  nip           TEXT,
  regon         TEXT,
  birth_date    TEXT    NOT NULL DEFAULT '',  -- YYYY-MM-DD or empty
  sex           TEXT    NOT NULL DEFAULT '' CHECK (sex IN ('', 'M', 'K')),
  citizenship   TEXT    NOT NULL DEFAULT '',  -- ISO 3166 alpha-2, foreigners
  doc_type      TEXT    NOT NULL DEFAULT '',  -- id-card, passport, residence-card, other
  doc_number    TEXT    NOT NULL DEFAULT '',
  doc_country   TEXT    NOT NULL DEFAULT '',
  street        TEXT    NOT NULL DEFAULT '',
  house_no      TEXT    NOT NULL DEFAULT '',
  flat_no       TEXT    NOT NULL DEFAULT '',
  postal_code   TEXT    NOT NULL DEFAULT '',
  city          TEXT    NOT NULL DEFAULT '',
  phone         TEXT    NOT NULL DEFAULT '',
  email         TEXT    NOT NULL DEFAULT '',
  lang          TEXT    NOT NULL DEFAULT 'pl', -- language for printouts: pl, en, uk
  name_key      TEXT    NOT NULL,             -- folded name for duplicate checks and search
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX client_pesel ON client (office_id, pesel);
CREATE INDEX client_nip ON client (office_id, nip);
CREATE INDEX client_name ON client (office_id, name_key);

CREATE TABLE case_file ( -- Registered cases (sprawy); the form, checklist and card version they were registered under.
  id             TEXT    NOT NULL PRIMARY KEY, -- UUIDv7
  office_id      TEXT    NOT NULL REFERENCES office (id),
  sign           TEXT    NOT NULL UNIQUE,      -- znak sprawy, e.g. SO.5352.14.2026
  unit_symbol    TEXT    NOT NULL,
  jrwa           TEXT    NOT NULL,
  reg_year       INTEGER NOT NULL,
  reg_no         INTEGER NOT NULL,
  card_id        TEXT    NOT NULL REFERENCES service_card (id), -- the card version, kept for good
  client_id      TEXT    NOT NULL REFERENCES client (id),
  status         TEXT    NOT NULL CHECK (status IN ('registered', 'in_progress', 'awaiting_supplement', 'supplemented', 'settled', 'left_unexamined', 'forwarded')),
  submitted_on   TEXT    NOT NULL,             -- YYYY-MM-DD, day the request was filed
  due_on         TEXT    NOT NULL DEFAULT '',  -- YYYY-MM-DD; empty while the clock is stopped (art. 35 par. 5)
  supplement_due TEXT    NOT NULL DEFAULT '',  -- YYYY-MM-DD, art. 64 par. 2 term while awaiting documents
  form           TEXT    NOT NULL CHECK (json_valid(form)),      -- the answers, validated against the card's schema
  checklist      TEXT    NOT NULL CHECK (json_valid(checklist)), -- documents and how each was submitted
  pauses         TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(pauses)), -- periods the clock stopped
  assignee_id    TEXT    REFERENCES staff (id),
  registered_by  TEXT    NOT NULL REFERENCES staff (id),
  draft_id       TEXT    NOT NULL DEFAULT '',  -- the draft it came from, for crash recovery checks
  search_text    TEXT    NOT NULL,             -- folded sign and client name, fed to case_fts
  due_key        TEXT    GENERATED ALWAYS AS (CASE WHEN due_on = '' THEN '9999-12-31' ELSE due_on END) VIRTUAL, -- sorts stopped clocks last
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
) STRICT;

-- One case per register number; a provisional sign (number 0, awaiting a
-- leased number) is outside the register until it gets one.
CREATE UNIQUE INDEX case_file_number ON case_file (office_id, unit_symbol, jrwa, reg_year, reg_no) WHERE reg_no > 0;
CREATE INDEX case_file_due ON case_file (office_id, due_key, sign);
CREATE INDEX case_file_status ON case_file (office_id, status, due_key, sign);
CREATE INDEX case_file_client ON case_file (client_id);

CREATE TABLE case_event ( -- Append-only history of a case: registration, status changes, printouts.
  id          TEXT    NOT NULL PRIMARY KEY, -- UUIDv7
  case_id     TEXT    NOT NULL REFERENCES case_file (id),
  kind        TEXT    NOT NULL,             -- registered, status, supplement_requested, supplemented, printed
  from_status TEXT    NOT NULL DEFAULT '',
  to_status   TEXT    NOT NULL DEFAULT '',
  staff_id    TEXT    NOT NULL REFERENCES staff (id),
  detail      TEXT    NOT NULL DEFAULT '',  -- non-personal detail, e.g. the printout kind
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX case_event_case ON case_event (case_id, created_at);

CREATE TABLE case_number ( -- The case register (spis spraw): every number of every register, used or cancelled, never skipped.
  id          TEXT    NOT NULL PRIMARY KEY, -- UUIDv7
  office_id   TEXT    NOT NULL REFERENCES office (id),
  unit_symbol TEXT    NOT NULL,
  jrwa        TEXT    NOT NULL,
  reg_year    INTEGER NOT NULL,
  reg_no      INTEGER NOT NULL,
  state       TEXT    NOT NULL CHECK (state IN ('reserved', 'used', 'cancelled')),
  case_id     TEXT    REFERENCES case_file (id) DEFERRABLE INITIALLY DEFERRED,
  device_id   TEXT    NOT NULL,             -- the device the number was reserved for
  note        TEXT    NOT NULL DEFAULT '',  -- why a number was cancelled
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  UNIQUE (office_id, unit_symbol, jrwa, reg_year, reg_no)
) STRICT;

CREATE INDEX case_number_free ON case_number (office_id, unit_symbol, jrwa, reg_year, state, reg_no);
-- Deferred foreign keys look child rows up by case_id when a case is inserted.
CREATE INDEX case_number_case ON case_number (case_id);

CREATE TABLE draft ( -- Intake in progress on this device; never synced, deleted when the case is registered.
  id         TEXT    NOT NULL PRIMARY KEY, -- UUIDv7
  office_id  TEXT    NOT NULL REFERENCES office (id),
  staff_id   TEXT    NOT NULL REFERENCES staff (id),
  card_id    TEXT    NOT NULL DEFAULT '',
  body       TEXT    NOT NULL CHECK (json_valid(body)), -- client, answers, checklist, step
  saved_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX draft_staff ON draft (staff_id, saved_at);

CREATE VIRTUAL TABLE case_fts USING fts5 (case_id UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');

-- +goose StatementBegin
CREATE TRIGGER case_fts_insert AFTER INSERT ON case_file BEGIN
  INSERT INTO case_fts (case_id, text) VALUES (NEW.id, NEW.search_text);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_fts_update AFTER UPDATE OF search_text ON case_file BEGIN
  DELETE FROM case_fts WHERE case_id = OLD.id;
  INSERT INTO case_fts (case_id, text) VALUES (NEW.id, NEW.search_text);
END;
-- +goose StatementEnd

CREATE VIRTUAL TABLE client_fts USING fts5 (client_id UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');

-- +goose StatementBegin
CREATE TRIGGER client_fts_insert AFTER INSERT ON client BEGIN
  INSERT INTO client_fts (client_id, text) VALUES (NEW.id, NEW.name_key);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER client_fts_update AFTER UPDATE OF name_key ON client BEGIN
  DELETE FROM client_fts WHERE client_id = OLD.id;
  INSERT INTO client_fts (client_id, text) VALUES (NEW.id, NEW.name_key);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER client_fts_update;
DROP TRIGGER client_fts_insert;
DROP TABLE client_fts;
DROP TRIGGER case_fts_update;
DROP TRIGGER case_fts_insert;
DROP TABLE case_fts;
DROP TABLE draft;
DROP TABLE case_number;
DROP TABLE case_event;
DROP TABLE case_file;
DROP TABLE client;
