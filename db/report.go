package db

import (
	"context"
	"encoding/json"
	"time"

	"okienko/app/report"
	"okienko/db/internal/dbq"
)

// The monitoring report's reads (issue 14 part 5): each section's records
// of the office's period, counted by the store; app/report makes the
// figures from the counts, so the device and the registry count alike.
// Days of events are office days in loc (the office's zone).

// periodMs is the period's span in unix ms, [from 00:00, the day after to 00:00).
func periodMs(p report.Period, loc *time.Location) (int64, int64) {
	f, _ := time.ParseInLocation(time.DateOnly, p.From, loc)
	t, _ := time.ParseInLocation(time.DateOnly, p.To, loc)
	return f.UnixMilli(), t.AddDate(0, 0, 1).UnixMilli()
}

// dayEnds is, as JSON, each day of the period and the instant (unix ms)
// the next one starts at in loc: what a deadline's day is compared with in
// SQL, which knows no time zones.
func dayEnds(p report.Period, loc *time.Location) string {
	f, _ := time.ParseInLocation(time.DateOnly, p.From, loc)
	ends := make(map[string]int64, p.Days())
	for d := f; d.Format(time.DateOnly) <= p.To; d = d.AddDate(0, 0, 1) {
		ends[d.Format(time.DateOnly)] = d.AddDate(0, 0, 1).UnixMilli()
	}
	b, _ := json.Marshal(ends)
	return string(b)
}

// ReportTicketCounts counts the period's tickets by status, counter, group
// and unit, and their waits and service times by unit and length.
func (r reader) ReportTicketCounts(ctx context.Context, officeID string, p report.Period) ([]report.TicketCount, []report.Spell, []report.Spell, error) {
	rows, err := r.q.ReportTicketCounts(ctx, dbq.ReportTicketCountsParams{OfficeID: officeID, FromDay: p.From, ToDay: p.To})
	if err != nil {
		return nil, nil, nil, wrap("report ticket counts", err)
	}
	tc := make([]report.TicketCount, len(rows))
	for i, x := range rows {
		tc[i] = report.TicketCount{Status: x.Status, Counter: x.Counter, Group: x.Grp, Unit: x.UnitSymbol, N: int(x.N)}
	}
	ws, err := r.q.ReportTicketWaits(ctx, dbq.ReportTicketWaitsParams{OfficeID: officeID, FromDay: p.From, ToDay: p.To})
	if err != nil {
		return nil, nil, nil, wrap("report ticket waits", err)
	}
	waits := make([]report.Spell, len(ws))
	for i, x := range ws {
		waits[i] = report.Spell{Unit: x.UnitSymbol, Ms: x.Ms, N: int(x.N)}
	}
	ss, err := r.q.ReportTicketServices(ctx, dbq.ReportTicketServicesParams{OfficeID: officeID, FromDay: p.From, ToDay: p.To})
	if err != nil {
		return nil, nil, nil, wrap("report ticket services", err)
	}
	svcs := make([]report.Spell, len(ss))
	for i, x := range ss {
		svcs[i] = report.Spell{Unit: x.UnitSymbol, Ms: x.Ms, N: int(x.N)}
	}
	return tc, waits, svcs, nil
}

// ReportCaseCounts counts the cases filed in the period by unit and
// service, and how many of them are closed.
func (r reader) ReportCaseCounts(ctx context.Context, officeID string, p report.Period) ([]report.CaseCount, error) {
	rows, err := r.q.ReportCaseCounts(ctx, dbq.ReportCaseCountsParams{OfficeID: officeID, FromDay: p.From, ToDay: p.To})
	if err != nil {
		return nil, wrap("report case counts", err)
	}
	out := make([]report.CaseCount, len(rows))
	for i, x := range rows {
		out[i] = report.CaseCount{Unit: x.UnitSymbol, Service: x.Title, Registered: int(x.Registered), Closed: int(x.Closed)}
	}
	return out, nil
}

// ReportDeadlineCounts counts by unit the deadlines falling in the period:
// kept, missed, and running on the office day today.
func (r reader) ReportDeadlineCounts(ctx context.Context, officeID string, p report.Period, loc *time.Location, today string) ([]report.DeadlineCount, error) {
	rows, err := r.q.ReportDeadlineCounts(ctx, dbq.ReportDeadlineCountsParams{OfficeID: officeID, Today: today, DayEnds: dayEnds(p, loc)})
	if err != nil {
		return nil, wrap("report deadline counts", err)
	}
	var out []report.DeadlineCount
	at := map[string]int{}
	for _, x := range rows {
		i, ok := at[x.UnitSymbol]
		if !ok {
			i = len(out)
			at[x.UnitSymbol] = i
			out = append(out, report.DeadlineCount{Unit: x.UnitSymbol})
		}
		switch x.State {
		case 0:
			out[i].Kept += int(x.N)
		case 1:
			out[i].Missed += int(x.N)
		default:
			out[i].Running += int(x.N)
		}
	}
	return out, nil
}

// ReportNoticeCounts counts by unit the art. 36 KPA notices of the period
// and the cases they were made in.
func (r reader) ReportNoticeCounts(ctx context.Context, officeID string, p report.Period, loc *time.Location) ([]report.NoticeCount, error) {
	from, to := periodMs(p, loc)
	rows, err := r.q.ReportNoticeCounts(ctx, dbq.ReportNoticeCountsParams{OfficeID: officeID, FromMs: from, ToMs: to})
	if err != nil {
		return nil, wrap("report notice counts", err)
	}
	out := make([]report.NoticeCount, len(rows))
	for i, x := range rows {
		out[i] = report.NoticeCount{Unit: x.UnitSymbol, Notices: int(x.Notices), Cases: int(x.Cases)}
	}
	return out, nil
}

// ReportCallCounts counts by unit and outcome the calls to supplement made
// in the period, as they stand on the office day today.
func (r reader) ReportCallCounts(ctx context.Context, officeID string, p report.Period, loc *time.Location, today string) ([]report.CallCount, error) {
	from, to := periodMs(p, loc)
	rows, err := r.q.ReportCallCounts(ctx, dbq.ReportCallCountsParams{OfficeID: officeID, FromMs: from, ToMs: to, Today: today})
	if err != nil {
		return nil, wrap("report call counts", err)
	}
	out := make([]report.CallCount, len(rows))
	for i, x := range rows {
		out[i] = report.CallCount{Unit: x.UnitSymbol, Supplemented: x.Outcome == 0, LeftUnexamined: x.Outcome == 1, TermPast: x.Outcome == 2, N: int(x.N)}
	}
	return out, nil
}
