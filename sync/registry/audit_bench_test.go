package registry

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"testing"
	"time"

	"okienko/app/audit"
	"okienko/app/cases"
	"okienko/app/office"
	"okienko/sync/protocol"
	"okienko/sync/synctest/rows"
)

// BenchmarkAuditQuery: the access log's answer over an office of 2,000
// cases and 20,000 audit entries (SQLite; OKIENKO_BENCH_AUDIT_CASES sets
// the cases, with ten entries each). A query over the whole office
// ("outside") reads every case and audit row; a client's (the art. 15
// report, "client") reads by index only the client's cases and the
// entries about them (migration 00011), so its time does not grow with
// the office.
func BenchmarkAuditQuery(b *testing.B) {
	w := newCheckWorld(b)
	ctx := context.Background()
	nCases := 2000
	if n, err := strconv.Atoi(os.Getenv("OKIENKO_BENCH_AUDIT_CASES")); err == nil && n > 0 {
		nCases = n
	}
	nEntries := 10 * nCases
	var ops []protocol.Op
	flush := func() {
		if len(ops) == 0 {
			return
		}
		resp, err := w.r.Push(ctx, w.dev, protocol.PushRequest{BatchID: newID(), Ops: ops})
		if err != nil {
			b.Fatal(err)
		}
		for _, res := range resp.Results {
			if res.Status != protocol.Applied {
				b.Fatalf("seed: %+v", res)
			}
		}
		ops = ops[:0]
	}
	caseIDs := make([]string, nCases)
	var oneClient string
	for i := range caseIDs {
		client, id := newID(), newID()
		if i == 0 {
			oneClient = client
		}
		caseIDs[i] = id
		ops = append(ops, w.op("client", client, rows.Client(w.office, client, "Anna")),
			w.op("case_file", id, rows.Case(w.office, id, client, w.refs, w.dev.ID, cases.Registered)))
		if len(ops) >= 400 {
			flush()
		}
	}
	flush()
	for i := range nEntries {
		id := newID()
		action := audit.CaseView
		if i%50 == 0 {
			action = audit.CaseOutside
		}
		f := map[string]json.RawMessage{}
		for k, v := range map[string]any{"id": id, "officeId": w.office, "staffId": w.refs.StaffID, "action": action,
			"objectType": "case_file", "objectId": caseIDs[i%nCases], "at": testNow.Add(-time.Duration(i) * time.Minute)} {
			f[k], _ = json.Marshal(v)
		}
		ops = append(ops, w.op("audit_log", id, f))
		if len(ops) >= 500 {
			flush()
		}
	}
	flush()
	admin := Person{StaffID: w.refs.StaffID, Role: office.RoleAdmin}
	for _, c := range []struct {
		name string
		q    protocol.AuditQuery
	}{
		{"outside", protocol.AuditQuery{Outside: true}},
		{"client", protocol.AuditQuery{ClientID: oneClient}},
	} {
		b.Run(c.name, func(b *testing.B) {
			start := time.Now()
			for b.Loop() {
				resp, err := w.r.AuditEntries(ctx, w.office, admin, c.q)
				if err != nil || len(resp.Entries) == 0 {
					b.Fatalf("%d entries, %v", len(resp.Entries), err)
				}
			}
			b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/query")
		})
	}
}
