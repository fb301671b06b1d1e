package db

import (
	"context"
	"database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"okienko/app/cases"
	"okienko/sync/merge"

	"github.com/pressly/goose/v3"
)

// closedAt is a case's stored closed_at and the one its events give (the
// first status event to a closing status), as the report's record reading
// derives it.
func closedAt(t *testing.T, s *Store, caseID string) (stored, derived int64) {
	t.Helper()
	err := s.w.QueryRow(`SELECT c.closed_at, COALESCE((SELECT MIN(e.created_at) FROM case_event e
		WHERE e.case_id = c.id AND e.to_status IN ('settled', 'left_unexamined', 'forwarded')), 0)
		FROM case_file c WHERE c.id = ?`, caseID).Scan(&stored, &derived)
	if err != nil {
		t.Fatal(err)
	}
	return stored, derived
}

// mustClosed fails unless the stored closed_at is the derived one and,
// when want is set, not 0.
func mustClosed(t *testing.T, s *Store, caseID, path string, want bool) int64 {
	t.Helper()
	stored, derived := closedAt(t, s, caseID)
	if stored != derived || want != (stored != 0) {
		t.Fatalf("%s: closed_at %d, the case's events say %d", path, stored, derived)
	}
	return stored
}

// moveCase changes a case's status on the device as a clerk's action
// does: the case's progress and a status event in one transaction.
func moveCase(t *testing.T, s *Store, officeID, staffID string, c *cases.Case, to cases.Status) {
	t.Helper()
	from := c.Status
	c.Status = to
	if err := s.InTx(context.Background(), func(tx *Tx) error {
		if err := tx.UpdateCaseProgress(context.Background(), officeID, *c); err != nil {
			return err
		}
		return tx.AppendCaseEvent(context.Background(), cases.Event{CaseID: c.ID, Kind: cases.EventStatus, From: from, To: to, StaffID: staffID})
	}); err != nil {
		t.Fatal(err)
	}
}

