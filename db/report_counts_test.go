package db

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"okienko/app/report"
)

// dayOf is the office day of a unix ms instant, "" for 0.
func dayOf(ms int64, loc *time.Location) string {
	if ms == 0 {
		return ""
	}
	return time.UnixMilli(ms).In(loc).Format(time.DateOnly)
}

// countedSections is the report's first five sections as the device counts
// them: grouped by the store, counted by app/report.
func countedSections(t testing.TB, s *Store, officeID string, p report.Period, today string, sc report.Scope) map[string]report.Section {
	t.Helper()
	ctx := context.Background()
	// The five reads run at once, as report.Gather asks the device's
	// sections: what a head waits for is the slowest, not their sum.
	var (
		tc          []report.TicketCount
		waits, svcs []report.Spell
		cc          []report.CaseCount
		dc          []report.DeadlineCount
		nc          []report.NoticeCount
		calls       []report.CallCount
		errs        [5]error
		wg          sync.WaitGroup
	)
	reads := []func() error{
		func() (err error) { tc, waits, svcs, err = s.ReportTicketCounts(ctx, officeID, p); return },
		func() (err error) { cc, err = s.ReportCaseCounts(ctx, officeID, p); return },
		func() (err error) { dc, err = s.ReportDeadlineCounts(ctx, officeID, p, warsaw, today); return },
		func() (err error) { nc, err = s.ReportNoticeCounts(ctx, officeID, p, warsaw); return },
		func() (err error) { calls, err = s.ReportCallCounts(ctx, officeID, p, warsaw, today); return },
	}
	for i, read := range reads {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = read() }()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return map[string]report.Section{
		"queue":       report.QueueCounted(tc, waits, svcs, sc),
		"cases":       report.CasesCounted(cc, sc),
		"deadlines":   report.DeadlinesCounted(dc, sc),
		"notices":     report.NoticesCounted(nc, sc),
		"supplements": report.SupplementsCounted(calls, sc),
	}
}

// recordSections is the same from every record of the period, read as the
// report read them before it counted in SQL (these queries were
// db/queries/report.sql's), counted one by one in Go: the reference the
// counts must equal.
func recordSections(t testing.TB, s *Store, officeID string, p report.Period, today string, sc report.Scope) map[string]report.Section {
	t.Helper()
	from, to := periodMs(p, warsaw)
	const closedAt = `CAST(COALESCE((SELECT MIN(e.created_at) FROM case_event e
	    WHERE e.case_id = c.id AND e.to_status IN ('settled', 'left_unexamined', 'forwarded')), 0) AS INTEGER)`
	readCases := func(where string) []report.Case {
		rows, err := s.w.Query(`SELECT c.unit_symbol, sc.title, c.submitted_on, c.due_on, `+closedAt+`
			FROM case_file c JOIN service_card sc ON sc.id = c.card_id WHERE c.office_id = ? AND `+where, officeID, p.From, p.To)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []report.Case
		for rows.Next() {
			var c report.Case
			var ms int64
			if err := rows.Scan(&c.Unit, &c.Service, &c.Submitted, &c.Due, &ms); err != nil {
				t.Fatal(err)
			}
			c.Closed = dayOf(ms, warsaw)
			out = append(out, c)
		}
		return out
	}
	filed := readCases(`c.submitted_on >= ? AND c.submitted_on <= ?`)
	due := readCases(`c.due_on != '' AND c.due_on >= ? AND c.due_on <= ?`)
	var notices []report.Notice
	rows, err := s.w.Query(`SELECT c.unit_symbol, e.case_id FROM case_event e CROSS JOIN case_file c ON c.id = e.case_id
		WHERE e.kind = 'notice_art36' AND e.created_at >= ? AND e.created_at < ? AND c.office_id = ?`, from, to, officeID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n report.Notice
		if err := rows.Scan(&n.Unit, &n.Case); err != nil {
			t.Fatal(err)
		}
		notices = append(notices, n)
	}
	rows.Close()
	var calls []report.Call
	rows, err = s.w.Query(`SELECT c.unit_symbol, c.status, c.supplement_due,
		EXISTS (SELECT 1 FROM case_event s WHERE s.case_id = e.case_id AND s.kind = 'supplemented' AND s.created_at >= e.created_at),
		EXISTS (SELECT 1 FROM case_event s WHERE s.case_id = e.case_id AND s.to_status = 'left_unexamined' AND s.created_at >= e.created_at)
		FROM case_event e CROSS JOIN case_file c ON c.id = e.case_id
		WHERE e.kind = 'supplement_requested' AND e.created_at >= ? AND e.created_at < ? AND c.office_id = ?`, from, to, officeID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c report.Call
		var status, supDue string
		if err := rows.Scan(&c.Unit, &status, &supDue, &c.Supplemented, &c.LeftUnexamined); err != nil {
			t.Fatal(err)
		}
		if status == "awaiting_supplement" {
			c.TermDue = supDue
		}
		calls = append(calls, c)
	}
	rows.Close()
	var tickets []report.Ticket
	rows, err = s.w.Query(`SELECT t.counter, t.grp, COALESCE(c.unit_symbol, ''), t.status, t.issued_at, t.called_at, t.done_at
		FROM queue_ticket t LEFT JOIN case_file c ON c.id = t.case_id WHERE t.office_id = ? AND t.day >= ? AND t.day <= ?`, officeID, p.From, p.To)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var x report.Ticket
		if err := rows.Scan(&x.Counter, &x.Group, &x.Unit, &x.Status, &x.IssuedAt, &x.CalledAt, &x.DoneAt); err != nil {
			t.Fatal(err)
		}
		tickets = append(tickets, x)
	}
	rows.Close()
	return map[string]report.Section{
		"queue":       report.Queue(report.TicketsIn(tickets, sc)),
		"cases":       report.Cases(report.CasesIn(filed, sc)),
		"deadlines":   report.Deadlines(report.CasesIn(due, sc), today),
		"notices":     report.Notices(report.NoticesIn(notices, sc)),
		"supplements": report.Supplements(report.CallsIn(calls, sc), today),
	}
}

