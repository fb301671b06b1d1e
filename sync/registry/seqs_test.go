package registry

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"okienko/sync/client"
	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
	"okienko/sync/synctest/rows"
)

// seqCountingStore counts reads of an office's sequence.
type seqCountingStore struct {
	store.Store
	reads atomic.Int64
}

func (s *seqCountingStore) Seq(ctx context.Context, office string) (int64, error) {
	s.reads.Add(1)
	return s.Store.Seq(ctx, office)
}

// TestPullsKnowTheSequence: after this registry's own commits a pull
// needs no read of the sequence and still sees them at once; a write
// made in this registry outside write groups shows at once; one made by
// another process within seqTTL; a cursor ahead of the remembered
// sequence is checked against the store before it is called ahead.
func TestPullsKnowTheSequence(t *testing.T) {
	ctx := context.Background()
	lite, office := testOffice(t)
	st := &seqCountingStore{Store: lite}
	r := New(st, Options{Now: func() time.Time { return testNow }})
	dev := testDevice(t, lite, office, "t")
	client := newID()
	stamp := 0
	clientOp := func(field, value string) protocol.Op {
		stamp++
		fields := map[string]json.RawMessage{"id": json.RawMessage(`"` + client + `"`)}
		if stamp == 1 {
			fields = rows.Client(office, client, "Anna")
		}
		fields[field] = json.RawMessage(`"` + value + `"`)
		return protocol.Op{ID: newID(), Entity: "client", EntityID: client, Kind: protocol.Upsert,
			HLC:    hlc.Timestamp{Wall: testNow.UnixMilli(), Counter: uint16(stamp), Node: dev.ID}.String(),
			Fields: fields}
	}
	// pullAll returns the page after cursor, and the value of field in it.
	pullAll := func(after int64, field string) (protocol.EncodedPullResponse, string) {
		t.Helper()
		page, err := r.Pull(ctx, dev, after, 1000, false)
		if err != nil {
			t.Fatal(err)
		}
		var row merge.Row
		var v string
		for _, c := range page.Changes {
			if c.EntityID == client {
				if err := json.Unmarshal(c.Fields, &row); err != nil {
					t.Fatal(err)
				}
				_ = json.Unmarshal(row[field].V, &v)
			}
		}
		return page, v
	}

	if _, err := r.Push(ctx, dev, protocol.PushRequest{BatchID: newID(), Ops: []protocol.Op{clientOp("phone", "600100200")}}); err != nil {
		t.Fatal(err)
	}
	reads := st.reads.Load()
	page, phone := pullAll(0, "phone")
	if phone != "600100200" || st.reads.Load() != reads {
		t.Fatalf("after a push: phone %q, %d reads of the sequence", phone, st.reads.Load()-reads)
	}

	// writeNote writes the client's note in a transaction of inTx, as its
	// n-th write outside pushes.
	writeNote := func(inTx func(context.Context, string, func(store.Tx) error) error, value string, n int64) {
		t.Helper()
		err := inTx(ctx, office, func(tx store.Tx) error {
			_, err := tx.PutRow(ctx, "client", client, merge.Row{"note": {V: json.RawMessage(`"` + value + `"`),
				H: hlc.Timestamp{Wall: testNow.UnixMilli() + 1000*n, Node: "admin"}.String()}}, false)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}

	// Another process writes: within seqTTL a device gets it.
	writeNote(lite.InTx, "admin", 1)
	time.Sleep(seqTTL + 50*time.Millisecond)
	if _, note := pullAll(page.Cursor, "note"); note != "admin" {
		t.Fatalf("another process's write not pulled after %v", seqTTL)
	}

	// A resolution, a revocation, an import: writes outside groups show at once.
	if _, err := r.ImportStaff(ctx, office, nil); err != nil {
		t.Fatal(err)
	}
	writeNote(r.inTx, "resolved", 2)
	if _, note := pullAll(page.Cursor, "note"); note != "resolved" {
		t.Fatalf("a write of this registry outside groups not pulled at once: note %q", note)
	}

	// A cursor from another registry on the same database, ahead of what
	// this one remembers, is not called ahead; one ahead of the store is.
	seq, _ := lite.Seq(ctx, office)
	writeNote(lite.InTx, "elsewhere", 3)
	if _, err := r.Pull(ctx, dev, seq+1, 1000, false); err != nil {
		t.Fatalf("a cursor the store has reached: %v", err)
	}
	if _, err := r.Pull(ctx, dev, seq+2, 1000, false); !errors.Is(err, ErrMustRefetch) {
		t.Fatalf("a cursor beyond the store: %v", err)
	}
}

// TestPullNamesTheDevicesLastSequence: behind a proxy, a device's lease is
// committed by one registry and its next pull reaches another, which
// remembers the office's sequence from its own last commit and serves
// pages up to it from its memory. The client names the sequence of the
// lease's answer in the pull (protocol.QuerySeen), and the page brings the
// numbers at once instead of a round later.
func TestPullNamesTheDevicesLastSequence(t *testing.T) {
	ctx := context.Background()
	lite, office := testOffice(t)
	dev := testDevice(t, lite, office, "tok")
	frozen := func() time.Time { return testNow } // nothing remembered expires
	a := New(lite, Options{Now: frozen, CacheNow: frozen})
	b := New(lite, Options{Now: frozen, CacheNow: frozen})
	knowRegisters(office, a, b)
	handlers := []http.Handler{a.Handler(), b.Handler()}
	var turn atomic.Int64
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		handlers[(turn.Add(1)-1)%2].ServeHTTP(w, req)
	}))
	defer proxy.Close()
	c := client.New(proxy.URL, "tok", office, proxy.Client())

	regs := []protocol.RegisterRef{{Unit: "SO", JRWA: "5352", Year: 2026}}
	for i, want := range []int64{20, 40} { // at a, then at b
		lease, err := c.Lease(ctx, protocol.LeaseRequest{Registers: regs})
		if err != nil || len(lease.Leases) != 1 || lease.Seq != want {
			t.Fatalf("lease %d: %+v, %v; want the sequence %d", i, lease, err, want)
		}
	}
	if stale, err := a.Pull(ctx, dev, 0, 100, false); err != nil || len(stale.Changes) != 20 || stale.Cursor != 20 {
		t.Fatalf("a pull not naming the sequence: %d changes to %d, %v; a remembers its own 20", len(stale.Changes), stale.Cursor, err)
	}
	page, err := c.Pull(ctx, 0, 100) // at a
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Changes) != 40 || page.Cursor != 40 {
		t.Fatalf("the pull after the lease at b, at a: %d changes, cursor %d; want both leases' 40 numbers", len(page.Changes), page.Cursor)
	}
	// A sequence that is not a number is refused.
	req, _ := http.NewRequest(http.MethodGet, proxy.URL+"/v1/offices/"+office+"/pull?after=0&seen=x", nil)
	req.Header.Set(protocol.HeaderAuth, "Bearer tok")
	req.Header.Set(protocol.HeaderProtocol, strconv.Itoa(protocol.ProtocolVersion))
	req.Header.Set(protocol.HeaderSchema, strconv.Itoa(protocol.SchemaVersion))
	res, err := proxy.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("seen=x answered %d", res.StatusCode)
	}
}
