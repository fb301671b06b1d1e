package registry_test

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	"okienko/sync/client"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// BenchmarkQueueTwoCounters: two counters share the hall's queue over
// loopback HTTP, each taking a ticket and calling the next at the same
// time, through the real client (target p99 of one issue + call ≤ 100 ms).
// Each op is one such pair at both counters at once; the tickets of the
// day pile up as in a busy hall, each called once.
func BenchmarkQueueTwoCounters(b *testing.B) {
	for _, kind := range synctest.StoreKinds() {
		b.Run(kind, func(b *testing.B) {
			r := synctest.NewRegistry(b, synctest.OpenStore(b, kind), registry.Options{})
			cs := []*client.Client{counter(b, r, r.OfficeID), counter(b, r, r.OfficeID)}
			ctx := context.Background()
			var mu sync.Mutex
			lat := make([]time.Duration, 0, 2*b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var wg sync.WaitGroup
				for w, c := range cs {
					wg.Add(1)
					go func() {
						defer wg.Done()
						start := time.Now()
						if _, err := c.IssueTicket(ctx, protocol.QueueIssueRequest{ID: newID(), Group: "A", Priority: i%7 == 0}); err != nil {
							b.Error(err)
							return
						}
						resp, err := c.CallNext(ctx, protocol.QueueCallRequest{Counter: []string{"1", "2"}[w], Groups: []string{"A"}})
						if err != nil || resp.Ticket == nil {
							b.Error("call:", err)
							return
						}
						d := time.Since(start)
						mu.Lock()
						lat = append(lat, d)
						mu.Unlock()
					}()
				}
				wg.Wait()
			}
			b.StopTimer()
			b.ReportMetric(pct(lat, 0.99), "p99-ms")
			b.ReportMetric(pct(lat, 0.5), "p50-ms")
		})
	}
}

func pct(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return float64(s[int(float64(len(s)-1)*p)]) / float64(time.Millisecond)
}
