package engine_test

// The rows `make bench-peer` gives PouchDB (build/peer): exactly those
// Okienko's own benchmarks push and pull, so the two sides are timed on
// the same data. TestPeerExport writes them as NDJSON when
// OKIENKO_PEER_EXPORT names a directory; otherwise it exports a few rows
// to a temporary directory and checks their shape, so the exporter
// cannot rot unseen.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"okienko/sync/engine"
	"okienko/sync/registry"
	"okienko/sync/registry/sqlitestore"
)

// peerRow is one line of an export: a row (or an op's fields) by entity
// and id, its fields' values as JSON, and for an op whether it makes
// the row ("new") or edits it ("edit").
type peerRow struct {
	Entity string                     `json:"e"`
	ID     string                     `json:"i"`
	Kind   string                     `json:"k,omitempty"`
	Fields map[string]json.RawMessage `json:"f"`
	Del    bool                       `json:"d,omitempty"`
}

func TestPeerExport(t *testing.T) {
	dir := os.Getenv("OKIENKO_PEER_EXPORT")
	pushN, phoneN, cases := 10_000, 100, 20_000
	if dir == "" {
		dir = t.TempDir()
		pushN, phoneN, cases = 40, 10, 0
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	// BenchmarkPush10k's first outbox: the same seed, the same writes.
	reg := newRegistry(t, openStore(t, "sqlite"), registry.Options{}, true)
	dev := newDevice(t, t.TempDir(), engine.Options{})
	dev.enroll(t, reg)
	dev.clientChanges(t, rand.New(rand.NewPCG(1, 2)), pushN)
	ops := exportOutbox(t, dev, filepath.Join(dir, "push10k.ndjson"), map[string]bool{})
	if len(ops) != pushN {
		t.Fatalf("exported %d ops, want %d", len(ops), pushN)
	}
	news := 0
	for _, op := range ops {
		if op.Kind == "new" {
			news++
		}
	}
	if news != pushN/2 || len(ops[1].Fields) != 1 || ops[1].Fields["phone"] == nil {
		t.Fatalf("%d new clients of %d ops; second op %v: want half new and phone edits", news, len(ops), ops[1].Fields)
	}

	// BenchmarkBytesPerChange/phone-100: 2×100 client changes pushed, then
	// 100 phone edits of those clients.
	dev2 := newDevice(t, t.TempDir(), engine.Options{})
	dev2.enroll(t, reg)
	r := rand.New(rand.NewPCG(3, 4))
	ids := dev2.clientChanges(t, r, 2*phoneN)
	seen := map[string]bool{}
	exportOutbox(t, dev2, filepath.Join(dir, "phone-setup.ndjson"), seen)
	if err := engine.PushForBench(ctx, dev2.eng); err != nil {
		t.Fatal(err)
	}
	dev2.editPhones(t, r, dev2.officeID(t), ids[:phoneN])
	edits := exportOutbox(t, dev2, filepath.Join(dir, "phone-edits.ndjson"), seen)
	if len(edits) != phoneN || edits[0].Kind != "edit" || len(edits[0].Fields) != 1 {
		t.Fatalf("exported %d phone edits, the first %+v; want %d edits of the phone", len(edits), edits[0], phoneN)
	}

	// BenchmarkInitialSync20k's office: every row a fresh device pulls.
	if cases == 0 {
		return
	}
	st, err := sqlitestore.Open(ctx, cachedRegistry(t, cases))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	offices, err := st.Offices(ctx)
	if err != nil || len(offices) != 1 {
		t.Fatalf("offices %v: %v", offices, err)
	}
	n := writeNDJSON(t, filepath.Join(dir, "initial20k.ndjson"), func(emit func(peerRow)) {
		for after := int64(0); ; {
			rows, err := st.Changes(ctx, offices[0].ID, after, 1000)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) == 0 {
				return
			}
			for _, row := range rows {
				f := make(map[string]json.RawMessage, len(row.Fields))
				for k, v := range row.Fields {
					f[k] = v.V
				}
				emit(peerRow{Entity: row.Entity, ID: row.EntityID, Fields: f, Del: row.Deleted})
				after = row.Seq
			}
		}
	})
	t.Logf("exported %d ops, %d phone edits and %d rows of %d cases to %s", len(ops), phoneN, n, cases, dir)
}

// exportOutbox writes the device's pending ops, in order, and returns
// them. seen holds the rows the device's earlier exports made.
func exportOutbox(t *testing.T, dev *benchDevice, path string, seen map[string]bool) []peerRow {
	t.Helper()
	ops, err := dev.store.OutboxAfter(context.Background(), 0, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	var out []peerRow
	writeNDJSON(t, path, func(emit func(peerRow)) {
		for _, op := range ops {
			if op.State != "pending" {
				continue
			}
			var f map[string]json.RawMessage
			if err := json.Unmarshal(op.Payload, &f); err != nil {
				t.Fatal(err)
			}
			// The outbox says upsert either way: the first op of a row
			// in the export makes it, the later ones edit it.
			kind := "edit"
			if k := op.Entity + "/" + op.EntityID; !seen[k] {
				seen[k], kind = true, "new"
			}
			row := peerRow{Entity: op.Entity, ID: op.EntityID, Kind: kind, Fields: f}
			out = append(out, row)
			emit(row)
		}
	})
	return out
}

// writeNDJSON writes the rows fill emits, one JSON object a line, and
// returns how many.
func writeNDJSON(t *testing.T, path string, fill func(emit func(peerRow))) int {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	n := 0
	fill(func(r peerRow) {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
		n++
	})
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(fmt.Errorf("peer export: %w", err))
	}
	return n
}
