package storetest

import (
	"context"
	"testing"
	"time"

	"okienko/sync/merge"
	"okienko/sync/registry/store"
)

// testOwnWrites: a transaction reads back the rows it wrote (a push that
// makes a client and edits it in one group), as written, whatever the
// caller later does to the copies it was given or gave.
func testOwnWrites(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	a := id()
	err := s.InTx(ctx, o.ID, func(tx store.Tx) error {
		given := merge.Row{"name": field(`"Anna"`, "0000000000010000-d")}
		seq, err := tx.PutRow(ctx, "client", a, given, false)
		if err != nil {
			return err
		}
		given["name"] = field(`"changed by the caller"`, "0000000000090000-d")
		row, found, err := tx.Row(ctx, "client", a)
		if err != nil || !found || string(row.Fields["name"].V) != `"Anna"` || row.Seq != seq || row.Deleted {
			t.Fatalf("read back %+v found %v (%v); want Anna at seq %d", row, found, err, seq)
		}
		row.Fields["name"] = field(`"changed by the reader"`, "0000000000090000-d")
		again, _, err := tx.Row(ctx, "client", a)
		if err != nil || string(again.Fields["name"].V) != `"Anna"` {
			t.Fatalf("read again %+v (%v): a reader's change leaked into the transaction", again, err)
		}
		if _, err := tx.PutRow(ctx, "client", a, merge.Row{"name": field(`"Anna Nowak"`, "0000000000020000-d")}, true); err != nil {
			return err
		}
		row, _, err = tx.Row(ctx, "client", a)
		if err != nil || string(row.Fields["name"].V) != `"Anna Nowak"` || !row.Deleted {
			t.Fatalf("after the second write %+v (%v)", row, err)
		}
		if live, err := tx.RowLive(ctx, "client", a); err != nil || live {
			t.Fatalf("a deleted row live %v (%v)", live, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.Changes(ctx, o.ID, 0, 10)
	if err != nil || len(rows) != 1 || string(rows[0].Fields["name"].V) != `"Anna Nowak"` || !rows[0].Deleted {
		t.Fatalf("committed %+v (%v)", rows, err)
	}
}

// testPrefetch: what a store reads ahead for a push group (Prefetch)
// answers as the reads one by one would, and stays true as the group
// writes.
func testPrefetch(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	dev := enrolled(t, s, o.ID, "prefetch")
	a, b, x, y := id(), id(), id(), id()
	put(t, s, o.ID, "client", a, merge.Row{"name": field(`"Anna"`, "0000000000010000-d")})
	if err := s.InTx(ctx, o.ID, func(tx store.Tx) error { return tx.RecordOp(ctx, x, dev.ID, id(), time.Now()) }); err != nil {
		t.Fatal(err)
	}
	err := s.InTx(ctx, o.ID, func(tx store.Tx) error {
		p, ok := tx.(store.Prefetcher)
		if !ok {
			t.Skip("the store reads one by one")
		}
		if err := p.Prefetch(ctx, nil, []string{x, y}, []store.RowKey{{Entity: "client", ID: a}, {Entity: "client", ID: b}}); err != nil {
			return err
		}
		for op, want := range map[string]bool{x: true, y: false} {
			if got, err := tx.OpApplied(ctx, op); err != nil || got != want {
				t.Errorf("op applied %v (%v), want %v", got, err, want)
			}
		}
		if err := tx.RecordOp(ctx, y, dev.ID, id(), time.Now()); err != nil {
			return err
		}
		if got, err := tx.OpApplied(ctx, y); err != nil || !got {
			t.Errorf("an op recorded in the group: applied %v (%v)", got, err)
		}
		row, found, err := tx.Row(ctx, "client", a)
		if err != nil || !found || string(row.Fields["name"].V) != `"Anna"` || row.Seq != 1 {
			t.Fatalf("prefetched row %+v found %v (%v)", row, found, err)
		}
		row.Fields["name"] = field(`"changed by the reader"`, "0000000000090000-d")
		if again, _, _ := tx.Row(ctx, "client", a); string(again.Fields["name"].V) != `"Anna"` {
			t.Errorf("a reader's change leaked: %s", again.Fields["name"].V)
		}
		if _, found, err := tx.Row(ctx, "client", b); err != nil || found {
			t.Errorf("a row never stored found %v (%v)", found, err)
		}
		if live, err := tx.RowLive(ctx, "client", b); err != nil || live {
			t.Errorf("a row never stored live %v (%v)", live, err)
		}
		if _, err := tx.PutRow(ctx, "client", b, merge.Row{"name": field(`"Beata"`, "0000000000020000-d")}, false); err != nil {
			return err
		}
		if row, found, err := tx.Row(ctx, "client", b); err != nil || !found || string(row.Fields["name"].V) != `"Beata"` {
			t.Errorf("a row written after the prefetch: %+v found %v (%v)", row, found, err)
		}
		if live, err := tx.RowLive(ctx, "client", b); err != nil || !live {
			t.Errorf("a row written after the prefetch live %v (%v)", live, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testDeferredJSON: a row written with its JSON given later is stored
// with the JSON of its last write, and one left without it fails the
// commit instead of storing an empty row.
func testDeferredJSON(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	a, b := id(), id()
	err := s.InTx(ctx, o.ID, func(tx store.Tx) error {
		d, ok := tx.(store.DeferredPutter)
		if !ok {
			t.Skip("the store takes a row's JSON with the row")
		}
		first := merge.Row{"name": field(`"Anna"`, "0000000000010000-d")}
		if _, err := d.PutRowDeferred(ctx, "client", a, first, false); err != nil {
			return err
		}
		last := merge.Row{"name": field(`"Anna Nowak"`, "0000000000020000-d")}
		if _, err := d.PutRowDeferred(ctx, "client", a, last, false); err != nil {
			return err
		}
		raw, err := last.AppendJSON(nil)
		if err != nil {
			return err
		}
		d.SetRowJSON("client", a, raw)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.Changes(ctx, o.ID, 0, 10)
	if err != nil || len(rows) != 1 || string(rows[0].Fields["name"].V) != `"Anna Nowak"` {
		t.Fatalf("committed %+v (%v)", rows, err)
	}
	err = s.InTx(ctx, o.ID, func(tx store.Tx) error {
		_, err := tx.(store.DeferredPutter).PutRowDeferred(ctx, "client", b, merge.Row{"name": field(`"Bea"`, "0000000000030000-d")}, false)
		return err
	})
	if err == nil {
		t.Fatal("a row left without its JSON was committed")
	}
	if rows, err := s.Changes(ctx, o.ID, rows[0].Seq, 10); err != nil || len(rows) != 0 {
		t.Fatalf("after the refused commit %+v (%v)", rows, err)
	}
}
