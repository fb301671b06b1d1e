package engine_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"okienko/app"
	"okienko/app/auth"
	"okienko/app/demo"
	"okienko/app/office"
	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// TestReferenceDataFromRegistry: the registry owns the catalogue and the
// staff directory. A new card version and a new staff member reach the
// device at its next sync; a case keeps the card version it was
// registered under, and new cases take the new one.
func TestReferenceDataFromRegistry(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registry.Options{})
	a := synctest.NewDevice(t, synctest.DeviceOptions{})
	a.Enroll(t, reg)
	a.SignIn(t, "jnowak")
	before := register(t, a, "Przed")

	// The office raises the fee of "Zaświadczenie o zameldowaniu": version 2.
	var file map[string]any
	if err := json.Unmarshal(demo.CatalogueJSON, &file); err != nil {
		t.Fatal(err)
	}
	for _, c := range file["cards"].([]any) {
		card := c.(map[string]any)
		if card["code"] == "zaswiadczenie-o-zameldowaniu" {
			card["version"] = 2.0
			card["fees"].([]any)[0].(map[string]any)["amountGrosze"] = 2100.0
		}
	}
	raw, _ := json.Marshal(file)
	rep, err := reg.ImportCatalogue(ctx, reg.OfficeID, raw)
	if err != nil || len(rep.Problems) != 0 || rep.Added != 1 {
		t.Fatalf("import: %+v %v", rep, err)
	}
	// And hires someone.
	hash, _ := auth.Hash("nowe-haslo-2026", synctest.Cheap)
	newcomer := demo.StaffAccount{Staff: office.Staff{ID: "01a20000-0000-7000-8000-00000000a001", Login: "bnowicka", FirstName: "Barbara",
		LastName: "Nowicka", Role: office.RoleClerk, UnitID: unitOf(t, a), Active: true, Competences: []string{}}, PasswordHash: hash}
	if n, err := reg.ImportStaff(ctx, reg.OfficeID, []demo.StaffAccount{newcomer}); err != nil || n != 1 {
		t.Fatalf("import staff: %d %v", n, err)
	}

	a.Sync(t)
	res, err := a.Core.SearchForTest("zaswiadczenie o zameldowaniu")
	if err != nil || len(res) == 0 {
		t.Fatal(err)
	}
	card, err := app.NewCatalogService(a.Core).Card(res[0].ID)
	if err != nil || card.Version != 2 || card.FeeTotal != "21,00\u00a0zł" {
		t.Fatalf("current card after sync: version %d, fees %q, %v", card.Version, card.FeeTotal, err)
	}
	old, err := a.Cases.Case(before.CaseID)
	if err != nil || old.CardVersion != 1 {
		t.Fatalf("the earlier case moved to the new card: version %d %v", old.CardVersion, err)
	}
	after := register(t, a, "Po")
	if d, _ := a.Cases.Case(after.CaseID); d.CardVersion != 2 {
		t.Fatalf("a new case took card version %d, want 2", d.CardVersion)
	}
	staff, err := a.Store.StaffList(ctx, a.Core.OfficeID())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(staff, func(s office.Staff) bool { return s.Login == "bnowicka" }) {
		t.Fatalf("the new staff member did not reach the device: %+v", staff)
	}
	offered := func() bool {
		accounts, err := app.NewAuthService(a.Core).Accounts()
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(accounts, func(acc app.Account) bool { return acc.Login == "bnowicka" })
	}
	if offered() {
		t.Fatal("the sign-in picker offers a person not allowed on the device")
	}
	// Not allowed on this device yet: the directory has her, the device
	// has no verifier of hers.
	if _, err := app.NewAuthService(a.Core).SignIn("bnowicka", "nowe-haslo-2026"); err == nil {
		t.Fatal("a person not allowed on the device signed in")
	}
	if err := reg.SetDevicePeople(ctx, a.Store.DeviceID(), append(synctest.DemoLogins(t), "bnowicka")); err != nil {
		t.Fatal(err)
	}
	a.Sync(t)
	if !offered() {
		t.Fatal("the sign-in picker does not offer a person allowed on the device")
	}
	if _, err := app.NewAuthService(a.Core).SignIn("bnowicka", "nowe-haslo-2026"); err != nil {
		t.Fatalf("the new staff member cannot sign in: %v", err)
	}
}

func unitOf(t *testing.T, d *synctest.Device) string {
	t.Helper()
	units, err := d.Store.Units(context.Background(), d.Core.OfficeID())
	if err != nil || len(units) == 0 {
		t.Fatalf("units: %v", err)
	}
	return units[0].ID
}
