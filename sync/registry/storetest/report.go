package storetest

import (
	"context"
	"encoding/json"
	"reflect"
	"sort"
	"testing"
	"time"

	"okienko/sync/merge"
	"okienko/sync/registry/store"
)

// testReportCounts: the monitoring report's counts of a hand-made March
// 2026, from rows put as a push puts them (the rows_report triggers keep
// the report's tables) and then changed: case A (SO, filed 2.03, due
// 10.03) settled at 23:30 on 10.03 in Warsaw: kept; case B (USC, filed
// 3.03, due 31.03) called to supplement on 4.03 and supplemented on 6.03,
// an art. 36 notice on 5.03, open: running on 20.03; case C (SO, filed
// 1.02: not filed in March, due 5.03) open: missed; case D deleted. One
// ticket of case A, waited 4 min and served in 6; one of no case, absent.
func testReportCounts(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	row := stampedRow
	waw, _ := time.LoadLocation("Europe/Warsaw")
	at := func(day string, hh, mm int) time.Time {
		d, _ := time.ParseInLocation(time.DateOnly, day, waw)
		return d.Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
	}
	kase := func(id, unit, submitted, due, status string) {
		put(t, s, o.ID, "case_file", id, row(map[string]any{"unit": unit, "cardId": "card-1", "status": status, "submittedOn": submitted, "dueOn": due, "supplementDue": ""}))
	}
	event := func(id, caseID, kind, to string, when time.Time) {
		put(t, s, o.ID, "case_event", id, row(map[string]any{"caseId": caseID, "kind": kind, "to": to, "at": when}))
	}
	kase("A", "SO", "2026-03-02", "2026-03-10", "registered")
	kase("B", "USC", "2026-03-03", "2026-03-31", "registered")
	kase("C", "SO", "2026-02-01", "2026-03-05", "registered")
	kase("D", "SO", "2026-03-04", "2026-03-12", "registered")
	kase("A", "SO", "2026-03-02", "2026-03-10", "settled") // changed: the trigger on update
	err := s.InTx(ctx, o.ID, func(tx store.Tx) error {
		_, err := tx.PutRow(ctx, "case_file", "D", row(map[string]any{"unit": "SO"}), true)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	event("A-s", "A", "status", "settled", at("2026-03-10", 23, 30))
	event("B-r", "B", "supplement_requested", "awaiting_supplement", at("2026-03-04", 9, 0))
	event("B-u", "B", "supplemented", "supplemented", at("2026-03-06", 9, 0))
	event("B-n", "B", "notice_art36", "", at("2026-03-05", 9, 0))
	event("D-n", "D", "notice_art36", "", at("2026-03-05", 9, 0))
	// A device says the open case C was settled before its date: its
	// status says otherwise, so its deadline stays missed, not kept.
	event("C-s", "C", "status", "settled", at("2026-03-04", 9, 0))
	issued := at("2026-03-10", 9, 0)
	err = s.InTx(ctx, o.ID, func(tx store.Tx) error {
		for _, tk := range []store.Ticket{
			{ID: "t1", OfficeID: o.ID, Day: "2026-03-10", Group: "A", Number: 1, Label: "A001", Status: "served", Counter: "Stanowisko 1",
				IssuedAt: issued, FirstCalledAt: issued.Add(4 * time.Minute), CalledAt: issued.Add(5 * time.Minute), DoneAt: issued.Add(10 * time.Minute), CaseID: "A"},
			{ID: "t2", OfficeID: o.ID, Day: "2026-03-10", Group: "A", Number: 2, Label: "A002", Status: "absent", Counter: "Stanowisko 1", IssuedAt: issued},
		} {
			if _, err := tx.AddTicket(ctx, tk); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	q := store.ReportQuery{From: "2026-03-01", To: "2026-03-31", Today: "2026-03-20"}
	first := at("2026-03-01", 0, 0)
	q.FromMs, q.ToMs = first.UnixMilli(), at("2026-04-01", 0, 0).UnixMilli()
	for d := first; d.Month() == time.March; d = d.AddDate(0, 0, 1) {
		q.Days = append(q.Days, d.Format(time.DateOnly))
		q.DayEnds = append(q.DayEnds, d.AddDate(0, 0, 1).UnixMilli())
	}
	got, err := s.ReportCounts(ctx, o.ID, q)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.ReportCount{
		{Part: "call", Unit: "USC", Code: 0, N: 1},
		{Part: "case", Unit: "SO", A: "card-1", N: 1, N2: 1},
		{Part: "case", Unit: "USC", A: "card-1", N: 1},
		{Part: "deadline", Unit: "SO", Code: 0, N: 1},
		{Part: "deadline", Unit: "SO", Code: 1, N: 1},
		{Part: "deadline", Unit: "USC", Code: 2, N: 1},
		{Part: "notice", Unit: "USC", N: 1, N2: 1},
		{Part: "service", Unit: "SO", Code: 360000, N: 1},
		{Part: "ticket", Unit: "", A: "absent", B: "Stanowisko 1", C: "A", N: 1},
		{Part: "ticket", Unit: "SO", A: "served", B: "Stanowisko 1", C: "A", N: 1},
		{Part: "wait", Unit: "SO", Code: 240000, N: 1},
	}
	sort.Slice(got, func(i, j int) bool {
		a, b := got[i], got[j]
		if a.Part != b.Part {
			return a.Part < b.Part
		}
		if a.Unit != b.Unit {
			return a.Unit < b.Unit
		}
		return a.Code < b.Code
	})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("counts:\n got %+v\nwant %+v", got, want)
	}
}

// testReportRegisters: the counts of issue 14's registers in a hand-made
// March 2026 in Warsaw (CET, CEST from the 29th), now 20.03 noon.
// Complaints by the day received: K1 (2.03) and K2 (31.03, open) of U1,
// K6 (15.03, a motion forwarded) of U2 count; K3 (1.04), K4 (28.02) and
// K5 (deleted) do not. Visits by the instant requested: V1 at 0:00 on
// 1.03 and V3 at 23:59:59 on 31.03 (no status: requested) count; V2 a
// second before March and V4 at 0:00 on 1.04 do not. Letters: L1
// answered in time, L2 answered late, L3 and L7 (no status: open) past
// their answer-by, L5 answered only after now (overdue now), L4 not yet
// due; L6 received in April. Survey: S1 and S2 count, S3 (April) does
// not; a question no one asks and a score that is no number pass as the
// store finds them (a score's question is checked by the registry).
func testReportRegisters(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	row := stampedRow
	complaint := func(id, kind, on, unit, outcome string) {
		put(t, s, o.ID, "complaint", id, row(map[string]any{"id": id, "kind": kind, "receivedOn": on, "unitId": unit, "outcome": outcome}))
	}
	complaint("K1", "complaint", "2026-03-02", "U1", "justified")
	complaint("K2", "complaint", "2026-03-31", "U1", "")
	complaint("K3", "motion", "2026-04-01", "U1", "")
	complaint("K4", "remark", "2026-02-28", "U1", "")
	complaint("K5", "complaint", "2026-03-10", "U1", "justified")
	complaint("K6", "motion", "2026-03-15", "U2", "forwarded")
	err := s.InTx(ctx, o.ID, func(tx store.Tx) error {
		_, err := tx.PutRow(ctx, "complaint", "K5", row(map[string]any{"kind": "complaint"}), true)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	visit := func(id, at, unit, status string) {
		put(t, s, o.ID, "visit", id, row(map[string]any{"id": id, "requestedAt": at, "unitId": unit, "status": status}))
	}
	visit("V1", "2026-02-28T23:00:00Z", "U1", "done")
	visit("V2", "2026-02-28T22:59:59Z", "U1", "done")
	visit("V3", "2026-03-31T21:59:59Z", "U2", "")
	visit("V4", "2026-03-31T22:00:00Z", "U2", "assigned")
	letter := func(id, received, due, answered, status string) {
		put(t, s, o.ID, "letter", id, row(map[string]any{"id": id, "receivedAt": received, "dueAt": due, "answeredAt": answered, "status": status}))
	}
	letter("L1", "2026-03-02T08:00:00Z", "2026-03-03T08:00:00Z", "2026-03-02T10:00:00Z", "answered")
	letter("L2", "2026-03-05T08:00:00Z", "2026-03-06T08:00:00Z", "2026-03-09T10:00:00Z", "answered")
	letter("L3", "2026-03-10T08:00:00Z", "2026-03-11T08:00:00Z", "", "open")
	letter("L4", "2026-03-18T08:00:00Z", "2026-03-25T08:00:00Z", "", "open")
	letter("L5", "2026-03-12T08:00:00Z", "2026-03-13T08:00:00Z", "2026-03-25T10:00:00Z", "answered")
	letter("L6", "2026-04-02T08:00:00Z", "2026-04-03T08:00:00Z", "", "open")
	letter("L7", "2026-03-19T08:00:00Z", "2026-03-19T09:00:00Z", "", "")
	answer := func(id, at string, scores map[string]any) {
		put(t, s, o.ID, "survey_answer", id, row(map[string]any{"id": id, "givenAt": at, "scores": scores}))
	}
	answer("S1", "2026-03-03T10:00:00Z", map[string]any{"waiting": 5, "courtesy": 4})
	answer("S2", "2026-03-04T10:00:00Z", map[string]any{"waiting": 5, "overall": 2, "bogus": 3, "courtesy": "x"})
	answer("S3", "2026-04-01T10:00:00Z", map[string]any{"waiting": 1})
	waw, _ := time.LoadLocation("Europe/Warsaw")
	day := func(d string) time.Time {
		t, _ := time.ParseInLocation(time.DateOnly, d, waw)
		return t
	}
	q := store.ReportQuery{From: "2026-03-01", To: "2026-03-31", Today: "2026-03-20",
		FromMs: day("2026-03-01").UnixMilli(), ToMs: day("2026-04-01").UnixMilli(), NowMs: day("2026-03-20").Add(12 * time.Hour).UnixMilli()}
	for d := day("2026-03-01"); d.Month() == time.March; d = d.AddDate(0, 0, 1) {
		q.Days = append(q.Days, d.Format(time.DateOnly))
		q.DayEnds = append(q.DayEnds, d.AddDate(0, 0, 1).UnixMilli())
	}
	got, err := s.ReportCounts(ctx, o.ID, q)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.ReportCount{
		{Part: "answer", N: 2},
		{Part: "complaint", Unit: "U1", A: "complaint", B: "", N: 1},
		{Part: "complaint", Unit: "U1", A: "complaint", B: "justified", N: 1},
		{Part: "complaint", Unit: "U2", A: "motion", B: "forwarded", N: 1},
		{Part: "letter", Code: 0, N: 2, N2: 1},
		{Part: "letter", Code: 1, N: 3},
		{Part: "letter", Code: 2, N: 1},
		{Part: "score", A: "bogus", Code: 3, N: 1},
		{Part: "score", A: "courtesy", Code: 4, N: 1},
		{Part: "score", A: "overall", Code: 2, N: 1},
		{Part: "score", A: "waiting", Code: 5, N: 2},
		{Part: "visit", Unit: "U1", A: "done", N: 1},
		{Part: "visit", Unit: "U2", A: "requested", N: 1},
	}
	sort.Slice(got, func(i, j int) bool {
		a, b := got[i], got[j]
		if a.Part != b.Part {
			return a.Part < b.Part
		}
		if a.Unit != b.Unit {
			return a.Unit < b.Unit
		}
		if a.A != b.A {
			return a.A < b.A
		}
		if a.B != b.B {
			return a.B < b.B
		}
		return a.Code < b.Code
	})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("counts:\n got %+v\nwant %+v", got, want)
	}
}

// stampedRow is a row of the given fields, each JSON-encoded under one
// device stamp, as the report tests store them.
func stampedRow(kv map[string]any) merge.Row {
	const h = "0000000001000-0000-dev"
	r := merge.Row{}
	for k, v := range kv {
		b, _ := json.Marshal(v)
		r[k] = field(string(b), h)
	}
	return r
}
