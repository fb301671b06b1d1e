package survey

import (
	"strings"
	"testing"
	"time"
)

func good() Answer {
	return Answer{At: time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC), Source: Screen, ScreenID: "scr-1", Lang: "pl",
		Scores: map[Question]int{Waiting: 4, Courtesy: 5, Overall: 5}}
}

func TestValidate(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*Answer)
		key  string
	}{
		{"valid", func(*Answer) {}, ""},
		{"paper needs no screen", func(a *Answer) { a.Source, a.ScreenID = Paper, "" }, ""},
		{"a remark in Ukrainian", func(a *Answer) { a.Remark = "Дуже дякую за допомогу" }, ""},
		{"nothing scored", func(a *Answer) { a.Scores = nil }, "survey.empty"},
		{"score 6", func(a *Answer) { a.Scores[Overall] = 6 }, "survey.scoreBad"},
		{"score 0 sent", func(a *Answer) { a.Scores[Overall] = 0 }, "survey.scoreBad"},
		{"unknown question", func(a *Answer) { a.Scores["name"] = 3 }, "survey.questionUnknown"},
		{"unknown source", func(a *Answer) { a.Source = "web" }, "survey.sourceBad"},
		{"unknown language", func(a *Answer) { a.Lang = "de" }, "survey.langBad"},
		{"screen without its id", func(a *Answer) { a.ScreenID = "" }, "survey.screenMissing"},
		{"an emoji in the remark", func(a *Answer) { a.Remark = "super 👍" }, "text.badChar"},
		{"a remark too long", func(a *Answer) { a.Remark = strings.Repeat("ą", MaxRemark+1) }, "text.tooLong"},
	} {
		a := good()
		c.edit(&a)
		ps := Validate(a)
		switch {
		case c.key == "" && len(ps) > 0:
			t.Errorf("%s: refused %+v", c.name, ps)
		case c.key != "" && (len(ps) == 0 || ps[0].Key != c.key):
			t.Errorf("%s: %+v, want %s", c.name, ps, c.key)
		}
	}
}

func TestTooSoon(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		last time.Time
		at   time.Time
		want bool
	}{
		{"first answer of the screen", time.Time{}, t0, false},
		{"a second later", t0, t0.Add(time.Second), true},
		{"59 s later", t0, t0.Add(59 * time.Second), true},
		{"a minute later", t0, t0.Add(time.Minute), false},
		{"earlier than the last (another clock)", t0, t0.Add(-time.Hour), false},
	} {
		if got := TooSoon(c.last, c.at); got != c.want {
			t.Errorf("%s: %v", c.name, got)
		}
	}
}

func TestPaperTooOld(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		at   time.Time
		want bool
	}{
		{"filled in today", now.Add(-time.Hour), false},
		{"a month ago", now.AddDate(0, -1, 0), false},
		{"92 days ago to the hour", now.Add(-PaperAge), false},
		{"a minute over 92 days", now.Add(-PaperAge - time.Minute), true},
		{"last year", now.AddDate(-1, 0, 0), true},
	} {
		if got := PaperTooOld(c.at, now); got != c.want {
			t.Errorf("%s: %v", c.name, got)
		}
	}
}

func TestAggregate(t *testing.T) {
	from := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	list := []Answer{
		{At: from, Source: Screen, Scores: map[Question]int{Overall: 5, Waiting: 2}, Remark: "ok"},
		{At: from.Add(time.Hour), Source: Tablet, Scores: map[Question]int{Overall: 4}},
		{At: from.Add(2 * time.Hour), Source: Paper, Scores: map[Question]int{Overall: 3, Courtesy: 5}},
		{At: to, Source: Screen, Scores: map[Question]int{Overall: 1}},                     // after the period
		{At: from.Add(-time.Second), Source: Screen, Scores: map[Question]int{Overall: 1}}, // before it
	}
	s := Aggregate(list, from, to)
	if s.Answers != 3 || s.Remarks != 1 || s.BySource[Screen] != 1 || s.BySource[Tablet] != 1 || s.BySource[Paper] != 1 {
		t.Fatalf("summary %+v", s)
	}
	o := s.Results[4]
	if o.Question != Overall || o.Count != 3 || o.Mean() != 4 || o.ByScore != [5]int{0, 0, 1, 1, 1} {
		t.Errorf("overall %+v", o)
	}
	if w := s.Results[0]; w.Question != Waiting || w.Count != 1 || w.Mean() != 2 {
		t.Errorf("waiting %+v", w)
	}
	if c := s.Results[2]; c.Count != 0 || c.Mean() != 0 {
		t.Errorf("competence, never scored: %+v", c)
	}
}
