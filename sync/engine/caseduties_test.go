package engine_test

import (
	"context"
	"strings"
	"testing"

	"okienko/app"
	"okienko/app/today"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
)

// TestCaseDutiesSyncAcrossDevices: a case handed over, notified under
// art. 36 KPA and given an interpreter on device A reaches the real
// registry over HTTP, passes its checks of meaning (nothing quarantined),
// and device B shows it: in the new handler's own list, with the moved
// deadline and the whole history, and on her "Dziś". On each registry
// store (PostgreSQL when OKIENKO_TEST_PG names a server).
func TestCaseDutiesSyncAcrossDevices(t *testing.T) {
	for _, kind := range synctest.StoreKinds() {
		t.Run(kind, func(t *testing.T) { caseDutiesAcrossDevices(t, synctest.OpenStore(t, kind)) })
	}
}

func caseDutiesAcrossDevices(t *testing.T, st store.Store) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, st, registryOptions())
	a, b := synctest.NewDevice(t, synctest.DeviceOptions{}), synctest.NewDevice(t, synctest.DeviceOptions{})
	a.Enroll(t, reg)
	b.Enroll(t, reg)
	a.SignIn(t, "jnowak")
	res := register(t, a, "Żółkiewska")

	staff, err := a.Store.StaffList(ctx, a.Core.OfficeID())
	if err != nil {
		t.Fatal(err)
	}
	anna := ""
	for _, s := range staff {
		if s.Login == "akowalska" {
			anna = s.ID
		}
	}
	duties := app.NewCaseDutiesService(a.Core)
	if _, err := duties.HandOver(res.CaseID, anna, "urlop"); err != nil {
		t.Fatal(err)
	}
	today0 := a.Store.OfficeClock().Today()
	newDue := today0.AddDate(0, 0, 60)
	if _, err := duties.RecordNotice(res.CaseID, "Opinia biegłego.", newDue.Format("02.01.2006")); err != nil {
		t.Fatal(err)
	}
	if _, err := duties.RequestInterpreter(res.CaseID, today0.AddDate(0, 0, 10).Format("02.01.2006"), "10:30"); err != nil {
		t.Fatal(err)
	}
	a.Sync(t)
	if q, _ := a.Store.Quarantined(ctx); len(q) > 0 {
		t.Fatalf("the registry refused: %+v", q)
	}
	if n, _ := a.Store.PendingOps(ctx); n != 0 {
		t.Fatalf("%d ops left in A's outbox", n)
	}

	b.Sync(t)
	b.SignIn(t, "akowalska")
	rows, err := b.Cases.Search(app.CaseQuery{Mine: true})
	if err != nil || len(rows) != 1 || rows[0].ID != res.CaseID {
		t.Fatalf("B's own list: %+v %v", rows, err)
	}
	d, err := b.Cases.Case(res.CaseID)
	if err != nil {
		t.Fatal(err)
	}
	var history []string
	for _, e := range d.Events {
		history = append(history, e.Text)
	}
	all := strings.Join(history, "\n")
	for _, want := range []string{"Sprawę przekazano: Jan Nowak → Anna Kowalska", "Przyczyna: Opinia biegłego.", "tłumacza języka migowego"} {
		if !strings.Contains(all, want) {
			t.Errorf("B's history lacks %q:\n%s", want, all)
		}
	}
	if cs, _ := b.Store.Case(ctx, res.CaseID); cs.DueOn != newDue.Format("2006-01-02") || cs.AssigneeID != anna {
		t.Errorf("on B: due %s assignee %s", cs.DueOn, cs.AssigneeID)
	}
	items, err := app.NewCaseDutiesToday(b.Core).TodayItems(ctx, anna, today0.Format("2006-01-02"), b.Store.OfficeClock().Now())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range items {
		found = found || it.Kind == today.KindHandover && it.CaseID == res.CaseID && it.Key == "duty.today.handedToMe"
	}
	if !found {
		t.Errorf("B's Dziś lacks the handover: %+v", items)
	}
}
