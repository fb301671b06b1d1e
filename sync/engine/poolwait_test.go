package engine_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"okienko/app/demo"
	"okienko/db"
	"okienko/sync/registry"
)

// TestLeasesDoNotStarveThePool: devices of more offices than the
// PostgreSQL pool has connections take their first numbers at once. Each
// office's lease is a transaction holding a connection; what its checks
// read besides its rows (the retired units, a restore's refusal, the
// device's people) must be read before it, not on the pool from inside it,
// or every connection is held by a transaction waiting for another and
// each lease fails at the write deadline (503).
func TestLeasesDoNotStarveThePool(t *testing.T) {
	ctx := context.Background()
	reg := newRegistry(t, freshPGWith(t, "&pool_max_conns=2"), registry.Options{}, false)
	const offices = 6
	sims := make([]*simDevice, 0, offices)
	for o := range offices {
		office := demoOffice(t)
		office.Office.ID = db.NewID()
		office.Office.Name = fmt.Sprintf("Gmina %d", o+1)
		if err := reg.SeedOffice(ctx, office, demo.CatalogueJSON); err != nil {
			t.Fatal(err)
		}
		sims = append(sims, newSimDevice(t, reg, office.Office.ID, o))
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	errs := make([]error, len(sims))
	begun := time.Now()
	for i, d := range sims {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			// Twice: the first round takes the references and the card,
			// the second leases numbers for it.
			for range 2 {
				if errs[i] = d.round(ctx); errs[i] != nil {
					return
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("device of office %d: %v", i+1, err)
		}
	}
	if took := time.Since(begun); took > 8*time.Second {
		t.Errorf("%d offices' first rounds took %s on a pool of 2", offices, took)
	}
}
