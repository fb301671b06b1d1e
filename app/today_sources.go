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

// todayLimit is how many cases one source lists at most, the most urgent:
// a list a person reads, not a register. One more line says that some did
// not fit (the case list has them); one more row read tells, where a count
// would walk every overdue case of the person.
const todayLimit = 100

// moreID sorts a source's "and N more" line after its cases of the same
// day (case ids are UUIDs: digits and lower-case hex).
const moreID = "~more"

// DeadlineSource gives "Dziś" the open cases assigned to the person whose
// deadline (art. 35) falls within 3 working days or has passed.
type DeadlineSource struct {
	c     *Core
	limit int
}

// NewDeadlineSource reads the cases' deadlines from the core's store.
func NewDeadlineSource(c *Core) *DeadlineSource { return &DeadlineSource{c: c, limit: todayLimit} }

// TodayItems lists the person's cases near or past their deadline.
func (s *DeadlineSource) TodayItems(ctx context.Context, staffID, day string, _ time.Time) ([]today.Item, error) {
	until, err := aheadOf(day)
	if err != nil {
		return nil, err
	}
	rows, err := s.c.Store.TodayDeadlines(ctx, staffID, until, s.limit+1)
	if err != nil {
		return nil, err
	}
	out := make([]today.Item, 0, len(rows)+1)
	for _, r := range rows {
		key := "today.deadline.due"
		if r.DueOn < day {
			key = "today.deadline.overdue"
		}
		out = append(out, caseItem(today.KindDeadline, r, r.DueOn, day, key))
	}
	return more(out, s.limit, today.KindDeadline, day, "today.deadline.more"), nil
}

// SupplementSource gives "Dziś" the cases assigned to the person that
// await documents (art. 64 §2) whose term to supplement ends within 3
// working days or has passed: the case is then to be taken up again or
// left unexamined.
type SupplementSource struct {
	c     *Core
	limit int
}

// NewSupplementSource reads the terms to supplement from the core's store.
func NewSupplementSource(c *Core) *SupplementSource {
	return &SupplementSource{c: c, limit: todayLimit}
}

// TodayItems lists the person's calls to supplement whose term ends.
func (s *SupplementSource) TodayItems(ctx context.Context, staffID, day string, _ time.Time) ([]today.Item, error) {
	until, err := aheadOf(day)
	if err != nil {
		return nil, err
	}
	rows, err := s.c.Store.TodaySupplements(ctx, staffID, until, s.limit+1)
	if err != nil {
		return nil, err
	}
	out := make([]today.Item, 0, len(rows)+1)
	for _, r := range rows {
		key := "today.supplement.due"
		if r.SupplementDue < day {
			key = "today.supplement.overdue"
		}
		out = append(out, caseItem(today.KindSupplement, r, r.SupplementDue, day, key))
	}
	return more(out, s.limit, today.KindSupplement, day, "today.supplement.more"), nil
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
	return today.Item{Kind: k, ID: r.ID, CaseID: r.ID, Day: due, Overdue: due < day, Key: key, CardID: r.CardID,
		Args: map[string]string{"sign": r.Sign, "service": r.CardTitle, "client": r.Client.Name(), "due": due}}
}

// more keeps the first limit lines and, when there were more, adds one
// saying so after the last kept (on its day); it opens the case list.
func more(items []today.Item, limit int, k today.Kind, day, key string) []today.Item {
	if len(items) <= limit {
		return items
	}
	last := items[limit-1].Day
	return append(items[:limit], today.Item{Kind: k, ID: moreID, Day: last, Overdue: last < day, Key: key})
}
