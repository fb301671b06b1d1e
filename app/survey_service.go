package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"okienko/app/audit"
	"okienko/app/i18n"
	"okienko/app/survey"
	"okienko/db"
)

// SurveyService is the Ankieta satysfakcji on this device: answers a
// client gives on the screen turned to them (the client mode, which
// only the clerk's password ends), paper answers a clerk types in, and
// the results of a period. The answers sync to the registry; a tablet's
// go to the registry's survey page directly.
type SurveyService struct {
	c *Core
}

// NewSurveyService binds the service to the core.
func NewSurveyService(c *Core) *SurveyService { return &SurveyService{c: c} }

// SurveyInput is one client's answers: scores by question (0 or absent:
// not answered), an optional remark, the language it was given in, and
// for a paper answer the day it was filled in ("" for today).
type SurveyInput struct {
	Scores map[string]int `json:"scores"`
	Remark string         `json:"remark"`
	Lang   string         `json:"lang"`
	Day    string         `json:"day"`
}

// SurveySaved says an answer was taken.
type SurveySaved struct {
	ID string `json:"id"`
}

// SurveyQuestionDTO is one question's results.
type SurveyQuestionDTO struct {
	Question string  `json:"question"`
	Text     string  `json:"text"`
	Count    int     `json:"count"`
	Mean     float64 `json:"mean"`
	ByScore  []int   `json:"byScore"` // how many gave 1 … 5
}

// SurveySummaryDTO is a period's survey results (also for the monitoring
// report): answers, remarks, by source, and per question. Empty says
// there were none, so a screen shows no zeros as data.
type SurveySummaryDTO struct {
	From      string              `json:"from"`
	To        string              `json:"to"`
	Answers   int                 `json:"answers"`
	Remarks   int                 `json:"remarks"`
	Screen    int                 `json:"screen"`
	Tablet    int                 `json:"tablet"`
	Paper     int                 `json:"paper"`
	Questions []SurveyQuestionDTO `json:"questions"`
	Empty     bool                `json:"empty"`
}

// Submit takes the answer a client gave on this device's screen. One
// answer per visit: a second from this screen within a minute is refused
// (survey.tooSoon) and the first kept.
func (s *SurveyService) Submit(in SurveyInput) (SurveySaved, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return SurveySaved{}, err
	}
	now := s.c.Now()
	screen := s.c.Store.DeviceID()
	a := s.answer(in, survey.Screen, now)
	// The counter that asked is the signed-in clerk's unit: the registry
	// sends the answer to the devices of that unit (issue 13's scope).
	a.ScreenID, a.UnitID = screen, st.UnitID
	if err := s.check(a); err != nil {
		return SurveySaved{}, err
	}
	last, err := s.c.Store.LastSurveyOfScreen(ctx, screen)
	if err != nil {
		return SurveySaved{}, s.c.internal("last survey", err)
	}
	if survey.TooSoon(last, now) {
		return SurveySaved{}, i18n.E("survey.tooSoon", fmt.Errorf("app: survey from screen within %s", survey.Window))
	}
	return s.save(ctx, a)
}

