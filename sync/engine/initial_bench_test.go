package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"okienko/sync/engine"
	"okienko/sync/registry"
	"okienko/sync/registry/sqlitestore"
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
		reg := newRegistry(b, st, registry.Options{}, false)
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
		dev.store.Close()
		reg.close()
		os.RemoveAll(work)
		b.StartTimer()
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), metric)
	b.ReportMetric(float64(rows)/float64(b.N), "rows")
}

// BenchmarkInitialSync10k is the same on a tenth of the office, to
// profile quickly.
func BenchmarkInitialSync10k(b *testing.B) {
	benchInitialSync(b, 10_000, "initial10k-s")
}
