package app

import (
	"context"
	"testing"

	"okienko/db"
	"okienko/sync/merge"
)

// TestRetiredUnitOnDesktop: once the registry's row says a unit is
// retired, the desktop starts no intake of its cards (in words) and
// leaves it out of the complaint and visit pickers, while its name is
// still found for old cases.
func TestRetiredUnitOnDesktop(t *testing.T) {
	e := newEnv(t)
	officeNow(e, 10, 0)
	e.signIn(t, "twisniewski")
	ctx := context.Background()
	res := e.core.search("dowod")
	if len(res) == 0 {
		t.Fatal("no card to start")
	}
	v, err := e.core.loadCard(ctx, res[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	u, err := e.store.Unit(ctx, v.UnitID)
	if err != nil {
		t.Fatal(err)
	}
	stamp := "0fffffffffff0000-registry"
	str := func(s string) []byte { return []byte(`"` + s + `"`) }
	if err := e.store.ApplyInTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ApplyRemote(ctx, "unit", u.ID, merge.Row{"id": {V: str(u.ID), H: stamp}, "officeId": {V: str(e.core.OfficeID()), H: stamp},
			"symbol": {V: str(u.Symbol), H: stamp}, "name": {V: str(u.Name), H: stamp}, "retiredAt": {V: str("2026-11-30T08:00:00Z"), H: stamp}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := NewIntakeService(e.core).StartDraft(res[0].ID); userKey(err) != "intake.unitRetired" {
		t.Fatalf("intake in a retired unit: %v", err)
	}
	opts, err := NewComplaintService(e.core).Options()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range opts.Units {
		if o.ID == u.ID {
			t.Fatalf("the complaint picker offers the retired unit %s", u.Symbol)
		}
	}
	ch, err := NewVisitService(e.core).Choices()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range ch.Units {
		if o.ID == u.ID {
			t.Fatalf("the visit picker offers the retired unit %s", u.Symbol)
		}
	}
	if len(opts.Units) == 0 || len(ch.Units) == 0 {
		t.Fatal("the pickers lost the units in use")
	}
	if got, err := e.store.Unit(ctx, u.ID); err != nil || got.Name != u.Name || !got.Retired() {
		t.Fatalf("the retired unit's name for old cases: %+v %v", got, err)
	}
}
