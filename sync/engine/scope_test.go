package engine_test

import (
	"context"
	"database/sql"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"okienko/app"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
)

// TestScopeOverHTTP is issue 13's "a device enrolled for one unit holds
// no other unit's cases", over a real registry over HTTP, on each store
// (PostgreSQL when OKIENKO_TEST_PG names a server): a laptop of SO and one
// of USC hold only their units' cases, the BOM counter (every unit) all
// of them; a case the BOM hands over to SO comes to SO's laptop with its
// client and history; handed on to USC, it leaves SO's laptop at the
// sync that pushed the handover, with its client, events and row clocks;
// the admin's change of a laptop's scope adds or removes rows at its next
// sync.
func TestScopeOverHTTP(t *testing.T) {
	for _, kind := range synctest.StoreKinds() {
		t.Run(kind, func(t *testing.T) { scopeOverHTTP(t, synctest.OpenStore(t, kind)) })
	}
}

func scopeOverHTTP(t *testing.T, st store.Store) {
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

	soCase := registerCard(t, so, "zaswiadczenie o zameldowaniu", "Żółkiewska").CaseID
	uscCase := registerCard(t, usc, "odpis aktu", "Wiśniewska").CaseID
	bomCase := registerCard(t, bom, "zaswiadczenie o zameldowaniu", "Bąkowska").CaseID // an SO case, handled by the BOM
	syncAll := func(ds ...*synctest.Device) {
		for range 2 {
			for _, d := range ds {
				d.Sync(t)
			}
		}
	}
	syncAll(so, usc, bom)
	holds(t, "SO's laptop", so, soCase)
	holds(t, "USC's laptop", usc, uscCase)
	holds(t, "the BOM", bom, soCase, uscCase, bomCase)

	// The BOM hands its case to jnowak of SO: it comes with its client
	// and its whole history, which SO's laptop was not sent before.
	if _, err := app.NewCaseDutiesService(bom.Core).HandOver(bomCase, staff["jnowak"], ""); err != nil {
		t.Fatal(err)
	}
	bom.Sync(t)
	so.Sync(t)
	holds(t, "SO's laptop after the BOM's handover", so, soCase, bomCase)
	if got, want := count(t, so, "SELECT COUNT(*) FROM case_event WHERE case_id = ?", bomCase), count(t, bom, "SELECT COUNT(*) FROM case_event WHERE case_id = ?", bomCase); got != want || got < 2 {
		t.Fatalf("the handed-over case's history on SO's laptop: %d events, the BOM has %d", got, want)
	}
	if _, err := so.Cases.Case(bomCase); err != nil {
		t.Fatalf("SO's clerk opens the handed-over case: %v", err)
	}

	// jnowak hands it on to plewandowski of USC: pushed, then gone from
	// SO's laptop with everything of it; USC's laptop receives it.
	if _, err := app.NewCaseDutiesService(so.Core).HandOver(bomCase, staff["plewandowski"], ""); err != nil {
		t.Fatal(err)
	}
	so.Sync(t)
	if n, _ := so.Store.PendingOps(ctx); n != 0 {
		t.Fatalf("%d ops left in SO's outbox", n)
	}
	holds(t, "SO's laptop after handing the case to USC", so, soCase)
	usc.Sync(t)
	holds(t, "USC's laptop after the handover", usc, uscCase, bomCase)

	// The admin gives SO's laptop the whole office, then narrows it to OR:
	// rows come at the next sync, and go at the one after the narrowing
	// (the case jnowak registered stays: his people's).
	soID := so.Store.DeviceID()
	if err := reg.SetDeviceScope(ctx, soID, store.Scope{}); err != nil {
		t.Fatal(err)
	}
	so.Sync(t)
	holds(t, "SO's laptop given every unit", so, soCase, uscCase, bomCase)
	if err := reg.SetDeviceScope(ctx, soID, store.UnitsScope([]string{"OR"})); err != nil {
		t.Fatal(err)
	}
	so.Sync(t)
	holds(t, "SO's laptop narrowed to OR", so, soCase)
	if n := count(t, so, "SELECT COUNT(*) FROM scope_forget"); n != 0 {
		t.Fatalf("%d cases left waiting to be forgotten", n)
	}
	if err := reg.SetDeviceScope(ctx, soID, store.UnitsScope([]string{"NOPE"})); err == nil {
		t.Fatal("a scope of a unit the office does not have was taken")
	}
}

// holds fails unless the device holds exactly the cases want, and of
// clients, events and row clocks only theirs.
func holds(t *testing.T, who string, d *synctest.Device, want ...string) {
	t.Helper()
	got := ids(t, d, "SELECT id FROM case_file")
	slices.Sort(got)
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Fatalf("%s holds cases %v, want %v", who, got, want)
	}
	for _, q := range []string{
		"SELECT id FROM client WHERE id NOT IN (SELECT client_id FROM case_file)",
		"SELECT id FROM case_event WHERE case_id NOT IN (SELECT id FROM case_file)",
		"SELECT entity_id FROM row_clock WHERE entity = 'case_file' AND entity_id NOT IN (SELECT id FROM case_file)",
		"SELECT entity_id FROM row_clock WHERE entity = 'client' AND entity_id NOT IN (SELECT id FROM client)",
		"SELECT entity_id FROM row_clock WHERE entity = 'case_event' AND entity_id NOT IN (SELECT id FROM case_event)",
		"SELECT id FROM case_file WHERE client_id NOT IN (SELECT id FROM client)",
	} {
		if extra := ids(t, d, q); len(extra) > 0 {
			t.Fatalf("%s: %q found %v", who, q, extra)
		}
	}
}

// readOnly opens the device's database file beside its store.
func readOnly(t *testing.T, d *synctest.Device) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+d.Store.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

func ids(t *testing.T, d *synctest.Device, q string, args ...any) []string {
	t.Helper()
	rows, err := readOnly(t, d).Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

func count(t *testing.T, d *synctest.Device, q string, args ...any) int {
	t.Helper()
	var n int
	if err := readOnly(t, d).QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestScopeDropsClosedOffline: a limited laptop drops a case closed longer
// ago than the office's period at its next round by the office's clock,
// with the registry out of reach, and keeps the open one.
func TestScopeDropsClosedOffline(t *testing.T) {
	reg := synctest.NewRegistry(t, nil, registryOptions())
	var shift atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(shift.Load())) }
	d := synctest.NewDevice(t, synctest.DeviceOptions{Now: now})
	d.EnrollScoped(t, reg, []string{"SO"}, "jnowak")
	d.SignIn(t, "jnowak")
	open := registerCard(t, d, "zaswiadczenie o zameldowaniu", "Otwarta").CaseID
	closed := registerCard(t, d, "zaswiadczenie o zameldowaniu", "Zamknięta").CaseID
	if _, err := d.Cases.ChangeStatus(closed, "settled"); err != nil {
		t.Fatal(err)
	}
	d.Sync(t)
	holds(t, "the laptop", d, open, closed)
	reg.Server.Close()
	shift.Store(int64(89 * 24 * time.Hour))
	_ = d.Engine.Round(context.Background()) // offline
	holds(t, "the laptop 89 days on", d, open, closed)
	shift.Store(int64(92 * 24 * time.Hour))
	if err := d.Engine.Round(context.Background()); err == nil {
		t.Fatal("a round with the registry closed succeeded")
	}
	holds(t, "the laptop 92 days on, offline", d, open)
}
