package sim_test

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"okienko/sync/sim"
	"okienko/sync/synctest"
)

var dates = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)

// TestSimulation runs the office simulation over many seeds: 200 by
// default (12 under the race detector, see race_test.go),
// OKIENKO_SIM_SEEDS=n for more (make soak), OKIENKO_SIM_SEED=n to replay
// one. Every failure names its seed.
func TestSimulation(t *testing.T) {
	runSeeds(t, seedsFromEnv(t, defaultSeeds), sim.Options{Steps: steps}, nil)
}

// seedsFromEnv is the seeds to run: 1..n, n from OKIENKO_SIM_SEEDS or
// def, or the one OKIENKO_SIM_SEED names.
func seedsFromEnv(t *testing.T, def int) []uint64 {
	t.Helper()
	seeds := make([]uint64, 0, def)
	if s := os.Getenv("OKIENKO_SIM_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("OKIENKO_SIM_SEED=%q: %v", s, err)
		}
		return append(seeds, n)
	}
	count := def
	if s := os.Getenv("OKIENKO_SIM_SEEDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			t.Fatalf("OKIENKO_SIM_SEEDS=%q: want a positive number", s)
		}
		count = n
	}
	for i := range count {
		seeds = append(seeds, uint64(i+1))
	}
	return seeds
}

// runSeeds runs the simulation over the seeds in parallel, then logs the
// totals. With opt.Postgres each seed has a fresh schema of its own; vary,
// if given, changes a seed's options.
func runSeeds(t *testing.T, seeds []uint64, opt sim.Options, vary func(*sim.Options)) sim.Result {
	start := time.Now()
	var mu sync.Mutex
	var total sim.Result
	perSeed := map[uint64]int{}
	pg := opt.Postgres
	t.Run("seeds", func(t *testing.T) {
		for _, seed := range seeds {
			t.Run(fmt.Sprint(seed), func(t *testing.T) {
				t.Parallel()
				o := opt
				o.Seed = seed
				if vary != nil {
					vary(&o)
				}
				if pg != "" {
					o.Postgres = synctest.FreshSchema(t, pg)
				}
				r := sim.Run(t, o)
				mu.Lock()
				total.Add(r)
				perSeed[seed] = r.Provisional
				mu.Unlock()
			})
		}
	})
	most, mostSeed := 0, uint64(0)
	var with []string
	for _, s := range seeds {
		if n := perSeed[s]; n > 0 {
			with = append(with, fmt.Sprintf("%d:%d", s, n))
			if n > most {
				most, mostSeed = n, s
			}
		}
	}
	refusals := map[string]int{}
	for _, r := range total.Refusals {
		refusals[dates.ReplaceAllString(r, "YYYY-MM-DD")]++
	}
	for r, n := range refusals {
		t.Logf("status change refused %d times: %s", n, r)
	}
	t.Logf("%d seeds (%d steps each%s) in %s: %d actions, %d cases registered, %d provisional signs (in %d seeds, most %d in seed %d), "+
		"%d finalised; %d status changes, %d client edits, %d conflicts (%d resolved); %d sync rounds (%d failed), %d requests: "+
		"%d dropped, %d cut after commit, %d duplicated, %d delayed, %d replayed late; %d offline stretches, %d clock jumps, %d restarts; "+
		"%d ops in the registries' logs, %d register numbers checked; %d devices started from a snapshot",
		len(seeds), opt.Steps, raceNote, time.Since(start).Round(time.Millisecond), total.Actions(), total.Registered, total.Provisional, len(with),
		most, mostSeed, total.Finalized, total.StatusChanges, total.ClientEdits, total.Conflicts, total.Resolved, total.Rounds,
		total.FailedRounds, total.Requests, total.Dropped, total.Cut, total.Duplicated, total.Delayed, total.Replayed, total.Offline,
		total.ClockJumps, total.Restarts, total.RegistryOps, total.NumbersChecked, total.Snapshots)
	if !t.Failed() && total.Snapshots < len(seeds) {
		t.Errorf("%d snapshot downloads in %d seeds: the device enrolled at each seed's end should start from one", total.Snapshots, len(seeds))
	}
	t.Logf("provisional signs per seed (seed:count, seeds with none left out): %s", strings.Join(with, " "))
	return total
}

// TestSimulationReplays: a seed run twice tells the same story (ids
// aside), which is what makes a failing seed worth its number.
func TestSimulationReplays(t *testing.T) {
	if testing.Short() || replaySteps == 0 {
		t.Skip("runs one seed twice")
	}
	t.Parallel()
	a := sim.Run(t, sim.Options{Seed: 3, Steps: replaySteps})
	b := sim.Run(t, sim.Options{Seed: 3, Steps: replaySteps})
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("seed 3 ran differently twice:\n%+v\n%+v", a, b)
	}
}

// TestSimulationClosesYearLive closes last year's registers shortly after
// midnight while devices whose clocks are behind, or which are offline,
// still register cases in the old year. The registry must take the late
// use of a number its closing cancelled (the register lists the case, not
// a cancelled number), and every invariant must hold as in any run.
func TestSimulationClosesYearLive(t *testing.T) {
	var mu sync.Mutex
	var total sim.Result
	closed := 0
	t.Run("seeds", func(t *testing.T) {
		for seed := uint64(1); seed <= closeLiveSeeds; seed++ {
			t.Run(fmt.Sprint(seed), func(t *testing.T) {
				t.Parallel()
				r := sim.Run(t, sim.Options{Seed: seed, Steps: steps, CloseYearLive: true})
				mu.Lock()
				defer mu.Unlock()
				total.Add(r)
				if r.YearClosed {
					closed++
				}
			})
		}
	})
	t.Logf("%d seeds: the year closed live in %d, %d numbers used after the closing, %d cases registered",
		closeLiveSeeds, closed, total.LateNumbers, total.Registered)
	if !t.Failed() && (closed == 0 || total.LateNumbers == 0) {
		t.Fatalf("no seed used a number after the year closed (closed live in %d seeds): the test proves nothing", closed)
	}
}
