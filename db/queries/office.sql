-- name: OfficeGet :one
SELECT * FROM office LIMIT 1;

-- name: OfficeGetByID :one
SELECT * FROM office WHERE id = ?;

-- name: OfficeUpsert :exec
INSERT INTO office (id, name, street, postal_code, city, teryt, phone, email, epuap, website,
  fee_account, fee_bank, opening_hours, sample, time_zone, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  name = excluded.name, street = excluded.street, postal_code = excluded.postal_code,
  city = excluded.city, teryt = excluded.teryt, phone = excluded.phone, email = excluded.email,
  epuap = excluded.epuap, website = excluded.website, fee_account = excluded.fee_account,
  fee_bank = excluded.fee_bank, opening_hours = excluded.opening_hours, sample = excluded.sample,
  time_zone = excluded.time_zone,
  updated_at = excluded.updated_at;

-- name: UnitList :many
SELECT * FROM unit WHERE office_id = ? ORDER BY symbol;

-- name: UnitGet :one
SELECT * FROM unit WHERE id = ?;

-- name: UnitUpsert :exec
INSERT INTO unit (id, office_id, symbol, name, room, phone, email, retired_at, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  symbol = excluded.symbol, name = excluded.name, room = excluded.room, phone = excluded.phone,
  email = excluded.email, retired_at = excluded.retired_at, updated_at = excluded.updated_at;
