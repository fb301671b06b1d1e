package app

import (
	"context"
	"time"

	"okienko/app/report"
)

// ReportParts are the monitoring report's sections on this device, in the
// order shown, each with the area that counts it (issue 14's registers in
// report_registers.go). An area not recorded yet would be
// report.NotRecorded(key).
func ReportParts(c *Core) []report.Part {
	src := deviceReport{c: c}
	return []report.Part{
		{Key: report.SectionQueue, Source: report.SourceFunc(src.queue)},
		{Key: report.SectionCases, Source: report.SourceFunc(src.cases)},
		{Key: report.SectionDeadlines, Source: report.SourceFunc(src.deadlines)},
		{Key: report.SectionNotices, Source: report.SourceFunc(src.notices)},
		{Key: report.SectionSupplements, Source: report.SourceFunc(src.supplements)},
		{Key: report.SectionComplaints, Source: report.SourceFunc(src.complaints)},
		{Key: report.SectionVisits, Source: report.SourceFunc(src.visits)},
		{Key: report.SectionSurvey, Source: report.SourceFunc(src.survey)},
		{Key: report.SectionLetters, Source: report.SourceFunc(src.letters)},
	}
}

// deviceReport reads the report's records from this device's store.
type deviceReport struct{ c *Core }

func (d deviceReport) office(ctx context.Context) (string, *time.Location, string, error) {
	o, err := d.c.Store.Office(ctx)
	if err != nil {
		return "", nil, "", err
	}
	clk := d.c.Store.OfficeClock()
	return o.ID, clk.Location(), d.c.Now().Format(time.DateOnly), nil
}

func (d deviceReport) queue(ctx context.Context, p report.Period, sc report.Scope) (report.Section, error) {
	id, _, _, err := d.office(ctx)
	if err != nil {
		return report.Section{}, err
	}
	ts, err := d.c.Store.ReportTickets(ctx, id, p)
	if err != nil {
		return report.Section{}, err
	}
	return report.Queue(report.TicketsIn(ts, sc)), nil
}

func (d deviceReport) cases(ctx context.Context, p report.Period, sc report.Scope) (report.Section, error) {
	id, loc, _, err := d.office(ctx)
	if err != nil {
		return report.Section{}, err
	}
	cs, err := d.c.Store.ReportCasesFiled(ctx, id, p, loc)
	if err != nil {
		return report.Section{}, err
	}
	return report.Cases(report.CasesIn(cs, sc)), nil
}

func (d deviceReport) deadlines(ctx context.Context, p report.Period, sc report.Scope) (report.Section, error) {
	id, loc, today, err := d.office(ctx)
	if err != nil {
		return report.Section{}, err
	}
	cs, err := d.c.Store.ReportCasesDue(ctx, id, p, loc)
	if err != nil {
		return report.Section{}, err
	}
	return report.Deadlines(report.CasesIn(cs, sc), today), nil
}

func (d deviceReport) notices(ctx context.Context, p report.Period, sc report.Scope) (report.Section, error) {
	id, loc, _, err := d.office(ctx)
	if err != nil {
		return report.Section{}, err
	}
	ns, err := d.c.Store.ReportNotices(ctx, id, p, loc)
	if err != nil {
		return report.Section{}, err
	}
	return report.Notices(report.NoticesIn(ns, sc)), nil
}

func (d deviceReport) supplements(ctx context.Context, p report.Period, sc report.Scope) (report.Section, error) {
	id, loc, today, err := d.office(ctx)
	if err != nil {
		return report.Section{}, err
	}
	calls, err := d.c.Store.ReportCalls(ctx, id, p, loc)
	if err != nil {
		return report.Section{}, err
	}
	return report.Supplements(report.CallsIn(calls, sc), today), nil
}
