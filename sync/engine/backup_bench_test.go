package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"okienko/sync/registry/backup"
	"okienko/sync/registry/sqlitestore"
)

// BenchmarkBackup100k: registry admin backup of the 100,000-case registry
// (VACUUM INTO, the copy's generation and marks, fsync, rename); ≤ 30 s.
func BenchmarkBackup100k(b *testing.B) {
	ctx := context.Background()
	src := cachedRegistry(b, 100000)
	dir := b.TempDir()
	copyRegistry(b, src, filepath.Join(dir, "data"))
	st, err := sqlitestore.Open(ctx, filepath.Join(dir, "data"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	b.ResetTimer()
	var total time.Duration
	for i := 0; i < b.N; i++ {
		out := filepath.Join(dir, "backup.db")
		os.Remove(out)
		start := time.Now()
		if err := backup.Take(ctx, st, out, false); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "backup100k-s")
}
