package registry

import (
	"context"
	"reflect"
	"testing"
	"time"

	"okienko/app/cases"
	"okienko/app/report"
)

// recordReportData is an office's records for a period, as the registry
// read them before it counted in the store: every case and event row
// decoded in Go (recordData, the old reportData kept here as the
// reference the counts must equal).
type reportData struct {
	tickets []report.Ticket
	filed   []report.Case
	due     []report.Case
	notices []report.Notice
	calls   []report.Call
	today   string
}

func recordData(r *Registry, ctx context.Context, officeID string, p report.Period) (reportData, error) {
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
		rc := report.Case{Unit: c.unit, Service: titles[c.card], Submitted: c.submitted, Due: c.due}
		if cases.Status(c.status).Closed() {
			rc.Closed = closed[id] // a closing event of a case still open closes nothing
		}
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

// ms is a time in Unix ms, 0 for the zero time.
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// TestReportCountsMatchRecordsPG: on a seeded PostgreSQL registry (2,000
// cases, 1,000 tickets, closings in the last half hour of their deadline's
// day across both DST changes, a call followed by leaving the case
// unexamined) the store's counts give the figures the single records give,
// for several periods and scopes.
func TestReportCountsMatchRecordsPG(t *testing.T) {
	st, office, exec := seedReportPG(t, 2000, 1000)
	ctx := context.Background()
	loc, _ := time.LoadLocation("Europe/Warsaw")
	for i, day := range []string{"2026-03-28", "2026-03-29", "2026-10-24", "2026-10-25"} {
		d, _ := time.ParseInLocation(time.DateOnly, day, loc)
		for j, at := range []time.Time{d.Add(23*time.Hour + 40*time.Minute), d.AddDate(0, 0, 1).Add(10 * time.Minute)} {
			id := "x" + string(rune('a'+i)) + string(rune('a'+j))
			caseRow(exec, office, id, "SO", "settled", "2026-03-02", day, "")
			eventRow(exec, office, id+"-s", id, "status", "settled", at)
		}
	}
	caseRow(exec, office, "xl", "USC", "left_unexamined", "2026-04-01", "2026-05-01", "2026-04-20")
	eventRow(exec, office, "xl-r", "xl", "supplement_requested", "awaiting_supplement", time.Date(2026, 4, 2, 9, 0, 0, 0, loc))
	eventRow(exec, office, "xl-u", "xl", "status", "left_unexamined", time.Date(2026, 4, 21, 9, 0, 0, 0, loc))
	caseRow(exec, office, "xs", "FN", "awaiting_supplement", "2026-05-01", "2026-06-01", "2026-05-20")
	eventRow(exec, office, "xs-r", "xs", "supplement_requested", "awaiting_supplement", time.Date(2026, 5, 2, 9, 0, 0, 0, loc))
	reportFactsPG(exec, office)
	for _, c := range []struct{ from, to, now string }{
		{"2026-01-01", "2026-12-31", "2026-12-31"},
		{"2026-03-01", "2026-05-31", "2026-05-25"},
		{"2026-10-20", "2026-10-31", "2026-12-03"},
		{"2025-06-01", "2025-06-30", "2026-12-03"},
	} {
		now, _ := time.ParseInLocation(time.DateOnly, c.now, loc)
		r := New(st, Options{Now: func() time.Time { return now.Add(12 * time.Hour) }})
		p, _ := report.ParsePeriod(c.from, c.to)
		for _, sc := range []report.Scope{{OfficeWide: true}, {Units: []string{"SO"}}, {Units: []string{"USC", "FN"}}} {
			d, err := recordData(r, ctx, office, p)
			if err != nil {
				t.Fatal(err)
			}
			want := []report.Section{report.Queue(report.TicketsIn(d.tickets, sc)), report.Cases(report.CasesIn(d.filed, sc)),
				report.Deadlines(report.CasesIn(d.due, sc), d.today), report.Notices(report.NoticesIn(d.notices, sc)),
				report.Supplements(report.CallsIn(d.calls, sc), d.today)}
			// The report names the queue's groups as the office does.
			if want[0], err = r.namedGroups(ctx, office, want[0], "pl"); err != nil {
				t.Fatal(err)
			}
			rep, err := r.Report(ctx, office, p, sc)
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range want {
				w.State = rep.Sections[i].State // Gather fills it in
				if w.State != report.StateData {
					w.Figures, w.Breakdowns = nil, nil
				}
				if !reflect.DeepEqual(w, rep.Sections[i]) {
					t.Errorf("%s..%s %+v:\nrecords %+v\ncounted %+v", c.from, c.to, sc, w, rep.Sections[i])
				}
			}
			if sc.OfficeWide && c.from == "2026-01-01" && rep.Sections[1].State != report.StateData {
				t.Error("the seeded year counted nothing")
			}
		}
	}
}

const stamp = `"h":"0000000000001-0000-registry"`

// caseRow inserts a case row as a device's push leaves it.
func caseRow(exec func(string, ...any), office, id, unit, status, submitted, due, supplementDue string) {
	exec(`INSERT INTO rows (office_id, entity, entity_id, fields, deleted, seq)
		SELECT $1, 'case_file', $2::text, format('{"unit":{"v":"%s",`+stamp+`},"cardId":{"v":"",`+stamp+`},"status":{"v":"%s",`+stamp+`},"submittedOn":{"v":"%s",`+stamp+`},"dueOn":{"v":"%s",`+stamp+`},"supplementDue":{"v":"%s",`+stamp+`}}',
		$3::text, $4::text, $5::text, $6::text, $7::text), false, 9000000 + length($2::text)`, office, id, unit, status, submitted, due, supplementDue)
}

// eventRow inserts a case event row, its time as a device sends it.
func eventRow(exec func(string, ...any), office, id, caseID, kind, to string, at time.Time) {
	exec(`INSERT INTO rows (office_id, entity, entity_id, fields, deleted, seq)
		SELECT $1, 'case_event', $2::text, format('{"caseId":{"v":"%s",`+stamp+`},"kind":{"v":"%s",`+stamp+`},"to":{"v":"%s",`+stamp+`},"at":{"v":"%s",`+stamp+`}}',
		$3::text, $4::text, $5::text, $6::text), false, 9100000 + length($2::text)`, office, id, caseID, kind, to, at.Format(time.RFC3339Nano))
}
