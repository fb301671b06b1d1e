package sim_test

import (
	"os"
	"strconv"
	"testing"

	"okienko/sync/sim"
)

// TestRestore: in each seed the registry is replaced, two thirds of the
// way through the faults, by the backup it took at one third. Every op
// acknowledged in between must be at the registry by the end, sent again
// by the devices that hold it, and every invariant of the simulation must
// hold: replicas equal, signs unique and final, registers without a gap,
// no number leased twice. 8 seeds; OKIENKO_SIM_RESTORE_SEEDS=n for more
// (make soak runs 200).
func TestRestore(t *testing.T) {
	n := 8
	if s := os.Getenv("OKIENKO_SIM_RESTORE_SEEDS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			t.Fatalf("OKIENKO_SIM_RESTORE_SEEDS=%q: want a positive number", s)
		}
		n = v
	}
	seeds := seedsFromEnv(t, n)
	if os.Getenv("OKIENKO_SIM_SEEDS") == "" && os.Getenv("OKIENKO_SIM_SEED") == "" {
		seeds = seeds[:n]
	}
	runSeeds(t, seeds, sim.Options{Steps: 60, Restore: true}, nil)
}
