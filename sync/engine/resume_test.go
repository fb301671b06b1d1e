package engine_test

import (
	"context"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"okienko/sync/engine"
	"okienko/sync/registry"
	"okienko/sync/registry/sqlitestore"
)

// pullWatch notes the cursor of every pull the registry answered and lets
// a test act when the n-th answer arrives. A pull that never left (the
// engine asks for the next page ahead, and a cancelled context stops it)
// is not noted.
type pullWatch struct {
	base   http.RoundTripper
	mu     sync.Mutex
	afters []int64
	onPull func(n int)
}

func (p *pullWatch) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := p.base.RoundTrip(r)
	if err == nil && strings.HasSuffix(r.URL.Path, "/pull") {
		after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
		p.mu.Lock()
		p.afters = append(p.afters, after)
		n := len(p.afters)
		p.mu.Unlock()
		if p.onPull != nil {
			p.onPull(n)
		}
	}
	return resp, err
}

func (p *pullWatch) pulls() []int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]int64(nil), p.afters...)
}

// TestInitialSyncResumes: an initial sync cut off mid-way (the context
// cancelled as a page arrives, while the engine already asks for the
// next) resumes from the cursor stored with the last applied page, so it
// pulls again at most the page that was lost, and ends with every case.
func TestInitialSyncResumes(t *testing.T) {
	const n, pageSize, cutAt = 150, 50, 5
	ctx := context.Background()
	dir := t.TempDir()
	seedRegistry(t, filepath.Join(dir, "registry"), n)
	st, err := sqlitestore.Open(ctx, filepath.Join(dir, "registry"))
	if err != nil {
		t.Fatal(err)
	}
	reg := newRegistry(t, st, registry.Options{}, false)

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	watch := &pullWatch{base: http.DefaultTransport, onPull: func(k int) {
		if k == cutAt {
			cancel() // the page's answer is in, not yet read or applied
		}
	}}
	dev := newDevice(t, filepath.Join(dir, "device"), engine.Options{PageSize: pageSize, HTTP: &http.Client{Transport: watch}})
	if _, err := dev.eng.Enroll(runCtx, reg.URL, reg.enrollCode(t), "test device"); err == nil {
		t.Fatal("the initial sync finished although it was cut off")
	}
	ss, err := dev.store.SyncState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cut := watch.pulls()
	// Every page that arrived before the cut was written (the one whose
	// answer came with the cut may have been too); the stored cursor is
	// the last written page's.
	if len(cut) != cutAt || ss.Cursor < cut[cutAt-1] || ss.Cursor == 0 {
		t.Fatalf("cut after pulls from %v; stored cursor %d, want at least %d", cut, ss.Cursor, cut[cutAt-1])
	}

	watch.onPull = nil
	if err := dev.eng.Round(ctx); err != nil {
		t.Fatal(err)
	}
	if again := watch.pulls()[cutAt]; again != ss.Cursor {
		t.Fatalf("the resumed sync pulled after %d, want the stored cursor %d", again, ss.Cursor)
	}
	if got, err := dev.store.CaseCount(ctx, reg.OfficeID); err != nil || got != n {
		t.Fatalf("device holds %d cases (%v), want %d", got, err, n)
	}
	// Every row of the office was sent once, except the lost page's.
	rows, err := st.Changes(ctx, reg.OfficeID, 0, -1)
	if err != nil {
		t.Fatal(err)
	}
	again := reg.Metrics().RowsPulled.Load() - int64(len(rows))
	if again < 0 || again > pageSize {
		t.Fatalf("%d rows sent twice; want the lost page only (at most %d)", again, pageSize)
	}
	t.Logf("%d rows, cut at page %d; %d rows pulled again", len(rows), cutAt, again)
}
