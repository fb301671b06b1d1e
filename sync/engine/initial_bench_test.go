package engine_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"okienko/sync/engine"
	"okienko/sync/registry"
	"okienko/sync/registry/sqlitestore"
	"okienko/sync/snapshot"
)

// BenchmarkInitialSync100k: a fresh device enrols to an office of 100,000
// cases (with their clients, registration events, register numbers and
// audit entries, as devices produced them) and syncs until nothing is
// left, over loopback HTTP with the engine's production options (target
// ≤ 10 s). The seeded registry is cached between runs; each iteration
// works on a copy.
func BenchmarkInitialSync100k(b *testing.B) {
	const n = 100_000
	benchInitialSync(b, n, "initial100k-s", true)
}

// BenchmarkInitialSync20k: the office of 20,000 cases (about 95,000 rows)
// that `make bench-peer` gives PouchDB, taken page by page (pages: the
// path of a device back from a long time offline or whose scope changed)
// and from the registry's snapshot (snapshot: a fresh device's path).
func BenchmarkInitialSync20k(b *testing.B) {
	b.Run("pages", func(b *testing.B) { benchInitialSync(b, 20_000, "initial20k-s", false) })
	b.Run("snapshot", func(b *testing.B) { benchInitialSync(b, 20_000, "initial20k-s", true) })
}

// benchInitialSync enrols a fresh device to a seeded office of n cases,
// from the registry's snapshot when withSnapshot, else page by page.
func benchInitialSync(b *testing.B, n int, metric string, withSnapshot bool) {
	ctx := context.Background()
	cache := cachedRegistry(b, n)
	var snapDir string
	if withSnapshot {
		snapDir = cachedSnapshot(b, cache)
	}
	var rows int64
	var cpu time.Duration // the process's CPU time (user and system) while enrolling: registry and device
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		work, err := os.MkdirTemp("", "okienko-bench-initial-")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(work) })
		copyRegistry(b, cache, filepath.Join(work, "registry"))
		st, err := sqlitestore.Open(ctx, filepath.Join(work, "registry"))
		if err != nil {
			b.Fatal(err)
		}
		opt := registry.Options{}
		if withSnapshot {
			if opt.Snapshots, err = snapshot.New(snapDir, st, snapshot.Options{}); err != nil {
				b.Fatal(err)
			}
		}
		reg := newRegistry(b, st, opt, false)
		code := reg.enrollCode(b)
		// The phases of the sync, logged with -test.v: where the time goes.
		var phases []string
		start := time.Now()
		trace := func(ev engine.TraceEvent) {
			switch ev.Step {
			case engine.TraceSnapshotCopy, engine.TraceSnapshotApply, engine.TraceSnapshot:
				phases = append(phases, fmt.Sprintf("%s %.2fs", ev.Step, time.Since(start).Seconds()))
			}
		}
		dev := newDevice(b, filepath.Join(work, "device"), engine.Options{Trace: trace})
		b.StartTimer()
		start = time.Now()
		cpu0 := cpuTime()
		if _, err := dev.eng.Enroll(ctx, reg.URL, code, "bench device"); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		used := cpuTime() - cpu0
		cpu += used
		b.Logf("enrolled in %.2fs (CPU %.2fs): %s", time.Since(start).Seconds(), used.Seconds(), strings.Join(phases, ", "))
		if got, err := dev.store.CaseCount(ctx, reg.OfficeID); err != nil || got != n {
			b.Fatalf("device holds %d cases (%v), want %d", got, err, n)
		}
		rows += reg.Metrics().RowsPulled.Load()
		if got := reg.Metrics().SnapshotsServed.Load(); withSnapshot != (got == 1) {
			b.Fatalf("snapshots served: %d, with snapshot %v", got, withSnapshot)
		}
		dev.store.Close()
		reg.close()
		os.RemoveAll(work)
		b.StartTimer()
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), metric)
	b.ReportMetric(float64(rows)/float64(b.N), "rows")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s")
}

// cachedSnapshot publishes the cached registry's snapshot once, next to
// it, as the registry's snapshot builder does in the background.
func cachedSnapshot(b *testing.B, registryDir string) string {
	b.Helper()
	ctx := context.Background()
	dir := registryDir + "-snapshots"
	snaps, err := snapshot.New(dir, nil, snapshot.Options{})
	if err != nil {
		b.Fatal(err)
	}
	st, err := sqlitestore.Open(ctx, registryDir)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	offices, err := st.Offices(ctx)
	if err != nil || len(offices) != 1 {
		b.Fatalf("offices %v: %v", offices, err)
	}
	if _, ok := snaps.Latest(offices[0].ID); ok {
		return dir
	}
	snaps, err = snapshot.New(dir, st, snapshot.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer snaps.Close()
	t := time.Now()
	if _, _, err := snaps.Refresh(ctx, offices[0].ID); err != nil {
		b.Fatal(err)
	}
	b.Logf("snapshot of the office prepared in %s (kept for later runs)", time.Since(t).Round(time.Second))
	return dir
}

// BenchmarkInitialSync10k is the same on a tenth of the office, to
// profile quickly.
func BenchmarkInitialSync10k(b *testing.B) {
	benchInitialSync(b, 10_000, "initial10k-s", true)
}
