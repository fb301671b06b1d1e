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

// reportData is an office's records for a period.
type reportData struct {
	tickets []report.Ticket
	filed   []report.Case
	due     []report.Case
	notices []report.Notice
	calls   []report.Call
	today   string
}

// Report counts the office's figures for the period, within scope.
func (r *Registry) Report(ctx context.Context, officeID string, p report.Period, sc report.Scope) (report.Report, error) {
	d, err := r.reportData(ctx, officeID, p)
	if err != nil {
		return report.Report{}, fmt.Errorf("registry: report: %w", err)
	}
	fixed := func(s report.Section) report.Source {
		return report.SourceFunc(func(context.Context, report.Period, report.Scope) (report.Section, error) { return s, nil })
	}
	parts := []report.Part{
		{Key: report.SectionQueue, Source: fixed(report.Queue(report.TicketsIn(d.tickets, sc)))},
		{Key: report.SectionCases, Source: fixed(report.Cases(report.CasesIn(d.filed, sc)))},
		{Key: report.SectionDeadlines, Source: fixed(report.Deadlines(report.CasesIn(d.due, sc), d.today))},
		{Key: report.SectionNotices, Source: fixed(report.Notices(report.NoticesIn(d.notices, sc)))},
		{Key: report.SectionSupplements, Source: fixed(report.Supplements(report.CallsIn(d.calls, sc), d.today))},
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

func (r *Registry) reportData(ctx context.Context, officeID string, p report.Period) (reportData, error) {
	var d reportData
	loc, err := r.OfficeZone(ctx, officeID)
	if err != nil {
		return d, err
	}
	now, err := r.OfficeNow(ctx, officeID)
	if err != nil {
		return d, err
	}
	d.today = now.In(loc).Format(time.DateOnly)
	titles := map[string]string{}
	cards, err := r.st.RowsOf(ctx, officeID, "service_card")
	if err != nil {
		return d, err
	}
	for _, c := range cards {
		var cv struct{ Card struct{ Title string } }
		field(c, "card", &cv.Card)
		if cv.Card.Title == "" {
			decodeFields(c, &cv)
		}
		titles[c.EntityID] = cv.Card.Title
	}
	type caseRec struct {
		unit, card, status, submitted, due, supplementDue string
	}
	all, err := r.st.RowsOf(ctx, officeID, "case_file")
	if err != nil {
		return d, err
	}
	casesByID := make(map[string]caseRec, len(all))
	for _, row := range all {
		if row.Deleted {
			continue
		}
		var c caseRec
		field(row, "unit", &c.unit)
		field(row, "cardId", &c.card)
		field(row, "status", &c.status)
		field(row, "submittedOn", &c.submitted)
		field(row, "dueOn", &c.due)
		field(row, "supplementDue", &c.supplementDue)
		casesByID[row.EntityID] = c
	}
	events, err := r.st.RowsOf(ctx, officeID, "case_event")
	if err != nil {
		return d, err
	}
	type ev struct {
		kind, to string
		at       time.Time
	}
	closed := map[string]string{}
	byCase := map[string][]ev{}
	for _, row := range events {
		var e struct {
			CaseID, Kind, To string
			At               time.Time
		}
		field(row, "caseId", &e.CaseID)
		field(row, "kind", &e.Kind)
		field(row, "to", &e.To)
		field(row, "at", &e.At)
		switch e.To {
		case "settled", "left_unexamined", "forwarded":
			if day := e.At.In(loc).Format(time.DateOnly); closed[e.CaseID] == "" || day < closed[e.CaseID] {
				closed[e.CaseID] = day
			}
		}
		switch e.Kind {
		case "supplement_requested", "supplemented", "notice_art36", "status":
			byCase[e.CaseID] = append(byCase[e.CaseID], ev{kind: e.Kind, to: e.To, at: e.At})
		}
	}
	for id, c := range casesByID {
		rc := report.Case{Unit: c.unit, Service: titles[c.card], Submitted: c.submitted, Due: c.due, Closed: closed[id]}
		if p.Holds(c.submitted) {
			d.filed = append(d.filed, rc)
		}
		if c.due != "" && p.Holds(c.due) {
			d.due = append(d.due, rc)
		}
		for _, e := range byCase[id] {
			day := e.at.In(loc).Format(time.DateOnly)
			if !p.Holds(day) {
				continue
			}
			switch e.kind {
			case "notice_art36":
				d.notices = append(d.notices, report.Notice{Unit: c.unit, Day: day, Case: id})
			case "supplement_requested":
				call := report.Call{Unit: c.unit, Day: day}
				for _, later := range byCase[id] {
					if later.at.Before(e.at) {
						continue
					}
					if later.kind == "supplemented" {
						call.Supplemented = true
					}
					if later.to == "left_unexamined" {
						call.LeftUnexamined = true
					}
				}
				if c.status == "awaiting_supplement" {
					call.TermDue = c.supplementDue
				}
				d.calls = append(d.calls, call)
			}
		}
	}
	from, _ := time.Parse(time.DateOnly, p.From)
	for day := from; day.Format(time.DateOnly) <= p.To; day = day.AddDate(0, 0, 1) {
		ts, err := r.st.Tickets(ctx, officeID, day.Format(time.DateOnly))
		if err != nil {
			return d, err
		}
		for _, t := range ts {
			unit := ""
			if c, ok := casesByID[t.CaseID]; ok && t.CaseID != "" {
				unit = c.unit
			}
			called := t.FirstCalledAt
			if called.IsZero() {
				called = t.CalledAt
			}
			d.tickets = append(d.tickets, report.Ticket{Day: t.Day, Counter: t.Counter, Group: t.Group, Unit: unit, Status: t.Status,
				IssuedAt: ms(t.IssuedAt), CalledAt: ms(called), DoneAt: ms(t.DoneAt)})
		}
	}
	return d, nil
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}
