package db

import (
	"context"
	"testing"
	"time"

	"okienko/app/audit"
	"okienko/app/cases"
	"okienko/app/office"
)

// pushAll empties the outbox as a registry that applied every op would.
func pushAll(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	for {
		_, ops, err := s.NextBatch(ctx, 500)
		if err != nil {
			t.Fatal(err)
		}
		if len(ops) == 0 {
			return
		}
		out := make([]OpOutcome, len(ops))
		for i, op := range ops {
			out[i] = OpOutcome{OpID: op.OpID, Done: true}
		}
		if err := s.SettleBatch(ctx, out); err != nil {
			t.Fatal(err)
		}
	}
}

func rowCount(t *testing.T, s *Store, q string, args ...any) int {
	t.Helper()
	var n int
	if err := s.w.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestForgetWaitsForThePush: a case the registry says left the scope
// stays while anything of it waits in the outbox, and goes with its
// events, row clocks, search entries and client once pushed; a client
// another kept case needs stays; an id the device never held is dropped.
func TestForgetWaitsForThePush(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	k := newCaseFixture(t, s, f)
	kept := k.newCase(f)
	kept.Sign.No = 2
	other := k.newCase(f)
	other.Sign.No = 3
	otherClient := cases.Client{ID: NewID(), Kind: cases.Person, FirstName: "Jan", LastName: "Bąk", BirthDate: "1990-01-01"}
	other.ClientID = otherClient.ID
	stranger := office.Staff{ID: NewID(), Login: "obcy", FirstName: "Olga", LastName: "Obca", UnitID: f.unit.ID, Role: office.RoleClerk, Active: true}
	err := s.InTx(ctx, func(tx *Tx) error {
		if err := tx.InsertCase(ctx, f.office.ID, kept); err != nil {
			return err
		}
		if err := tx.SaveClient(ctx, f.office.ID, otherClient); err != nil {
			return err
		}
		if err := tx.InsertCase(ctx, f.office.ID, other); err != nil {
			return err
		}
		if err := tx.SaveStaff(ctx, f.office.ID, stranger, "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$a2V5"); err != nil {
			return err
		}
		// Who looked at the cases and clients: this device's person, and
		// a person of another unit, whose entries the registry sent only
		// because the device held those rows.
		for _, e := range []audit.Entry{
			{StaffID: f.staff.ID, Action: audit.CaseView, ObjectType: "case_file", ObjectID: other.ID},
			{StaffID: stranger.ID, Action: audit.CaseView, ObjectType: "case_file", ObjectID: other.ID},
			{StaffID: stranger.ID, Action: audit.ClientRead, ObjectType: "client", ObjectID: otherClient.ID},
			{StaffID: stranger.ID, Action: audit.CaseView, ObjectType: "case_file", ObjectID: kept.ID},
		} {
			if err := tx.Audit(ctx, f.office.ID, e); err != nil {
				return err
			}
		}
		return tx.AppendCaseEvent(ctx, cases.Event{ID: NewID(), CaseID: other.ID, Kind: cases.EventStatus, StaffID: f.staff.ID})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceCredentials(ctx, "v1", []Credential{{StaffID: f.staff.ID, Login: f.staff.Login, Hash: "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$a2V5"}}); err != nil {
		t.Fatal(err)
	}
	forget := func(ids ...string) int {
		t.Helper()
		n := 0
		if err := s.ApplyInTx(ctx, func(tx *Tx) error {
			var err error
			n, err = tx.ForgetCases(ctx, ids)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := forget(other.ID, k.cs.ID, "0190a0b0-0000-7000-8000-00000000dead"); n != 0 {
		t.Fatalf("removed %d cases with changes not pushed", n)
	}
	if n := rowCount(t, s, "SELECT COUNT(*) FROM scope_forget"); n != 2 {
		t.Fatalf("%d cases wait to be forgotten, want 2 (the unknown id dropped)", n)
	}
	pushAll(t, s)
	if n := forget(); n != 2 {
		t.Fatalf("after the push, removed %d, want 2", n)
	}
	for q, want := range map[string]int{
		"SELECT COUNT(*) FROM case_file":                                  1,
		"SELECT COUNT(*) FROM case_file WHERE id = '" + kept.ID + "'":     1,
		"SELECT COUNT(*) FROM client":                                     1, // k's client: the kept case needs it
		"SELECT COUNT(*) FROM client WHERE id = '" + otherClient.ID + "'": 0,
		"SELECT COUNT(*) FROM case_event":                                 0,
		"SELECT COUNT(*) FROM row_clock WHERE entity IN ('case_file', 'case_event', 'client') AND entity_id IN ('" + other.ID + "', '" + k.cs.ID + "', '" + otherClient.ID + "')": 0,
		"SELECT COUNT(*) FROM row_clock WHERE entity_id = '" + kept.ID + "'":                                                                                                      1,
		"SELECT COUNT(*) FROM case_fts": 1,
		"SELECT COUNT(*) FROM search_token WHERE client_rowid NOT IN (SELECT rowid FROM client)": 0,
		"SELECT COUNT(DISTINCT client_rowid) FROM search_token":                                  1,
		"SELECT COUNT(*) FROM scope_forget":                                                      0,
		// Audit entries: the device's own person's stays; the stranger's
		// about the forgotten case and client go with their row clocks;
		// the stranger's about the kept case stays.
		"SELECT COUNT(*) FROM audit_log WHERE object_id IN ('" + other.ID + "', '" + otherClient.ID + "')":          1,
		"SELECT COUNT(*) FROM audit_log WHERE object_id = '" + other.ID + "' AND staff_id = '" + f.staff.ID + "'":   1,
		"SELECT COUNT(*) FROM audit_log WHERE object_id = '" + kept.ID + "'":                                        1,
		"SELECT COUNT(*) FROM row_clock WHERE entity = 'audit_log' AND entity_id NOT IN (SELECT id FROM audit_log)": 0,
	} {
		if got := rowCount(t, s, q); got != want {
			t.Errorf("%s: %d, want %d", q, got, want)
		}
	}
}

// TestDropClosed: a limited device drops the cases closed before the
// office's period began, by their closing event's time, and keeps open
// ones and those closed since.
func TestDropClosed(t *testing.T) {
	ctx := context.Background()
	now := t0.AddDate(0, 0, -100)
	s, err := Open(ctx, t.TempDir(), Options{Now: func() time.Time { return now }, Cipher: testCipher(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	f := newFixture()
	f.save(t, s)
	k := newCaseFixture(t, s, f)
	old, recent := k.newCase(f), k.newCase(f)
	old.Sign.No, recent.Sign.No = 2, 3
	old.Status, recent.Status = cases.Settled, cases.Settled
	// Each closed when the office's clock said: 100 and 10 days ago.
	for _, c := range []struct {
		cs  cases.Case
		ago int
	}{{old, 100}, {recent, 10}} {
		now = t0.AddDate(0, 0, -c.ago)
		if err := s.InTx(ctx, func(tx *Tx) error {
			if err := tx.InsertCase(ctx, f.office.ID, c.cs); err != nil {
				return err
			}
			return tx.AppendCaseEvent(ctx, cases.Event{CaseID: c.cs.ID, Kind: cases.EventStatus, To: cases.Settled, StaffID: f.staff.ID})
		}); err != nil {
			t.Fatal(err)
		}
	}
	now = t0
	pushAll(t, s)
	n := 0
	if err := s.ApplyInTx(ctx, func(tx *Tx) error {
		n, err = tx.DropClosed(ctx, t0.Add(-90*24*time.Hour).UnixMilli())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if n != 1 || rowCount(t, s, "SELECT COUNT(*) FROM case_file WHERE id = ?", old.ID) != 0 || rowCount(t, s, "SELECT COUNT(*) FROM case_file") != 2 {
		t.Fatalf("dropped %d; %d cases left, want the open one and the one closed 10 days ago", n, rowCount(t, s, "SELECT COUNT(*) FROM case_file"))
	}
	if got := s.ClosedDays(ctx, f.office.ID); got != DefaultClosedDays {
		t.Fatalf("closed days with no setting: %d", got)
	}
}
