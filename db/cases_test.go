package db

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"okienko/app/callbacks"
	"okienko/app/cases"
	"okienko/app/casesign"
	"okienko/app/presence"
)

// caseFixture is a card, a client and one registered case.
type caseFixture struct {
	cardID string
	client cases.Client
	cs     cases.Case
}

func (k caseFixture) newCase(f fixture) cases.Case {
	return cases.Case{ID: NewID(), Sign: casesign.Sign{Register: casesign.Register{Unit: "SO", JRWA: "5352", Year: 2026}, No: 1},
		CardID: k.cardID, ClientID: k.client.ID, Status: cases.Registered, SubmittedOn: "2026-11-23", DueOn: "2026-11-30",
		Form: []byte(`{"a":"b"}`), Checklist: []cases.Item{{DocID: "wniosek", Name: "Wniosek", Applies: true, Mark: cases.Original}},
		RegisteredBy: f.staff.ID}
}

func newCaseFixture(t testing.TB, s *Store, f fixture) caseFixture {
	t.Helper()
	ctx := context.Background()
	k := caseFixture{client: cases.Client{ID: NewID(), Kind: cases.Person, FirstName: "Łucja", LastName: "Żółkiewska",
		PESEL: "02270803624", BirthDate: "2002-07-08"}}
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		if k.cardID, err = tx.AddCardVersion(ctx, f.office.ID, f.unit.ID, testCard()); err != nil {
			return err
		}
		if err := tx.SaveClient(ctx, f.office.ID, k.client); err != nil {
			return err
		}
		k.cs = k.newCase(f)
		return tx.InsertCase(ctx, f.office.ID, k.cs)
	})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestCaseSearch(t *testing.T) {
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	k := newCaseFixture(t, s, f)
	ctx := context.Background()
	for _, q := range []string{"lucja", "ZOLKIEWSKA", "żółk", "so 5352", "5352.1.2026", "zolkiewska lucja"} {
		rows, err := s.Cases(ctx, f.office.ID, CaseFilter{Text: q})
		if err != nil || len(rows) != 1 || rows[0].ID != k.cs.ID {
			t.Errorf("Cases(%q) = %+v, %v", q, rows, err)
			continue
		}
		if rows[0].Client.Name() != "Łucja Żółkiewska" || rows[0].CardTitle != "Zameldowanie" || rows[0].Sign != "SO.5352.1.2026" {
			t.Errorf("row = %+v", rows[0])
		}
	}
	for _, q := range []string{"kowalski", `"`, "lucja AND x", "*"} {
		rows, err := s.Cases(ctx, f.office.ID, CaseFilter{Text: q})
		if err != nil || len(rows) != 0 {
			t.Errorf("Cases(%q) = %d rows, %v", q, len(rows), err)
		}
	}
	if rows, _ := s.Cases(ctx, f.office.ID, CaseFilter{PESEL: "02270803624"}); len(rows) != 1 {
		t.Errorf("by PESEL: %d", len(rows))
	}
	if rows, _ := s.Cases(ctx, f.office.ID, CaseFilter{DueTo: "2026-11-29"}); len(rows) != 0 {
		t.Errorf("due before: %d", len(rows))
	}
	if rows, _ := s.Cases(ctx, f.office.ID, CaseFilter{DueTo: "2026-11-30", Status: cases.Registered}); len(rows) != 1 {
		t.Errorf("due on the day: %d", len(rows))
	}
	if rows, _ := s.Cases(ctx, f.office.ID, CaseFilter{DueFrom: "2026-12-01"}); len(rows) != 0 {
		t.Errorf("due after: %d", len(rows))
	}
	if rows, _ := s.Cases(ctx, f.office.ID, CaseFilter{OpenOnly: true, Text: "lucja"}); len(rows) != 1 {
		t.Errorf("open text: %d", len(rows))
	}
	// The blind index holds no prefixes of identifiers: a PESEL is
	// found typed whole, with or without spaces.
	clients, err := s.FindClients(ctx, f.office.ID, "02270803624", 5)
	if err != nil || len(clients) != 1 {
		t.Errorf("find by PESEL: %v %v", clients, err)
	}
	if clients, _ := s.FindClients(ctx, f.office.ID, "0227", 5); len(clients) != 0 {
		t.Errorf("a PESEL's beginning found %v", clients)
	}
	clients, _ = s.FindClients(ctx, f.office.ID, "zolk", 5)
	if len(clients) != 1 || clients[0].FirstName != "Łucja" {
		t.Errorf("find by name: %v", clients)
	}
}

