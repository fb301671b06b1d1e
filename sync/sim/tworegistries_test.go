package sim_test

import (
	"reflect"
	"testing"

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
