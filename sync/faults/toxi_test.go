package faults

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	toxiproxy "github.com/Shopify/toxiproxy/v2"
	"github.com/rs/zerolog"

	"okienko/app"
	"okienko/sync/client"
	"okienko/sync/synctest"
)

// proxy is a toxiproxy proxy, run in-process, in front of the registry.
type proxy struct {
	*toxiproxy.Proxy
	URL string
}

var quietToxiproxy sync.Once

func newProxy(t *testing.T, upstream string) *proxy {
	t.Helper()
	// Toxics log through zerolog's global logger; the tests say what matters.
	quietToxiproxy.Do(func() { zerolog.SetGlobalLevel(zerolog.Disabled) })
	srv := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(nil), zerolog.Nop())
	p := toxiproxy.NewProxy(srv, "registry", "127.0.0.1:0", upstream)
	if err := p.Start(); err != nil {
		t.Fatalf("toxiproxy: %v", err)
	}
	t.Cleanup(p.Stop)
	return &proxy{Proxy: p, URL: "http://" + p.Listen}
}

// toxic adds a toxic; stream is "upstream" (device → registry) or
// "downstream" (registry → device).
func (p *proxy) toxic(t *testing.T, name, typ, stream string, attrs map[string]any) {
	t.Helper()
	raw, _ := json.Marshal(map[string]any{"name": name, "type": typ, "stream": stream, "toxicity": 1.0, "attributes": attrs})
	if _, err := p.Toxics.AddToxicJson(bytes.NewReader(raw)); err != nil {
		t.Fatalf("toxic %s: %v", name, err)
	}
}

// ownHTTP is a device's own HTTP client (the production timeout), so a
// test can drop its kept-alive connections: a toxic then meets a fresh
// connection, as reset_peer needs to make its closes resets.
func ownHTTP() (*http.Client, *http.Transport) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	return &http.Client{Timeout: 60 * time.Second, Transport: tr}, tr
}

func (p *proxy) heal(t *testing.T) {
	t.Helper()
	p.Toxics.ResetToxics(context.Background())
}

// counts is what the registry holds of one device's pushes.
type counts struct {
	ops     map[string]string // op id → batch id
	batches int
	pushed  int64 // ops received in new batches (okienko_ops_pushed_total)
	seq     int64
	cases   int
}

func snapshot(t *testing.T, r *Registry, deviceID string) counts {
	t.Helper()
	return counts{ops: r.Ops(t, deviceID), batches: r.Batches(t, deviceID), pushed: r.Metric(t, "okienko_ops_pushed_total"),
		seq: r.Seq(t), cases: r.Count(t, "case_file")}
}

// pendingIDs lists the op ids in a device's outbox (with their batch).
func pendingIDs(t *testing.T, d *synctest.Device) map[string]string {
	t.Helper()
	raw, err := rawDB(t, d.Store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	return stringMap(t, raw, "SELECT op_id, batch_id FROM outbox")
}

// TestAnswerCutAfterCommit: the registry applies a push and its answer is
// lost on the way back (cut after a few bytes, or the connection reset).
// The device must keep the batch, send it again, and the registry must
// recognise it: every op applied once, one stored batch, the outbox
// empty, and another device sees the case exactly once.
func TestAnswerCutAfterCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the registry process")
	}
	t.Parallel()
	for _, tc := range []struct {
		name, typ string
		attrs     map[string]any
	}{
		{"limit_data", "limit_data", map[string]any{"bytes": 20}}, // the status line is not even whole
		{"reset_peer", "reset_peer", map[string]any{"timeout": 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			reg := StartRegistry(t, 5)
			px := newProxy(t, reg.Addr)
			hc, tr := ownHTTP()
			a := synctest.NewDevice(t, synctest.DeviceOptions{HTTP: hc})
			enroll(t, a, reg, px.URL, "A")
			a.SignIn(t, "jnowak")
			res := register(t, a, "Żółkiewska")
			dev := a.Store.DeviceID()
			pending := pendingIDs(t, a)
			before := snapshot(t, reg, dev)
			if len(pending) == 0 {
				t.Fatal("nothing to push after a registration")
			}

			tr.CloseIdleConnections()
			px.toxic(t, "cut", tc.typ, "downstream", tc.attrs)
			err := a.Engine.Round(ctx)
			if !errors.Is(err, client.ErrOffline) {
				t.Fatalf("round with the answer cut: %v, want an offline error", err)
			}
			t.Logf("the device saw: %v", err)
			// The fault is the one meant: the registry committed the batch,
			// the device did not hear of it.
			mid := snapshot(t, reg, dev)
			for id := range pending {
				if _, ok := mid.ops[id]; !ok {
					t.Fatalf("op %s not at the registry: the answer was cut before the commit, not after", id)
				}
			}
			if mid.batches != before.batches+1 || mid.cases != before.cases+1 {
				t.Fatalf("after the cut: %d batches (before %d), %d cases (before %d)", mid.batches, before.batches, mid.cases, before.cases)
			}
			if still := pendingIDs(t, a); len(still) != len(pending) {
				t.Fatalf("the device settled %d ops it never heard about", len(pending)-len(still))
			}

			px.heal(t)
			a.Sync(t)
			after := snapshot(t, reg, dev)
			if n, _ := a.Store.PendingOps(ctx); n != 0 {
				t.Fatalf("%d ops left in the outbox", n)
			}
			if n, _ := a.Store.QuarantinedCount(ctx); n != 0 {
				t.Fatalf("%d ops quarantined", n)
			}
			assertOpsOnce(t, before, after, pending)
			// The replay was answered from the stored batch: no second batch,
			// and its ops were not counted as received again.
			if after.batches != mid.batches || after.pushed != mid.pushed {
				t.Fatalf("the retry was not a replay: batches %d → %d, ops received %d → %d", mid.batches, after.batches, mid.pushed, after.pushed)
			}
			if after.cases != 1 {
				t.Fatalf("registry holds %d cases, want 1", after.cases)
			}

			b := synctest.NewDevice(t, synctest.DeviceOptions{})
			enroll(t, b, reg, reg.URL, "B")
			assertSeesOnce(t, b, res, 1)
		})
	}
}

