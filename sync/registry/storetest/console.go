package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"okienko/sync/merge"
	"okienko/sync/registry/store"
)

// testConsoleSessions: a session is found by its hash with what was
// stored, touched, ended, and an idle one is swept with the next end.
func testConsoleSessions(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	at := time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC)
	a := store.ConsoleSession{TokenHash: "a", CSRFHash: "ca", OfficeID: o.ID, StaffID: "s1", CreatedAt: at, SeenAt: at, ExpiresAt: at.Add(8 * time.Hour)}
	b := a
	b.TokenHash, b.CSRFHash = "b", "cb"
	for _, c := range []store.ConsoleSession{a, b} {
		if err := s.AddConsoleSession(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.ConsoleSession(ctx, "a")
	if err != nil || got != a {
		t.Fatalf("session = %+v, %v; want %+v", got, err, a)
	}
	if err := s.TouchConsoleSession(ctx, "b", at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ConsoleSession(ctx, "b"); !got.SeenAt.Equal(at.Add(time.Hour)) {
		t.Fatalf("touched at %v", got.SeenAt)
	}
	// Ending "x" sweeps "a", idle since 9:00, and keeps "b", seen at 10:00.
	if err := s.EndConsoleSession(ctx, "x", at.Add(90*time.Minute), at.Add(30*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ConsoleSession(ctx, "a"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("idle session: %v, want ErrNotFound", err)
	}
	if _, err := s.ConsoleSession(ctx, "b"); err != nil {
		t.Fatalf("live session swept: %v", err)
	}
	if err := s.EndConsoleSession(ctx, "b", at, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ConsoleSession(ctx, "b"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ended session: %v, want ErrNotFound", err)
	}
}

// testConsoleAudit: entries come back newest first, per office, paged.
func testConsoleAudit(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, b := office(t, s), office(t, s)
	at := time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC)
	for i, act := range []string{"signin", "device.enrol", "conflict.resolve"} {
		if err := s.AddConsoleAudit(ctx, store.ConsoleAuditEntry{OfficeID: a.ID, StaffID: "s1", Action: act, Target: "t", Outcome: "ok", At: at.Add(time.Duration(i) * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddConsoleAudit(ctx, store.ConsoleAuditEntry{OfficeID: b.ID, StaffID: "s2", Action: "signin", Outcome: "refused", At: at}); err != nil {
		t.Fatal(err)
	}
	es, err := s.ConsoleAudit(ctx, a.ID, 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || es[0].Action != "conflict.resolve" || es[1].Action != "device.enrol" || !es[0].At.Equal(at.Add(2*time.Minute)) {
		t.Fatalf("first page = %+v", es)
	}
	rest, err := s.ConsoleAudit(ctx, a.ID, es[1].ID, 10)
	if err != nil || len(rest) != 1 || rest[0].Action != "signin" || rest[0].OfficeID != a.ID {
		t.Fatalf("second page = %+v, %v", rest, err)
	}
}

// testOpenCases: the office's cases not closed, with their fields; closed,
// deleted and other offices' cases are left out.
func testOpenCases(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, b := office(t, s), office(t, s)
	put := func(officeID, caseID, status string, deleted bool) {
		t.Helper()
		row := merge.Row{"id": field(`"`+caseID+`"`, "0000000000010000-d"), "unit": field(`"USC"`, "0000000000010000-d"),
			"cardId": field(`"card-1"`, "0000000000010000-d"), "status": field(`"`+status+`"`, "0000000000010000-d"),
			"dueOn": field(`"2027-01-20"`, "0000000000010000-d"), "sign": field(`"USC.5360.1.2027"`, "0000000000010000-d"),
			"assigneeId": field(`"s-anna"`, "0000000000010000-d")}
		if err := s.InTx(ctx, officeID, func(tx store.Tx) error {
			_, err := tx.PutRow(ctx, "case_file", caseID, row, deleted)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	open, closed, gone, other := id(), id(), id(), id()
	put(a.ID, open, "in_progress", false)
	put(a.ID, closed, "settled", false)
	put(a.ID, gone, "registered", true)
	put(b.ID, other, "registered", false)
	// A case closed after it was open leaves the list; one reopened, back.
	reopened := id()
	put(a.ID, reopened, "in_progress", false)
	put(a.ID, reopened, "settled", false)
	cs, err := s.OpenCases(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := store.CaseBrief{ID: open, Unit: "USC", CardID: "card-1", Status: "in_progress", DueOn: "2027-01-20", Sign: "USC.5360.1.2027", AssigneeID: "s-anna"}
	if len(cs) != 1 || cs[0] != want {
		t.Fatalf("open cases = %+v, want [%+v]", cs, want)
	}
}

// testDeviceReports: a device's report is read back as stored and
// replaced by the next; another office's devices are not in the answer.
func testDeviceReports(t *testing.T, s store.Store) {
	ctx := context.Background()
	o, other := office(t, s), office(t, s)
	d, e := enrolled(t, s, o.ID, "Laptop SO"), enrolled(t, s, other.ID, "Laptop obcy")
	at := time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC)
	first := store.DeviceReport{Version: "1.6.0", Waiting: 3, Refused: 1, Reported: at}
	for _, put := range []struct {
		dev string
		r   store.DeviceReport
	}{{d.ID, first}, {e.ID, first}} {
		if err := s.SetDeviceReport(ctx, put.dev, put.r); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.DeviceReports(ctx, o.ID)
	if err != nil || len(got) != 1 || got[d.ID] != first {
		t.Fatalf("reports = %+v, %v; want only %+v", got, err, first)
	}
	next := store.DeviceReport{Version: "1.7.0", Waiting: 0, Refused: 0, Reported: at.Add(time.Minute)}
	if err := s.SetDeviceReport(ctx, d.ID, next); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.DeviceReports(ctx, o.ID); got[d.ID] != next {
		t.Fatalf("replaced report = %+v; want %+v", got[d.ID], next)
	}
}
