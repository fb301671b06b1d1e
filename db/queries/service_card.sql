-- name: ServiceCardInsert :exec
INSERT INTO service_card (id, office_id, code, version, title, unit_id, jrwa, body, hash, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: ServiceCardGet :one
SELECT * FROM service_card WHERE id = ?;

-- name: ServiceCardListCurrent :many
SELECT c.* FROM service_card c
WHERE c.office_id = ?
  AND c.version = (SELECT MAX(c2.version) FROM service_card c2 WHERE c2.office_id = c.office_id AND c2.code = c.code)
ORDER BY c.title;

-- name: ServiceCardListVersions :many
SELECT id, code, version, hash, created_at FROM service_card
WHERE office_id = ? ORDER BY code, version;

-- name: ServiceCardCount :one
SELECT COUNT(*) FROM service_card WHERE office_id = ?;
