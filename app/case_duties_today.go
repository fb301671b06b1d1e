package app

import (
	"context"
	"time"

	"okienko/app/cases"
	"okienko/app/deadline"
	"okienko/app/today"
)

// handoverDays is how long a handover stays on "Dziś" for both people.
const handoverDays = 3

// CaseDutiesToday gives "Dziś" the lines of a case's duties: cases handed
// to or by the person in the last days (KindHandover), interpreter visits
// of the day on the person's cases or booked by them (KindInterpreter),
// and the person's cases due within 3 working days (today included) with
// no art. 36 notice (KindNotice).
type CaseDutiesToday struct {
	c *Core
}

// NewCaseDutiesToday is the case duties' today.Source.
func NewCaseDutiesToday(c *Core) *CaseDutiesToday { return &CaseDutiesToday{c: c} }

var _ today.Source = (*CaseDutiesToday)(nil)

// TodayItems implements today.Source.
func (s *CaseDutiesToday) TodayItems(ctx context.Context, staffID, day string, now time.Time) ([]today.Item, error) {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return nil, err
	}
	var out []today.Item
	handovers, err := s.c.Store.DutyEvents(ctx, s.c.officeID, cases.EventHandedOver, now.AddDate(0, 0, -handoverDays))
	if err != nil {
		return nil, err
	}
	for _, e := range handovers {
		h, err := cases.ParseDuty(e.Kind, e.Detail)
		if err != nil {
			continue
		}
		it := today.Item{Kind: today.KindHandover, ID: e.ID, CaseID: e.CaseID, At: e.At}
		switch {
		case h.To == staffID:
			it.Key, it.Args = "duty.today.handedToMe", map[string]string{"sign": e.Sign, "from": typedArg(staffName(s.c, e.StaffID))}
		case h.From == staffID || e.StaffID == staffID:
			it.Key, it.Args = "duty.today.handedByMe", map[string]string{"sign": e.Sign, "to": typedArg(staffName(s.c, h.To))}
		default:
			continue
		}
		out = append(out, it)
	}
	visits, err := s.c.Store.InterpreterVisits(ctx, s.c.officeID, day)
	if err != nil {
		return nil, err
	}
	loc := s.c.Store.OfficeClock().Location()
	for _, e := range visits {
		v, err := cases.ParseDuty(e.Kind, e.Detail)
		if err != nil || e.AssigneeID != staffID && e.StaffID != staffID {
			continue
		}
		it := today.Item{Kind: today.KindInterpreter, ID: e.ID, CaseID: e.CaseID, Day: day,
			Key: "duty.today.interpreterDay", Args: map[string]string{"sign": e.Sign}}
		if at, err := time.ParseInLocation("2006-01-02 15:04", day+" "+v.VisitAt, loc); err == nil {
			it.At, it.Overdue = at, now.After(at)
			it.Key, it.Args["time"] = "duty.today.interpreter", v.VisitAt
		}
		out = append(out, it)
	}
	// From today to the day before the 4th working day: every deadline
	// within 3 working days (NeedsNotice decides each). One already passed
	// is the Dziś deadline line's (KindDeadline, overdue), not repeated here.
	dueTo := deadline.AddWorkingDays(d, deadline.NoticeWorkingDays+1).AddDate(0, 0, -1)
	near, err := s.c.Store.CasesNearDue(ctx, s.c.officeID, staffID, day, iso(dueTo))
	if err != nil {
		return nil, err
	}
	for _, n := range near {
		if n.DueOn == "" || !deadline.NeedsNotice(date(n.DueOn), d, n.NoticeDue == n.DueOn) {
			continue
		}
		out = append(out, today.Item{Kind: today.KindNotice, ID: n.CaseID, CaseID: n.CaseID, Day: n.DueOn,
			Key: "duty.today.notice", Args: map[string]string{"sign": n.Sign, "date": s.c.ui().Date(n.DueOn)}})
	}
	return out, nil
}
