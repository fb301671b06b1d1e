-- name: ClientUpsert :exec
INSERT INTO client (id, office_id, kind, first_name, last_name, business_name, pesel, nip, regon, birth_date, sex,
  citizenship, doc_type, doc_number, doc_country, street, house_no, flat_no, postal_code, city, phone, email, lang,
  name_key, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  kind = excluded.kind, first_name = excluded.first_name, last_name = excluded.last_name,
  business_name = excluded.business_name, pesel = excluded.pesel, nip = excluded.nip, regon = excluded.regon,
  birth_date = excluded.birth_date, sex = excluded.sex, citizenship = excluded.citizenship,
  doc_type = excluded.doc_type, doc_number = excluded.doc_number, doc_country = excluded.doc_country,
  street = excluded.street, house_no = excluded.house_no, flat_no = excluded.flat_no,
  postal_code = excluded.postal_code, city = excluded.city, phone = excluded.phone, email = excluded.email,
  lang = excluded.lang, name_key = excluded.name_key, updated_at = excluded.updated_at;

-- name: ClientGet :one
SELECT * FROM client WHERE id = ?;

-- name: ClientListByPESEL :many
SELECT * FROM client WHERE office_id = ? AND pesel = ? ORDER BY created_at LIMIT 20;

-- name: ClientListByNIP :many
SELECT * FROM client WHERE office_id = ? AND nip = ? ORDER BY created_at LIMIT 20;

-- name: ClientListByNameBirth :many
SELECT * FROM client WHERE office_id = ? AND name_key = ? AND birth_date = ? ORDER BY created_at LIMIT 20;

-- name: ClientListByIdentPrefix :many
SELECT * FROM client
WHERE office_id = sqlc.arg(office_id)
  AND ((pesel >= sqlc.arg(lo) AND pesel < sqlc.arg(hi)) OR (nip >= sqlc.arg(lo) AND nip < sqlc.arg(hi)))
ORDER BY last_name, first_name LIMIT sqlc.arg(lim);

-- name: ClientSearchName :many
SELECT c.* FROM client_fts f JOIN client c ON c.id = f.client_id
WHERE f.text MATCH sqlc.arg(query) AND c.office_id = sqlc.arg(office_id)
ORDER BY f.rowid DESC LIMIT sqlc.arg(lim);
