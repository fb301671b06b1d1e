//go:build !race

package sim_test

const (
	defaultSeeds = 200
	steps        = 40
	replaySteps  = 40
	// closeLiveSeeds run TestSimulationClosesYearLive.
	closeLiveSeeds = 16
	raceNote       = ""
)
