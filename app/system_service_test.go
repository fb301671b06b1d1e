package app

import (
	"testing"
	"time"
)

// TestOfficeDayIsTheOffices: at 22:30 UTC on 30 June the office in Warsaw (CEST) is already
// in the next day, and the date every form starts with is the office's.
func TestOfficeDayIsTheOffices(t *testing.T) {
	e := newEnv(t)
	e.clock.mu.Lock()
	e.clock.t = time.Date(2026, 6, 30, 22, 30, 0, 0, time.UTC)
	e.clock.mu.Unlock()
	d, err := NewSystemService(e.core).OfficeDay()
	if err != nil || d.Day != "2026-07-01" {
		t.Fatalf("office day at 22:30 UTC = %q (%v), want 2026-07-01 (Warsaw)", d.Day, err)
	}
}
