package db

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"okienko/app/survey"
	"okienko/db/internal/dbq"
	"okienko/sync/entity"
)

// surveyPrivate is what an answer keeps sealed (survey_answer, sealed,
// id): the client's own words, which may name a person though the survey
// asks for none. Scores, times and sources stay plain: the report sums
// them without a key.
type surveyPrivate struct {
	Remark string `json:"remark"`
}

func surveyToPayload(officeID string, a survey.Answer) entity.SurveyAnswer {
	scores := make(map[string]int, len(a.Scores))
	for q, v := range a.Scores {
		scores[string(q)] = v
	}
	return entity.SurveyAnswer{ID: a.ID, OfficeID: officeID, GivenAt: stampText(a.At), Source: string(a.Source),
		ScreenID: a.ScreenID, Lang: a.Lang, UnitID: a.UnitID, EnteredBy: a.EnteredBy, Scores: scores, Remark: a.Remark}
}

func (t *Tx) writeSurveyAnswer(ctx context.Context, p entity.SurveyAnswer) error {
	scores, err := json.Marshal(p.Scores)
	if err != nil {
		return fmt.Errorf("db: save survey answer: %w", err)
	}
	raw, err := json.Marshal(surveyPrivate{Remark: p.Remark})
	if err != nil {
		return fmt.Errorf("db: save survey answer: %w", err)
	}
	sealed, err := t.lk.seal("survey_answer", "sealed", p.ID, raw)
	if err != nil {
		return err
	}
	var remarked int64
	if p.Remark != "" {
		remarked = 1
	}
	n := ms(t.now)
	return wrap("save survey answer", t.q.SurveyAnswerInsert(ctx, dbq.SurveyAnswerInsertParams{
		ID: p.ID, OfficeID: p.OfficeID, GivenAt: stampMS(p.GivenAt), Source: p.Source, ScreenID: p.ScreenID, Lang: p.Lang,
		UnitID: p.UnitID, EnteredBy: p.EnteredBy, Scores: string(scores), Remarked: remarked, Sealed: sealed, CreatedAt: n, UpdatedAt: n,
	}))
}

func writeSurveyAnswerJSON(t *Tx, ctx context.Context, raw []byte) error {
	var p entity.SurveyAnswer
	if err := decodeInto(raw, &p); err != nil {
		return err
	}
	return t.writeSurveyAnswer(ctx, p)
}

// AddSurveyAnswer stores one client's answers and records them for sync
// (append-only: an answer never changes).
func (t *Tx) AddSurveyAnswer(ctx context.Context, officeID string, a survey.Answer) (survey.Answer, error) {
	if a.ID == "" {
		a.ID = newID()
	}
	p := surveyToPayload(officeID, a)
	if err := t.writeSurveyAnswer(ctx, p); err != nil {
		return survey.Answer{}, err
	}
	return a, t.record(ctx, "survey_answer", a.ID, p)
}

// LastSurveyOfScreen is when the screen last took an answer (zero for
// none): the "one answer per visit" check.
func (r reader) LastSurveyOfScreen(ctx context.Context, screenID string) (time.Time, error) {
	v, err := r.q.SurveyLastOfScreen(ctx, screenID)
	if err != nil {
		return time.Time{}, wrap("last survey of screen", err)
	}
	return msTime(v), nil
}

// PaperSurveysOfPerson counts the paper forms personID typed in that were
// filled in within [from, to): one office day's, held to
// survey.PaperPerDay.
func (r reader) PaperSurveysOfPerson(ctx context.Context, personID string, from, to time.Time) (int, error) {
	n, err := r.q.SurveyPaperCountOfPerson(ctx, dbq.SurveyPaperCountOfPersonParams{EnteredBy: personID, GivenAt: ms(from), GivenAt_2: ms(to)})
	if err != nil {
		return 0, wrap("paper surveys of a person", err)
	}
	return int(n), nil
}

// SurveySummary sums the answers given in [from, to) per question (the
// monitoring report's survey results). No sealed column is opened: a
// remark counts only as given.
func (r reader) SurveySummary(ctx context.Context, from, to time.Time) (survey.Summary, error) {
	rows, err := r.q.SurveyScoresBetween(ctx, dbq.SurveyScoresBetweenParams{GivenAt: ms(from), GivenAt_2: ms(to)})
	if err != nil {
		return survey.Summary{}, wrap("survey summary", err)
	}
	list := make([]survey.Answer, 0, len(rows))
	for _, x := range rows {
		var sc map[survey.Question]int
		if err := json.Unmarshal([]byte(x.Scores), &sc); err != nil {
			return survey.Summary{}, fmt.Errorf("db: survey scores: %w", err)
		}
		a := survey.Answer{At: msTime(x.GivenAt), Source: survey.Source(x.Source), Scores: sc}
		if x.Remarked == 1 {
			a.Remark = "•"
		}
		list = append(list, a)
	}
	return survey.Aggregate(list, from, to), nil
}

// SurveyAnswers lists up to limit answers given in [from, to), remarks
// opened: the clerk's list of what clients wrote.
func (r reader) SurveyAnswers(ctx context.Context, from, to time.Time, limit int) ([]survey.Answer, error) {
	rows, err := r.q.SurveyAnswersBetween(ctx, dbq.SurveyAnswersBetweenParams{GivenAt: ms(from), GivenAt_2: ms(to), Limit: int64(limit)})
	if err != nil {
		return nil, wrap("survey answers", err)
	}
	out := make([]survey.Answer, 0, len(rows))
	for _, x := range rows {
		var sc map[survey.Question]int
		if err := json.Unmarshal([]byte(x.Scores), &sc); err != nil {
			return nil, fmt.Errorf("db: survey scores: %w", err)
		}
		a := survey.Answer{ID: x.ID, At: msTime(x.GivenAt), Source: survey.Source(x.Source), ScreenID: x.ScreenID,
			Lang: x.Lang, UnitID: x.UnitID, EnteredBy: x.EnteredBy, Scores: sc}
		{
			raw, err := r.lk.open("survey_answer", "sealed", x.ID, x.Sealed)
			if err != nil {
				return nil, err
			}
			var priv surveyPrivate
			if err := json.Unmarshal(raw, &priv); err != nil {
				return nil, fmt.Errorf("db: survey answer %s: %w", x.ID, err)
			}
			a.Remark = priv.Remark
		}
		out = append(out, a)
	}
	return out, nil
}