// assertOpsOnce checks the registry applied exactly the device's pending
// ops, each once: no op lost, none made up (a retry under new op ids
// would apply the change twice).
func assertOpsOnce(t *testing.T, before, after counts, pending map[string]string) {
	t.Helper()
	var extra []string
	for id := range after.ops {
		if _, old := before.ops[id]; !old {
			if _, ok := pending[id]; !ok {
				extra = append(extra, id)
			}
		}
	}
	for id := range pending {
		if _, ok := after.ops[id]; !ok {
			t.Errorf("op %s never reached the registry", id)
		}
	}
	if len(extra) > 0 {
		t.Errorf("the registry applied %d ops the device never had pending: %v", len(extra), extra)
	}
	if got := after.pushed - before.pushed; got < int64(len(pending)) {
		t.Errorf("registry received %d ops, want at least %d", got, len(pending))
	}
	if t.Failed() {
		t.FailNow()
	}
}

// assertSeesOnce checks another device holds the case exactly once, and
// total cases in all.
func assertSeesOnce(t *testing.T, b *synctest.Device, res app.RegisterResult, total int) {
	t.Helper()
	b.SignIn(t, "akowalska")
	rows, err := b.Cases.Search(app.CaseQuery{Text: "zolkiewska"})
	if err != nil || len(rows) != 1 || rows[0].Sign != res.Sign {
		t.Fatalf("device B sees %+v (%v), want the one case %s", rows, err, res.Sign)
	}
	if n, _ := b.Store.CaseCount(context.Background(), b.Core.OfficeID()); n != total {
		t.Fatalf("device B holds %d cases, want %d", n, total)
	}
}

