package app

import (
	"context"
	"time"

	"okienko/app/today"
)

// CallbackToday gives "Dziś" the callbacks a person makes that are due on
// the office day or overdue (today.Source). It is not bound: the Dziś
// service gathers it with the other areas' sources.
type CallbackToday struct {
	c *Core
}

// NewCallbackToday builds the callbacks' source of "Dziś".
func NewCallbackToday(c *Core) *CallbackToday { return &CallbackToday{c: c} }

var _ today.Source = (*CallbackToday)(nil)

// TodayItems lists the open callbacks staffID makes whose agreed day is
// day or earlier, each a sentence "Oddzwoń do {name} w sprawie {topic} o
// {time}." (the window's, or the day it was agreed for when it is past).
func (s *CallbackToday) TodayItems(ctx context.Context, staffID, day string, now time.Time) ([]today.Item, error) {
	list, err := s.c.Store.OpenCallbacksOf(ctx, staffID, listLimit)
	if err != nil {
		return nil, err
	}
	loc := s.c.Store.OfficeClock().Location()
	var out []today.Item
	for _, cb := range list {
		from := cb.From.In(loc)
		if from.Format(time.DateOnly) > day {
			continue
		}
		it := today.Item{Kind: today.KindCallback, ID: cb.ID, CaseID: cb.CaseID, At: from,
			Overdue: now.After(cb.End()), Args: map[string]string{"name": cb.Name, "topic": cb.Topic, "time": from.Format("15:04")}}
		switch {
		case from.Format(time.DateOnly) < day:
			it.Key = "today.callbackLate"
			it.Args["date"] = s.c.ui().Date(from.Format(time.DateOnly))
		case !cb.Until.IsZero():
			it.Key = "today.callbackWindow"
			it.Args["from"] = from.Format("15:04")
			it.Args["until"] = cb.Until.In(loc).Format("15:04")
		default:
			it.Key = "today.callback"
		}
		out = append(out, it)
	}
	return out, nil
}