// TestCaseClosedAtKept: the stored closed_at the monitoring report counts
// by (migration 00025) equals, on every write path, the first closing
// event's time the report's record reading derives: a local close, a
// reopen and a second close, rows pulled from another device in either
// order (a page may bring a case's events before the case), and a
// snapshot imported into a fresh device.
func TestCaseClosedAtKept(t *testing.T) {
	ctx := context.Background()
	now := t0
	a, err := Open(ctx, t.TempDir(), Options{Now: func() time.Time { return now }, Cipher: testCipher(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	f := newFixture()
	f.save(t, a)
	k := newCaseFixture(t, a, f)
	c := k.cs
	mustClosed(t, a, c.ID, "registered", false)

	moveCase(t, a, f.office.ID, f.staff.ID, &c, cases.InProgress)
	mustClosed(t, a, c.ID, "in progress", false)
	moveCase(t, a, f.office.ID, f.staff.ID, &c, cases.Settled)
	first := mustClosed(t, a, c.ID, "local close", true)
	now = now.Add(time.Hour)
	moveCase(t, a, f.office.ID, f.staff.ID, &c, cases.InProgress)
	if got := mustClosed(t, a, c.ID, "reopen", true); got != first {
		t.Fatalf("reopen moved closed_at from %d to %d", first, got)
	}
	now = now.Add(time.Hour)
	moveCase(t, a, f.office.ID, f.staff.ID, &c, cases.Settled)
	if got := mustClosed(t, a, c.ID, "second close", true); got != first {
		t.Fatalf("a second close moved closed_at from %d to %d", first, got)
	}

	// Another device pulls the card, the client, the case and its events,
	// the case first or last.
	var events []string
	rows, err := a.w.Query(`SELECT id FROM case_event WHERE case_id = ? ORDER BY created_at DESC`, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		events = append(events, id)
	}
	rows.Close()
	type key struct{ entity, id string }
	ref := []key{{"service_card", k.cardID}, {"client", k.client.ID}}
	evs := make([]key, len(events))
	for i, id := range events {
		evs[i] = key{"case_event", id}
	}
	orders := map[string][]key{
		"pull, case first":   append(append(append([]key{}, ref...), key{"case_file", c.ID}), evs...),
		"pull, events first": append(append(append([]key{}, evs...), ref...), key{"case_file", c.ID}),
	}
	for name, order := range orders {
		b := openTest(t)
		f.save(t, b)
		for _, x := range order {
			var row merge.Row
			if err := a.InTx(ctx, func(tx *Tx) error { row, err = tx.rowClock(ctx, x.entity, x.id); return err }); err != nil || len(row) == 0 {
				t.Fatalf("%s %s: %d fields, %v", x.entity, x.id, len(row), err)
			}
			if err := b.ApplyInTx(ctx, func(tx *Tx) error { _, err := tx.ApplyRemote(ctx, x.entity, x.id, row); return err }); err != nil {
				t.Fatalf("%s: apply %s: %v", name, x.entity, err)
			}
		}
		if got := mustClosed(t, b, c.ID, name, true); got != first {
			t.Fatalf("%s: closed_at %d, the closing device has %d", name, got, first)
		}
	}

	// A fresh device imports the registry's snapshot of an office whose
	// case was closed there.
	src := openPlain(t)
	f.save(t, src)
	k2 := newCaseFixture(t, src, f)
	c2 := k2.cs
	moveCase(t, src, f.office.ID, f.staff.ID, &c2, cases.Settled)
	want := mustClosed(t, src, c2.ID, "snapshot source", true)
	path := filepath.Join(t.TempDir(), "snap.db")
	if err := src.WriteSnapshot(ctx, path); err != nil {
		t.Fatal(err)
	}
	dst := openTest(t)
	if err := dst.ImportSnapshot(ctx, os.DirFS(filepath.Dir(path)), filepath.Base(path), f.office.ID, 1, nil); err != nil {
		t.Fatal(err)
	}
	if got := mustClosed(t, dst, c2.ID, "snapshot import", true); got != want {
		t.Fatalf("snapshot import: closed_at %d, the source has %d", got, want)
	}
	// And the imported device keeps it as it goes on.
	moveCase(t, dst, f.office.ID, f.staff.ID, &c2, cases.InProgress)
	if got := mustClosed(t, dst, c2.ID, "reopen after import", true); got != want {
		t.Fatalf("reopen after import: closed_at %d, want %d", got, want)
	}
}

// TestCaseClosedAtBackfill: migration 00025 fills closed_at for the cases
// closed before it, from their events (taken down and up again on a store
// with a closed case, an open one and a case closed twice).
func TestCaseClosedAtBackfill(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	now := t0
	s, err := Open(ctx, dir, Options{Now: func() time.Time { return now }, Cipher: testCipher(t)})
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture()
	f.save(t, s)
	k := newCaseFixture(t, s, f)
	open, twice := k.cs, k.cs
	twice.ID = NewID()
	twice.Sign.No = 2
	if err := s.InTx(ctx, func(tx *Tx) error { return tx.InsertCase(ctx, f.office.ID, twice) }); err != nil {
		t.Fatal(err)
	}
	moveCase(t, s, f.office.ID, f.staff.ID, &twice, cases.Settled)
	want := mustClosed(t, s, twice.ID, "before", true)
	now = now.Add(time.Hour)
	moveCase(t, s, f.office.ID, f.staff.ID, &twice, cases.InProgress)
	moveCase(t, s, f.office.ID, f.staff.ID, &twice, cases.Settled)
	s.Close()

	raw, err := sql.Open("sqlite", filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	sub, _ := fs.Sub(migrations, "migrations")
	p, err := goose.NewProvider(goose.DialectSQLite3, raw, sub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.ApplyVersion(ctx, 25, false); err != nil {
		t.Fatal(err)
	}
	if _, err := p.ApplyVersion(ctx, 25, true); err != nil {
		t.Fatal(err)
	}
	var got, openGot int64
	if err := raw.QueryRow(`SELECT closed_at FROM case_file WHERE id = ?`, twice.ID).Scan(&got); err != nil || got != want {
		t.Fatalf("closed twice: closed_at %d (%v) after the backfill, want %d", got, err, want)
	}
	if err := raw.QueryRow(`SELECT closed_at FROM case_file WHERE id = ?`, open.ID).Scan(&openGot); err != nil || openGot != 0 {
		t.Fatalf("open case: closed_at %d (%v) after the backfill, want 0", openGot, err)
	}
}
