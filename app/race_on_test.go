//go:build race

package app

// raceDetector: the race detector slows PDF rendering and SQLite some
// tenfold; the golden printouts then check one card only (make test
// also runs them all without it).
const raceDetector = true
