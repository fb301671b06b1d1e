package engine_test

import (
	"testing"

	"okienko/db"
	"okienko/sync/engine"
)

// A device tops up never later than below LeaseLow, at a mark fixed by
// its id, and devices' marks differ, so devices that lease and register
// together do not all top up in the same round.
func TestTopUpBelowSpreadsDevices(t *testing.T) {
	if got := engine.TopUpBelow(db.NewID(), 5, -1); got != 5 {
		t.Fatalf("no spread: mark %d, want 5", got)
	}
	marks := map[int]int{}
	for range 200 {
		id := db.NewID()
		m := engine.TopUpBelow(id, 5, 5)
		if m < 5 || m > 10 {
			t.Fatalf("mark %d outside 5..10", m)
		}
		if again := engine.TopUpBelow(id, 5, 5); again != m {
			t.Fatalf("mark of one device %d then %d", m, again)
		}
		marks[m]++
	}
	for m := 5; m <= 10; m++ {
		if marks[m] < 10 {
			t.Fatalf("200 devices' marks %v: %d too rare", marks, m)
		}
	}
}
