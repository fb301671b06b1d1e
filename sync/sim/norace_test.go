//go:build !race

package sim_test

const (
	defaultSeeds = 200
	steps        = 40
	replaySteps  = 40
	// closeLiveSeeds run TestSimulationClosesYearLive.
	closeLiveSeeds = 16
	// pgSeeds run TestSimulationTwoRegistries (two registries on PostgreSQL).
	pgSeeds  = 8
	raceNote = ""
)
