-- name: SurveyAnswerInsert :exec
INSERT INTO survey_answer (id, office_id, given_at, source, screen_id, lang, unit_id, entered_by, scores, remarked, sealed,
  created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO NOTHING;

-- name: SurveyLastOfScreen :one
SELECT CAST(coalesce(max(given_at), 0) AS INTEGER) FROM survey_answer WHERE screen_id = ?;

-- name: SurveyScoresBetween :many
SELECT given_at, source, scores, remarked FROM survey_answer
WHERE given_at >= ? AND given_at < ? ORDER BY given_at;

-- name: SurveyAnswersBetween :many
SELECT * FROM survey_answer WHERE given_at >= ? AND given_at < ? ORDER BY given_at, id LIMIT ?;

-- name: SurveyPaperCountOfPerson :one
SELECT count(*) FROM survey_answer
WHERE source = 'paper' AND entered_by = ? AND given_at >= ? AND given_at < ?;
