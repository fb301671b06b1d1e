package engine_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"okienko/sync/engine"
	"okienko/sync/registry"
)

// BenchmarkPush10k: one device pushes an outbox of 10,000 ops (new clients
// and phone corrections written through the store's Tx API) to a registry
// over loopback HTTP, in the engine's batches of 500, on each store
// (target ≤ 2 s). Only the push is timed: writing the outbox is not, and
// neither is pulling the changes back, which the next step of a round does.
func BenchmarkPush10k(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			const n = 10_000
			ctx := context.Background()
			reg := newRegistry(b, openStore(b, kind), registry.Options{}, true)
			dev := newDevice(b, b.TempDir(), engine.Options{})
			dev.enroll(b, reg)
			r := rand.New(rand.NewPCG(1, 2))
			// The process's CPU time (user and system) while pushing: the
			// device's and the registry's, which a loaded machine inflates
			// less than the wall time (PostgreSQL's server is not counted).
			var cpu time.Duration
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				dev.clientChanges(b, r, n)
				before := reg.Metrics().OpsPushed.Load()
				cpu0 := cpuTime()
				b.StartTimer()
				if err := engine.PushForBench(ctx, dev.eng); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				cpu += cpuTime() - cpu0
				dev.settled(b)
				if got := reg.Metrics().OpsPushed.Load() - before; got != n {
					b.Fatalf("registry received %d ops, want %d", got, n)
				}
				b.StartTimer()
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "push10k-s")
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s")
		})
	}
}

// BenchmarkBytesPerChange: what a change costs on the wire, compressed,
// when a device pushes batches of them: phone corrections of existing
// clients, one field change and one op each (target ≤ 80 B). bytes/change
// counts the push requests only (what the device sends); the answers are
// reported apart (resp-B/change) and together (total-B/change). The
// register variant pushes whole registrations (five ops, new rows of
// some twenty fields each), per op and per field.
func BenchmarkBytesPerChange(b *testing.B) {
	b.Run("register-100", func(b *testing.B) {
		ctx := context.Background()
		// Leases large enough for the registrations between two rounds.
		reg := newRegistry(b, openStore(b, "sqlite"), registry.Options{LeaseSize: 200}, true)
		dev := newDevice(b, b.TempDir(), engine.Options{LeaseLow: 150})
		dev.enroll(b, reg)
		r := rand.New(rand.NewPCG(5, 6))
		c := dev.eng.Client()
		var sent, recv, ops, fields int64
		b.ResetTimer()
		for range b.N {
			b.StopTimer()
			if err := dev.eng.Round(ctx); err != nil { // tops the lease up
				b.Fatal(err)
			}
			n := dev.registerCases(b, r, 100)
			fields += int64(dev.pendingFields(b))
			s0, r0 := c.BytesSent(), c.BytesReceived()
			b.StartTimer()
			if err := engine.PushForBench(ctx, dev.eng); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			dev.settled(b)
			sent += c.BytesSent() - s0
			recv += c.BytesReceived() - r0
			ops += int64(n)
			b.StartTimer()
		}
		b.ReportMetric(float64(sent)/float64(ops), "bytes/change")
		b.ReportMetric(float64(sent+recv)/float64(ops), "total-B/change")
		b.ReportMetric(float64(sent)/float64(fields), "bytes/field")
	})
	for _, batch := range []int{100, 500} {
		b.Run(fmt.Sprintf("phone-%d", batch), func(b *testing.B) {
			ctx := context.Background()
			reg := newRegistry(b, openStore(b, "sqlite"), registry.Options{}, true)
			dev := newDevice(b, b.TempDir(), engine.Options{})
			dev.enroll(b, reg)
			office := dev.officeID(b)
			r := rand.New(rand.NewPCG(3, 4))
			// The clients exist at the registry already: only the edits travel.
			ids := dev.clientChanges(b, r, 2*batch)
			if err := engine.PushForBench(ctx, dev.eng); err != nil {
				b.Fatal(err)
			}
			c := dev.eng.Client()
			var sent, recv, changes int64
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				dev.editPhones(b, r, office, ids[:batch])
				s0, r0 := c.BytesSent(), c.BytesReceived()
				b.StartTimer()
				if err := engine.PushForBench(ctx, dev.eng); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				dev.settled(b)
				sent += c.BytesSent() - s0
				recv += c.BytesReceived() - r0
				changes += int64(batch)
				b.StartTimer()
			}
			b.ReportMetric(float64(sent)/float64(changes), "bytes/change")
			b.ReportMetric(float64(recv)/float64(changes), "resp-B/change")
			b.ReportMetric(float64(sent+recv)/float64(changes), "total-B/change")
		})
	}
}