func TestLocalNumbersAccountForEveryNumber(t *testing.T) {
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	k := newCaseFixture(t, s, f)
	ctx := context.Background()
	reg := casesign.Register{Unit: "USC", JRWA: "5360", Year: 2025}
	take := func() int {
		var no int
		err := s.InTx(ctx, func(tx *Tx) error {
			cs := k.newCase(f)
			var err error
			if no, err = (LocalNumbers{Block: 3}).Take(ctx, tx, f.office.ID, reg, cs.ID); err != nil {
				return err
			}
			cs.Sign = casesign.Sign{Register: reg, No: no}
			return tx.InsertCase(ctx, f.office.ID, cs)
		})
		if err != nil {
			t.Fatal(err)
		}
		return no
	}
	for want := 1; want <= 4; want++ {
		if got := take(); got != want {
			t.Fatalf("number %d, want %d", got, want)
		}
	}
	// A registration that fails after taking a number gives it back.
	boom := errors.New("boom")
	_ = s.InTx(ctx, func(tx *Tx) error {
		_, _ = (LocalNumbers{Block: 3}).Take(ctx, tx, f.office.ID, reg, NewID())
		return boom
	})
	if got := take(); got != 5 {
		t.Fatalf("after a rollback: %d, want 5", got)
	}
	// Year end: 6 is reserved and unused; it is cancelled, not skipped.
	err := s.InTx(ctx, func(tx *Tx) error {
		n, err := tx.CancelReservedBefore(ctx, f.office.ID, 2026, "year_end")
		if n != 1 {
			t.Errorf("cancelled %d numbers, want 1", n)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := s.RegisterEntries(ctx, f.office.ID, reg)
	if len(entries) != 6 {
		t.Fatalf("register has %d entries", len(entries))
	}
	for i, e := range entries {
		want := NumberUsed
		if i == 5 {
			want = NumberCancelled
		}
		if e.No != i+1 || e.State != want || (want == NumberUsed) != (e.CaseID != "") {
			t.Errorf("entry %d = %+v", i, e)
		}
	}
}

func TestClearReferenceData(t *testing.T) {
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	ctx := context.Background()
	// The demo office's callbacks and presence go with it.
	cb := callbacks.Callback{ID: newID(), Name: "Jan Kowalski", Phone: "+48600100200", Topic: "x", From: t0.Add(time.Hour),
		AssigneeID: f.staff.ID, CreatedBy: f.staff.ID, Status: callbacks.Open}
	if err := s.InTx(ctx, func(tx *Tx) error {
		if err := tx.SaveCallback(ctx, f.office.ID, cb); err != nil {
			return err
		}
		return tx.SavePresence(ctx, f.office.ID, presence.Presence{StaffID: f.staff.ID})
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.InTx(ctx, func(tx *Tx) error { return tx.ClearReferenceData(ctx) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Office(ctx); !errors.Is(err, ErrNotFound) {
		t.Fatalf("office left: %v", err)
	}
	if _, err := s.Callback(ctx, cb.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("callback left: %v", err)
	}
	if _, err := s.Presence(ctx, f.staff.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("presence left: %v", err)
	}
	if n, _ := s.PendingOps(ctx); n != 0 {
		t.Fatalf("%d outbox ops left", n)
	}
	// With a case of its own a device refuses to be reset or enrolled.
	f.save(t, s)
	newCaseFixture(t, s, f)
	err := s.InTx(ctx, func(tx *Tx) error { return tx.ClearReferenceData(ctx) })
	if !errors.Is(err, ErrHasCases) {
		t.Fatalf("reset with cases: %v", err)
	}
	err = s.InTx(ctx, func(tx *Tx) error { return tx.Enroll(ctx, "http://x", "t", f.office.ID) })
	if !errors.Is(err, ErrHasCases) {
		t.Fatalf("enrol with cases: %v", err)
	}
}

// TestSearchIndexFollowsRenames: the blind index follows a client's new
// name (its old tokens dropped), keeps one entry per token however often
// a row is saved; the sign index drops the entries of deleted cases and
// is up to date when a transaction commits (fts_queue empty).
func TestSearchIndexFollowsRenames(t *testing.T) {
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	k := newCaseFixture(t, s, f)
	ctx := context.Background()
	renamed := k.client
	renamed.LastName = "Kowalczyk"
	for i := range 3 {
		c := k.client
		if i == 2 {
			c = renamed
		}
		c.Phone = "60010020" + string(rune('0'+i))
		if err := s.InTx(ctx, func(tx *Tx) error { return tx.SaveClient(ctx, f.office.ID, c) }); err != nil {
			t.Fatal(err)
		}
	}
	for q, want := range map[string]int{"kowalcz": 1, "zolk": 0} {
		if got, err := s.FindClients(ctx, f.office.ID, q, 5); err != nil || len(got) != want {
			t.Errorf("FindClients(%q) = %d clients, %v; want %d", q, len(got), err, want)
		}
		if got, err := s.Cases(ctx, f.office.ID, CaseFilter{Text: q}); err != nil || len(got) != want {
			t.Errorf("Cases(%q) = %d cases, %v; want %d", q, len(got), err, want)
		}
	}
	count := func(table string) int {
		var n int
		if err := s.w.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if count("fts_queue") != 0 {
		t.Fatalf("%d rows left in fts_queue after a transaction", count("fts_queue"))
	}
	// The blind index holds the renamed client's tokens only: the old
	// name's and the old phones' went with each save.
	last := renamed
	last.Phone = "600100202"
	k2, _ := s.Cipher()
	if got, want := count("search_token"), len(clientTokens(k2, last)); got != want {
		t.Fatalf("search_token holds %d rows, want the client's %d tokens", got, want)
	}
	if count("case_fts") != count("case_file") {
		t.Fatalf("index rows: %d cases in case_fts for %d", count("case_fts"), count("case_file"))
	}
	// Outside the store's transactions (as a repair by hand would): the
	// triggers note the rows, and the next transaction rewrites the index.
	if _, err := s.w.ExecContext(ctx, "DELETE FROM case_file; DELETE FROM client"); err != nil {
		t.Fatal(err)
	}
	if err := s.InTx(ctx, func(*Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if n := count("case_fts"); n != 0 {
		t.Fatalf("%d index rows left after the rows went", n)
	}
}

// TestCaseSearchBySign: a sign typed whole finds that case alone, even when
// another case is due sooner or the list shows open cases only; a partial
// sign finds the signs that begin with it, in register order.
func TestCaseSearchBySign(t *testing.T) {
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	k := newCaseFixture(t, s, f)
	ctx := context.Background()
	add := func(no, year int, due string, st cases.Status) {
		c := k.newCase(f)
		c.ID = NewID()
		c.Sign = casesign.Sign{Register: casesign.Register{Unit: "SO", JRWA: "5352", Year: year}, No: no}
		c.DueOn, c.Status = due, st
		if err := s.InTx(ctx, func(tx *Tx) error { return tx.InsertCase(ctx, f.office.ID, c) }); err != nil {
			t.Fatal(err)
		}
	}
	// Case 1 (the fixture) is due 2026-11-30; 2 is due sooner and would
	// come first in deadline order.
	add(2, 2026, "2026-11-24", cases.Registered)
	add(10, 2026, "2026-11-25", cases.Registered)
	add(11, 2026, "2026-11-26", cases.Settled)
	add(100, 2026, "2026-11-27", cases.Registered)
	add(21, 2026, "2026-11-28", cases.Registered)
	add(1, 2025, "2025-11-28", cases.Registered)
	cases := []struct {
		text string
		open bool
		want string
	}{
		{"SO.5352.1.2026", false, "SO.5352.1.2026"},
		{"so.5352.1.2026", true, "SO.5352.1.2026"},
		{" SO.5352.11.2026 ", true, "SO.5352.11.2026"}, // settled, yet named exactly
		{"SO.5352.1.2025", false, "SO.5352.1.2025"},
		{"SO.5352.1", false, "SO.5352.1.2026 SO.5352.10.2026 SO.5352.11.2026 SO.5352.100.2026 SO.5352.1.2025"},
		{"SO.5352.1", true, "SO.5352.1.2026 SO.5352.10.2026 SO.5352.100.2026 SO.5352.1.2025"},
		{"SO.5352.1.", false, "SO.5352.1.2026 SO.5352.1.2025"},
		{"SO.5352.2", false, "SO.5352.2.2026 SO.5352.21.2026"},
		{"SO.5352.3.2026", false, ""},
		{"SO.5352.1.20", false, "SO.5352.1.2026 SO.5352.1.2025"},
		{"5352.1.2026", false, "SO.5352.1.2026"}, // no sign begins so: its pieces in a row
		{"5352.2", false, "SO.5352.2.2026 SO.5352.21.2026"},
		{"5352.21", false, "SO.5352.21.2026"},
		{"5352.1.2026", true, "SO.5352.1.2026"},
		{"2.2026", false, "SO.5352.2.2026"}, // not 1.2026 nor 21.2026: the pieces in a row, whole
	}
	for _, c := range cases {
		rows, err := s.Cases(ctx, f.office.ID, CaseFilter{Text: c.text, OpenOnly: c.open})
		var got []string
		for _, r := range rows {
			got = append(got, r.Sign)
		}
		if err != nil || strings.Join(got, " ") != c.want {
			t.Errorf("Cases(%q, open %v) = %v, %v; want %s", c.text, c.open, got, err, c.want)
		}
	}
}

func TestSignLike(t *testing.T) {
	for s, want := range map[string]bool{"SO.5352.1.2026": true, "so.5352": true, "SO.5352.T-3F9A2C.2026": true, "5352.1": true,
		"SO": false, "SO 5352": false, "Łęcka.W": false, "lucja": false, "": false, "a.b*": false} {
		if got := SignLike(s); got != want {
			t.Errorf("SignLike(%q) = %v", s, got)
		}
	}
}

// FuzzCaseSearchText: whatever a clerk types, the case search answers
// without an FTS syntax error.
func FuzzCaseSearchText(f *testing.F) {
	s := openTest(f)
	fx := newFixture()
	fx.save(f, s)
	newCaseFixture(f, s, fx)
	for _, seed := range []string{"SO.5352.1.2026", `"`, "a*", "NEAR(a b)", "so.", ".", "-", "Łęcka-Wróblewska", "x:y", "^a", "a OR b"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if _, err := s.Cases(context.Background(), fx.office.ID, CaseFilter{Text: text}); err != nil {
			t.Fatalf("Cases(%q): %v", text, err)
		}
	})
}
