package registry

import (
	"context"
	"fmt"
	"io"
	"time"

	"okienko/sync/protocol"
)

// countRejected is how many of a batch's ops the registry refused.
func countRejected(results []protocol.OpResult) int {
	n := 0
	for _, r := range results {
		if r.Status == protocol.Rejected {
			n++
		}
	}
	return n
}

// writeStoreMetrics prints what the alerts in build/prometheus watch and
// only the store knows: whether it answers, each device's time since its
// last contact (ids only, never names), and the oldest open conflict of
// each office. It asks the store at scrape time, within 5 s.
func (r *Registry) writeStoreMetrics(ctx context.Context, w io.Writer) {
	fmt.Fprintf(w, "# HELP okienko_unavailable_total Requests answered 503 because the store was down.\n# TYPE okienko_unavailable_total counter\nokienko_unavailable_total %d\n", r.out.total.Load())
	fmt.Fprintf(w, "# HELP okienko_ops_rejected_total Ops refused as invalid for their office (the device quarantines them for a person).\n# TYPE okienko_ops_rejected_total counter\nokienko_ops_rejected_total %d\n", r.metrics.OpsRejected.Load())
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	up := 1
	offices, err := r.st.Offices(ctx)
	if err != nil {
		up = 0
	}
	fmt.Fprintf(w, "# HELP okienko_store_up Whether the registry's store answered at this scrape.\n# TYPE okienko_store_up gauge\nokienko_store_up %d\n", up)
	if up == 0 {
		return
	}
	now := time.Now()
	fmt.Fprintf(w, "# HELP okienko_device_last_contact_age_seconds Seconds since each active device last reached the registry (since its enrolment if never).\n# TYPE okienko_device_last_contact_age_seconds gauge\n")
	for _, o := range offices {
		devs, err := r.st.Devices(ctx, o.ID)
		if err != nil {
			break
		}
		for _, d := range devs {
			if d.Revoked() {
				continue
			}
			seen := d.LastSeenAt
			if seen.IsZero() {
				seen = d.EnrolledAt
			}
			fmt.Fprintf(w, "okienko_device_last_contact_age_seconds{office=%q,device=%q} %d\n", o.ID, d.ID, int64(now.Sub(seen).Seconds()))
		}
	}
	fmt.Fprintf(w, "# HELP okienko_conflicts_open Conflicts waiting for a person, by office.\n# TYPE okienko_conflicts_open gauge\n")
	oldest := map[string]int64{}
	for _, o := range offices {
		cs, err := r.st.Conflicts(ctx, o.ID, true)
		if err != nil {
			break
		}
		fmt.Fprintf(w, "okienko_conflicts_open{office=%q} %d\n", o.ID, len(cs))
		for _, c := range cs {
			if age := int64(now.Sub(c.CreatedAt).Seconds()); age > oldest[o.ID] {
				oldest[o.ID] = age
			}
		}
	}
	fmt.Fprintf(w, "# HELP okienko_conflict_oldest_open_age_seconds Age of each office's oldest open conflict (0 when none).\n# TYPE okienko_conflict_oldest_open_age_seconds gauge\n")
	for _, o := range offices {
		fmt.Fprintf(w, "okienko_conflict_oldest_open_age_seconds{office=%q} %d\n", o.ID, oldest[o.ID])
	}
}
