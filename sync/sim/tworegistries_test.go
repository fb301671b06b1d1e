package sim_test

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"okienko/app/demo"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/registry/pgstore"
	"okienko/sync/registry/store"
	"okienko/sync/sim"
	"okienko/sync/synctest"
)

// TestSimulationTwoRegistries is the scale-out proof: the simulation with
// two registries on one PostgreSQL database (OKIENKO_TEST_PG, a fresh
// schema per seed; skipped without a server), each with its own pool,
// memory of recent changes, remembered sequence, token cache and write
// groups, and every request of every device sent to one of them. The
// invariants are the SQLite run's: nothing acknowledged lost or applied
// twice, every replica equal to the registry, signs unique, no number
// leased twice, registers without gaps; and after the year's closing,
// made by one registry, devices equal the registry again. Every other seed
// closes the year live, too. pgSeeds seeds by default,
// OKIENKO_SIM_SEEDS=n for more (make soak), OKIENKO_SIM_SEED=n to replay one.
func TestSimulationTwoRegistries(t *testing.T) {
	dsn := synctest.PostgresDSN(t)
	closeLive := func(o *sim.Options) { o.CloseYearLive = o.Seed%2 == 0 }
	total := runSeeds(t, seedsFromEnv(t, pgSeeds), sim.Options{Steps: steps, Postgres: dsn}, closeLive)
	t.Logf("requests served: %d by registry A, %d by registry B; %d numbers used after a live closing",
		total.Served[0], total.Served[1], total.LateNumbers)
	if !t.Failed() && (total.Served[0] == 0 || total.Served[1] == 0) {
		t.Fatalf("one registry served nothing (%v): the run proves nothing about two", total.Served)
	}
}

// TestSimulationTwoRegistriesReplays: with two registries a seed still
// tells the same story twice (which registry served each request
// included), as their caches go stale by the simulated clock.
func TestSimulationTwoRegistriesReplays(t *testing.T) {
	if testing.Short() || replaySteps == 0 {
		t.Skip("runs one seed twice")
	}
	dsn := synctest.PostgresDSN(t)
	t.Parallel()
	run := func() sim.Result {
		return sim.Run(t, sim.Options{Seed: 4, Steps: replaySteps, Postgres: synctest.FreshSchema(t, dsn), CloseYearLive: true})
	}
	a, b := run(), run()
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("seed 4 ran differently twice:\n%+v\n%+v", a, b)
	}
}

// TestTwoRegistriesConcurrently: the simulation serves one request at a
// time; here two registries on one PostgreSQL database take leases from
// eight devices at once, each device's requests alternating between them,
// while a ninth pulls page by page from either in turn. No number is
// leased twice, the office's sequence has no gap, and the puller, caught
// up, holds every row as the database does, although each registry's
// memory of recent changes holds only its own commits and its remembered
// sequence lags the other's.
func TestTwoRegistriesConcurrently(t *testing.T) {
	if testing.Short() {
		t.Skip("two registries on PostgreSQL")
	}
	dsn := synctest.FreshSchema(t, synctest.PostgresDSN(t))
	t.Parallel()
	ctx := context.Background()
	var regs [2]*registry.Registry
	for i := range regs {
		st, err := pgstore.Open(ctx, dsn) // a pool each, as two processes
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		regs[i] = registry.New(st, registry.Options{LeaseSize: 3})
	}
	o, err := demo.LoadOffice()
	if err != nil {
		t.Fatal(err)
	}
	if err := regs[0].SeedOffice(ctx, o, demo.CatalogueJSON); err != nil {
		t.Fatal(err)
	}
	st := regs[0].Store()
	office := o.Office.ID
	device := func(n int) store.Device {
		code := fmt.Sprintf("code-%d", n)
		if err := st.AddEnrollment(ctx, store.Enrollment{CodeHash: code, OfficeID: office, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		d, err := st.Enroll(ctx, code, store.Device{ID: uuid.Must(uuid.NewV7()).String(), TokenHash: fmt.Sprintf("token-%d", n)}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	const devices, leases = 8, 12
	reg := protocol.RegisterRef{Unit: "SO", JRWA: "5352", Year: 2026}
	var wg sync.WaitGroup
	errs := make(chan error, devices+1)
	for n := range devices {
		d := device(n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range leases {
				if _, err := regs[(n+i)%2].Lease(ctx, d, protocol.LeaseRequest{Registers: []protocol.RegisterRef{reg}}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	puller := device(devices)
	held := map[string]protocol.EncodedChange{} // the puller's rows
	cursor, turn := int64(0), 0
	pull := func() error {
		page, err := regs[turn%2].Pull(ctx, puller, cursor, 7, false)
		turn++
		if err != nil {
			return err
		}
		for _, c := range page.Changes {
			if c.Seq <= cursor || c.Seq > page.Cursor {
				return fmt.Errorf("page after %d to %d holds change %d", cursor, page.Cursor, c.Seq)
			}
			held[c.Entity+"/"+c.EntityID] = c
		}
		cursor = page.Cursor
		return nil
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
			if err := pull(); err != nil {
				t.Fatal(err)
			}
		}
	}
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// Caught up: each registry reads the sequence anew within a second.
	seq, err := st.Seq(ctx, office)
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); cursor < seq; {
		if err := pull(); err != nil {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the puller is at %d of %d", cursor, seq)
		}
	}
	all, err := st.ChangesEncoded(ctx, office, 0, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(all)) > seq || len(held) != len(all) {
		t.Fatalf("the puller holds %d rows, the database %d (sequence %d)", len(held), len(all), seq)
	}
	for _, r := range all {
		c := held[r.Entity+"/"+r.EntityID]
		if c.Seq != r.Seq || !bytes.Equal(c.Fields, r.Encoded) {
			t.Fatalf("the puller holds %s/%s at %d, the database at %d", r.Entity, r.EntityID, c.Seq, r.Seq)
		}
	}
	// No number leased twice; the register runs 1..n.
	ls, err := st.Leases(ctx, office)
	if err != nil {
		t.Fatal(err)
	}
	owner := map[int]string{}
	for _, l := range ls {
		for no := l.First; no <= l.Last; no++ {
			if prev, twice := owner[no]; twice {
				t.Fatalf("number %d leased to %s and to %s", no, prev, l.DeviceID)
			}
			owner[no] = l.DeviceID
		}
	}
	if len(ls) != devices*leases || len(owner) != devices*leases*3 {
		t.Fatalf("%d leases of %d numbers, want %d of %d", len(ls), len(owner), devices*leases, devices*leases*3)
	}
	for no := 1; no <= len(owner); no++ {
		if _, ok := owner[no]; !ok {
			t.Fatalf("number %d never leased (max %d)", no, len(owner))
		}
	}
	numbers := 0
	for _, r := range all {
		if r.Entity == "case_number" {
			numbers++
		}
	}
	if numbers != len(owner) {
		t.Fatalf("%d number rows for %d numbers leased", numbers, len(owner))
	}
}
