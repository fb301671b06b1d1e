package app

import (
	"context"
	"testing"
	"time"

	"okienko/app/today"
)

// BenchmarkCaseDutiesToday gives the case duties' "Dziś" lines (handovers
// of the last days, the day's interpreter visits, cases near their
// deadline without an art. 36 notice) of a clerk who handles most of
// 20,000 synthetic cases, and the "moje" list (target ≤ 20 ms p95 each:
// the start page opens with every area's lines).
func BenchmarkCaseDutiesToday(b *testing.B) {
	e := benchCases(b, 20_000)
	ctx := context.Background()
	st, _, _ := e.store.Credentials(ctx, "jnowak")
	src := NewCaseDutiesToday(e.core)
	day := iso(e.core.Today())
	var lat, mine []time.Duration
	var items []today.Item
	for b.Loop() {
		t := time.Now()
		var err error
		items, err = src.TodayItems(ctx, st.ID, day, e.core.Now())
		lat = append(lat, time.Since(t))
		if err != nil {
			b.Fatal(err)
		}
		t = time.Now()
		if _, err := NewCaseService(e.core).searchCases(ctx, CaseQuery{Limit: 100, assignee: st.ID}); err != nil {
			b.Fatal(err)
		}
		mine = append(mine, time.Since(t))
	}
	b.ReportMetric(percentile(lat, 0.95), "p95-ms")
	b.ReportMetric(percentile(mine, 0.95), "mine-p95-ms")
	b.ReportMetric(float64(len(items)), "items")
}
