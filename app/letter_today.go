package app

import (
	"context"
	"time"

	"okienko/app/letters"
	"okienko/app/today"
)

// LetterToday gives "Dziś" the letters and e-mails a person answers whose
// answer-by falls on the office day or has passed (today.Source). It is
// not bound: the Dziś service gathers it with the other areas' sources.
type LetterToday struct {
	c *Core
}

// NewLetterToday builds the correspondence register's source of "Dziś".
func NewLetterToday(c *Core) *LetterToday { return &LetterToday{c: c} }

var _ today.Source = (*LetterToday)(nil)

// TodayItems lists the open letters staffID answers due by the end of
// day: "Odpowiedz na e-mail od {sender}: {subject} (termin minął {due})".
func (s *LetterToday) TodayItems(ctx context.Context, staffID, day string, now time.Time) ([]today.Item, error) {
	list, err := s.c.Store.OpenLetters(ctx, staffID, listLimit)
	if err != nil {
		return nil, err
	}
	loc := s.c.Store.OfficeClock().Location()
	t := s.c.ui()
	var out []today.Item
	for _, l := range list {
		due := l.DueAt.In(loc)
		if due.Format(time.DateOnly) > day {
			continue
		}
		state := letters.StateAt(l, now)
		it := today.Item{Kind: today.KindLetter, ID: l.ID, CaseID: l.CaseID, At: due, Overdue: state == letters.StateOverdue,
			Args: map[string]string{"channel": t.T("letters.channelOf." + string(l.Channel)), "sender": l.Sender, "subject": l.Subject,
				"due": t.DateTime(due)}}
		if it.Overdue {
			it.Key = "today.letterOverdue"
		} else {
			it.Key = "today.letterDue"
		}
		out = append(out, it)
	}
	return out, nil
}
