package app

import (
	"context"
	"time"

	"okienko/app/cases"
	"okienko/app/deadline"
	"okienko/app/today"
)

// todayAhead is how many working days ahead "Dziś" lists a deadline or a
// term to supplement (issue 12: "deadlines in ≤ 3 working days").
const todayAhead = 3

// todayLimit is how many lines one source gives at most, the most urgent:
// a list a person reads, not a register (the case list has the rest).
const todayLimit = 100

// DeadlineSource gives "Dziś" the open cases assigned to the person whose
// deadline (art. 35) falls within 3 working days or has passed.
type DeadlineSource struct{ c *Core }

// NewDeadlineSource reads the cases' deadlines from the core's store.
func NewDeadlineSource(c *Core) *DeadlineSource { return &DeadlineSource{c: c} }

// TodayItems lists the person's cases near or past their deadline.
func (s *DeadlineSource) TodayItems(ctx context.Context, staffID, day string, _ time.Time) ([]today.Item, error) {
	until, err := aheadOf(day)
	if err != nil {
		return nil, err
	}
	rows, err := s.c.Store.TodayDeadlines(ctx, staffID, until, todayLimit)
	if err != nil {
		return nil, err
	}
	out := make([]today.Item, len(rows))
	for i, r := range rows {
		key := "today.deadline.due"
		if r.DueOn < day {
			key = "today.deadline.overdue"
		}
		out[i] = caseItem(today.KindDeadline, r, r.DueOn, day, key)
	}
	return out, nil
}

// SupplementSource gives "Dziś" the cases assigned to the person that
// await documents (art. 64 §2) whose term to supplement ends within 3
// working days or has passed: the case is then to be taken up again or
// left unexamined.
type SupplementSource struct{ c *Core }

// NewSupplementSource reads the terms to supplement from the core's store.
func NewSupplementSource(c *Core) *SupplementSource { return &SupplementSource{c: c} }

// TodayItems lists the person's calls to supplement whose term ends.
func (s *SupplementSource) TodayItems(ctx context.Context, staffID, day string, _ time.Time) ([]today.Item, error) {
	until, err := aheadOf(day)
	if err != nil {
		return nil, err
	}
	rows, err := s.c.Store.TodaySupplements(ctx, staffID, until, todayLimit)
	if err != nil {
		return nil, err
	}
	out := make([]today.Item, len(rows))
	for i, r := range rows {
		key := "today.supplement.due"
		if r.SupplementDue < day {
			key = "today.supplement.overdue"
		}
		out[i] = caseItem(today.KindSupplement, r, r.SupplementDue, day, key)
	}
	return out, nil
}

// aheadOf is the last day "Dziś" looks ahead to from the office day.
func aheadOf(day string) (string, error) {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return "", err
	}
	return deadline.AddWorkingDays(d, todayAhead).Format(time.DateOnly), nil
}

// caseItem is a case's line, due on a day.
func caseItem(k today.Kind, r cases.Row, due, day, key string) today.Item {
	return today.Item{Kind: k, ID: r.ID, CaseID: r.ID, Day: due, Overdue: due < day, Key: key,
		Args: map[string]string{"sign": r.Sign, "service": r.CardTitle, "client": r.Client.Name(), "due": due}}
}
