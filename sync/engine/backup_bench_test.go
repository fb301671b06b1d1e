package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"okienko/sync/hlc"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/registry/backup"
	"okienko/sync/registry/sqlitestore"
	"okienko/sync/registry/store"
	"okienko/sync/synctest/rows"
)

// BenchmarkBackup100k: registry admin backup of the 100,000-case registry
// (VACUUM INTO, the copy's generation and marks, fsync, rename), taken
// while a device pushes: the backup's time (target ≤ 30 s) and the push
// round's p99 before it and during it (target: during ≤ 2× before).
// Pushes are 20 new clients each, through the registry's Push, back to
// back, as a busy counter's device would.
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
	offices, err := st.Offices(ctx)
	if err != nil || len(offices) != 1 {
		b.Fatalf("offices %v: %v", offices, err)
	}
	office := offices[0].ID
	code := uuid.NewString()
	if err := st.AddEnrollment(ctx, store.Enrollment{CodeHash: code, OfficeID: office, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		b.Fatal(err)
	}
	dev, err := st.Enroll(ctx, code, store.Device{ID: uuid.NewString(), TokenHash: uuid.NewString()}, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	r := registry.New(st, registry.Options{})
	var tick atomic.Int64
	push := func() time.Duration {
		ops := make([]protocol.Op, 20)
		for i := range ops {
			id := uuid.NewString()
			ops[i] = protocol.Op{ID: uuid.NewString(), Entity: "client", EntityID: id, Kind: protocol.Upsert,
				HLC:    hlc.Timestamp{Wall: time.Now().UnixMilli(), Counter: uint16(tick.Add(1) % 60000), Node: dev.ID}.String(),
				Fields: rows.Client(office, id, "Anna")}
		}
		t := time.Now()
		resp, err := r.Push(ctx, dev, protocol.PushRequest{BatchID: uuid.NewString(), Ops: ops})
		d := time.Since(t)
		if err != nil {
			b.Error(err)
		} else if resp.Results[0].Status != protocol.Applied {
			b.Errorf("push: %+v", resp.Results[0])
		}
		return d
	}
	// The usual p99: pushes for 3 s on the quiet registry.
	var before []time.Duration
	for end := time.Now().Add(3 * time.Second); time.Now().Before(end); {
		before = append(before, push())
	}
	b.ResetTimer()
	var total time.Duration
	var during []time.Duration
	for i := 0; i < b.N; i++ {
		out := filepath.Join(dir, "backup.db")
		os.Remove(out)
		stop := make(chan struct{})
		done := make(chan []time.Duration)
		go func() {
			var lat []time.Duration
			for {
				select {
				case <-stop:
					done <- lat
					return
				default:
					lat = append(lat, push())
				}
			}
		}()
		start := time.Now()
		if err := backup.Take(ctx, st, out, false); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		close(stop)
		during = append(during, <-done...)
	}
	b.StopTimer()
	b.ReportMetric(total.Seconds()/float64(b.N), "backup100k-s")
	p99b, p99d := percentile(before, 0.99), percentile(during, 0.99)
	b.ReportMetric(p99b, "push-p99-before-ms")
	b.ReportMetric(p99d, "push-p99-during-ms")
	if p99b > 0 {
		b.ReportMetric(p99d/p99b, "push-p99-ratio")
	}
}