// TestReportCountsMatchRecords: on a seeded year (20,000 cases, 10,000
// tickets; closings, calls, notices, a case left unexamined and a closing
// in the last hour of its deadline's day across the DST change) the
// sections counted in SQL are those the single records give, for several
// periods and scopes.
func TestReportCountsMatchRecords(t *testing.T) {
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	k := newCaseFixture(t, s, f)
	seedYear(t, s, f, k, 20_000, 10_000)
	// Closed at 23:30 on its due day in Warsaw (21:30 UTC in summer, 22:30
	// in winter): kept, though the UTC day is the same and the next one's.
	for i, day := range []string{"2026-03-28", "2026-03-29", "2026-10-25", "2026-10-26"} {
		id := NewID()
		rawCase(t, s, f, k, id, 900_000+i, "2026-03-01", day, "settled")
		d, _ := time.ParseInLocation(time.DateOnly, day, warsaw)
		rawEvent(t, s, f, id, "status", "settled", d.Add(23*time.Hour+30*time.Minute).UnixMilli())
		late := NewID()
		rawCase(t, s, f, k, late, 900_100+i, "2026-03-01", day, "settled")
		rawEvent(t, s, f, late, "status", "settled", d.AddDate(0, 0, 1).Add(10*time.Minute).UnixMilli())
	}
	left := NewID()
	rawCase(t, s, f, k, left, 900_200, "2026-04-01", "2026-05-01", "left_unexamined")
	rawEvent(t, s, f, left, "supplement_requested", "awaiting_supplement", at("2026-04-02", 9))
	rawEvent(t, s, f, left, "status", "left_unexamined", at("2026-04-20", 9))
	for _, c := range []struct{ from, to, today string }{
		{"2026-01-01", "2026-12-31", "2026-12-31"},
		{"2026-03-01", "2026-04-30", "2026-04-15"},
		{"2026-10-20", "2026-10-31", "2026-12-03"},
		{"2025-06-01", "2025-06-30", "2026-12-03"},
	} {
		p, err := report.ParsePeriod(c.from, c.to)
		if err != nil {
			t.Fatal(err)
		}
		for _, sc := range []report.Scope{{OfficeWide: true}, {Units: []string{"SO"}}, {Units: []string{"USC", "FN"}}} {
			want := recordSections(t, s, f.office.ID, p, c.today, sc)
			got := countedSections(t, s, f.office.ID, p, c.today, sc)
			for sec, w := range want {
				if !reflect.DeepEqual(w, got[sec]) {
					t.Errorf("%s..%s %+v %s:\nrecords %+v\ncounted %+v", c.from, c.to, sc, sec, w, got[sec])
				}
			}
			if sc.OfficeWide && c.from == "2026-01-01" && got["cases"].State != report.StateData {
				t.Errorf("the seeded year counted nothing: %+v", got["cases"])
			}
		}
	}
}
