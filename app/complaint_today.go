package app

import (
	"context"
	"time"

	"okienko/app/complaints"
	"okienko/app/today"
)

// ComplaintToday gives "Dziś" the complaints and motions a person
// considers whose clock runs out within 3 working days or has run out:
// the 7 days to forward one to the competent body (art. 231 KPA), or the
// answer's month (art. 237 § 1, 244 § 1) or its art. 36 extension. It is
// not bound: the Dziś service gathers it with the other areas' sources.
type ComplaintToday struct {
	c *Core
}

// NewComplaintToday builds the register's source of "Dziś".
func NewComplaintToday(c *Core) *ComplaintToday { return &ComplaintToday{c: c} }

var _ today.Source = (*ComplaintToday)(nil)

// TodayItems lists the person's entries near or past their clock.
func (s *ComplaintToday) TodayItems(ctx context.Context, staffID, day string, _ time.Time) ([]today.Item, error) {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return nil, err
	}
	list, err := s.c.Store.OpenComplaints(ctx, staffID, listLimit)
	if err != nil {
		return nil, err
	}
	var out []today.Item
	for _, e := range list {
		c, ok := complaints.ClockOn(e, d)
		if !ok || (!c.Overdue && !c.Soon) {
			continue
		}
		key := "today.complaint." + c.Which
		if c.Overdue {
			key += "Late"
		}
		out = append(out, today.Item{Kind: today.KindComplaint, ID: e.ID, CaseID: e.CaseID, Day: c.Due, Overdue: c.Overdue,
			Key: key, Args: map[string]string{"subject": e.Subject, "date": c.Due, "kind": "@complaints.kind." + string(e.Kind),
				"body": e.ForwardTo}})
	}
	return out, nil
}
