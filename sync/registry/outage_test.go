package registry_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/registry/sqlitestore"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
)

// errDown stands for a driver's "connection refused".
var errDown = errors.New("dial tcp 127.0.0.1:5432: connect: connection refused")

// switchStore is a store whose server can be switched off.
type switchStore struct {
	store.Store
	down atomic.Bool
}

func (s *switchStore) IsUnavailable(err error) bool { return errors.Is(err, errDown) }

func (s *switchStore) InTx(ctx context.Context, office string, fn func(store.Tx) error) error {
	if s.down.Load() {
		return errDown
	}
	return s.Store.InTx(ctx, office, fn)
}

func (s *switchStore) Offices(ctx context.Context) ([]store.Office, error) {
	if s.down.Load() {
		return nil, errDown
	}
	return s.Store.Offices(ctx)
}

// syncBuffer is a log other goroutines write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *syncBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *syncBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestOutageAnswers503: while the store is down a push is answered 503
// with Retry-After and the error code "unavailable" (never 500), the
// log says so once when the outage starts and once when it ends with the
// count, and /metrics counts the refusals apart.
func TestOutageAnswers503(t *testing.T) {
	lite, err := sqlitestore.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	st := &switchStore{Store: lite}
	logs := &syncBuffer{}
	r := synctest.NewRegistry(t, st, registry.Options{Logger: slog.New(slog.NewTextHandler(logs, nil))})
	d := enrol(t, r, r.OfficeID)
	d.push(t, r, d.clientOp(newID(), "Anna"))

	st.down.Store(true)
	const refused = 7
	for range refused {
		a := d.pushRaw(t, r, protocol.PushRequest{BatchID: newID(), Ops: []protocol.Op{d.clientOp(newID(), "Ewa")}})
		a.wantError(t, http.StatusServiceUnavailable, "unavailable")
		if got := a.header.Get("Retry-After"); got != "5" {
			t.Fatalf("Retry-After %q, want 5", got)
		}
	}
	if a := send(t, r, request{method: "GET", path: "/healthz"}); a.code != http.StatusServiceUnavailable {
		t.Fatalf("/healthz answered %d while the store was down", a.code)
	}
	if got := metric(t, r, "okienko_unavailable_total"); got != refused {
		t.Fatalf("okienko_unavailable_total %d, want %d", got, refused)
	}
	if got := metric(t, r, "okienko_store_up"); got != 0 {
		t.Fatalf("okienko_store_up %d while down", got)
	}
	st.down.Store(false)
	d.push(t, r, d.clientOp(newID(), "Ola"))
	d.push(t, r, d.clientOp(newID(), "Iza"))

	log := logs.String()
	if n := strings.Count(log, "store unavailable"); n != 1 {
		t.Fatalf("%d outage-start lines, want 1:\n%s", n, log)
	}
	if n := strings.Count(log, "store available again"); n != 1 || !strings.Contains(log, "refused=7") {
		t.Fatalf("want one end line with refused=7:\n%s", log)
	}
	if strings.Contains(log, "request failed") {
		t.Fatalf("an outage request was logged as a failure:\n%s", log)
	}
	if got := metric(t, r, "okienko_store_up"); got != 1 {
		t.Fatalf("okienko_store_up %d after the outage", got)
	}
}
