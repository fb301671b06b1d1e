package engine_test

import (
	"context"
	"slices"
	"testing"

	"okienko/app"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
)

// TestScopeLettersOverHTTP: over a real registry over HTTP, on each store
// (PostgreSQL when OKIENKO_TEST_PG names a server), a letter the BOM
// registers for a USC clerk and a paper survey answer a USC clerk types
// in reach USC's laptop and the BOM, never SO's; SO's laptop given the
// whole office receives them, and narrowed again to another unit it
// removes them with their row clocks at its next sync.
func TestScopeLettersOverHTTP(t *testing.T) {
	for _, kind := range synctest.StoreKinds() {
		t.Run(kind, func(t *testing.T) { scopeLettersOverHTTP(t, synctest.OpenStore(t, kind)) })
	}
}

func scopeLettersOverHTTP(t *testing.T, st store.Store) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, st, registryOptions())
	so, usc, bom := synctest.NewDevice(t, synctest.DeviceOptions{}), synctest.NewDevice(t, synctest.DeviceOptions{}), synctest.NewDevice(t, synctest.DeviceOptions{})
	so.EnrollScoped(t, reg, []string{"SO"}, "jnowak")
	usc.EnrollScoped(t, reg, []string{"USC"}, "plewandowski")
	bom.EnrollFor(t, reg, "akowalska")
	so.SignIn(t, "jnowak")
	usc.SignIn(t, "plewandowski")
	bom.SignIn(t, "akowalska")
	staff := map[string]string{}
	list, err := bom.Store.StaffList(ctx, bom.Core.OfficeID())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		staff[s.Login] = s.ID
	}
	letter, err := app.NewLetterService(bom.Core).Create(app.LetterInput{Channel: "email", Sender: "Jan Kowalski",
		SenderAddress: "jan.kowalski@example.pl", Subject: "odpis aktu urodzenia", AssigneeID: staff["plewandowski"]})
	if err != nil {
		t.Fatal(err)
	}
	answer, err := app.NewSurveyService(usc.Core).EnterPaper(app.SurveyInput{Scores: map[string]int{"overall": 4}, Remark: "Miła obsługa"})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		for _, d := range []*synctest.Device{bom, usc, so} {
			d.Sync(t)
		}
	}
	has := func(who string, d *synctest.Device, letters, answers []string) {
		t.Helper()
		got := ids(t, d, "SELECT id FROM letter")
		if !slices.Equal(got, letters) {
			t.Fatalf("%s holds letters %v, want %v", who, got, letters)
		}
		if got := ids(t, d, "SELECT id FROM survey_answer"); !slices.Equal(got, answers) {
			t.Fatalf("%s holds survey answers %v, want %v", who, got, answers)
		}
		if extra := ids(t, d, `SELECT entity_id FROM row_clock WHERE (entity = 'letter' AND entity_id NOT IN (SELECT id FROM letter))
			OR (entity = 'survey_answer' AND entity_id NOT IN (SELECT id FROM survey_answer))`); len(extra) > 0 {
			t.Fatalf("%s keeps the row clocks of %v", who, extra)
		}
	}
	both, none := []string{letter.ID}, []string(nil)
	has("the BOM", bom, both, []string{answer.ID})
	has("USC's laptop", usc, both, []string{answer.ID})
	has("SO's laptop", so, none, none)

	soID := so.Store.DeviceID()
	if err := reg.SetDeviceScope(ctx, soID, store.Scope{}); err != nil {
		t.Fatal(err)
	}
	so.Sync(t)
	has("SO's laptop given every unit", so, both, []string{answer.ID})
	if err := reg.SetDeviceScope(ctx, soID, store.UnitsScope([]string{"FN"})); err != nil {
		t.Fatal(err)
	}
	so.Sync(t)
	has("SO's laptop narrowed to FN", so, none, none)
	if n := count(t, so, "SELECT COUNT(*) FROM scope_forget"); n != 0 {
		t.Fatalf("%d rows left waiting to be forgotten", n)
	}
}
