package db

import (
	"context"
	"testing"

	"okienko/sync/merge"
)

// TestPrefetchRowClocks: a page's row clocks read in one statement merge
// exactly as those read one by one: an older value than the stored one
// loses, a row seen twice in a page is merged the second time against
// its first write, and a row without a clock is new.
func TestPrefetchRowClocks(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	u, w := NewID(), NewID()
	symbols := map[string]string{u: "USC", w: "OS"}
	unit := func(id, name, stamp string) merge.Row {
		v := func(x string) merge.Field { return merge.Field{V: []byte(`"` + x + `"`), H: stamp} }
		return merge.Row{"id": v(id), "officeId": v(f.office.ID), "symbol": v(symbols[id]), "name": v(name)}
	}
	if err := s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.ApplyRemote(ctx, "unit", u, unit(u, "Stan z rejestru", "0000000000020000-registry"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	err := s.ApplyInTx(ctx, func(tx *Tx) error {
		if err := tx.PrefetchRowClocks(ctx, [][2]string{{"unit", u}, {"unit", w}}); err != nil {
			return err
		}
		for _, step := range []struct {
			id, name, stamp string
			changed         bool
		}{
			{u, "Starszy", "0000000000010000-registry", false},
			{w, "Nowy", "0000000000010000-registry", true},
			{u, "Najnowszy", "0000000000030000-registry", true},
			{u, "Między", "0000000000025000-registry", false},
		} {
			changed, err := tx.ApplyRemote(ctx, "unit", step.id, unit(step.id, step.name, step.stamp))
			if err != nil {
				return err
			}
			if changed != step.changed {
				t.Errorf("%s at %s: changed %v, want %v", step.name, step.stamp, changed, step.changed)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{u: "Najnowszy", w: "Nowy"} {
		if got, err := s.Unit(ctx, id); err != nil || got.Name != want {
			t.Errorf("unit %s: %q (%v), want %q", id, got.Name, err, want)
		}
	}
}
