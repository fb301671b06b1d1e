package db

import (
	"context"
	"time"

	"okienko/app/report"
	"okienko/db/internal/dbq"
)

// The monitoring report's reads (issue 14 part 5): the records each
// section counts, for the office's period; app/report does the counting,
// so the device and the registry count alike. Days of events are office
// days in loc (the office's zone).

// periodMs is the period's span in unix ms, [from 00:00, the day after to 00:00).
func periodMs(p report.Period, loc *time.Location) (int64, int64) {
	f, _ := time.ParseInLocation(time.DateOnly, p.From, loc)
	t, _ := time.ParseInLocation(time.DateOnly, p.To, loc)
	return f.UnixMilli(), t.AddDate(0, 0, 1).UnixMilli()
}

// dayOf is the office day of a unix ms instant, "" for 0.
func dayOf(ms int64, loc *time.Location) string {
	if ms == 0 {
		return ""
	}
	return time.UnixMilli(ms).In(loc).Format(time.DateOnly)
}

// ReportTickets lists the queue tickets this device keeps that were issued
// in the period.
func (r reader) ReportTickets(ctx context.Context, officeID string, p report.Period) ([]report.Ticket, error) {
	rows, err := r.q.ReportTickets(ctx, dbq.ReportTicketsParams{OfficeID: officeID, FromDay: p.From, ToDay: p.To})
	if err != nil {
		return nil, wrap("report tickets", err)
	}
	out := make([]report.Ticket, len(rows))
	for i, x := range rows {
		out[i] = report.Ticket{Day: x.Day, Counter: x.Counter, Group: x.Grp, Unit: x.UnitSymbol, Status: x.Status,
			IssuedAt: x.IssuedAt, CalledAt: x.CalledAt, DoneAt: x.DoneAt}
	}
	return out, nil
}

// ReportCasesFiled lists the cases filed in the period.
func (r reader) ReportCasesFiled(ctx context.Context, officeID string, p report.Period, loc *time.Location) ([]report.Case, error) {
	rows, err := r.q.ReportCasesFiled(ctx, dbq.ReportCasesFiledParams{OfficeID: officeID, FromDay: p.From, ToDay: p.To})
	if err != nil {
		return nil, wrap("report cases filed", err)
	}
	out := make([]report.Case, len(rows))
	for i, x := range rows {
		out[i] = report.Case{Unit: x.UnitSymbol, Service: x.Title, Submitted: x.SubmittedOn, Due: x.DueOn, Closed: dayOf(x.ClosedAt, loc)}
	}
	return out, nil
}

// ReportCasesDue lists the cases whose deadline falls in the period.
func (r reader) ReportCasesDue(ctx context.Context, officeID string, p report.Period, loc *time.Location) ([]report.Case, error) {
	rows, err := r.q.ReportCasesDue(ctx, dbq.ReportCasesDueParams{OfficeID: officeID, FromDay: p.From, ToDay: p.To})
	if err != nil {
		return nil, wrap("report cases due", err)
	}
	out := make([]report.Case, len(rows))
	for i, x := range rows {
		out[i] = report.Case{Unit: x.UnitSymbol, Service: x.Title, Submitted: x.SubmittedOn, Due: x.DueOn, Closed: dayOf(x.ClosedAt, loc)}
	}
	return out, nil
}

// ReportNotices lists the art. 36 KPA notices recorded in the period.
func (r reader) ReportNotices(ctx context.Context, officeID string, p report.Period, loc *time.Location) ([]report.Notice, error) {
	from, to := periodMs(p, loc)
	rows, err := r.q.ReportNotices(ctx, dbq.ReportNoticesParams{OfficeID: officeID, FromMs: from, ToMs: to})
	if err != nil {
		return nil, wrap("report notices", err)
	}
	out := make([]report.Notice, len(rows))
	for i, x := range rows {
		out[i] = report.Notice{Unit: x.UnitSymbol, Case: x.CaseID, Day: dayOf(x.CreatedAt, loc)}
	}
	return out, nil
}

// ReportCalls lists the calls to supplement made in the period, with what
// followed each.
func (r reader) ReportCalls(ctx context.Context, officeID string, p report.Period, loc *time.Location) ([]report.Call, error) {
	from, to := periodMs(p, loc)
	rows, err := r.q.ReportCalls(ctx, dbq.ReportCallsParams{OfficeID: officeID, FromMs: from, ToMs: to})
	if err != nil {
		return nil, wrap("report calls", err)
	}
	out := make([]report.Call, len(rows))
	for i, x := range rows {
		c := report.Call{Unit: x.UnitSymbol, Day: dayOf(x.CreatedAt, loc), Supplemented: x.Supplemented == 1, LeftUnexamined: x.LeftUnexamined == 1}
		if x.Status == "awaiting_supplement" {
			c.TermDue = x.SupplementDue
		}
		out[i] = c
	}
	return out, nil
}
