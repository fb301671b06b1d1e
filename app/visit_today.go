package app

import (
	"context"
	"time"

	"okienko/app/today"
	"okienko/app/visits"
)

// VisitToday gives "Dziś" the home visits assigned to the person for the
// office day, or for an earlier day and not yet reported (today.Source).
// It is not bound: the Dziś service gathers it.
type VisitToday struct {
	c *Core
}

// NewVisitToday builds the visits' source of "Dziś".
func NewVisitToday(c *Core) *VisitToday { return &VisitToday{c: c} }

var _ today.Source = (*VisitToday)(nil)

// TodayItems lists the person's visits due on day, each a sentence
// "Wizyta domowa u {client}: {matter}." with its time when one was set.
func (s *VisitToday) TodayItems(ctx context.Context, staffID, day string, now time.Time) ([]today.Item, error) {
	list, err := s.c.Store.VisitsDueOf(ctx, staffID, day)
	if err != nil {
		return nil, err
	}
	loc := s.c.Store.OfficeClock().Location()
	var out []today.Item
	for _, v := range list {
		if !visits.DueOn(v, day) {
			continue
		}
		it := today.Item{Kind: today.KindVisit, ID: v.ID, CaseID: v.CaseID, Day: v.Day, Overdue: v.Day < day,
			Args: map[string]string{"client": v.Client, "matter": v.Matter}}
		switch {
		case v.Day < day:
			it.Key = "today.visitLate"
			it.Args["date"] = v.Day
		case v.Time != "":
			if at, err := time.ParseInLocation("2006-01-02 15:04", v.Day+" "+v.Time, loc); err == nil {
				it.At, it.Day = at, ""
			}
			it.Key = "today.visitAt"
		default:
			it.Key = "today.visit"
		}
		out = append(out, it)
	}
	return out, nil
}
