package engine_test

import (
	"context"
	"testing"
	"time"

	"okienko/sync/engine"
	"okienko/sync/registry"
)

// BenchmarkEmptyRound: a full round of a device with nothing to push and
// nothing to pull, timed at the registry: the handler's time for every
// request of the round, added up (target ≤ 5 ms). An empty outbox sends no
// push; the leases are topped up, so none is asked for; what is left are
// the two pulls of the round, each answered with an empty page.
func BenchmarkEmptyRound(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			ctx := context.Background()
			reg := newRegistry(b, openStore(b, kind), registry.Options{}, true)
			dev := newDevice(b, b.TempDir(), engine.Options{})
			dev.enroll(b, reg)
			if err := dev.eng.Round(ctx); err != nil {
				b.Fatal(err)
			}
			c := dev.eng.Client()
			sent := c.BytesSent()
			var server, client []time.Duration
			var requests int64
			reg.server.take()
			for b.Loop() {
				t := time.Now()
				if err := dev.eng.Round(ctx); err != nil {
					b.Fatal(err)
				}
				client = append(client, time.Since(t))
				d, n := reg.server.take()
				server = append(server, d)
				requests += n
			}
			if c.BytesSent() != sent {
				b.Fatalf("an empty round sent %d bytes", c.BytesSent()-sent)
			}
			b.ReportMetric(percentile(server, 0.5), "emptyround-server-ms")
			b.ReportMetric(percentile(server, 0.99), "emptyround-server-p99-ms")
			b.ReportMetric(percentile(client, 0.5), "emptyround-device-ms")
			b.ReportMetric(float64(requests)/float64(len(server)), "requests/round")
		})
	}
}
