package registry

import (
	"fmt"
	"io"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Metrics are the registry's counters and latency histograms, exposed in
// the Prometheus text format at /metrics. A handful of numbers does not
// justify the client library.
type Metrics struct {
	OpsPushed  atomic.Int64
	RowsPulled atomic.Int64
	Conflicts  atomic.Int64
	// LateNumbers counts numbers cancelled at the year's closing and then
	// used by their device, which registered a case before it heard.
	LateNumbers atomic.Int64
	// LeasesRefused counts registers refused numbers (a year the office
	// may not lease now, or a closed one).
	LeasesRefused atomic.Int64
	// DateFlags counts cases flagged for a submission date far from the
	// registry's office date.
	DateFlags atomic.Int64
	// SnapshotsServed counts snapshot downloads begun or resumed.
	SnapshotsServed atomic.Int64
	// SnapshotBytes counts the bytes of snapshot files sent.
	SnapshotBytes atomic.Int64
	// PagesFromMemory and PagesFromStore count pull pages cut from the
	// registry's memory of recent changes and read from the store.
	PagesFromMemory, PagesFromStore atomic.Int64
	// PagesEncodedOnce counts pull pages answered with a body encoded for
	// another device moments before (pagecache.go).
	PagesEncodedOnce atomic.Int64
	// OpsRejected counts ops refused as invalid for the office: the device
	// quarantines them and a person must look (metrics_store.go prints it).
	OpsRejected atomic.Int64
	// RowsResent counts rows devices sent again to a restored registry
	// that changed what it held (resend.go).
	RowsResent atomic.Int64
	// BackupAt is when the newest backup was taken (Unix ms; 0: none
	// yet), BackupFailures how many scheduled backups failed (backup.go).
	BackupAt       atomic.Int64
	BackupFailures atomic.Int64

	mu        sync.Mutex
	requests  map[[2]string]int64 // route, status code
	latencies map[string]*histogram
}

// NewMetrics returns zeroed metrics.
func NewMetrics() *Metrics {
	return &Metrics{requests: map[[2]string]int64{}, latencies: map[string]*histogram{}}
}

var buckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type histogram struct {
	counts []int64 // per bucket, then +Inf
	sum    float64
	n      int64
}

// Observe records one request.
func (m *Metrics) Observe(route string, code int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[[2]string{route, fmt.Sprint(code)}]++
	h := m.latencies[route]
	if h == nil {
		h = &histogram{counts: make([]int64, len(buckets)+1)}
		m.latencies[route] = h
	}
	s := d.Seconds()
	i := sort.SearchFloat64s(buckets, s)
	h.counts[i]++
	h.sum += s
	h.n++
}

// Write prints the metrics in the Prometheus text exposition format.
func (m *Metrics) Write(w io.Writer) {
	fmt.Fprintf(w, "# HELP okienko_ops_pushed_total Operations received in new push batches (any outcome).\n# TYPE okienko_ops_pushed_total counter\nokienko_ops_pushed_total %d\n", m.OpsPushed.Load())
	fmt.Fprintf(w, "# HELP okienko_rows_pulled_total Rows sent to devices in pulls.\n# TYPE okienko_rows_pulled_total counter\nokienko_rows_pulled_total %d\n", m.RowsPulled.Load())
	fmt.Fprintf(w, "# HELP okienko_conflicts_total Guarded changes set aside as conflicts.\n# TYPE okienko_conflicts_total counter\nokienko_conflicts_total %d\n", m.Conflicts.Load())
	fmt.Fprintf(w, "# HELP okienko_numbers_used_after_year_end_total Numbers cancelled at the year's closing and used afterwards by their device.\n# TYPE okienko_numbers_used_after_year_end_total counter\nokienko_numbers_used_after_year_end_total %d\n", m.LateNumbers.Load())
	fmt.Fprintf(w, "# HELP okienko_leases_refused_total Registers refused numbers: a year the office may not lease now, or a closed one.\n# TYPE okienko_leases_refused_total counter\nokienko_leases_refused_total %d\n", m.LeasesRefused.Load())
	fmt.Fprintf(w, "# HELP okienko_date_flags_total Cases flagged for a submission date far from the registry's office date.\n# TYPE okienko_date_flags_total counter\nokienko_date_flags_total %d\n", m.DateFlags.Load())
	fmt.Fprintf(w, "# HELP okienko_snapshots_served_total Snapshot downloads begun or resumed by fresh devices.\n# TYPE okienko_snapshots_served_total counter\nokienko_snapshots_served_total %d\n", m.SnapshotsServed.Load())
	fmt.Fprintf(w, "# HELP okienko_snapshot_bytes_sent_total Bytes of snapshot files sent.\n# TYPE okienko_snapshot_bytes_sent_total counter\nokienko_snapshot_bytes_sent_total %d\n", m.SnapshotBytes.Load())
	fmt.Fprintf(w, "# HELP okienko_pull_pages_total Pull pages by where they came from: the registry's memory of recent changes or the store.\n# TYPE okienko_pull_pages_total counter\nokienko_pull_pages_total{source=\"memory\"} %d\nokienko_pull_pages_total{source=\"store\"} %d\n",
		m.PagesFromMemory.Load(), m.PagesFromStore.Load())
	fmt.Fprintf(w, "# HELP okienko_pull_pages_reused_total Pull pages answered with a body already encoded for another device.\n# TYPE okienko_pull_pages_reused_total counter\nokienko_pull_pages_reused_total %d\n", m.PagesEncodedOnce.Load())
	fmt.Fprintf(w, "# HELP okienko_rows_resent_total Rows devices sent again to a restored registry that changed what it held.\n# TYPE okienko_rows_resent_total counter\nokienko_rows_resent_total %d\n", m.RowsResent.Load())
	if at := m.BackupAt.Load(); at > 0 {
		fmt.Fprintf(w, "# HELP okienko_backup_age_seconds Seconds since the newest backup registry serve --backup-dir took or found.\n# TYPE okienko_backup_age_seconds gauge\nokienko_backup_age_seconds %.0f\n", time.Since(time.UnixMilli(at)).Seconds())
	}
	fmt.Fprintf(w, "# HELP okienko_backup_failures_total Scheduled backups that failed.\n# TYPE okienko_backup_failures_total counter\nokienko_backup_failures_total %d\n", m.BackupFailures.Load())
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintf(w, "# HELP okienko_requests_total HTTP requests by route and status.\n# TYPE okienko_requests_total counter\n")
	keys := make([][2]string, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+keys[i][1] < keys[j][0]+keys[j][1] })
	for _, k := range keys {
		fmt.Fprintf(w, "okienko_requests_total{route=%q,code=%q} %d\n", k[0], k[1], m.requests[k])
	}
	fmt.Fprintf(w, "# HELP okienko_request_seconds HTTP request latency by route.\n# TYPE okienko_request_seconds histogram\n")
	routes := make([]string, 0, len(m.latencies))
	for r := range m.latencies {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, r := range routes {
		h := m.latencies[r]
		var cum int64
		for i, b := range buckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "okienko_request_seconds_bucket{route=%q,le=\"%g\"} %d\n", r, b, cum)
		}
		cum += h.counts[len(buckets)]
		fmt.Fprintf(w, "okienko_request_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", r, cum)
		fmt.Fprintf(w, "okienko_request_seconds_sum{route=%q} %g\nokienko_request_seconds_count{route=%q} %d\n", r, h.sum, r, h.n)
	}
}
