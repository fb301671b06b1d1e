package db

import (
	"fmt"
	"testing"
	"time"

	"okienko/app/report"
)

var warsaw, _ = time.LoadLocation("Europe/Warsaw")

// at is a unix ms instant of an office day and hour in Warsaw.
func at(day string, hour int) int64 {
	d, _ := time.ParseInLocation(time.DateOnly, day, warsaw)
	return d.Add(time.Duration(hour) * time.Hour).UnixMilli()
}

// rawCase inserts a case row directly (the report reads only its plain
// columns; form and checklist stay empty JSON).
func rawCase(t testing.TB, s *Store, f fixture, k caseFixture, id string, no int, submitted, due, status string) {
	t.Helper()
	_, err := s.w.Exec(`INSERT INTO case_file (id, office_id, sign, unit_symbol, jrwa, reg_year, reg_no, card_id, client_id, status,
		submitted_on, due_on, form, checklist, registered_by, search_text, created_at, updated_at)
		VALUES (?, ?, ?, 'SO', '5352', 2026, ?, ?, ?, ?, ?, ?, CAST('{}' AS BLOB), CAST('[]' AS BLOB), ?, '', 0, 0)`,
		id, f.office.ID, fmt.Sprintf("SO.5352.%d.2026", no), no, k.cardID, k.client.ID, status, submitted, due, f.staff.ID)
	if err != nil {
		t.Fatal(err)
	}
}

func rawEvent(t testing.TB, s *Store, f fixture, caseID, kind, to string, ms int64) {
	t.Helper()
	if _, err := s.w.Exec(`INSERT INTO case_event (id, case_id, kind, to_status, staff_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		NewID(), caseID, kind, to, f.staff.ID, ms, ms); err != nil {
		t.Fatal(err)
	}
}

func rawTicket(t testing.TB, s *Store, f fixture, day, label, status, counter, caseID string, issued, called, done int64) {
	t.Helper()
	if _, err := s.w.Exec(`INSERT INTO queue_ticket (id, office_id, day, grp, number, label, priority, status, counter, issued_at, called_at, done_at, case_id, ahead, offline)
		VALUES (?, ?, ?, 'A', 1, ?, 0, ?, ?, ?, ?, ?, ?, 0, 0)`, NewID(), f.office.ID, day, label, status, counter, issued, called, done, caseID); err != nil {
		t.Fatal(err)
	}
}

// TestReportHandCounted: November 2026 counted by hand. Cases: A (the
// fixture's, filed 23.11, due 30.11, open), B (filed 2.11, due 10.11,
// settled 9.11), C (filed 30.10, due 20.11, called to supplement 5.11,
// supplemented 8.11, an art. 36 notice 12.11), D (filed 3.12: outside).
// Tickets: two in November (one served 10 min after issue for case B, one
// absent), one in October. On 3 December: filed 2 (A, B), 1 closed; due 3
// (A, B, C): kept 1 (B), missed 2 (A and C, open past their day); notices
// 1; calls 1, supplemented; tickets 2, served 1 (SO), absent 1, waits 10
// and 4 minutes.
func TestReportHandCounted(t *testing.T) {
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	k := newCaseFixture(t, s, f) // A
	b, c, d := NewID(), NewID(), NewID()
	rawCase(t, s, f, k, b, 2, "2026-11-02", "2026-11-10", "settled")
	rawCase(t, s, f, k, c, 3, "2026-10-30", "2026-11-20", "supplemented")
	rawCase(t, s, f, k, d, 4, "2026-12-03", "2026-12-10", "registered")
	rawEvent(t, s, f, b, "status", "settled", at("2026-11-09", 10))
	rawEvent(t, s, f, c, "supplement_requested", "awaiting_supplement", at("2026-11-05", 9))
	rawEvent(t, s, f, c, "supplemented", "supplemented", at("2026-11-08", 9))
	rawEvent(t, s, f, c, "notice_art36", "", at("2026-11-12", 23)) // late evening: still the 12th in Warsaw
	rawEvent(t, s, f, d, "notice_art36", "", at("2026-12-01", 0))  // the 1st of December: outside
	rawTicket(t, s, f, "2026-11-09", "A001", "served", "Stanowisko 1", b, at("2026-11-09", 9), at("2026-11-09", 9)+600000, at("2026-11-09", 9)+900000)
	rawTicket(t, s, f, "2026-11-10", "A001", "absent", "Stanowisko 2", "", at("2026-11-10", 9), at("2026-11-10", 9)+240000, 0)
	rawTicket(t, s, f, "2026-10-10", "A001", "served", "Stanowisko 1", "", at("2026-10-10", 9), at("2026-10-10", 9)+60000, at("2026-10-10", 9)+120000)

	p, _ := report.ParsePeriod("2026-11-01", "2026-11-30")
	today := "2026-12-03"
	sc := report.Scope{OfficeWide: true}
	got := countedSections(t, s, f.office.ID, p, today, sc)
	want := map[string]map[string]float64{
		"cases":       {"report.cases.registered": 2, "report.cases.closed": 1, "report.cases.open": 1},
		"deadlines":   {"report.deadlines.due": 3, "report.deadlines.kept": 1, "report.deadlines.missed": 2, "report.deadlines.running": 0},
		"notices":     {"report.notices.count": 1, "report.notices.cases": 1},
		"supplements": {"report.supplements.count": 1, report.OutcomeSupplemented: 1, report.OutcomeWaiting: 0},
		"queue": {"report.queue.issued": 2, "report.queue.served": 1, "report.queue.absent": 1, "report.queue.waitAvg": 7,
			"report.queue.serviceAvg": 5},
	}
	for sec, figs := range want {
		for key, v := range figs {
			found := false
			for _, fg := range got[sec].Figures {
				if fg.Key == key {
					found = true
					if fg.Value != v {
						t.Errorf("%s %s = %v, want %v", sec, key, fg.Value, v)
					}
				}
			}
			if !found {
				t.Errorf("%s: no figure %s", sec, key)
			}
		}
	}
	if u := got["queue"].Breakdowns[1].Rows; len(u) != 1 || u[0].Label != "SO" || u[0].Values[0] != 1 {
		t.Errorf("queue by unit: %+v", u)
	}
	// A head of another unit sees none of it.
	for sec, x := range countedSections(t, s, f.office.ID, p, today, report.Scope{Units: []string{"USC"}}) {
		if x.State != report.StateEmpty {
			t.Errorf("USC's head sees SO's %s: %+v", sec, x.Figures)
		}
	}
	// An empty month is empty, not zeros.
	empty, _ := report.ParsePeriod("2026-06-01", "2026-06-30")
	if x := countedSections(t, s, f.office.ID, empty, today, sc)["cases"]; x.State != report.StateEmpty {
		t.Error("June is not empty")
	}
}
