//go:build race

package sim_test

// Under the race detector SQLite (C translated to Go) runs some fifteen
// times slower: opening a device's database alone costs half a second, so
// 200 seeds of six databases each cannot fit make test's budget however
// light each seed is. The race build runs fewer seeds of the same
// simulation, each a little shorter; make soak (no -race) runs thousands.
const (
	defaultSeeds = 12
	steps        = 40
	replaySteps  = 0 // the replay check runs without -race
	// closeLiveSeeds run TestSimulationClosesYearLive.
	closeLiveSeeds = 2
	// pgSeeds run TestSimulationTwoRegistries (two registries on PostgreSQL).
	pgSeeds  = 2
	raceNote = ", race detector on"
)
