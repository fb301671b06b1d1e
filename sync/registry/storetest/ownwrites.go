package storetest

import (
	"context"
	"testing"

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
