package db

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"okienko/app/letters"
	"okienko/app/survey"
)

// TestLettersSealedAndCounted: an entry's sender, address, subject and
// remark, and a survey's remark, reach no byte of the database or its
// WAL (outbox and row clocks included), read back whole, and the
// register's and the survey's figures for a period come out as counted
// by hand.
func TestLettersSealedAndCounted(t *testing.T) {
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	ctx := context.Background()
	mk := func(rec time.Time, answered time.Time, ch letters.Channel) letters.Letter {
		l := letters.Letter{ReceivedAt: rec, Channel: ch, Sender: "Bożydar Wąsowicz-Pępek", SenderAddress: "ul. Tajemnicza 9",
			Subject: "Wniosek o ławkę", AssigneeID: f.staff.ID, CreatedBy: f.staff.ID, Rule: letters.DefaultRule(ch), Status: letters.Open}
		l.DueAt = letters.AnswerBy(l.Rule, rec, time.Time{})
		if !answered.IsZero() {
			l.Status, l.AnsweredAt, l.AnswerChannel, l.AnsweredBy, l.Note = letters.Answered, answered, letters.Post, f.staff.ID, "odpisano-poufnie"
		}
		return l
	}
	d := func(day, h int) time.Time { return time.Date(2026, 11, day, h, 0, 0, 0, time.UTC) }
	list := []letters.Letter{
		mk(d(2, 9), d(3, 9), letters.Email),      // e-mail answered on time
		mk(d(2, 9), d(10, 9), letters.Email),     // answered late (due 5 Nov 09:00)
		mk(d(9, 9), time.Time{}, letters.Email),  // overdue at the 20th
		mk(d(16, 9), time.Time{}, letters.Post),  // a letter: due in December
		mk(d(25, 9), time.Time{}, letters.Email), // received after the period
	}
	var saved []letters.Letter
	if err := s.InTx(ctx, func(tx *Tx) error {
		for _, l := range list {
			got, err := tx.SaveLetter(ctx, f.office.ID, l)
			if err != nil {
				return err
			}
			saved = append(saved, got)
		}
		for i, sc := range []int{5, 4, 2} {
			a := survey.Answer{At: d(3+i, 10), Source: survey.Screen, ScreenID: "scr", Lang: "pl", Scores: map[survey.Question]int{survey.Overall: sc, survey.Waiting: 3}}
			if i == 0 {
				a.Remark = "Pani-Zofia-bardzo-miła"
			}
			if _, err := tx.AddSurveyAnswer(ctx, f.office.ID, a); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Letter(ctx, saved[1].ID)
	if err != nil || got.Sender != "Bożydar Wąsowicz-Pępek" || got.Note != "odpisano-poufnie" || !got.AnsweredAt.Equal(d(10, 9)) {
		t.Fatalf("read back %+v, %v", got, err)
	}
	if _, err := s.Letter(ctx, NewID()); err == nil {
		t.Error("an unknown letter was found")
	}
	c, err := s.LetterCounts(ctx, d(1, 0), d(21, 0), d(30, 0))
	if err != nil {
		t.Fatal(err)
	}
	if c.Received != 4 || c.Answered != 2 || c.AnsweredLate != 1 || c.Overdue != 1 {
		t.Errorf("counts %+v, want 4 received, 2 answered (1 late), 1 overdue", c)
	}
	// The same period seen on the 4th: the late answer not yet given.
	if c, _ := s.LetterCounts(ctx, d(1, 0), d(21, 0), d(4, 0)); c.Answered != 1 {
		t.Errorf("counts as of the 4th %+v", c)
	}
	open, err := s.OpenLetters(ctx, f.staff.ID, 10)
	if err != nil || len(open) != 3 || open[0].ID != saved[2].ID {
		t.Errorf("open letters %d, %v", len(open), err)
	}
	sum, err := s.SurveySummary(ctx, d(1, 0), d(30, 0))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Answers != 3 || sum.Remarks != 1 || sum.Results[4].Mean() != 11.0/3 || sum.Results[0].Count != 3 {
		t.Errorf("survey summary %+v", sum)
	}
	ans, err := s.SurveyAnswers(ctx, d(1, 0), d(30, 0), 10)
	if err != nil || len(ans) != 3 || ans[0].Remark != "Pani-Zofia-bardzo-miła" || ans[1].Remark != "" {
		t.Errorf("survey answers %+v, %v", ans, err)
	}
	last, err := s.LastSurveyOfScreen(ctx, "scr")
	if err != nil || !last.Equal(d(5, 10)) {
		t.Errorf("last of screen %v, %v", last, err)
	}
	if err := s.compact(ctx); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{s.Path(), s.Path() + "-wal"} {
		raw, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		for _, secret := range []string{"Wąsowicz", "Tajemnicza", "ławkę", "odpisano-poufnie", "Pani-Zofia"} {
			for i, enc := range encodings(secret) {
				if bytes.Contains(raw, enc) {
					t.Errorf("%s (form %d) in %s", secret, i, p)
				}
			}
		}
	}
}
