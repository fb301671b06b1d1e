package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"okienko/app/queue"
	"okienko/app/registerpdf"
	"okienko/app/report"
	"okienko/app/reportpdf"
	"okienko/app/survey"
	"okienko/sync/registry/store"
)

// The monitoring report across every device of an office (issue 14 part
// 5): the same records the device reads from its store, taken from the
// registry's rows and shared queue, counted by app/report, so a device's
// report and the registry's agree on the same data: every section of the
// device's (app.ReportParts), the registers of complaints, visits,
// letters and survey answers counted from their synced rows as the device
// counts its tables (app/report_registers.go).

// Report counts the office's figures for the period, within scope: the
// store groups the records (ReportCounts), app/report makes the figures.
// Names read as the office writes them, in Polish (the console's screen
// marks them so); the printed report names them in its language.
func (r *Registry) Report(ctx context.Context, officeID string, p report.Period, sc report.Scope) (report.Report, error) {
	return r.reportIn(ctx, officeID, p, sc, "pl")
}

// reportIn is Report with the queue's matter groups named in locale.
func (r *Registry) reportIn(ctx context.Context, officeID string, p report.Period, sc report.Scope, locale string) (report.Report, error) {
	c, err := r.reportCounts(ctx, officeID, p)
	if err != nil {
		return report.Report{}, fmt.Errorf("registry: report: %w", err)
	}
	queueSection, err := r.namedGroups(ctx, officeID, report.QueueCounted(c.tickets, c.waits, c.services, sc), locale)
	if err != nil {
		return report.Report{}, fmt.Errorf("registry: report: %w", err)
	}
	fixed := func(s report.Section) report.Source {
		return report.SourceFunc(func(context.Context, report.Period, report.Scope) (report.Section, error) { return s, nil })
	}
	parts := []report.Part{
		{Key: report.SectionQueue, Source: fixed(queueSection)},
		{Key: report.SectionCases, Source: fixed(report.CasesCounted(c.cases, sc))},
		{Key: report.SectionDeadlines, Source: fixed(report.DeadlinesCounted(c.deadlines, sc))},
		{Key: report.SectionNotices, Source: fixed(report.NoticesCounted(c.notices, sc))},
		{Key: report.SectionSupplements, Source: fixed(report.SupplementsCounted(c.calls, sc))},
		{Key: report.SectionComplaints, Source: fixed(report.Complaints(c.complaints, sc))},
		{Key: report.SectionVisits, Source: fixed(report.Visits(c.visits, sc))},
		{Key: report.SectionSurvey, Source: fixed(report.Survey(c.answers, c.scores))},
		{Key: report.SectionLetters, Source: fixed(report.Letters(c.letters))},
	}
	return report.Gather(ctx, p, sc, parts), nil
}

// WriteReportPDF prints the office-wide report for the period in Polish.
func (r *Registry) WriteReportPDF(ctx context.Context, w io.Writer, officeID string, p report.Period) (report.Report, error) {
	return r.WriteScopedReportPDF(ctx, w, officeID, p, report.Scope{OfficeWide: true}, "pl")
}

// WriteScopedReportPDF prints the report for the period within scope (the
// whole office, or units) in the locale (pl, en, uk), as the console
// prints it.
func (r *Registry) WriteScopedReportPDF(ctx context.Context, w io.Writer, officeID string, p report.Period, sc report.Scope, locale string) (report.Report, error) {
	o, _, err := r.PrintFacts(ctx, officeID)
	if err != nil {
		return report.Report{}, err
	}
	rep, err := r.reportIn(ctx, officeID, p, sc, locale)
	if err != nil {
		return rep, err
	}
	now, err := r.OfficeNow(ctx, officeID)
	if err != nil {
		return rep, err
	}
	b, err := r.texts()
	if err != nil {
		return rep, fmt.Errorf("registry: report: %w", err)
	}
	scope := b.T(locale, "report.scope.office", nil)
	if !sc.OfficeWide {
		scope = b.T(locale, "report.scope.units", map[string]string{"units": strings.Join(sc.Units, ", "), "count": strconv.Itoa(len(sc.Units))})
	}
	// The office's letterhead as its devices print it; an office whose
	// row has not synced yet has only its name.
	head := []string{o.Name}
	if o.Street != "" {
		head = (&registerpdf.Tr{B: b, Lang: locale, Loc: now.Location()}).Header(o)
	}
	meta := reportpdf.Meta{Office: o.Name, Letterhead: head, ScopeText: scope, Source: b.T(locale, "report.source.registry", nil), Printed: now, Author: o.Name}
	return rep, reportpdf.Write(w, rep, b, locale, meta)
}