// EnterPaper records a paper survey typed in by the signed-in clerk.
func (s *SurveyService) EnterPaper(in SurveyInput) (SurveySaved, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return SurveySaved{}, err
	}
	now := s.c.Now()
	a := s.answer(in, survey.Paper, now)
	a.EnteredBy, a.UnitID = st.ID, st.UnitID
	if strings.TrimSpace(in.Day) != "" {
		d, err := typedDay(in.Day, "survey.field.day")
		if err != nil {
			return SurveySaved{}, err
		}
		// Noon of the day it was filled in: the time of a paper answer is
		// not known, and noon keeps it inside its office day in any zone.
		a.At = time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, now.Location())
		if a.At.After(now.Add(12 * time.Hour)) {
			return SurveySaved{}, i18n.E("survey.dayFuture", fmt.Errorf("app: paper survey dated %s", in.Day))
		}
		if survey.PaperTooOld(a.At, now) {
			return SurveySaved{}, i18n.E("survey.dayTooOld", fmt.Errorf("app: paper survey dated %s", in.Day),
				"days", strconv.Itoa(int(survey.PaperAge/(24*time.Hour))))
		}
	}
	if err := s.check(a); err != nil {
		return SurveySaved{}, err
	}
	// The registry takes at most survey.PaperPerDay forms of one day from
	// one person; the clerk hears it here, not from a refused sync.
	from := time.Date(a.At.Year(), a.At.Month(), a.At.Day(), 0, 0, 0, 0, a.At.Location())
	n, err := s.c.Store.PaperSurveysOfPerson(ctx, st.ID, from, from.AddDate(0, 0, 1))
	if err != nil {
		return SurveySaved{}, s.c.internal("paper surveys of the day", err)
	}
	if n >= survey.PaperPerDay {
		return SurveySaved{}, i18n.E("survey.paperDayFull", fmt.Errorf("app: %d paper surveys of one day by one person", n),
			"limit", strconv.Itoa(survey.PaperPerDay))
	}
	saved, err := s.save(ctx, a)
	if err == nil {
		s.c.audit(ctx, st.ID, audit.SurveyPaper, "survey_answer", saved.ID)
	}
	return saved, err
}

// Summary is the survey's results for office days from–to (inclusive).
func (s *SurveyService) Summary(from, to string) (SurveySummaryDTO, error) {
	ctx := context.Background()
	if _, err := s.c.require(ctx); err != nil {
		return SurveySummaryDTO{}, err
	}
	now := s.c.Now()
	f, t, err := periodOf(from, to, now.Location())
	if err != nil {
		return SurveySummaryDTO{}, err
	}
	sum, err := s.c.Store.SurveySummary(ctx, f, t)
	if err != nil {
		return SurveySummaryDTO{}, s.c.internal("survey summary", err)
	}
	ui := s.c.ui()
	out := SurveySummaryDTO{From: from, To: to, Answers: sum.Answers, Remarks: sum.Remarks, Screen: sum.BySource[survey.Screen],
		Tablet: sum.BySource[survey.Tablet], Paper: sum.BySource[survey.Paper], Empty: sum.Answers == 0}
	for _, r := range sum.Results {
		out.Questions = append(out.Questions, SurveyQuestionDTO{Question: string(r.Question), Text: ui.T("survey.q." + string(r.Question)),
			Count: r.Count, Mean: r.Mean(), ByScore: r.ByScore[:]})
	}
	return out, nil
}

func (s *SurveyService) answer(in SurveyInput, src survey.Source, now time.Time) survey.Answer {
	sc := make(map[survey.Question]int, len(in.Scores))
	for q, v := range in.Scores {
		if v != 0 {
			sc[survey.Question(q)] = v
		}
	}
	a := survey.Answer{At: now, Source: src, Lang: in.Lang, Scores: sc, Remark: in.Remark}
	if a.Lang == "" {
		a.Lang = "pl"
	}
	a.Normalize()
	return a
}

func (s *SurveyService) check(a survey.Answer) error {
	if probs := survey.Validate(a); len(probs) > 0 {
		p := probs[0]
		return &i18n.Error{Key: p.Key, Args: p.Args, Err: fmt.Errorf("app: survey: field %s: %s", p.Field, p.Key)}
	}
	return nil
}

func (s *SurveyService) save(ctx context.Context, a survey.Answer) (SurveySaved, error) {
	var saved survey.Answer
	err := s.c.Store.InTx(ctx, func(tx *db.Tx) error {
		var err error
		saved, err = tx.AddSurveyAnswer(ctx, s.c.officeID, a)
		return err
	})
	if err != nil {
		return SurveySaved{}, s.c.internal("save survey", err)
	}
	return SurveySaved{ID: saved.ID}, nil
}
