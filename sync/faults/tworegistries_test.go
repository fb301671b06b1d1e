package faults

import (
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"
)

// startTwoRegistries starts two `registry serve` processes on the
// PostgreSQL database at dsn (the office created once) and returns the
// first, its URL a proxy that sends each request to one of them in turn,
// starting with the first or the second: the scale-out of issue 10, where
// whatever one refuses the other must refuse too, and whatever one stores
// the other serves. A test run once starting with each sends each of its
// requests to both.
func startTwoRegistries(t *testing.T, dsn string, lease, start int) *Registry {
	t.Helper()
	a := startRegistry(t, []string{"--db", dsn}, lease, "--snapshots", "none")
	b := &Registry{Bin: a.Bin, Dir: t.TempDir(), log: &lockedBuffer{}, storeArgs: a.storeArgs, OfficeID: a.OfficeID}
	for attempt := 0; ; attempt++ {
		err := b.serve(t, lease, []string{"--snapshots", "none"})
		if err == nil {
			break
		}
		if attempt == 2 {
			t.Fatalf("second registry serve: %v\n%s", err, b.log)
		}
	}
	t.Cleanup(func() {
		b.stop()
		if t.Failed() {
			t.Logf("second registry log:\n%s", tail(b.log.String(), 4000))
		}
	})
	var targets []*url.URL
	for _, r := range []*Registry{a, b} {
		u, err := url.Parse(r.URL)
		if err != nil {
			t.Fatal(err)
		}
		targets = append(targets, u)
	}
	var turn atomic.Int64
	var served [2]atomic.Int64
	proxy := httptest.NewServer(&httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
		i := (turn.Add(1) - 1 + int64(start)) % 2
		served[i].Add(1)
		pr.SetURL(targets[i])
	}})
	t.Cleanup(func() {
		proxy.Close()
		if !t.Failed() && (served[0].Load() == 0 || served[1].Load() == 0) {
			t.Errorf("requests served: %d and %d; the test did not reach both registries", served[0].Load(), served[1].Load())
		}
	})
	both := *a
	both.URL = proxy.URL
	return &both
}
