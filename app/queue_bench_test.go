package app

import (
	"testing"
	"time"

	"okienko/app/queue"
)

// BenchmarkQueueIssue: issuing a ticket on the device (target ≤ 20 ms):
// printed, its 80 mm PDF made and saved included, as a clerk waits for
// it; and without the printout, the queue's own part.
func BenchmarkQueueIssue(b *testing.B) {
	b.Run("printed", func(b *testing.B) { benchIssue(b, false) })
	b.Run("unprinted", func(b *testing.B) { benchIssue(b, true) })
}

func benchIssue(b *testing.B, noPrint bool) {
	e, s := newQueueEnv(b, "jnowak")
	e.core.NoAutoPrint = noPrint
	groups := []string{"A", "B", "C", "D"}
	var lat []time.Duration
	for i := 0; b.Loop(); i++ {
		t := time.Now()
		out, err := s.Issue(groups[i%4], i%7 == 0)
		lat = append(lat, time.Since(t))
		if err != nil || out.PrintError != "" {
			b.Fatal(err, out.PrintError)
		}
	}
	b.ReportMetric(median(lat), "median-ms")
}

// BenchmarkQueueCallNext: calling the next ticket with 300 waiting in the
// day's queue (target ≤ 20 ms).
func BenchmarkQueueCallNext(b *testing.B) {
	e, s := newQueueEnv(b, "jnowak")
	e.core.NoAutoPrint = true
	fill := func() {
		for i := range 300 {
			if _, err := s.Issue([]string{"A", "B", "C", "D"}[i%4], i%10 == 0); err != nil {
				b.Fatal(err)
			}
		}
	}
	fill()
	var lat []time.Duration
	for b.Loop() {
		t := time.Now()
		v, err := s.CallNext()
		lat = append(lat, time.Since(t))
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if v.Current == nil {
			fill()
		} else if _, err := s.Mark(v.Current.ID, queue.StatusServed, "", ""); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(median(lat), "median-ms")
}
