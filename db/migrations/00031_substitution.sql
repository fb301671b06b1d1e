-- Zastepstwa (issue 15): a person's periods of absence (urlop, zwolnienie lekarskie, delegacja, inne: the
-- category only, never why) with who stands in, from-to inclusive, for all their matters or one unit's. Set at
-- the registry (the console's Urzad i ludzie) and pulled like the staff rows; a device never writes them. The
-- staff row's substitute_id stays the person's standing substitute, without dates.
-- +goose Up
CREATE TABLE substitution ( -- A period a person is absent and who stands in; registry-only rows.
  id           TEXT    NOT NULL PRIMARY KEY,
  office_id    TEXT    NOT NULL,
  absent_id    TEXT    NOT NULL,             -- the staff id of who is absent
  stand_in_id  TEXT    NOT NULL,             -- the staff id of who stands in
  from_day     TEXT    NOT NULL,             -- YYYY-MM-DD, the first day absent
  to_day       TEXT    NOT NULL,             -- YYYY-MM-DD, the last day absent (inclusive)
  unit_id      TEXT    NOT NULL DEFAULT '',  -- the unit whose matters the stand-in takes; '' all
  reason       TEXT    NOT NULL,             -- leave, sick_leave, business_trip, other
  cancelled_at TEXT    NOT NULL DEFAULT '',  -- RFC 3339 when the registry withdrew it; '' standing
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX substitution_to_day ON substitution (office_id, to_day);

-- +goose Down
DROP TABLE substitution;
