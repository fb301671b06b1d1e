-- +goose Up
CREATE TABLE node_marks ( -- Per office and HLC node, the newest field stamp it wrote that the store holds: a restored copy's marks, kept as rows are written.
  office_id TEXT NOT NULL,
  node      TEXT NOT NULL,
  stamp     TEXT NOT NULL, -- 16 lowercase hex digits, '-', the node; compared as text
  PRIMARY KEY (office_id, node)
) STRICT, WITHOUT ROWID;

-- Once, for what is already stored: the newest well-formed stamp per node among the rows' fields.
INSERT INTO node_marks (office_id, node, stamp)
SELECT s.office_id, substr(s.h, 18), max(s.h)
FROM (SELECT r.office_id, json_extract(j.value, '$.h') AS h FROM rows r, json_each(r.fields) j) s
WHERE s.h GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-?*'
GROUP BY s.office_id, substr(s.h, 18);

-- +goose Down
DROP TABLE node_marks;
