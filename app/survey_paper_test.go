package app

import (
	"testing"

	"okienko/app/survey"
)

// TestEnterPaperBounds: a paper form is typed in under the rules the
// registry holds it to (sync/registry/paperdays.go): its day neither
// after today nor longer ago than survey.PaperAge, and at most
// survey.PaperPerDay forms of one day by one person, the clerk told so
// here rather than by a refused sync.
func TestEnterPaperBounds(t *testing.T) {
	e := newEnv(t)
	officeNow(e, 10, 0) // 23 November 2026
	e.signIn(t, "jnowak")
	s := NewSurveyService(e.core)
	form := func(day string) SurveyInput {
		return SurveyInput{Day: day, Lang: "pl", Scores: map[string]int{"overall": 4}}
	}
	for _, c := range []struct{ day, key string }{
		{"2026-11-25", "survey.dayFuture"},
		{"2026-08-22", "survey.dayTooOld"},
		{"2026-08-23", ""},
		{"2026-11-23", ""},
	} {
		if _, err := s.EnterPaper(form(c.day)); userKey(err) != c.key {
			t.Errorf("a form of %s: %v, want %q", c.day, err, c.key)
		}
	}
	for i := 1; i < survey.PaperPerDay; i++ {
		if _, err := s.EnterPaper(form("2026-11-23")); err != nil {
			t.Fatalf("form %d of the day: %v", i+1, err)
		}
	}
	if _, err := s.EnterPaper(form("2026-11-23")); userKey(err) != "survey.paperDayFull" {
		t.Errorf("one form over the day's limit: %v", err)
	}
	if _, err := s.EnterPaper(form("2026-11-22")); err != nil {
		t.Errorf("a form of another day: %v", err)
	}
	e.signIn(t, "kzielinska")
	if _, err := s.EnterPaper(form("2026-11-23")); err != nil {
		t.Errorf("another person's form of that day: %v", err)
	}
}
