-- +goose Up
CREATE TABLE node_marks (
  office_id TEXT NOT NULL,
  node      TEXT NOT NULL,
  stamp     TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (office_id, node)
);
COMMENT ON TABLE node_marks IS 'Per office and HLC node, the newest field stamp it wrote that the store holds: a restored copy''s marks, kept as rows are written.';

-- Once, for what is already stored: the newest well-formed stamp per node among the rows' fields.
INSERT INTO node_marks (office_id, node, stamp)
SELECT s.office_id, substr(s.h, 18), max(s.h COLLATE "C")
FROM (SELECT r.office_id, f.value ->> 'h' AS h FROM rows r, jsonb_each(r.fields::jsonb) f) s
WHERE s.h ~ '^[0-9a-f]{16}-.+$'
GROUP BY s.office_id, substr(s.h, 18);

-- +goose Down
DROP TABLE node_marks;
