package engine_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"okienko/app"
	"okienko/app/officeclock"
	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// TestProvisionalSignsSurviveNewYear: a device registers cases offline
// late on 31 December until its leased numbers run out, and comes back
// online after midnight, when its clock says the new year. The provisional
// cases belong to the old year's register and still get numbers from it,
// though the device no longer uses that register (found by sync/sim).
func TestProvisionalSignsSurviveNewYear(t *testing.T) {
	ctx := context.Background()
	var now atomic.Int64
	// Late on 31 December in the office's zone: 23:00 UTC would already
	// be the new year in Warsaw.
	waw := officeclock.MustZone("Europe/Warsaw")
	now.Store(time.Date(2026, 12, 31, 23, 0, 0, 0, waw).UnixMilli())
	clock := func() time.Time { return time.UnixMilli(now.Load()).UTC() }
	reg := synctest.NewRegistry(t, nil, registry.Options{Now: clock, LeaseSize: 5})
	net, hc := onNetwork()
	d := synctest.NewDevice(t, synctest.DeviceOptions{Now: clock, HTTP: hc})
	d.Enroll(t, reg)
	d.SignIn(t, "jnowak")

	net.set(0)
	var provisional []string
	for i := 0; i < 8; i++ {
		now.Add(int64(2 * time.Minute / time.Millisecond))
		if _, err := app.NewAuthService(d.Core).Touch(); err != nil {
			t.Fatal(err)
		}
		if res := register(t, d, "Sylwestrowa"); res.Provisional {
			provisional = append(provisional, res.CaseID)
		}
	}
	if len(provisional) == 0 {
		t.Fatal("no provisional sign: the leased block did not run out")
	}
	now.Store(time.Date(2027, 1, 1, 0, 30, 0, 0, waw).UnixMilli())
	net.set(-1)
	for range 2 {
		d.Sync(t)
	}
	for _, id := range provisional {
		cs, err := d.Store.Case(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if cs.Provisional || cs.Sign.Year != 2026 || cs.Sign.No == 0 {
			t.Errorf("case %s: sign %s, provisional %v after the new year's sync", id, cs.SignText(), cs.Provisional)
		}
	}
}
