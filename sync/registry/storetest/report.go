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
	h := "0000000001000-0000-dev"
	row := func(kv map[string]any) merge.Row {
		r := merge.Row{}
		for k, v := range kv {
			b, _ := json.Marshal(v)
			r[k] = field(string(b), h)
		}
		return r
	}
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
