-- +goose Up
-- Encryption at rest (ARCHITECTURE.md, "Encryption at rest"): a client's
-- personal fields become one sealed column, a case's form and checklist and
-- a draft's body sealed columns, and name search moves from FTS5 to a blind
-- index (search_token). A migration has no key, so it only moves the
-- plaintext into the legacy_* holding tables; the first unlock seals them
-- in one transaction (db/seal_cases.go), empties them and VACUUMs the file.
-- Until then nothing personal can be read: every read of a sealed column
-- needs the key.
CREATE TABLE legacy_client ( -- A client's fields as an older version stored them in the clear; emptied by the first unlock.
  id            TEXT NOT NULL PRIMARY KEY,
  first_name    TEXT NOT NULL,
  last_name     TEXT NOT NULL,
  business_name TEXT NOT NULL,
  pesel         TEXT,
  nip           TEXT,
  regon         TEXT,
  birth_date    TEXT NOT NULL,
  sex           TEXT NOT NULL,
  citizenship   TEXT NOT NULL,
  doc_type      TEXT NOT NULL,
  doc_number    TEXT NOT NULL,
  doc_country   TEXT NOT NULL,
  street        TEXT NOT NULL,
  house_no      TEXT NOT NULL,
  flat_no       TEXT NOT NULL,
  postal_code   TEXT NOT NULL,
  city          TEXT NOT NULL,
  phone         TEXT NOT NULL,
  email         TEXT NOT NULL
) STRICT;
INSERT INTO legacy_client SELECT id, first_name, last_name, business_name, pesel, nip, regon, birth_date, sex,
  citizenship, doc_type, doc_number, doc_country, street, house_no, flat_no, postal_code, city, phone, email FROM client;

CREATE TABLE legacy_case ( -- A case's form and checklist as an older version stored them in the clear; emptied by the first unlock.
  id        TEXT NOT NULL PRIMARY KEY,
  form      TEXT NOT NULL,
  checklist TEXT NOT NULL
) STRICT;
INSERT INTO legacy_case SELECT id, form, checklist FROM case_file;

CREATE TABLE legacy_draft ( -- A draft's body as an older version stored it in the clear; emptied by the first unlock.
  id   TEXT NOT NULL PRIMARY KEY,
  body TEXT NOT NULL
) STRICT;
INSERT INTO legacy_draft SELECT id, body FROM draft;

-- Names leave the FTS5 indexes: client_fts goes, and case_fts keeps only
-- the case's sign (case_file.search_text, set at the first unlock).
DROP TRIGGER client_fts_delete;
DROP TRIGGER client_fts_update;
DROP TRIGGER client_fts_insert;
DROP TABLE client_fts;
DELETE FROM fts_queue WHERE tbl = 'client';
DROP INDEX client_pesel;
DROP INDEX client_nip;
DROP INDEX client_name;

ALTER TABLE client DROP COLUMN first_name;
ALTER TABLE client DROP COLUMN last_name;
ALTER TABLE client DROP COLUMN business_name;
ALTER TABLE client DROP COLUMN pesel;
ALTER TABLE client DROP COLUMN nip;
ALTER TABLE client DROP COLUMN regon;
ALTER TABLE client DROP COLUMN birth_date;
ALTER TABLE client DROP COLUMN sex;
ALTER TABLE client DROP COLUMN citizenship;
ALTER TABLE client DROP COLUMN doc_type;
ALTER TABLE client DROP COLUMN doc_number;
ALTER TABLE client DROP COLUMN doc_country;
ALTER TABLE client DROP COLUMN street;
ALTER TABLE client DROP COLUMN house_no;
ALTER TABLE client DROP COLUMN flat_no;
ALTER TABLE client DROP COLUMN postal_code;
ALTER TABLE client DROP COLUMN city;
ALTER TABLE client DROP COLUMN phone;
ALTER TABLE client DROP COLUMN email;
ALTER TABLE client DROP COLUMN name_key;
-- The personal fields as one sealed JSON object (table client, column
-- person, the row's id); empty until the first unlock seals a legacy row.
ALTER TABLE client ADD COLUMN person BLOB NOT NULL DEFAULT x'';

ALTER TABLE case_file DROP COLUMN form;
ALTER TABLE case_file DROP COLUMN checklist;
ALTER TABLE case_file ADD COLUMN form BLOB NOT NULL DEFAULT x'';      -- sealed JSON of the answers (case_file, form, id)
ALTER TABLE case_file ADD COLUMN checklist BLOB NOT NULL DEFAULT x''; -- sealed JSON of the checklist (case_file, checklist, id)

ALTER TABLE draft DROP COLUMN body;
ALTER TABLE draft ADD COLUMN body BLOB NOT NULL DEFAULT x''; -- sealed JSON (draft, body, id)

CREATE TABLE search_token ( -- The blind index of clients: keyed tokens of name prefixes and exact identifiers (app/keys), each with the client's rowid.
  token        TEXT    NOT NULL,
  client_rowid INTEGER NOT NULL,
  PRIMARY KEY (token, client_rowid)
) STRICT, WITHOUT ROWID;

-- +goose Down
-- Sealed values cannot be opened without the key: going back keeps the
-- rows but not their personal fields.
DROP TABLE search_token;
ALTER TABLE draft DROP COLUMN body;
ALTER TABLE draft ADD COLUMN body TEXT NOT NULL DEFAULT '{}';
ALTER TABLE case_file DROP COLUMN checklist;
ALTER TABLE case_file DROP COLUMN form;
ALTER TABLE case_file ADD COLUMN form TEXT NOT NULL DEFAULT '{}';
ALTER TABLE case_file ADD COLUMN checklist TEXT NOT NULL DEFAULT '[]';
ALTER TABLE client DROP COLUMN person;
ALTER TABLE client ADD COLUMN first_name TEXT NOT NULL DEFAULT '';
ALTER TABLE client ADD COLUMN last_name TEXT NOT NULL DEFAULT '';
ALTER TABLE client ADD COLUMN business_name TEXT NOT NULL DEFAULT '';
ALTER TABLE client ADD COLUMN pesel TEXT;
ALTER TABLE client ADD COLUMN nip TEXT;
ALTER TABLE client ADD COLUMN regon TEXT;
ALTER TABLE client ADD COLUMN birth_date TEXT NOT NULL DEFAULT '';
ALTER TABLE client ADD COLUMN sex TEXT NOT NULL DEFAULT '';
ALTER TABLE client ADD COLUMN citizenship TEXT NOT NULL DEFAULT '';
ALTER TABLE client ADD COLUMN doc_type TEXT NOT NULL DEFAULT '';
ALTER TABLE client ADD COLUMN doc_number TEXT NOT NULL DEFAULT '';
ALTER TABLE client ADD COLUMN doc_country TEXT NOT NULL DEFAULT '';
ALTER TABLE client ADD COLUMN street TEXT NOT NULL DEFAULT '';
ALTER TABLE client ADD COLUMN house_no TEXT NOT NULL DEFAULT '';
ALTER TABLE client ADD COLUMN flat_no TEXT NOT NULL DEFAULT '';
ALTER TABLE client ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE client ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE client ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE client ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE client ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
CREATE INDEX client_pesel ON client (office_id, pesel);
CREATE INDEX client_nip ON client (office_id, nip);
CREATE INDEX client_name ON client (office_id, name_key);
CREATE VIRTUAL TABLE client_fts USING fts5 (client_id UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
DROP TABLE legacy_draft;
DROP TABLE legacy_case;
DROP TABLE legacy_client;
