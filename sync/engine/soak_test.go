package engine_test

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"okienko/sync/synctest"
)

// TestFlatMemory: a registry serving five devices round after round,
// each registering a case every 25 rounds (OKIENKO_SOAK_ROUNDS rounds per
// device; make soak runs 3,000, about three working days of rounds every
// 30 s, compressed; skipped without it: 300 took 3.5 minutes on the
// shared machine, too slow for make test under -race), holds flat memory: the goroutines and the Go heap in use
// after a collection, measured after a warm-up and at the end, do not
// grow beyond a small bound. Devices and registry share the process, so
// the bound holds for both.
func TestFlatMemory(t *testing.T) {
	s := os.Getenv("OKIENKO_SOAK_ROUNDS")
	if s == "" {
		t.Skip("a soak: OKIENKO_SOAK_ROUNDS=n (make soak)")
	}
	rounds, err := strconv.Atoi(s)
	if err != nil || rounds < 50 {
		t.Fatalf("OKIENKO_SOAK_ROUNDS=%q: want 50 or more", s)
	}
	reg := synctest.NewRegistry(t, nil, registryOptions())
	devs := make([]*synctest.Device, 5)
	for i := range devs {
		devs[i] = synctest.NewDevice(t, synctest.DeviceOptions{NoAutoPrint: true})
		devs[i].Enroll(t, reg)
		devs[i].SignIn(t, "jnowak")
	}
	measure := func() (int, uint64) {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return runtime.NumGoroutine(), m.HeapInuse
	}
	warm := rounds / 5
	var g0 int
	var h0 uint64
	start := time.Now()
	for r := 0; r < rounds; r++ {
		if r == warm {
			g0, h0 = measure()
		}
		for i, d := range devs {
			if (r+i)%25 == 0 {
				register(t, d, "Soakowa")
			}
			if err := d.Engine.Round(context.Background()); err != nil {
				t.Fatalf("round %d device %d: %v", r, i, err)
			}
		}
	}
	g1, h1 := measure()
	t.Logf("%d rounds of 5 devices in %s: goroutines %d → %d, heap in use %.1f → %.1f MB", rounds, time.Since(start).Round(time.Second),
		g0, g1, float64(h0)/(1<<20), float64(h1)/(1<<20))
	if g1 > g0+3 {
		t.Errorf("goroutines grew from %d to %d", g0, g1)
	}
	if h1 > h0+h0/2+16<<20 {
		t.Errorf("heap in use grew from %.1f to %.1f MB", float64(h0)/(1<<20), float64(h1)/(1<<20))
	}
}
