package engine_test

import (
	"context"
	"os"
	"path/filepath"
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
	benchInitialSync(b, n, "initial100k-s")
}

func benchInitialSync(b *testing.B, n int, metric string) {
	ctx := context.Background()
	cache := cachedRegistry(b, n)
	snapDir := cachedSnapshot(b, cache)
	var rows int64
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
		snaps, err := snapshot.New(snapDir, st, snapshot.Options{})
		if err != nil {
			b.Fatal(err)
		}
		reg := newRegistry(b, st, registry.Options{Snapshots: snaps}, false)
		code := reg.enrollCode(b)
		dev := newDevice(b, filepath.Join(work, "device"), engine.Options{})
		b.StartTimer()
		if _, err := dev.eng.Enroll(ctx, reg.URL, code, "bench device"); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if got, err := dev.store.CaseCount(ctx, reg.OfficeID); err != nil || got != n {
			b.Fatalf("device holds %d cases (%v), want %d", got, err, n)
		}
		rows += reg.Metrics().RowsPulled.Load()
		if reg.Metrics().SnapshotsServed.Load() != 1 {
			b.Fatal("the device did not start from the snapshot")
		}
		dev.store.Close()
		reg.close()
		os.RemoveAll(work)
		b.StartTimer()
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), metric)
	b.ReportMetric(float64(rows)/float64(b.N), "rows")
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
	benchInitialSync(b, 10_000, "initial10k-s")
}
