package storetest

import (
	"context"
	"slices"
	"testing"

	"okienko/sync/merge"
	"okienko/sync/registry/store"
)

// testSubstitutions: a transaction finds the periods (zastępstwa) where
// the people it asks about are absent or stand in, of its own office
// only, with the rows it wrote itself taken as written: a new period,
// a changed one that names someone else now, before the commit.
func testSubstitutions(t *testing.T, s store.Store) {
	ctx := context.Background()
	o, other := office(t, s), office(t, s)
	h := "0000000000010000-registry"
	period := func(absent, standIn, from, to string) merge.Row {
		return merge.Row{"absentId": field(`"`+absent+`"`, h), "standInId": field(`"`+standIn+`"`, h),
			"from": field(`"`+from+`"`, h), "to": field(`"`+to+`"`, h), "reason": field(`"leave"`, h), "cancelledAt": field(`""`, h)}
	}
	put(t, s, o.ID, "substitution", "p-ann", period("ann", "bob", "2026-12-07", "2026-12-11"))
	put(t, s, o.ID, "substitution", "p-cel", period("cel", "ann", "2027-01-04", "2027-01-08"))
	put(t, s, o.ID, "substitution", "p-dan", period("dan", "eva", "2026-12-07", "2026-12-11"))
	put(t, s, o.ID, "substitution", "p-moved", period("fay", "ann", "2027-02-01", "2027-02-02"))
	put(t, s, other.ID, "substitution", "p-ann2", period("ann", "zed", "2026-12-07", "2026-12-11"))
	// Another entity carrying the same field names is not a period.
	put(t, s, o.ID, "presence", "ann", merge.Row{"standInId": field(`"ann"`, h), "staffId": field(`"bob"`, h)})
	ids := func(rows []store.Row) []string {
		var out []string
		for _, r := range rows {
			if r.Entity != "substitution" {
				t.Fatalf("row of %s among the periods", r.Entity)
			}
			out = append(out, r.EntityID)
		}
		slices.Sort(out)
		return out
	}
	err := s.InTx(ctx, o.ID, func(tx store.Tx) error {
		rows, err := tx.SubstitutionsOf(ctx, []string{"ann"})
		if err != nil {
			return err
		}
		if got := ids(rows); !slices.Equal(got, []string{"p-ann", "p-cel", "p-moved"}) {
			t.Fatalf("ann's periods: %v, want absent in p-ann, standing in in p-cel and p-moved (not the other office's)", got)
		}
		rows, err = tx.SubstitutionsOf(ctx, []string{"bob", "eva"})
		if err != nil {
			return err
		}
		if got := ids(rows); !slices.Equal(got, []string{"p-ann", "p-dan"}) {
			t.Fatalf("bob's and eva's periods: %v", got)
		}
		if rows, err = tx.SubstitutionsOf(ctx, nil); err != nil || len(rows) != 0 {
			t.Fatalf("nobody's periods: %v, %v", rows, err)
		}
		// Written in this transaction, not yet committed: a new period of
		// ann's, and p-moved given another stand-in.
		if _, err := tx.PutRow(ctx, "substitution", "p-new", period("ann", "gus", "2027-03-01", "2027-03-05"), false); err != nil {
			return err
		}
		if _, err := tx.PutRow(ctx, "substitution", "p-moved", period("fay", "gus", "2027-02-01", "2027-02-02"), false); err != nil {
			return err
		}
		rows, err = tx.SubstitutionsOf(ctx, []string{"ann"})
		if err != nil {
			return err
		}
		if got := ids(rows); !slices.Equal(got, []string{"p-ann", "p-cel", "p-new"}) {
			t.Fatalf("ann's periods after this transaction's writes: %v", got)
		}
		for _, r := range rows {
			if r.EntityID == "p-new" && string(r.Fields["standInId"].V) != `"gus"` {
				t.Fatalf("the new period as read: %v", r.Fields)
			}
		}
		rows, err = tx.SubstitutionsOf(ctx, []string{"gus"})
		if err != nil {
			return err
		}
		if got := ids(rows); !slices.Equal(got, []string{"p-moved", "p-new"}) {
			t.Fatalf("gus's periods in the transaction: %v", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Committed, the same reads find the same.
	err = s.InTx(ctx, o.ID, func(tx store.Tx) error {
		rows, err := tx.SubstitutionsOf(ctx, []string{"gus"})
		if err != nil {
			return err
		}
		if got := ids(rows); !slices.Equal(got, []string{"p-moved", "p-new"}) {
			t.Fatalf("gus's periods after the commit: %v", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
