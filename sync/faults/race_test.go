//go:build race

package faults

// raceEnabled: the registry binary is built with -race too, so it reuses
// the test build's cache and is race-checked as well.
const raceEnabled = true
