package engine_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"okienko/sync/registry"
	"okienko/sync/registry/backup"
	"okienko/sync/registry/sqlitestore"
	"okienko/sync/synctest"
)

// BenchmarkResendDay: the registry is restored from a backup taken before
// a day's work of five devices (2,000 cases, 400 each, every one pushed
// and acknowledged); the figure is the time from the restored registry's
// start until all five have sent again what it lacks and hold its
// generation, syncing at once over loopback HTTP (target ≤ 10 s). The
// day's registrations are set up outside the timer.
func BenchmarkResendDay(b *testing.B) {
	const devices, perDevice = 5, 400
	ctx := context.Background()
	var total time.Duration
	for range b.N {
		b.StopTimer()
		dir := b.TempDir()
		st, err := sqlitestore.Open(ctx, dir)
		if err != nil {
			b.Fatal(err)
		}
		first := synctest.NewRegistry(b, st, registry.Options{})
		sw := &swapHandler{}
		sw.set(first.Handler())
		srv := httptest.NewServer(sw)
		reg := &synctest.Registry{Registry: first.Registry, URL: srv.URL, OfficeID: first.OfficeID}
		devs := make([]*synctest.Device, devices)
		for i := range devs {
			devs[i] = synctest.NewDevice(b, synctest.DeviceOptions{})
			devs[i].Enroll(b, reg)
		}
		file := filepath.Join(b.TempDir(), "backup.db")
		if err := backup.Take(ctx, st, file, false); err != nil {
			b.Fatal(err)
		}
		for i, d := range devs {
			// Signed in just before its day: a session idle for five
			// minutes locks, and the others' days take longer than that.
			d.SignIn(b, "jnowak")
			for k := range perDevice {
				register(b, d, "Dzień"+letters(i*perDevice+k))
				if k%25 == 24 {
					d.Sync(b)
				}
			}
			d.Sync(b)
			d.Sync(b)
			if n, _ := d.Store.PendingOps(ctx); n != 0 {
				b.Fatalf("device %d has %d ops not acknowledged", i, n)
			}
		}
		first.Server.Close()
		st.Close()
		if err := backup.Restore(ctx, dir, file, io.Discard); err != nil {
			b.Fatal(err)
		}
		st2, err := sqlitestore.Open(ctx, dir)
		if err != nil {
			b.Fatal(err)
		}
		second := registry.New(st2, registry.Options{PasswordParams: synctest.Cheap})
		g, err := st2.Generation(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		sw.set(second.Handler())
		var wg sync.WaitGroup
		errs := make([]error, devices)
		for i, d := range devs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for round := 0; round < 50; round++ {
					if err := d.Engine.Round(ctx); err != nil {
						errs[i] = err
						return
					}
					have, _ := d.Store.Generation(ctx)
					if n, _ := d.Store.PendingOps(ctx); have == g.ID && n == 0 {
						return
					}
				}
				errs[i] = fmt.Errorf("device %d: not caught up after 50 rounds", i)
			}()
		}
		wg.Wait()
		total += time.Since(start)
		b.StopTimer()
		for _, err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
		if cases := rowsOf(b, st2, reg.OfficeID, "case_file"); len(cases) != devices*perDevice {
			b.Fatalf("the restored registry holds %d cases, want %d", len(cases), devices*perDevice)
		}
		srv.Close()
		st2.Close()
		b.StartTimer()
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "resend2000-s")
}

// letters spells n in the letters a-z (names take no digits).
func letters(n int) string {
	out := []byte{}
	for {
		out = append(out, byte('a'+n%26))
		n /= 26
		if n == 0 {
			return string(out)
		}
	}
}
