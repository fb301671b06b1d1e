package engine_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// outageNet answers every request 503 with Retry-After while the
// registry's database is "down", as the registry does, and counts them.
type outageNet struct {
	mu      sync.Mutex
	down    bool
	refused []time.Time
}

func (n *outageNet) RoundTrip(req *http.Request) (*http.Response, error) {
	n.mu.Lock()
	down := n.down
	if down {
		n.refused = append(n.refused, time.Now())
	}
	n.mu.Unlock()
	if !down {
		return http.DefaultTransport.RoundTrip(req)
	}
	if req.Body != nil {
		req.Body.Close()
	}
	return &http.Response{StatusCode: http.StatusServiceUnavailable, Request: req,
		Header: http.Header{"Retry-After": {"1"}, "Content-Type": {"application/json"}},
		Body:   io.NopCloser(strings.NewReader(`{"error":"unavailable","hint":"retry after 1 s"}`))}, nil
}

func (n *outageNet) set(down bool) { n.mu.Lock(); n.down = down; n.mu.Unlock() }

func (n *outageNet) times() []time.Time {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]time.Time(nil), n.refused...)
}

// TestWaitsRetryAfter: a registry whose database is down answers 503
// with Retry-After; the device shows "unavailable" and waits the hinted
// time before its next round, even when new writes ask for one (no
// hammering); when the registry is back, the work goes up.
func TestWaitsRetryAfter(t *testing.T) {
	reg := synctest.NewRegistry(t, nil, registry.Options{})
	n := &outageNet{}
	d := synctest.NewDevice(t, synctest.DeviceOptions{HTTP: &http.Client{Transport: n, Timeout: 10 * time.Second}})
	d.Enroll(t, reg)
	d.SignIn(t, "jnowak")
	n.set(true)
	register(t, d, "Przerwa")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { defer close(done); d.Engine.Run(ctx) }()
	defer func() { cancel(); <-done }()
	// Writes keep asking for rounds every 50 ms for 2.6 s.
	for end := time.Now().Add(2600 * time.Millisecond); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		d.Engine.Kick()
	}
	got := n.times()
	if len(got) < 1 || len(got) > 3 {
		t.Fatalf("%d requests refused in 2.6 s, want 1 to 3 (a round every Retry-After)", len(got))
	}
	for i := 1; i < len(got); i++ {
		if gap := got[i].Sub(got[i-1]); gap < time.Second {
			t.Fatalf("a round %s after a 503 asking for 1 s", gap)
		}
	}
	if st := d.Engine.Status(ctx); st.LastError != "unavailable" || !st.Online {
		t.Fatalf("status while the registry's database is down: %+v", st)
	}
	n.set(false)
	d.Engine.Kick()
	// Back: the work goes up and the status clears (a round may still be
	// under way when the outbox empties).
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		st := d.Engine.Status(ctx)
		if st.Pending == 0 && !st.Syncing && st.LastError == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the registry came back: %+v", st)
		}
	}
}
