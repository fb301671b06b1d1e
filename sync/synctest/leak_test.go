package synctest_test

import (
	"context"
	"runtime"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// TestNothingLeftRunning: a registry on its store and a device with its
// engine, after a day's work in miniature (enrolment, sign-in, rounds,
// the engine running in the background), leave no goroutine behind once
// they are closed. A registry runs for months and the app for a working
// day: anything left per round or per device would grow without end.
func TestNothingLeftRunning(t *testing.T) {
	settle := func(want int) int {
		n := runtime.NumGoroutine()
		for deadline := time.Now().Add(5 * time.Second); n > want && time.Now().Before(deadline); n = runtime.NumGoroutine() {
			time.Sleep(20 * time.Millisecond)
		}
		return n
	}
	baseline := runtime.NumGoroutine()
	t.Run("world", func(t *testing.T) {
		reg := synctest.NewRegistry(t, nil, registry.Options{})
		d := synctest.NewDevice(t, synctest.DeviceOptions{})
		d.Enroll(t, reg)
		d.SignIn(t, "jnowak")
		for range 3 {
			d.Sync(t)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); d.Engine.Run(ctx) }()
		for range 5 {
			d.Engine.Kick()
			time.Sleep(50 * time.Millisecond)
		}
		cancel()
		<-done
	})
	if n := settle(baseline); n > baseline {
		var b strings.Builder
		pprof.Lookup("goroutine").WriteTo(&b, 1)
		t.Fatalf("%d goroutines after the registry, the store and the engine closed, %d before:\n%s", n, baseline, b.String())
	}
}
