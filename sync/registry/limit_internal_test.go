package registry

import (
	"strconv"
	"testing"
	"time"
)

// TestAttemptsMemoryBounded: however many addresses try, at most
// enrolAddresses are remembered (the quietest make room, a tenth at a
// time), and quiet ones are forgotten by the sweep.
func TestAttemptsMemoryBounded(t *testing.T) {
	var a attempts
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	for i := range enrolAddresses + 5000 {
		if err := a.begin("10.0."+strconv.Itoa(i/250)+"."+strconv.Itoa(i%250), t0.Add(time.Duration(i)*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	if n := a.size(); n > enrolAddresses || n < enrolAddresses*9/10 {
		t.Fatalf("%d addresses remembered, want at most %d and no fewer than nine tenths", n, enrolAddresses)
	}
	// The newest address is still remembered; the first ones made room.
	if a.addrs["10.0.0.0"] != nil || a.addrs["10.0.59.249"] == nil {
		t.Fatal("eviction took the wrong addresses")
	}
	// An hour on, the next attempt sweeps them all away but its own.
	if err := a.begin("10.9.9.9", t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := a.size(); n != 1 {
		t.Fatalf("%d addresses after an hour of quiet, want 1", n)
	}
}

// TestTicketsPerDevice: one device issues at most ticketsPerDevice tickets
// in an office day; another device, and the next day, are not held back.
func TestTicketsPerDevice(t *testing.T) {
	var d ticketDays
	for i := range ticketsPerDevice {
		if !d.take("o", "a", "2026-12-06") {
			t.Fatalf("ticket %d refused", i+1)
		}
	}
	if d.take("o", "a", "2026-12-06") {
		t.Fatal("a ticket past the day's taken")
	}
	if !d.take("o", "b", "2026-12-06") || !d.take("o", "a", "2026-12-07") {
		t.Fatal("another device, or the next day, held back")
	}
}
