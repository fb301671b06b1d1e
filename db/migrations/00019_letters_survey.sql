-- +goose Up
CREATE TABLE letter ( -- Dziennik korespondencji: letters and e-mails received, whom they go to, their answer.
  id             TEXT    NOT NULL PRIMARY KEY, -- UUIDv7
  office_id      TEXT    NOT NULL,
  received_at    INTEGER NOT NULL,             -- ms: when it came in
  channel        TEXT    NOT NULL CHECK (channel IN ('email', 'post', 'epuap', 'inperson')),
  assignee_id    TEXT    NOT NULL,             -- who answers (staff id); no foreign key: rows arrive in any order
  case_id        TEXT    NOT NULL DEFAULT '',
  rule           TEXT    NOT NULL,             -- how the answer-by was counted
  due_at         INTEGER NOT NULL,             -- ms: the answer-by instant
  status         TEXT    NOT NULL CHECK (status IN ('open', 'answered')),
  answered_at    INTEGER NOT NULL DEFAULT 0,
  answer_channel TEXT    NOT NULL DEFAULT '',
  answered_by    TEXT    NOT NULL DEFAULT '',
  created_by     TEXT    NOT NULL,
  sealed         BLOB    NOT NULL,             -- sender, address, subject, note: one seal (letter, sealed, id)
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
) STRICT;

CREATE INDEX letter_received ON letter (received_at);
CREATE INDEX letter_open ON letter (status, assignee_id, due_at);

CREATE TABLE survey_answer ( -- Ankieta satysfakcji: one anonymous client's answers; append-only.
  id         TEXT    NOT NULL PRIMARY KEY, -- UUIDv7
  office_id  TEXT    NOT NULL,
  given_at   INTEGER NOT NULL,             -- ms: when it was given
  source     TEXT    NOT NULL CHECK (source IN ('screen', 'tablet', 'paper')),
  screen_id  TEXT    NOT NULL DEFAULT '',  -- the screen or tablet it came from, '' for paper
  lang       TEXT    NOT NULL,
  unit_id    TEXT    NOT NULL DEFAULT '',
  entered_by TEXT    NOT NULL DEFAULT '',  -- the clerk who typed in a paper answer
  scores     TEXT    NOT NULL,             -- JSON object: question -> 1..5
  remarked   INTEGER NOT NULL DEFAULT 0 CHECK (remarked IN (0, 1)), -- whether a remark was left (counted without a key)
  sealed     BLOB    NOT NULL,             -- the remark (survey_answer, sealed, id), sealed even when empty
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX survey_answer_given ON survey_answer (given_at);
CREATE INDEX survey_answer_screen ON survey_answer (screen_id, given_at);

-- +goose Down
DROP TABLE survey_answer;
DROP TABLE letter;
