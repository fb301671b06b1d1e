package engine_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// TestFastFrozenClock: a device whose clock is a day fast, and stands
// still (a test clock), registers cases; the registry refuses its ops for
// skew, the engine corrects the clock and they are re-stamped. They must
// sort after the registry's rows the device observed, or the numbers the
// cases used go back to reserved and a later registration takes one of
// them again (issue 18).
func TestFastFrozenClock(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	reg := synctest.NewRegistry(t, nil, registry.Options{Now: func() time.Time { return now }, LeaseSize: 20})
	var fast atomic.Int64
	d := synctest.NewDevice(t, synctest.DeviceOptions{Now: func() time.Time { return now.Add(time.Duration(fast.Load())) }})
	d.Enroll(t, reg)
	d.Sync(t)
	fast.Store(int64(24 * time.Hour)) // someone sets the clock a day ahead
	d.SignIn(t, "jnowak")
	seen := map[string]string{}
	for round := range 4 {
		for i := range 3 {
			res := register(t, d, "Szybka")
			if res.Provisional {
				t.Fatalf("round %d, case %d: provisional sign %s", round, i, res.Sign)
			}
			if other, dup := seen[res.Sign]; dup {
				t.Fatalf("round %d: sign %s given to cases %s and %s", round, res.Sign, other, res.CaseID)
			}
			seen[res.Sign] = res.CaseID
		}
		for range 2 {
			d.Sync(t)
		}
	}
	for sign, id := range seen {
		cs, err := d.Store.Case(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if cs.SignText() != sign {
			t.Errorf("case %s: sign %s, registered as %s", id, cs.SignText(), sign)
		}
	}
	if q, err := d.Store.QuarantinedCount(ctx); err != nil || q != 0 {
		t.Fatalf("%d ops quarantined, %v", q, err)
	}
}
