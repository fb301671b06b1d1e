package db

import (
	"context"
	"testing"

	"okienko/sync/merge"
)

// TestUnitRetiredPulled: a unit row the registry retired keeps its time
// on the device, and a later row that restores it clears it; the unit is
// still there for old cases' names.
func TestUnitRetiredPulled(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	id := NewID()
	row := func(retired, stamp string) merge.Row {
		v := func(x string) merge.Field { return merge.Field{V: []byte(`"` + x + `"`), H: stamp} }
		return merge.Row{"id": v(id), "officeId": v(f.office.ID), "symbol": v("ARCH"), "name": v("Referat Archiwum"), "retiredAt": v(retired)}
	}
	for _, step := range []struct{ retired, stamp string }{
		{"2026-12-04T10:00:00Z", "0000000000020000-registry"},
		{"", "0000000000030000-registry"},
	} {
		if err := s.InTx(ctx, func(tx *Tx) error {
			_, err := tx.ApplyRemote(ctx, "unit", id, row(step.retired, step.stamp))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		u, err := s.Unit(ctx, id)
		if err != nil || u.RetiredAt != step.retired || u.Name != "Referat Archiwum" {
			t.Fatalf("unit after %q: %+v %v", step.retired, u, err)
		}
	}
}