// namedGroups labels the queue section's matter groups by their names in
// locale ("A – Meldunki i dowody osobiste").
func (r *Registry) namedGroups(ctx context.Context, officeID string, s report.Section, locale string) (report.Section, error) {
	qc, err := r.queueSettings(ctx, officeID)
	if err != nil {
		// Logged by queueSettings: the report stands, the groups by letter.
		return s, nil
	}
	b, err := r.texts()
	if err != nil {
		return s, err
	}
	return report.NameGroups(s, queue.GroupLabel(qc.groups, func(code, name string) string {
		return b.T(locale, "report.queue.group", map[string]string{"code": code, "name": name})
	}, locale)), nil
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
	complaints      []report.Tallied // Unit: the unit's symbol, as the scope names it
	visits          []report.Tallied
	letters         report.LetterCounts
	answers         int
	scores          []report.Score // one per question, in survey.Questions' order
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
	q := store.ReportQuery{From: p.From, To: p.To, Today: now.In(loc).Format(time.DateOnly), NowMs: now.UnixMilli()}
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
	var symbols map[string]string // unit ids to symbols, read at the first register entry of a unit
	symbol := func(unitID string) (string, error) {
		if symbols == nil {
			if symbols, err = r.unitSymbols(ctx, officeID); err != nil {
				return "", err
			}
		}
		return symbols[unitID], nil
	}
	qidx := map[string]int{}
	c.scores = make([]report.Score, len(survey.Questions))
	for i, sq := range survey.Questions {
		qidx[string(sq)] = i
		c.scores[i].Question = string(sq)
	}
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
		case "complaint", "visit":
			sym, err := symbol(x.Unit)
			if err != nil {
				return c, err
			}
			if x.Part == "complaint" {
				c.complaints = append(c.complaints, report.Tallied{Kind: x.A, State: x.B, Unit: sym, N: n})
			} else {
				c.visits = append(c.visits, report.Tallied{State: x.A, Unit: sym, N: n})
			}
		case "letter":
			c.letters.Received += n
			switch x.Code {
			case 0:
				c.letters.Answered += n
				c.letters.AnsweredLate += int(x.N2)
			case 1:
				c.letters.Overdue += n
			}
		case "answer":
			c.answers += n
		case "score":
			// As survey.Aggregate: a score of a question asked, 1 to 5.
			if i, ok := qidx[x.A]; ok && x.Code >= survey.MinScore && x.Code <= survey.MaxScore {
				c.scores[i].ByScore[x.Code-1] += n
			}
		}
	}
	for _, d := range deadlines {
		c.deadlines = append(c.deadlines, *d)
	}
	return c, nil
}

// unitSymbols maps the office's unit ids to their symbols (the scope's
// terms), retired units too, as the device's store lists them.
func (r *Registry) unitSymbols(ctx context.Context, officeID string) (map[string]string, error) {
	units, err := r.st.RowsOf(ctx, officeID, "unit")
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(units))
	for _, u := range units {
		if u.Deleted {
			continue
		}
		var sym string
		field(u, "symbol", &sym)
		out[u.EntityID] = sym
	}
	return out, nil
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
