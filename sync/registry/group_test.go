package registry

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/protocol"
	"okienko/sync/registry/sqlitestore"
	"okienko/sync/registry/store"
	"okienko/sync/synctest/rows"
)

// gatedStore counts transactions, holds the first one until released,
// and fails any transaction that writes the row failID.
type gatedStore struct {
	store.Store
	mu     sync.Mutex
	txs    int
	hold   chan struct{}
	failID string
}

func (g *gatedStore) InTx(ctx context.Context, office string, fn func(store.Tx) error) error {
	g.mu.Lock()
	g.txs++
	first := g.txs == 1
	g.mu.Unlock()
	if first {
		<-g.hold
	}
	return g.Store.InTx(ctx, office, func(tx store.Tx) error { return fn(failingTx{tx, g.failID}) })
}

func (g *gatedStore) count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.txs
}

type failingTx struct {
	store.Tx
	failID string
}

func (f failingTx) PutRow(ctx context.Context, entity, id string, fields merge.Row, deleted bool) (int64, error) {
	if id == f.failID {
		return 0, errors.New("the disk is full")
	}
	return f.Tx.PutRow(ctx, entity, id, fields, deleted)
}

// TestWritesCommitInGroups: writes of one office that arrive while one
// is being committed commit together, in one transaction, and each gets
// its own answer; a write that fails its group is tried alone and fails
// alone, the others of its group committed.
func TestWritesCommitInGroups(t *testing.T) {
	for _, fail := range []bool{false, true} {
		t.Run(map[bool]string{false: "all apply", true: "one fails"}[fail], func(t *testing.T) {
			ctx := context.Background()
			lite, office := testOffice(t)
			g := &gatedStore{Store: lite, hold: make(chan struct{})}
			r := New(g, Options{Now: func() time.Time { return testNow }})
			dev := testDevice(t, lite, office, "t")
			now := testNow
			clients := make([]string, 5)
			for i := range clients {
				clients[i] = newID()
			}
			if fail {
				g.failID = clients[2]
			}
			type outcome struct {
				resp protocol.PushResponse
				err  error
			}
			out := make([]outcome, len(clients))
			var wg sync.WaitGroup
			push := func(i int) {
				defer wg.Done()
				stamp := hlc.Timestamp{Wall: now.UnixMilli(), Counter: uint16(i), Node: dev.ID}.String()
				op := protocol.Op{ID: newID(), Entity: "client", EntityID: clients[i], Kind: protocol.Upsert, HLC: stamp,
					Fields: rows.Client(office, clients[i], "Anna")}
				out[i].resp, out[i].err = r.Push(ctx, dev, protocol.PushRequest{BatchID: newID(), Ops: []protocol.Op{op}})
			}
			// The first push leads and is held in its transaction; the
			// other four queue behind it.
			wg.Add(1)
			go push(0)
			waitFor(t, func() bool { return g.count() == 1 })
			for i := 1; i < len(clients); i++ {
				wg.Add(1)
				go push(i)
			}
			waitFor(t, func() bool {
				r.writes.mu.Lock()
				defer r.writes.mu.Unlock()
				return len(r.writes.offices[office].waiting) == len(clients)-1
			})
			close(g.hold)
			wg.Wait()

			wantTxs := 2 // the first alone, then the four together
			if fail {
				wantTxs = 2 + 4 // and the four again, one by one
			}
			if got := g.count(); got != wantTxs {
				t.Fatalf("%d transactions, want %d", got, wantTxs)
			}
			rows, err := lite.Changes(ctx, office, 0, 100)
			if err != nil {
				t.Fatal(err)
			}
			stored := map[string]bool{}
			for _, row := range rows {
				stored[row.EntityID] = true
			}
			for i, o := range out {
				failed := fail && i == 2
				if failed != (o.err != nil) || failed == stored[clients[i]] {
					t.Fatalf("push %d: error %v, stored %v", i, o.err, stored[clients[i]])
				}
				if !failed && (len(o.resp.Results) != 1 || o.resp.Results[0].Status != protocol.Applied || o.resp.Seq < 1) {
					t.Fatalf("push %d answered %+v", i, o.resp)
				}
			}
		})
	}
}

// testNow is the registry's clock in these tests.
var testNow = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// testOffice is a SQLite store, closed when the test ends, holding one office.
func testOffice(t *testing.T) (*sqlitestore.Store, string) {
	t.Helper()
	lite, err := sqlitestore.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lite.Close() })
	office := newID()
	if err := lite.CreateOffice(context.Background(), store.Office{ID: office, Name: "Urząd", TERYT: "1099012"}); err != nil {
		t.Fatal(err)
	}
	return lite, office
}

// knowRegisters has r take SO.5352 as a register the bare test office's
// cards file into (it has no cards): otherwise its leases are refused.
func knowRegisters(office string, rs ...*Registry) {
	for _, r := range rs {
		r.cardRegs.set = map[string]map[registerKey]bool{office: {{"SO", "5352"}: true}}
	}
}

// testDevice enrols a device of the office holding token.
func testDevice(t *testing.T, lite *sqlitestore.Store, office, token string) store.Device {
	t.Helper()
	ctx := context.Background()
	code := newID()
	if err := lite.AddEnrollment(ctx, store.Enrollment{CodeHash: code, OfficeID: office, ExpiresAt: testNow.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	d, err := lite.Enroll(ctx, code, store.Device{ID: newID(), TokenHash: HashSecret(token)}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
	}
}

// TestPanickingWriteFailsAlone: a write that panics fails with an error,
// and the office's next write commits (the queue is not left held).
func TestPanickingWriteFailsAlone(t *testing.T) {
	lite, office := testOffice(t)
	r := New(lite, Options{Now: func() time.Time { return testNow }})
	ctx := context.Background()
	err := r.inGroup(ctx, office, &writeJob{apply: func(context.Context, store.Tx) error { panic("a bug") }})
	if err == nil {
		t.Fatal("a panicking write succeeded")
	}
	done := make(chan error, 1)
	go func() {
		done <- r.inGroup(ctx, office, &writeJob{apply: func(ctx context.Context, tx store.Tx) error {
			_, err := tx.PutRow(ctx, "client", newID(), merge.Row{"x": {V: json.RawMessage(`1`), H: "0000000000010000-d"}}, false)
			return err
		}})
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the office's writes are stuck after a panic")
	}
}
