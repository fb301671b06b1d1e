package registry

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"okienko/sync/registry/store"
)

// TestOutageTracker: an outage is reported once when it starts and once
// when the store answers again, with the requests refused meanwhile;
// health checks mark it but are not counted as refused requests.
func TestOutageTracker(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	type step struct {
		at      time.Duration
		refuse  bool // else: the store answered
		request bool
		began   bool
		ended   bool
		lasted  time.Duration
		refused int64
	}
	for name, steps := range map[string][]step{
		"no outage": {{at: 0}, {at: time.Second}},
		"one outage": {
			{at: 0, refuse: true, request: true, began: true},
			{at: time.Second, refuse: true, request: true},
			{at: 2 * time.Second, refuse: true, request: true},
			{at: 30 * time.Second, ended: true, lasted: 30 * time.Second, refused: 3},
			{at: 31 * time.Second},
		},
		"health check first": {
			{at: 0, refuse: true, began: true},
			{at: time.Second, refuse: true, request: true},
			{at: 5 * time.Second, ended: true, lasted: 5 * time.Second, refused: 1},
		},
		"two outages": {
			{at: 0, refuse: true, request: true, began: true},
			{at: time.Second, ended: true, lasted: time.Second, refused: 1},
			{at: time.Minute, refuse: true, request: true, began: true},
			{at: time.Minute + time.Second, refuse: true, request: true},
			{at: 2 * time.Minute, ended: true, lasted: time.Minute, refused: 2},
		},
	} {
		t.Run(name, func(t *testing.T) {
			var o outage
			var total int64
			for i, s := range steps {
				now := t0.Add(s.at)
				if s.refuse {
					if s.request {
						total++
					}
					if began := o.refuse(now, s.request); began != s.began {
						t.Fatalf("step %d: began %v, want %v", i, began, s.began)
					}
					continue
				}
				ended, lasted, n := o.ok(now)
				if ended != s.ended || lasted != s.lasted || n != s.refused {
					t.Fatalf("step %d: ended %v after %s with %d refused, want %v %s %d", i, ended, lasted, n, s.ended, s.lasted, s.refused)
				}
			}
			if got := o.total.Load(); got != total {
				t.Fatalf("%d refused in all, want %d", got, total)
			}
		})
	}
}

// TestGivenUpWriteLeavesQueue: a write whose client gives up while it
// waits behind the office's transaction returns at once, is not written,
// and the write behind it still commits; one handed the lead as it gives
// up hands it on.
func TestGivenUpWriteLeavesQueue(t *testing.T) {
	lite, office := testOffice(t)
	g := &gatedStore{Store: lite, hold: make(chan struct{})}
	r := New(g, Options{Now: func() time.Time { return testNow }})
	var written sync.Map
	job := func(name string) *writeJob {
		return &writeJob{apply: func(context.Context, store.Tx) error { written.Store(name, true); return nil }}
	}
	var wg sync.WaitGroup
	errs := make([]error, 3)
	wg.Add(1)
	go func() { defer wg.Done(); errs[0] = r.inGroup(context.Background(), office, job("first")) }()
	waitFor(t, func() bool { return g.count() == 1 })
	ctx, cancel := context.WithCancel(context.Background())
	wg.Add(2)
	go func() { defer wg.Done(); errs[1] = r.inGroup(ctx, office, job("given up")) }()
	waitFor(t, func() bool {
		r.writes.mu.Lock()
		defer r.writes.mu.Unlock()
		return len(r.writes.offices[office].waiting) == 1
	})
	go func() { defer wg.Done(); errs[2] = r.inGroup(context.Background(), office, job("last")) }()
	waitFor(t, func() bool {
		r.writes.mu.Lock()
		defer r.writes.mu.Unlock()
		return len(r.writes.offices[office].waiting) == 2
	})
	start := time.Now()
	cancel()
	waitFor(t, func() bool {
		r.writes.mu.Lock()
		defer r.writes.mu.Unlock()
		return len(r.writes.offices[office].waiting) == 1
	})
	if d := time.Since(start); d > time.Second {
		t.Fatalf("the given-up write left the queue after %s", d)
	}
	close(g.hold)
	wg.Wait()
	if errs[0] != nil || errs[2] != nil || !errors.Is(errs[1], context.Canceled) {
		t.Fatalf("errors %v, want nil, Canceled, nil", errs)
	}
	if _, ok := written.Load("given up"); ok {
		t.Fatal("the given-up write was written")
	}
	if _, ok := written.Load("last"); !ok || g.count() != 2 {
		t.Fatalf("the last write: written %v, %d transactions (want 2)", ok, g.count())
	}
	// The queue is free: the next write commits at once.
	if err := r.inGroup(context.Background(), office, job("after")); err != nil {
		t.Fatal(err)
	}
}
