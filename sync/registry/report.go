package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"okienko/app/i18n"
	"okienko/app/report"
	"okienko/app/reportpdf"
	"okienko/sync/registry/store"
)

// The monitoring report across every device of an office (issue 14 part
// 5): the same records the device reads from its store, taken from the
// registry's rows and shared queue, counted by app/report, so a device's
// report and the registry's agree on the same data. Areas built later add
// their section here as on the device (app.ReportParts).

// Report counts the office's figures for the period, within scope: the
// store groups the records (ReportCounts), app/report makes the figures.
func (r *Registry) Report(ctx context.Context, officeID string, p report.Period, sc report.Scope) (report.Report, error) {
	c, err := r.reportCounts(ctx, officeID, p)
	if err != nil {
		return report.Report{}, fmt.Errorf("registry: report: %w", err)
	}
	fixed := func(s report.Section) report.Source {
		return report.SourceFunc(func(context.Context, report.Period, report.Scope) (report.Section, error) { return s, nil })
	}
	parts := []report.Part{
		{Key: report.SectionQueue, Source: fixed(report.QueueCounted(c.tickets, c.waits, c.services, sc))},
		{Key: report.SectionCases, Source: fixed(report.CasesCounted(c.cases, sc))},
		{Key: report.SectionDeadlines, Source: fixed(report.DeadlinesCounted(c.deadlines, sc))},
		{Key: report.SectionNotices, Source: fixed(report.NoticesCounted(c.notices, sc))},
		{Key: report.SectionSupplements, Source: fixed(report.SupplementsCounted(c.calls, sc))},
		{Key: report.SectionComplaints, Source: report.NotRecorded(report.SectionComplaints)},
		{Key: report.SectionVisits, Source: report.NotRecorded(report.SectionVisits)},
		{Key: report.SectionSurvey, Source: report.NotRecorded(report.SectionSurvey)},
		{Key: report.SectionLetters, Source: report.NotRecorded(report.SectionLetters)},
	}
	return report.Gather(ctx, p, sc, parts), nil
}

// WriteReportPDF prints the office-wide report for the period in Polish.
func (r *Registry) WriteReportPDF(ctx context.Context, w io.Writer, officeID string, p report.Period) (report.Report, error) {
	o, err := r.st.Office(ctx, officeID)
	if err != nil {
		return report.Report{}, err
	}
	rep, err := r.Report(ctx, officeID, p, report.Scope{OfficeWide: true})
	if err != nil {
		return rep, err
	}
	now, err := r.OfficeNow(ctx, officeID)
	if err != nil {
		return rep, err
	}
	b, err := i18n.Load()
	if err != nil {
		return rep, fmt.Errorf("registry: report: %w", err)
	}
	meta := reportpdf.Meta{Office: o.Name, ScopeText: b.T("pl", "report.scope.office", nil),
		Source: b.T("pl", "report.source.registry", nil), Printed: now, Author: o.Name}
	return rep, reportpdf.Write(w, rep, b, "pl", meta)
}

// field decodes one field's value into v; a missing or odd one leaves v.
func field(row store.Row, name string, v any) {
	if f, ok := row.Fields[name]; ok {
		_ = json.Unmarshal(f.V, v)
	}
}

// reportCounts are the office's counts for the period, as app/report
// takes them.
type reportCounts struct {
	tickets         []report.TicketCount
	waits, services []report.Spell
	cases           []report.CaseCount
	deadlines       []report.DeadlineCount
	notices         []report.NoticeCount
	calls           []report.CallCount
}

func (r *Registry) reportCounts(ctx context.Context, officeID string, p report.Period) (reportCounts, error) {
	var c reportCounts
	loc, err := r.OfficeZone(ctx, officeID)
	if err != nil {
		return c, err
	}
	now, err := r.OfficeNow(ctx, officeID)
	if err != nil {
		return c, err
	}
	q := store.ReportQuery{From: p.From, To: p.To, Today: now.In(loc).Format(time.DateOnly)}
	from, _ := time.ParseInLocation(time.DateOnly, p.From, loc)
	to, _ := time.ParseInLocation(time.DateOnly, p.To, loc)
	q.FromMs, q.ToMs = from.UnixMilli(), to.AddDate(0, 0, 1).UnixMilli()
	for d := from; d.Format(time.DateOnly) <= p.To; d = d.AddDate(0, 0, 1) {
		q.Days = append(q.Days, d.Format(time.DateOnly))
		q.DayEnds = append(q.DayEnds, d.AddDate(0, 0, 1).UnixMilli())
	}
	titles, err := r.cardTitles(ctx, officeID)
	if err != nil {
		return c, err
	}
	rows, err := r.st.ReportCounts(ctx, officeID, q)
	if err != nil {
		return c, err
	}
	deadlines := map[string]*report.DeadlineCount{}
	for _, x := range rows {
		n := int(x.N)
		switch x.Part {
		case "case":
			c.cases = append(c.cases, report.CaseCount{Unit: x.Unit, Service: titles[x.A], Registered: n, Closed: int(x.N2)})
		case "deadline":
			d := deadlines[x.Unit]
			if d == nil {
				d = &report.DeadlineCount{Unit: x.Unit}
				deadlines[x.Unit] = d
			}
			switch x.Code {
			case 0:
				d.Kept += n
			case 1:
				d.Missed += n
			default:
				d.Running += n
			}
		case "notice":
			c.notices = append(c.notices, report.NoticeCount{Unit: x.Unit, Notices: n, Cases: int(x.N2)})
		case "call":
			c.calls = append(c.calls, report.CallCount{Unit: x.Unit, Supplemented: x.Code == 0, LeftUnexamined: x.Code == 1, TermPast: x.Code == 2, N: n})
		case "ticket":
			c.tickets = append(c.tickets, report.TicketCount{Status: x.A, Counter: x.B, Group: x.C, Unit: x.Unit, N: n})
		case "wait":
			c.waits = append(c.waits, report.Spell{Unit: x.Unit, Ms: x.Code, N: n})
		case "service":
			c.services = append(c.services, report.Spell{Unit: x.Unit, Ms: x.Code, N: n})
		}
	}
	for _, d := range deadlines {
		c.deadlines = append(c.deadlines, *d)
	}
	return c, nil
}

// cardTitles maps the office's service cards to their titles (a case
// counts under its card's title).
func (r *Registry) cardTitles(ctx context.Context, officeID string) (map[string]string, error) {
	titles := map[string]string{}
	cards, err := r.st.RowsOf(ctx, officeID, "service_card")
	if err != nil {
		return nil, err
	}
	for _, c := range cards {
		var cv struct{ Card struct{ Title string } }
		field(c, "card", &cv.Card)
		if cv.Card.Title == "" {
			decodeFields(c, &cv)
		}
		titles[c.EntityID] = cv.Card.Title
	}
	return titles, nil
}
