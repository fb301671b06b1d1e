package engine_test

import (
	"context"
	"slices"
	"testing"

	"okienko/app"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
)

// TestScopeVisitsComplaintsOverHTTP: over a real registry over HTTP, on
// each store (PostgreSQL when OKIENKO_TEST_PG names a server), a home
// visit and a motion the BOM registers for USC reach USC's laptop and the
// BOM, never SO's; SO's laptop given the whole office receives them, and
// narrowed again to another unit it removes them with their row clocks
// at its next sync.
func TestScopeVisitsComplaintsOverHTTP(t *testing.T) {
	for _, kind := range synctest.StoreKinds() {
		t.Run(kind, func(t *testing.T) { scopeVisitsComplaintsOverHTTP(t, synctest.OpenStore(t, kind)) })
	}
}

func scopeVisitsComplaintsOverHTTP(t *testing.T, st store.Store) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, st, registryOptions())
	so, usc, bom := synctest.NewDevice(t, synctest.DeviceOptions{}), synctest.NewDevice(t, synctest.DeviceOptions{}), synctest.NewDevice(t, synctest.DeviceOptions{})
	so.EnrollScoped(t, reg, []string{"SO"}, "jnowak")
	usc.EnrollScoped(t, reg, []string{"USC"}, "plewandowski")
	bom.EnrollFor(t, reg, "akowalska")
	so.SignIn(t, "jnowak")
	usc.SignIn(t, "plewandowski")
	bom.SignIn(t, "akowalska")
	units, err := bom.Store.Units(ctx, bom.Core.OfficeID())
	if err != nil {
		t.Fatal(err)
	}
	var uscID string
	for _, u := range units {
		if u.Symbol == "USC" {
			uscID = u.ID
		}
	}
	if uscID == "" {
		t.Fatal("the demo office has no USC")
	}
	visit, err := app.NewVisitService(bom.Core).Request(app.VisitRequestInput{Channel: "phone", Client: "Józef Łęcki",
		Address: "ul. Długa 5, 99-300 Przykładowo", Phone: "600 100 200", UnitID: uscID, Matter: "Odpis aktu urodzenia",
		Reason: "Leżący po operacji"})
	if err != nil {
		t.Fatal(err)
	}
	motion, err := app.NewComplaintService(bom.Core).Register(app.ComplaintInput{Kind: "motion", Channel: "post",
		Name: "Zofia Wróblewska", Address: "ul. Polna 5, 99-300 Przykładowo", Subject: "Dłuższe godziny USC w soboty",
		UnitID: uscID, Competent: true})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		for _, d := range []*synctest.Device{bom, usc, so} {
			d.Sync(t)
		}
	}
	has := func(who string, d *synctest.Device, visits, motions []string) {
		t.Helper()
		if got := ids(t, d, "SELECT id FROM visit"); !slices.Equal(got, visits) {
			t.Fatalf("%s holds visits %v, want %v", who, got, visits)
		}
		if got := ids(t, d, "SELECT id FROM complaint"); !slices.Equal(got, motions) {
			t.Fatalf("%s holds complaints %v, want %v", who, got, motions)
		}
		if extra := ids(t, d, `SELECT entity_id FROM row_clock WHERE (entity = 'visit' AND entity_id NOT IN (SELECT id FROM visit))
			OR (entity = 'complaint' AND entity_id NOT IN (SELECT id FROM complaint))`); len(extra) > 0 {
			t.Fatalf("%s keeps the row clocks of %v", who, extra)
		}
	}
	v, m := []string{visit.ID}, []string{motion.ID}
	has("the BOM", bom, v, m)
	has("USC's laptop", usc, v, m)
	has("SO's laptop", so, nil, nil)

	soID := so.Store.DeviceID()
	if err := reg.SetDeviceScope(ctx, soID, store.Scope{}); err != nil {
		t.Fatal(err)
	}
	so.Sync(t)
	has("SO's laptop given every unit", so, v, m)
	if err := reg.SetDeviceScope(ctx, soID, store.UnitsScope([]string{"FN"})); err != nil {
		t.Fatal(err)
	}
	so.Sync(t)
	has("SO's laptop narrowed to FN", so, nil, nil)
	if n := count(t, so, "SELECT COUNT(*) FROM scope_forget"); n != 0 {
		t.Fatalf("%d rows left waiting to be forgotten", n)
	}
}
