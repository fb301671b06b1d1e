package app

import (
	"context"
	"time"

	"okienko/app/office"
)

// Zastępstwa on the device: the periods of absence the registry set
// (office.Substitution, pulled like the staff rows) that cover the
// office's day (its clock, never this computer's) name, wherever the app
// says who to ask (the directory, a card's people on the screen, in the
// intake and on its printout), until when a person is away and who stands
// in for them.

// absences reads the periods covering the office's day, and that day
// (YYYY-MM-DD).
func absences(ctx context.Context, c *Core) ([]office.Substitution, string, error) {
	today := c.Today().Format(time.DateOnly)
	ps, err := c.Store.SubstitutionsOn(ctx, c.officeID, today)
	if err != nil {
		return nil, "", c.internal("list substitutions", err)
	}
	return ps, today, nil
}

// markAbsent says on each entry of a person absent today until when, and
// who stands in for the matters of unitID (a unit id; "" the person's
// matters as a whole): a period limited to another unit names no one.
// staff gives the stand-ins' names.
func (t *pr) markAbsent(entries []StaffEntry, periods []office.Substitution, staff []office.Staff, unitID, today string) {
	for i := range entries {
		e := &entries[i]
		p, ok := office.AbsentOn(periods, e.ID, today)
		if !ok {
			continue
		}
		e.Absent, e.AbsentUntil = true, p.To
		if p.UnitID == "" || unitID == "" || p.UnitID == unitID {
			for _, s := range staff {
				if s.ID == p.StandInID {
					e.StandInID, e.StandIn = s.ID, s.FullName()
				}
			}
		}
		if e.StandIn != "" {
			e.Absence = t.T("office.absentUntil", "date", t.date(p.To), "name", e.StandIn)
		} else {
			e.Absence = t.T("office.absentUntilNoStandIn", "date", t.date(p.To))
		}
	}
}

// markAbsentNow is markAbsent with the office's day's periods read.
func markAbsentNow(ctx context.Context, c *Core, t *pr, entries []StaffEntry, staff []office.Staff, unitID string) error {
	if len(entries) == 0 {
		return nil
	}
	periods, today, err := absences(ctx, c)
	if err != nil {
		return err
	}
	t.markAbsent(entries, periods, staff, unitID, today)
	return t.err
}
