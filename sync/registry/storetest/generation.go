package storetest

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"okienko/sync/merge"
	"okienko/sync/registry/store"
)

// testGeneration: a fresh store has a generation; a new one is kept with
// its marks; the devices enrolled before a restore are pending until each
// has sent again; a register raised past a number leases after it.
func testGeneration(t *testing.T, s store.Store) {
	ctx := context.Background()
	g0, err := s.Generation(ctx)
	if err != nil || len(g0.ID) != 32 || !g0.RestoredAt.IsZero() {
		t.Fatalf("a fresh store's generation: %+v %v", g0, err)
	}
	o := office(t, s)
	a, b := enrolled(t, s, o.ID, "A"), enrolled(t, s, o.ID, "B")
	g := store.Generation{ID: "0123456789abcdef0123456789abcdef", RestoredAt: now.Add(time.Hour),
		Marks: map[string]store.OfficeMark{o.ID: {Seq: 7, Stamps: map[string]string{a.ID: "0000018f00000000-" + a.ID}}}}
	if err := s.SetGeneration(ctx, g); err != nil {
		t.Fatal(err)
	}
	got, err := s.Generation(ctx)
	if err != nil || got.ID != g.ID || !got.RestoredAt.Equal(g.RestoredAt) || got.Marks[o.ID].Seq != 7 || got.Marks[o.ID].Stamps[a.ID] != g.Marks[o.ID].Stamps[a.ID] {
		t.Fatalf("generation kept as %+v (%v), set %+v", got, err, g)
	}
	pending := func() []string {
		ids, err := s.ResendPending(ctx, o.ID, g.ID, g.RestoredAt)
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	want := []string{a.ID, b.ID}
	slices.Sort(want)
	if p := pending(); !slices.Equal(p, want) {
		t.Fatalf("pending %v, want %v", p, want)
	}
	if err := s.MarkResent(ctx, a.ID, g.ID, now); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkResent(ctx, b.ID, "another generation", now); err != nil {
		t.Fatal(err)
	}
	if p := pending(); !slices.Equal(p, []string{b.ID}) {
		t.Fatalf("pending %v, want B alone", p)
	}
	if err := s.RevokeDevice(ctx, b.ID, now); err != nil {
		t.Fatal(err)
	}
	if p := pending(); len(p) != 0 {
		t.Fatalf("a revoked device holds the office up: %v", p)
	}
	// Enrolled after the restore: never pending.
	if ids, _ := s.ResendPending(ctx, o.ID, g.ID, now.Add(-time.Hour)); len(ids) != 0 {
		t.Fatalf("devices enrolled after the restore pending: %v", ids)
	}
	var first int
	err = s.InTx(ctx, o.ID, func(tx store.Tx) error {
		if err := tx.RaiseNextNumber(ctx, "SO", "5352", 2026, 41); err != nil {
			return err
		}
		if err := tx.RaiseNextNumber(ctx, "SO", "5352", 2026, 12); err != nil { // never lowers
			return err
		}
		var err error
		first, err = tx.NextNumbers(ctx, "SO", "5352", 2026, 5)
		return err
	})
	if err != nil || first != 41 {
		t.Fatalf("after raising to 41, leased from %d (%v)", first, err)
	}
}

// testNodeMarks: per node, the newest stamp of any field of the office's
// rows, compared as strings; a field stamp that is not a stamp, another
// office's rows and values that merely look like stamps count for nothing.
func testNodeMarks(t *testing.T, s store.Store) {
	ctx := context.Background()
	o, other := office(t, s), office(t, s)
	put(t, s, o.ID, "client", id(), merge.Row{
		"name":  field(`"Ala"`, "0000000000010000-devA"),
		"phone": field(`"1"`, "0000000000030000-devA"),
		"city":  field(`"X"`, "00000000000f0000-devB"),
	})
	put(t, s, o.ID, "case_file", id(), merge.Row{
		"status": field(`"registered"`, "0000000000020000-devA"),
		// A value holding what looks like a stamp is a value, not a stamp.
		"note": field(`{"h":"ffffffffffffffff-devA"}`, "0000000000010001-devC"),
		// Not well-formed stamps (uppercase, short, no node): left out.
		"odd1": field(`1`, "FFFFFFFFFFFFFFFF-devB"),
		"odd2": field(`1`, "fff-devB"),
		"odd3": field(`1`, "ffffffffffffffff-"),
	})
	put(t, s, other.ID, "client", id(), merge.Row{"name": field(`"Ola"`, "ffff000000000000-devA")})
	got, err := s.NodeMarks(ctx, o.ID)
	want := map[string]string{"devA": "0000000000030000-devA", "devB": "00000000000f0000-devB", "devC": "0000000000010001-devC"}
	if err != nil || !maps.Equal(got, want) {
		t.Fatalf("node marks = %v (%v), want %v", got, err, want)
	}
	if got, err := s.NodeMarks(ctx, id()); err != nil || len(got) != 0 {
		t.Fatalf("an office without rows: %v %v", got, err)
	}
}