// TestUploadCutHalfway: the connection dies while the device is still
// sending a push. The registry must apply none of it (it never saw the
// whole batch), and the next round sends it whole.
func TestUploadCutHalfway(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the registry process")
	}
	t.Parallel()
	ctx := context.Background()
	reg := StartRegistry(t, 5)
	px := newProxy(t, reg.Addr)
	hc, tr := ownHTTP()
	a := synctest.NewDevice(t, synctest.DeviceOptions{HTTP: hc})
	enroll(t, a, reg, px.URL, "A")
	a.SignIn(t, "jnowak")
	seedCases(t, a.Engine, a.Store, a.Core.OfficeID(), time.Now().Year(), 12) // a body of several kB
	res := register(t, a, "Żółkiewska")
	dev := a.Store.DeviceID()
	pending := pendingIDs(t, a)
	before := snapshot(t, reg, dev)

	// The request headers are a few hundred bytes: the cut falls in the
	// body. On a fresh connection the reset_peer toxic sets SO_LINGER 0 on
	// both sides, so the cut is a reset (RST) to the registry, and what
	// comes back (its error answer, or the close) a reset to the device.
	const cutAt = 1024
	tr.CloseIdleConnections()
	px.toxic(t, "cut", "limit_data", "upstream", map[string]any{"bytes": cutAt})
	px.toxic(t, "rst", "reset_peer", "downstream", map[string]any{"timeout": 0})
	sent := a.Engine.Client().BytesSent()
	err := a.Engine.Round(ctx)
	if !errors.Is(err, client.ErrOffline) {
		t.Fatalf("round through a connection reset mid-upload: %v, want an offline error", err)
	}
	t.Logf("the device saw: %v", err)
	if body := a.Engine.Client().BytesSent() - sent; body < 3*cutAt {
		t.Fatalf("push body %d bytes: too small for the cut at %d to fall in the middle", body, cutAt)
	}
	// The registry got the headers and part of the body: its handler
	// failed reading the rest (it answers 500 into a closed connection).
	// That happens on its own time, after the device gave up.
	failed := `okienko_requests_total{route="push",code="500"}`
	for deadline := time.Now().Add(10 * time.Second); reg.Metric(t, failed) == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the registry never saw the truncated push (no failed push request)")
		}
	}
	mid := snapshot(t, reg, dev)
	if len(mid.ops) != len(before.ops) || mid.batches != before.batches || mid.seq != before.seq || mid.cases != before.cases {
		t.Fatalf("half an upload changed the registry: ops %d → %d, batches %d → %d, seq %d → %d, cases %d → %d",
			len(before.ops), len(mid.ops), before.batches, mid.batches, before.seq, mid.seq, before.cases, mid.cases)
	}
	if still := pendingIDs(t, a); len(still) != len(pending) {
		t.Fatalf("outbox %d ops after the failed upload, want %d", len(still), len(pending))
	}

	px.heal(t)
	a.Sync(t)
	after := snapshot(t, reg, dev)
	if n, _ := a.Store.PendingOps(ctx); n != 0 {
		t.Fatalf("%d ops left in the outbox", n)
	}
	assertOpsOnce(t, before, after, pending)
	if after.cases != 13 {
		t.Fatalf("registry holds %d cases, want 13", after.cases)
	}
	b := synctest.NewDevice(t, synctest.DeviceOptions{})
	enroll(t, b, reg, reg.URL, "B")
	assertSeesOnce(t, b, res, 13)
}

// TestSlowLink: a 56 kbit/s line (7 kB/s each way) with 500 ms of latency
// each way. Enrolment (the whole office and catalogue), registering cases,
// pushing and another device pulling them must all get through, with the
// production HTTP timeout.
func TestSlowLink(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the registry process")
	}
	t.Parallel()
	ctx := context.Background()
	reg := StartRegistry(t, 20)
	px := newProxy(t, reg.Addr)
	for _, dir := range []string{"upstream", "downstream"} {
		px.toxic(t, "latency_"+dir, "latency", dir, map[string]any{"latency": 500})
		px.toxic(t, "bandwidth_"+dir, "bandwidth", dir, map[string]any{"rate": 7})
	}
	start := time.Now()
	a := synctest.NewDevice(t, synctest.DeviceOptions{})
	b := synctest.NewDevice(t, synctest.DeviceOptions{})
	// Two offices' desks enrol at once, as they would on the first morning.
	var wg sync.WaitGroup
	for _, d := range []*synctest.Device{a, b} {
		code := reg.EnrollCode(t, "slow")
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := d.Engine.Enroll(ctx, px.URL, code, "slow"); err != nil {
				t.Errorf("enrol over the slow link: %v", err)
				return
			}
			if err := d.Core.Bootstrap(ctx, false); err != nil {
				t.Errorf("bootstrap: %v", err)
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	enrolled := time.Since(start)
	a.SignIn(t, "jnowak")
	signs := map[string]string{} // folded name → sign
	for _, name := range []string{"Żółkiewska", "Kowalska", "Wiśniewska"} {
		signs[name] = register(t, a, name).Sign
	}
	a.Sync(t)
	b.Sync(t)
	total := time.Since(start)
	b.SignIn(t, "akowalska")
	if n, _ := a.Store.PendingOps(ctx); n != 0 {
		t.Fatalf("%d ops left in A's outbox", n)
	}
	for name, sign := range signs {
		rows, err := b.Cases.Search(app.CaseQuery{Text: name})
		if err != nil || len(rows) != 1 || rows[0].Sign != sign {
			t.Fatalf("B looking for %s finds %+v (%v), want %s", name, rows, err, sign)
		}
	}
	if n, _ := b.Store.CaseCount(ctx, b.Core.OfficeID()); n != 3 || reg.Count(t, "case_file") != 3 {
		t.Fatalf("B holds %d cases, the registry %d; want 3", n, reg.Count(t, "case_file"))
	}
	// B's pull stopped at the registry's latest change: converged.
	ss, _ := b.Store.SyncState(ctx)
	if seq := reg.Seq(t); ss.Cursor != seq {
		t.Fatalf("B's cursor %d, registry at %d", ss.Cursor, seq)
	}
	t.Logf("56 kbit/s + 2×500 ms: both enrolments %v (A received %d B), everything %v",
		enrolled.Round(time.Millisecond), a.Engine.Client().BytesReceived(), total.Round(time.Millisecond))
}
