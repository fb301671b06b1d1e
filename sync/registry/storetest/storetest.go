// Package storetest is the test suite every registry store passes: the
// SQLite store and the PostgreSQL store are held to the same behaviour.
package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"okienko/sync/merge"
	"okienko/sync/registry/store"
)

// Open returns a fresh, empty store for one test.
type Open func(t *testing.T) store.Store

func id() string { return uuid.Must(uuid.NewV7()).String() }

var now = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func office(t *testing.T, s store.Store) store.Office {
	t.Helper()
	o := store.Office{ID: id(), Name: "Urząd Gminy Testowo", TERYT: "1099012"}
	if err := s.CreateOffice(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	return o
}

func enrolled(t *testing.T, s store.Store, officeID, name string) store.Device {
	t.Helper()
	ctx := context.Background()
	code := "code-" + id()
	if err := s.AddEnrollment(ctx, store.Enrollment{CodeHash: code, OfficeID: officeID, Name: name, ExpiresAt: now.Add(24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	d, err := s.Enroll(ctx, code, store.Device{ID: id(), TokenHash: "tok-" + id()}, now)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func field(v string, h string) merge.Field { return merge.Field{V: json.RawMessage(v), H: h} }

// Run runs the whole suite against stores made by open.
func Run(t *testing.T, open Open) {
	tests := map[string]func(*testing.T, store.Store){
		"Offices":               testOffices,
		"Enrollment":            testEnrollment,
		"Revocation":            testRevocation,
		"EnrolAgain":            testEnrolAgain,
		"RowsAndSequence":       testRowsAndSequence,
		"OfficesAreIsolated":    testIsolation,
		"BatchesAndOps":         testBatches,
		"RollbackWritesNone":    testRollback,
		"Conflicts":             testConflicts,
		"DateFlags":             testDateFlags,
		"ClosedYears":           testClosedYears,
		"RegisterNumbers":       testNumbers,
		"ConcurrentWriters":     testConcurrentWriters,
		"PanicRollsBack":        testPanicRollsBack,
		"BatchIdsPerOffice":     testBatchIdsPerOffice,
		"BatchIdsPerDevice":     testBatchIdsPerDevice,
		"BatchReuseOverHTTP":    testBatchReuseOverHTTP,
		"BadNumberCount":        testBadNumberCount,
		"LeaseHolders":          testLeaseHolders,
		"LiveRows":              testLiveRows,
		"DevicePeople":          testDevicePeople,
		"PersonSessions":        testPersonSessions,
		"DeviceScope":           testDeviceScope,
		"DeviceKeys":            testDeviceKeys,
		"QueueNumbers":          testQueueNumbers,
		"QueueTickets":          testQueueTickets,
		"QueueConcurrent":       testQueueConcurrentIssue,
		"RetentionMarks":        testRetentionMarks,
		"SurveyScreens":         testSurveyScreens,
		"Generation":            testGeneration,
		"NodeMarks":             testNodeMarks,
		"ConsoleSessions":       testConsoleSessions,
		"DeviceReports":         testDeviceReports,
		"ConsoleAudit":          testConsoleAudit,
		"OpenCases":             testOpenCases,
		"AccessLog":             testAccessLog,
		"CaseNotices":           testCaseNotices,
		"ReportCounts":          testReportCounts,
		"ReportFactsEveryWrite": testReportFactsEveryWrite,
		"ReportRegisters":       testReportRegisters,
		"OwnWrites":             testOwnWrites,
		"DeferredJSON":          testDeferredJSON,
		"Prefetch":              testPrefetch,
		"Substitutions":         testSubstitutions,
	}
	for name, fn := range tests {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			fn(t, s)
		})
	}
}

func testOffices(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	got, err := s.Office(ctx, o.ID)
	if err != nil || got != o {
		t.Fatalf("office = %+v, %v", got, err)
	}
	if err := s.CreateOffice(ctx, o); !errors.Is(err, store.ErrExists) {
		t.Fatalf("duplicate office: %v", err)
	}
	if _, err := s.Office(ctx, id()); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing office: %v", err)
	}
	all, _ := s.Offices(ctx)
	if len(all) != 1 {
		t.Fatalf("offices = %v", all)
	}
	if seq, err := s.Seq(ctx, o.ID); err != nil || seq != 0 {
		t.Fatalf("seq of a new office = %d, %v", seq, err)
	}
}

func testEnrollment(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	if err := s.AddEnrollment(ctx, store.Enrollment{CodeHash: "c1", OfficeID: o.ID, Name: "Laptop 1", ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddEnrollment(ctx, store.Enrollment{CodeHash: "c2", OfficeID: o.ID, Name: "Stare", ExpiresAt: now.Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	// The enrolment's name wins over the computer's (its host name).
	d, err := s.Enroll(ctx, "c1", store.Device{ID: id(), TokenHash: "t1", Name: "vm"}, now)
	if err != nil || d.OfficeID != o.ID || d.Name != "Laptop 1" {
		t.Fatalf("enrol: %+v %v", d, err)
	}
	if got, err := s.Device(ctx, d.ID); err != nil || got.Name != "Laptop 1" {
		t.Fatalf("stored device: %+v %v, want the enrolment's name", got, err)
	}
	// An enrolment without a name takes the computer's.
	if err := s.AddEnrollment(ctx, store.Enrollment{CodeHash: "c3", OfficeID: o.ID, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if d3, err := s.Enroll(ctx, "c3", store.Device{ID: id(), TokenHash: "t5", Name: "kancelaria-pc"}, now); err != nil || d3.Name != "kancelaria-pc" {
		t.Fatalf("enrol without a name: %+v %v", d3, err)
	}
	if _, err := s.Enroll(ctx, "c1", store.Device{ID: id(), TokenHash: "t2"}, now); !errors.Is(err, store.ErrExpired) {
		t.Fatalf("code used twice: %v", err)
	}
	if _, err := s.Enroll(ctx, "c2", store.Device{ID: id(), TokenHash: "t3"}, now); !errors.Is(err, store.ErrExpired) {
		t.Fatalf("expired code: %v", err)
	}
	if _, err := s.Enroll(ctx, "nope", store.Device{ID: id(), TokenHash: "t4"}, now); !errors.Is(err, store.ErrExpired) {
		t.Fatalf("unknown code: %v", err)
	}
	got, err := s.DeviceByToken(ctx, "t1")
	if err != nil || got.ID != d.ID || got.Revoked() {
		t.Fatalf("by token: %+v %v", got, err)
	}
	if _, err := s.DeviceByToken(ctx, "t2"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a failed enrolment left a device: %v", err)
	}
	if err := s.TouchDevice(ctx, d.ID, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Device(ctx, d.ID)
	if !got.LastSeenAt.Equal(now.Add(time.Hour)) {
		t.Fatalf("last seen %v", got.LastSeenAt)
	}
}

// testEnrolAgain: a device whose enrolment answer was lost enrols again
// under its own id with a new code, and its first credential stops
// working. A device that used its credential, a revoked one, or one of
// another office cannot be taken over that way.
func testEnrolAgain(t *testing.T, s store.Store) {
	ctx := context.Background()
	o, other := office(t, s), office(t, s)
	for i, c := range []struct{ code, office string }{{"a1", o.ID}, {"a2", o.ID}, {"a3", o.ID}, {"a4", other.ID}, {"a5", o.ID}, {"a6", o.ID}} {
		if err := s.AddEnrollment(ctx, store.Enrollment{CodeHash: c.code, OfficeID: c.office, Name: fmt.Sprint("Laptop ", i), ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	lost := id()
	if _, err := s.Enroll(ctx, "a1", store.Device{ID: lost, TokenHash: "lost-1"}, now); err != nil {
		t.Fatal(err)
	}
	d, err := s.Enroll(ctx, "a2", store.Device{ID: lost, TokenHash: "lost-2"}, now.Add(time.Minute))
	if err != nil || d.ID != lost || d.OfficeID != o.ID {
		t.Fatalf("enrolling again after a lost answer: %+v %v", d, err)
	}
	if _, err := s.DeviceByToken(ctx, "lost-1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the lost credential still works: %v", err)
	}
	if got, err := s.DeviceByToken(ctx, "lost-2"); err != nil || got.ID != lost {
		t.Fatalf("the new credential: %+v %v", got, err)
	}
	if devs, _ := s.Devices(ctx, o.ID); len(devs) != 1 {
		t.Fatalf("enrolling again made %d devices, want 1", len(devs))
	}
	// Once seen, the device is in use: its id cannot be enrolled again.
	if err := s.TouchDevice(ctx, lost, now.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Enroll(ctx, "a3", store.Device{ID: lost, TokenHash: "thief"}, now); !errors.Is(err, store.ErrExists) {
		t.Fatalf("taking over a device in use: %v, want ErrExists", err)
	}
	if _, err := s.DeviceByToken(ctx, "thief"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a refused enrolment left a credential: %v", err)
	}
	// Never seen, but in another office or revoked: refused too.
	fresh := id()
	if _, err := s.Enroll(ctx, "a5", store.Device{ID: fresh, TokenHash: "fresh"}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Enroll(ctx, "a4", store.Device{ID: fresh, TokenHash: "other-office"}, now); !errors.Is(err, store.ErrExists) {
		t.Fatalf("another office's code took over a device: %v, want ErrExists", err)
	}
	if err := s.RevokeDevice(ctx, fresh, now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Enroll(ctx, "a6", store.Device{ID: fresh, TokenHash: "revived"}, now); !errors.Is(err, store.ErrExists) {
		t.Fatalf("a revoked device enrolled again: %v, want ErrExists", err)
	}
}

func testRevocation(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	d := enrolled(t, s, o.ID, "Laptop")
	if err := s.RevokeDevice(ctx, d.ID, now); err != nil {
		t.Fatal(err)
	}
	got, _ := s.DeviceByToken(ctx, d.TokenHash)
	if !got.Revoked() {
		t.Fatal("revoked device is not revoked")
	}
	if err := s.RevokeDevice(ctx, d.ID, now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("revoking twice: %v", err)
	}
	devs, _ := s.Devices(ctx, o.ID)
	if len(devs) != 1 {
		t.Fatalf("devices = %v", devs)
	}
}

func put(t *testing.T, s store.Store, officeID, entity, eid string, row merge.Row) int64 {
	t.Helper()
	var seq int64
	err := s.InTx(context.Background(), officeID, func(tx store.Tx) error {
		var err error
		seq, err = tx.PutRow(context.Background(), entity, eid, row, false)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

func testRowsAndSequence(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	a, b := id(), id()
	r1 := merge.Row{"name": field(`"Łucja"`, "0000000000010000-d")}
	if seq := put(t, s, o.ID, "client", a, r1); seq != 1 {
		t.Fatalf("first seq %d", seq)
	}
	put(t, s, o.ID, "client", b, r1)
	r2 := merge.Row{"name": field(`"Łucja Nowak"`, "0000000000020000-d")}
	if seq := put(t, s, o.ID, "client", a, r2); seq != 3 {
		t.Fatalf("third seq %d", seq)
	}
	// A row appears once in the feed, at its latest sequence.
	ch, err := s.Changes(ctx, o.ID, 0, 10)
	if err != nil || len(ch) != 2 || ch[0].EntityID != b || ch[1].EntityID != a || ch[1].Seq != 3 {
		t.Fatalf("changes = %+v, %v", ch, err)
	}
	if string(ch[1].Fields["name"].V) != `"Łucja Nowak"` {
		t.Fatalf("row not updated: %s", ch[1].Fields["name"].V)
	}
	// The feed as the registry sends it: the same rows, fields as stored.
	enc, err := s.ChangesEncoded(ctx, o.ID, 0, 10)
	if err != nil || len(enc) != len(ch) {
		t.Fatalf("encoded changes = %+v, %v", enc, err)
	}
	for i, e := range enc {
		var f merge.Row
		if err := json.Unmarshal(e.Encoded, &f); err != nil || e.Fields != nil || e.EntityID != ch[i].EntityID || e.Seq != ch[i].Seq ||
			!reflect.DeepEqual(f, ch[i].Fields) {
			t.Fatalf("encoded change %d = %+v (%s), %v; want %+v", i, e, e.Encoded, err, ch[i])
		}
	}
	ch, _ = s.Changes(ctx, o.ID, 2, 10)
	if len(ch) != 1 || ch[0].EntityID != a {
		t.Fatalf("changes after 2 = %+v", ch)
	}
	ch, _ = s.Changes(ctx, o.ID, 0, 1)
	if len(ch) != 1 || ch[0].Seq != 2 {
		t.Fatalf("limit: %+v", ch)
	}
	err = s.InTx(ctx, o.ID, func(tx store.Tx) error {
		row, found, err := tx.Row(ctx, "client", a)
		if err != nil || !found || row.Seq != 3 || row.Fields["name"].H != "0000000000020000-d" {
			return fmt.Errorf("row = %+v %v %v", row, found, err)
		}
		if _, found, _ := tx.Row(ctx, "client", id()); found {
			return errors.New("missing row found")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := s.RowsOf(ctx, o.ID, "client")
	if len(rows) != 2 {
		t.Fatalf("rows of client = %d", len(rows))
	}
	// The same rows as stored: their fields decode to RowsOf's.
	enc, err = s.RowsOfEncoded(ctx, o.ID, "client")
	if err != nil || len(enc) != len(rows) {
		t.Fatalf("encoded rows of client = %d, %v", len(enc), err)
	}
	for i, e := range enc {
		var f merge.Row
		if e.Fields != nil || json.Unmarshal(e.Encoded, &f) != nil || e.EntityID != rows[i].EntityID || e.Seq != rows[i].Seq ||
			!reflect.DeepEqual(compactRow(f), compactRow(rows[i].Fields)) {
			t.Fatalf("encoded row %d = %+v (%s), RowsOf gave %+v", i, e, e.Encoded, rows[i])
		}
	}
	if seq, _ := s.Seq(ctx, o.ID); seq != 3 {
		t.Fatalf("seq = %d", seq)
	}
}

// compactRow is r with each value compacted: PostgreSQL's jsonb spaces
// what it gives back.
func compactRow(r merge.Row) map[string]string {
	out := make(map[string]string, len(r))
	for k, f := range r {
		var b bytes.Buffer
		_ = json.Compact(&b, f.V)
		out[k] = b.String() + " " + f.H
	}
	return out
}

func testIsolation(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, b := office(t, s), office(t, s)
	rid := id()
	put(t, s, a.ID, "client", rid, merge.Row{"x": field(`1`, "0000000000010000-d")})
	if ch, _ := s.Changes(ctx, b.ID, 0, 100); len(ch) != 0 {
		t.Fatalf("office B sees office A's rows: %+v", ch)
	}
	err := s.InTx(ctx, b.ID, func(tx store.Tx) error {
		if _, found, _ := tx.Row(ctx, "client", rid); found {
			return errors.New("office B reads office A's row")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seq, _ := s.Seq(ctx, b.ID); seq != 0 {
		t.Fatalf("office B's sequence moved: %d", seq)
	}
}

func testBatches(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	d := enrolled(t, s, o.ID, "Laptop")
	batch, op := id(), id()
	key := store.BatchKey{DeviceID: d.ID, BatchID: batch}
	err := s.InTx(ctx, o.ID, func(tx store.Tx) error {
		if _, found, err := tx.Batch(ctx, key); found || err != nil {
			return fmt.Errorf("new batch found: %v", err)
		}
		if seen, _ := tx.OpApplied(ctx, op); seen {
			return errors.New("new op seen")
		}
		if err := tx.RecordOp(ctx, op, d.ID, batch, now); err != nil {
			return err
		}
		return tx.SaveBatch(ctx, key, store.StoredBatch{Answer: []byte(`{"answer":1}`), Digest: "d1"}, now)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.InTx(ctx, o.ID, func(tx store.Tx) error {
		b, found, err := tx.Batch(ctx, key)
		if !found || err != nil || string(b.Answer) != `{"answer":1}` || b.Digest != "d1" {
			return fmt.Errorf("stored batch %q %q %v %v", b.Answer, b.Digest, found, err)
		}
		if seen, _ := tx.OpApplied(ctx, op); !seen {
			return errors.New("applied op not seen")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testRollback(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	boom := errors.New("boom")
	err := s.InTx(ctx, o.ID, func(tx store.Tx) error {
		if _, err := tx.PutRow(ctx, "client", id(), merge.Row{"x": field(`1`, "0000000000010000-d")}, false); err != nil {
			return err
		}
		if err := tx.RecordOp(ctx, id(), "dev", "b", now); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if seq, _ := s.Seq(ctx, o.ID); seq != 0 {
		t.Fatalf("rolled-back write moved the sequence to %d", seq)
	}
	if ch, _ := s.Changes(ctx, o.ID, 0, 10); len(ch) != 0 {
		t.Fatalf("rolled-back row visible: %+v", ch)
	}
}

func testConflicts(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	c := store.Conflict{ID: id(), Entity: "case_file", EntityID: id(), DeviceID: "dev", CreatedAt: now,
		Kept: merge.Row{"status": field(`"settled"`, "0000000000030000-r")}, Rejected: merge.Row{"status": field(`"in_progress"`, "0000000000020000-d")}}
	if err := s.InTx(ctx, o.ID, func(tx store.Tx) error { return tx.AddConflict(ctx, c) }); err != nil {
		t.Fatal(err)
	}
	open, err := s.Conflicts(ctx, o.ID, true)
	if err != nil || len(open) != 1 || string(open[0].Rejected["status"].V) != `"in_progress"` {
		t.Fatalf("open conflicts = %+v %v", open, err)
	}
	err = s.InTx(ctx, o.ID, func(tx store.Tx) error {
		got, err := tx.Conflict(ctx, c.ID)
		if err != nil || got.Entity != "case_file" {
			return fmt.Errorf("conflict = %+v %v", got, err)
		}
		return tx.ResolveConflict(ctx, c.ID, "staff-1", "rejected", now)
	})
	if err != nil {
		t.Fatal(err)
	}
	if open, _ := s.Conflicts(ctx, o.ID, true); len(open) != 0 {
		t.Fatalf("resolved conflict still open: %+v", open)
	}
	all, _ := s.Conflicts(ctx, o.ID, false)
	if len(all) != 1 || all[0].Choice != "rejected" || all[0].ResolvedBy != "staff-1" {
		t.Fatalf("resolution not kept: %+v", all)
	}
	other := office(t, s)
	err = s.InTx(ctx, other.ID, func(tx store.Tx) error {
		_, err := tx.Conflict(ctx, c.ID)
		return err
	})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another office read the conflict: %v", err)
	}
}

func testDateFlags(t *testing.T, s store.Store) {
	ctx := context.Background()
	o, other := office(t, s), office(t, s)
	early := store.DateFlag{ID: id(), CaseID: id(), DeviceID: "dev-1", SubmittedOn: "2026-12-09", RegistryDate: "2026-12-03",
		Reason: "ahead", ArrivedAt: now}
	late := store.DateFlag{ID: id(), CaseID: id(), DeviceID: "dev-2", SubmittedOn: "2026-11-20", RegistryDate: "2026-12-03",
		Reason: "behind", ArrivedAt: now.Add(time.Minute)}
	err := s.InTx(ctx, o.ID, func(tx store.Tx) error {
		if err := tx.AddDateFlag(ctx, late); err != nil {
			return err
		}
		return tx.AddDateFlag(ctx, early)
	})
	if err != nil {
		t.Fatal(err)
	}
	open, err := s.DateFlags(ctx, o.ID, true)
	if err != nil || len(open) != 2 || open[0].ID != early.ID || open[1].ID != late.ID {
		t.Fatalf("open flags = %+v %v", open, err)
	}
	want := early
	want.OfficeID = o.ID
	if got := open[0]; got.CaseID != want.CaseID || got.DeviceID != want.DeviceID || got.SubmittedOn != want.SubmittedOn ||
		got.RegistryDate != want.RegistryDate || got.Reason != want.Reason || got.OfficeID != want.OfficeID ||
		!got.ArrivedAt.Equal(want.ArrivedAt) || got.CheckedBy != "" || !got.CheckedAt.IsZero() {
		t.Fatalf("flag = %+v, want %+v", got, want)
	}
	if fs, _ := s.DateFlags(ctx, other.ID, false); len(fs) != 0 {
		t.Fatalf("another office sees the flags: %+v", fs)
	}
	// Another office cannot check them off.
	err = s.InTx(ctx, other.ID, func(tx store.Tx) error { return tx.CheckDateFlag(ctx, early.ID, "staff-9", now) })
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another office checked a flag: %v", err)
	}
	err = s.InTx(ctx, o.ID, func(tx store.Tx) error { return tx.CheckDateFlag(ctx, early.ID, "staff-1", now.Add(time.Hour)) })
	if err != nil {
		t.Fatal(err)
	}
	// Checked once: a second check finds no open flag.
	err = s.InTx(ctx, o.ID, func(tx store.Tx) error { return tx.CheckDateFlag(ctx, early.ID, "staff-2", now.Add(2*time.Hour)) })
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("flag checked twice: %v", err)
	}
	if open, _ := s.DateFlags(ctx, o.ID, true); len(open) != 1 || open[0].ID != late.ID {
		t.Fatalf("open after a check = %+v", open)
	}
	all, _ := s.DateFlags(ctx, o.ID, false)
	if len(all) != 2 || all[0].CheckedBy != "staff-1" || !all[0].CheckedAt.Equal(now.Add(time.Hour)) {
		t.Fatalf("check not kept: %+v", all)
	}
}

func testClosedYears(t *testing.T, s store.Store) {
	ctx := context.Background()
	o, other := office(t, s), office(t, s)
	closed := func(office string, year int) bool {
		var c bool
		if err := s.InTx(ctx, office, func(tx store.Tx) (err error) { c, err = tx.YearClosed(ctx, year); return err }); err != nil {
			t.Fatal(err)
		}
		return c
	}
	if closed(o.ID, 2026) {
		t.Fatal("a year closed before anyone closed it")
	}
	for range 2 { // closing again changes nothing
		if err := s.InTx(ctx, o.ID, func(tx store.Tx) error { return tx.CloseYear(ctx, 2026, now) }); err != nil {
			t.Fatal(err)
		}
	}
	for year, want := range map[int]bool{2025: true, 2026: true, 2027: false} {
		if got := closed(o.ID, year); got != want {
			t.Errorf("year %d closed = %v, want %v", year, got, want)
		}
	}
	if closed(other.ID, 2026) {
		t.Fatal("another office's year closed with this one's")
	}
}

func testNumbers(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	var got []int
	err := s.InTx(ctx, o.ID, func(tx store.Tx) error {
		for _, n := range []int{20, 20, 5} {
			first, err := tx.NextNumbers(ctx, "SO", "5352", 2026, n)
			if err != nil {
				return err
			}
			got = append(got, first)
		}
		first, err := tx.NextNumbers(ctx, "SO", "5352", 2027, 3)
		got = append(got, first)
		if err != nil {
			return err
		}
		return tx.AddLease(ctx, store.Lease{DeviceID: "dev", Unit: "SO", JRWA: "5352", Year: 2026, First: 1, Last: 20}, now)
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[1 21 41 1]" {
		t.Fatalf("first numbers = %v, want [1 21 41 1]", got)
	}
	leases, _ := s.Leases(ctx, o.ID)
	if len(leases) != 1 || leases[0].Last != 20 || leases[0].DeviceID != "dev" {
		t.Fatalf("leases = %+v", leases)
	}
}

// testConcurrentWriters: many writers of one office get distinct, gap-free
// sequence numbers and distinct register numbers.
func testConcurrentWriters(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	const writers, each = 8, 10
	var wg sync.WaitGroup
	var mu sync.Mutex
	seqs, firsts := map[int64]bool{}, map[int]bool{}
	errs := make(chan error, writers)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				err := s.InTx(ctx, o.ID, func(tx store.Tx) error {
					seq, err := tx.PutRow(ctx, "client", id(), merge.Row{"x": field(`1`, "0000000000010000-d")}, false)
					if err != nil {
						return err
					}
					first, err := tx.NextNumbers(ctx, "SO", "5352", 2026, 2)
					if err != nil {
						return err
					}
					mu.Lock()
					seqs[seq], firsts[first] = true, true
					mu.Unlock()
					return nil
				})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(seqs) != writers*each || len(firsts) != writers*each {
		t.Fatalf("%d distinct seqs, %d distinct numbers, want %d", len(seqs), len(firsts), writers*each)
	}
	for i := int64(1); i <= writers*each; i++ {
		if !seqs[i] {
			t.Fatalf("sequence has a gap at %d", i)
		}
	}
}

// testPanicRollsBack: a panic inside InTx rolls back and frees the writer;
// net/http recovers handler panics, so a held writer would stall every
// later push.
func testPanicRollsBack(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("panic swallowed")
			}
		}()
		_ = s.InTx(ctx, o.ID, func(tx store.Tx) error {
			if _, err := tx.PutRow(ctx, "client", id(), merge.Row{}, false); err != nil {
				return err
			}
			panic("boom")
		})
	}()
	if seq, _ := s.Seq(ctx, o.ID); seq != 0 {
		t.Fatalf("panicked write kept: seq %d", seq)
	}
	tctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	err := s.InTx(tctx, o.ID, func(tx store.Tx) error {
		seq, err := tx.PutRow(tctx, "client", id(), merge.Row{}, false)
		if err == nil && seq != 1 {
			err = fmt.Errorf("sequence %d after a panic, want 1", seq)
		}
		return err
	})
	if err != nil {
		t.Fatalf("store unusable after a panic: %v", err)
	}
}

// testBatchIdsPerOffice: a batch or op id known in one office means nothing
// in another, so one office's stored answer never reaches another.
func testBatchIdsPerOffice(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, b := office(t, s), office(t, s)
	batch, op := id(), id()
	err := s.InTx(ctx, a.ID, func(tx store.Tx) error {
		if err := tx.RecordOp(ctx, op, "dev-a", batch, now); err != nil {
			return err
		}
		return tx.SaveBatch(ctx, store.BatchKey{DeviceID: "dev-a", BatchID: batch}, store.StoredBatch{Answer: []byte(`{"secret":1}`)}, now)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.InTx(ctx, b.ID, func(tx store.Tx) error {
		if ans, found, err := tx.Batch(ctx, store.BatchKey{DeviceID: "dev-a", BatchID: batch}); found || err != nil {
			return fmt.Errorf("office B sees office A's batch answer %q (%v)", ans.Answer, err)
		}
		if seen, err := tx.OpApplied(ctx, op); seen || err != nil {
			return fmt.Errorf("office B sees office A's op (%v)", err)
		}
		// The same ids may be used in office B without clashing.
		if err := tx.RecordOp(ctx, op, "dev-b", batch, now); err != nil {
			return err
		}
		return tx.SaveBatch(ctx, store.BatchKey{DeviceID: "dev-a", BatchID: batch}, store.StoredBatch{Answer: []byte(`{"b":1}`)}, now)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testBatchIdsPerDevice: a batch id is the device's own, so another
// device's batch of the same id is another batch, read alone or read
// ahead (store.Prefetcher) with others; each keeps its answer and digest.
func testBatchIdsPerDevice(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	a, b := enrolled(t, s, o.ID, "A"), enrolled(t, s, o.ID, "B")
	batch := id()
	ka, kb := store.BatchKey{DeviceID: a.ID, BatchID: batch}, store.BatchKey{DeviceID: b.ID, BatchID: batch}
	err := s.InTx(ctx, o.ID, func(tx store.Tx) error {
		return tx.SaveBatch(ctx, ka, store.StoredBatch{Answer: []byte(`{"a":1}`), Digest: "da"}, now)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, ahead := range []bool{false, true} {
		err = s.InTx(ctx, o.ID, func(tx store.Tx) error {
			if p, ok := tx.(store.Prefetcher); ok && ahead {
				if err := p.Prefetch(ctx, []store.BatchKey{ka, kb}, nil, nil); err != nil {
					return err
				}
			}
			if got, found, err := tx.Batch(ctx, kb); found || err != nil {
				return fmt.Errorf("device B sees device A's batch %q (%v)", got.Answer, err)
			}
			got, found, err := tx.Batch(ctx, ka)
			if !found || err != nil || string(got.Answer) != `{"a":1}` || got.Digest != "da" {
				return fmt.Errorf("device A's batch %q %q %v %v", got.Answer, got.Digest, found, err)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("read ahead %v: %v", ahead, err)
		}
	}
	// B's batch of the same id is stored beside A's, in a transaction
	// that read both ahead, and is then read back as B's.
	err = s.InTx(ctx, o.ID, func(tx store.Tx) error {
		if p, ok := tx.(store.Prefetcher); ok {
			if err := p.Prefetch(ctx, []store.BatchKey{ka, kb}, nil, nil); err != nil {
				return err
			}
		}
		if err := tx.SaveBatch(ctx, kb, store.StoredBatch{Answer: []byte(`{"b":1}`), Digest: "db"}, now); err != nil {
			return err
		}
		if err := tx.SaveBatch(ctx, ka, store.StoredBatch{Answer: []byte(`{"a":2}`)}, now); err == nil {
			return errors.New("device A's batch stored twice")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.InTx(ctx, o.ID, func(tx store.Tx) error {
		for k, want := range map[store.BatchKey]string{ka: `{"a":1}da`, kb: `{"b":1}db`} {
			got, found, err := tx.Batch(ctx, k)
			if !found || err != nil || string(got.Answer)+got.Digest != want {
				return fmt.Errorf("batch of %s: %q %q %v %v, want %s", k.DeviceID, got.Answer, got.Digest, found, err, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testBadNumberCount: reserving zero or fewer numbers is refused, since it
// would hand out a number already given.
func testBadNumberCount(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	for _, n := range []int{0, -5} {
		err := s.InTx(ctx, o.ID, func(tx store.Tx) error {
			_, err := tx.NextNumbers(ctx, "SO", "5352", 2026, n)
			return err
		})
		if err == nil {
			t.Fatalf("NextNumbers(%d) accepted", n)
		}
	}
	var first int
	err := s.InTx(ctx, o.ID, func(tx store.Tx) error {
		var err error
		first, err = tx.NextNumbers(ctx, "SO", "5352", 2026, 1)
		return err
	})
	if err != nil || first != 1 {
		t.Fatalf("first number after refusals = %d, %v", first, err)
	}
}

// testLeaseHolders: the device a number was leased to is found, for a
// lease of an earlier transaction and one of the same transaction; a
// number of no lease, another register or year, or another office is not.
func testLeaseHolders(t *testing.T, s store.Store) {
	ctx := context.Background()
	o, other := office(t, s), office(t, s)
	err := s.InTx(ctx, o.ID, func(tx store.Tx) error {
		return tx.AddLease(ctx, store.Lease{DeviceID: "a", Unit: "SO", JRWA: "5352", Year: 2026, First: 1, Last: 20}, now)
	})
	if err != nil {
		t.Fatal(err)
	}
	type q struct {
		unit, jrwa string
		year, no   int
	}
	err = s.InTx(ctx, o.ID, func(tx store.Tx) error {
		// Read before this transaction's own lease, then after it.
		if l, ok, err := tx.LeaseHolder(ctx, "SO", "5352", 2026, 21); err != nil || ok {
			return fmt.Errorf("21 before its lease: %+v %v %v", l, ok, err)
		}
		if err := tx.AddLease(ctx, store.Lease{DeviceID: "b", Unit: "SO", JRWA: "5352", Year: 2026, First: 21, Last: 40}, now); err != nil {
			return err
		}
		for c, want := range map[q]string{{"SO", "5352", 2026, 1}: "a", {"SO", "5352", 2026, 20}: "a", {"SO", "5352", 2026, 21}: "b",
			{"SO", "5352", 2026, 41}: "", {"SO", "5352", 2027, 1}: "", {"USC", "5352", 2026, 1}: "", {"SO", "5351", 2026, 1}: ""} {
			l, ok, err := tx.LeaseHolder(ctx, c.unit, c.jrwa, c.year, c.no)
			if err != nil || l.DeviceID != want || ok != (want != "") {
				return fmt.Errorf("%+v: %+v %v %v, want %q", c, l, ok, err, want)
			}
			if ok && (c.no < l.First || c.no > l.Last || l.Unit != c.unit || l.Year != c.year) {
				return fmt.Errorf("%+v: in lease %+v", c, l)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.InTx(ctx, other.ID, func(tx store.Tx) error {
		if l, ok, err := tx.LeaseHolder(ctx, "SO", "5352", 2026, 1); err != nil || ok {
			return fmt.Errorf("another office's lease: %+v %v %v", l, ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testLiveRows: a row is live once written, also within the transaction
// that writes it, and not once deleted; another office's row is not.
func testLiveRows(t *testing.T, s store.Store) {
	ctx := context.Background()
	o, other := office(t, s), office(t, s)
	a, b := id(), id()
	put(t, s, o.ID, "client", a, merge.Row{"x": field(`1`, "h1")})
	err := s.InTx(ctx, o.ID, func(tx store.Tx) error {
		if live, err := tx.RowLive(ctx, "client", b); err != nil || live {
			return fmt.Errorf("a row not written yet: %v %v", live, err)
		}
		if _, err := tx.PutRow(ctx, "client", b, merge.Row{"x": field(`1`, "h1")}, false); err != nil {
			return err
		}
		for _, k := range []string{a, b} {
			if live, err := tx.RowLive(ctx, "client", k); err != nil || !live {
				return fmt.Errorf("row %s: %v %v", k, live, err)
			}
		}
		if live, err := tx.RowLive(ctx, "case_file", a); err != nil || live {
			return fmt.Errorf("another entity: %v %v", live, err)
		}
		_, err := tx.PutRow(ctx, "client", a, merge.Row{"x": field(`1`, "h1")}, true)
		if err != nil {
			return err
		}
		if live, err := tx.RowLive(ctx, "client", a); err != nil || live {
			return fmt.Errorf("a deleted row: %v %v", live, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.InTx(ctx, other.ID, func(tx store.Tx) error {
		if live, err := tx.RowLive(ctx, "client", b); err != nil || live {
			return fmt.Errorf("another office's row: %v %v", live, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
