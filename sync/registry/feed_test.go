package registry

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
	"okienko/sync/synctest/rows"
)

// phoneEdit is a client's new phone, sent now and then with the whole row
// (as a device's first write), so some rows carry one stamp for every
// field and go in a page of row stamps with their stamp once.
func phoneEdit(office, id string, tick int) map[string]json.RawMessage {
	f := map[string]json.RawMessage{"id": json.RawMessage(`"` + id + `"`)}
	if tick%3 == 0 {
		f = rows.Client(office, id, "Anna")
	}
	f["phone"] = json.RawMessage(fmt.Sprintf(`"600%06d"`, tick))
	return f
}

// TestFeedPagesMatchStore: after random pushes (rows written again and
// again, several to a batch, pushes together in groups) and writes made
// outside the registry's groups, every page the memory can cut, for
// every cursor and page size, holds what the store's page holds.
func TestFeedPagesMatchStore(t *testing.T) {
	ctx := context.Background()
	lite, office := testOffice(t)
	now := testNow
	r := New(lite, Options{Now: func() time.Time { return now }})
	dev := testDevice(t, lite, office, "t")
	rng := rand.New(rand.NewPCG(1, 2))
	clients := make([]string, 12)
	for i := range clients {
		clients[i] = newID()
	}
	tick := 0
	var create []protocol.Op
	for _, c := range clients {
		create = append(create, protocol.Op{ID: newID(), Entity: "client", EntityID: c, Kind: protocol.Upsert,
			HLC: hlc.Timestamp{Wall: now.UnixMilli(), Node: dev.ID}.String(), Fields: rows.Client(office, c, "Anna")})
	}
	if _, err := r.Push(ctx, dev, protocol.PushRequest{BatchID: newID(), Ops: create}); err != nil {
		t.Fatal(err)
	}
	for round := range 40 {
		if round == 17 || round == 29 {
			// A write the memory does not see (an admin command, another
			// registry process): the memory starts a new stretch after it.
			err := lite.InTx(ctx, office, func(tx store.Tx) error {
				_, err := tx.PutRow(ctx, "client", clients[0], merge.Row{"note": {V: json.RawMessage(`"admin"`), H: hlc.Timestamp{Wall: now.UnixMilli() + 1e6, Node: "admin"}.String()}}, false)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			continue
		}
		var ops []protocol.Op
		for range 1 + rng.IntN(4) {
			tick++
			c := clients[rng.IntN(len(clients))]
			ops = append(ops, protocol.Op{ID: newID(), Entity: "client", EntityID: c, Kind: protocol.Upsert,
				HLC:    hlc.Timestamp{Wall: now.UnixMilli(), Counter: uint16(tick), Node: dev.ID}.String(),
				Fields: phoneEdit(office, c, tick)})
		}
		if _, err := r.Push(ctx, dev, protocol.PushRequest{BatchID: newID(), Ops: ops}); err != nil {
			t.Fatal(err)
		}
	}
	seq, err := lite.Seq(ctx, office)
	if err != nil {
		t.Fatal(err)
	}
	cut, stampedOnce := 0, 0
	for after := int64(0); after <= seq; after++ {
		for _, limit := range []int{1, 2, 3, 5, 1000} {
			mem, ok := r.feed.page(office, after, seq, limit, false)
			if !ok {
				continue
			}
			cut++
			rows, err := lite.ChangesEncoded(ctx, office, after, limit)
			if err != nil {
				t.Fatal(err)
			}
			want := make([]protocol.EncodedChange, len(rows))
			for i, row := range rows {
				want[i] = protocol.EncodedChange{Seq: row.Seq, Entity: row.Entity, EntityID: row.EntityID, Deleted: row.Deleted, Fields: protocol.RowFields(row.Encoded)}
			}
			if !reflect.DeepEqual(mem.Changes, want) || mem.More != (len(rows) == limit) {
				t.Fatalf("after %d, limit %d: memory %+v (more %v)\nstore %+v", after, limit, mem.Changes, mem.More, want)
			}
			if mem.More && mem.Cursor != want[len(want)-1].Seq || !mem.More && mem.Cursor != seq {
				t.Fatalf("after %d, limit %d: cursor %d", after, limit, mem.Cursor)
			}
			// The same page of row stamps reads, on a device, as the page.
			rowPage, _ := r.feed.page(office, after, seq, limit, true)
			for _, c := range rowPage.Changes {
				if c.H != "" && !bytes.Contains(c.Fields, []byte(`"h"`)) {
					stampedOnce++
				}
			}
			if got, want := decodePage(t, rowPage), decodePage(t, mem); !reflect.DeepEqual(got, want) {
				t.Fatalf("after %d, limit %d: page of row stamps %+v\nreads %+v\nnot %+v", after, limit, rowPage, got, want)
			}
		}
	}
	// The memory covers the stretch after the last outside write, and
	// Pull takes its pages from there.
	o := r.feed.offices[office]
	if cut == 0 || o.from == 0 || o.to != seq || stampedOnce == 0 {
		t.Fatalf("the memory cut %d pages (%d rows with their stamp once) and holds (%d, %d] of %d", cut, stampedOnce, o.from, o.to, seq)
	}
	before := r.metrics.PagesFromMemory.Load()
	if _, err := r.Pull(ctx, dev, o.from, 1000, false); err != nil || r.metrics.PagesFromMemory.Load() != before+1 {
		t.Fatalf("a pull from %d did not come from memory: %v", o.from, err)
	}
	before = r.metrics.PagesFromStore.Load()
	if _, err := r.Pull(ctx, dev, o.from-1, 1000, false); err != nil || r.metrics.PagesFromStore.Load() != before+1 {
		t.Fatalf("a pull from before the memory did not go to the store: %v", err)
	}
}

// decodePage is the page as a device reads it, row stamps left out.
func decodePage(t *testing.T, p protocol.EncodedPullResponse) protocol.PullResponse {
	t.Helper()
	raw, err := protocol.Encode(p, "")
	if err != nil {
		t.Fatal(err)
	}
	var out protocol.PullResponse
	if err := protocol.DecodeLenient(raw, "", &out); err != nil {
		t.Fatal(err)
	}
	if err := out.Validate(); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	for i := range out.Changes {
		out.Changes[i].H = ""
	}
	return out
}

// TestFeedLimits: the memory forgets an office's oldest changes beyond
// its row limit, and whole offices, least recently written first, beyond
// its byte budget.
func TestFeedLimits(t *testing.T) {
	f := newFeed(3, 1000) // a change counts its fields (its row-stamp form only once a page made it)
	row := func(id string, seq int64, size int) written {
		return written{key: store.RowKey{Entity: "client", ID: id}, seq: seq,
			fields: []byte(`{"x":{"v":"` + strings.Repeat("x", size) + `","h":"h"}}`)}
	}
	f.publish("a", 0, []written{row("1", 1, 10), row("2", 2, 10), row("3", 3, 10), row("4", 4, 10)})
	if o := f.offices["a"]; o.from != 1 || o.to != 4 || len(o.changes) != 3 {
		t.Fatalf("office a holds (%d, %d], %d changes", o.from, o.to, len(o.changes))
	}
	if _, ok := f.page("a", 0, 4, 10, false); ok {
		t.Fatal("a page from before the memory was cut")
	}
	if p, ok := f.page("a", 1, 4, 10, false); !ok || len(p.Changes) != 3 {
		t.Fatalf("page after 1: %+v %v", p, ok)
	}
	f.publish("b", 0, []written{row("1", 1, 300)})
	f.publish("c", 0, []written{row("1", 1, 300)})
	f.publish("a", 4, []written{row("5", 5, 10)}) // a is now the most recent
	f.publish("d", 0, []written{row("1", 1, 300)})
	if f.offices["b"] != nil || f.offices["a"] == nil || f.offices["c"] == nil || f.offices["d"] == nil || f.bytes > 1000 {
		t.Fatalf("after the budget: offices %v, %d bytes", keys(f.offices), f.bytes)
	}
	// A gap starts a new stretch.
	f.publish("a", 9, []written{row("1", 10, 10)})
	if o := f.offices["a"]; o.from != 9 || o.to != 10 || len(o.changes) != 1 {
		t.Fatalf("after a gap office a holds (%d, %d], %d changes", o.from, o.to, len(o.changes))
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestPagesCutByBytes: rows of the largest size a row may have fill a
// page to about protocol.MaxPageBytes, not to its row limit, from the
// memory and from the store alike, and the pages together hold every row.
func TestPagesCutByBytes(t *testing.T) {
	ctx := context.Background()
	lite, office := testOffice(t)
	r := New(lite, Options{Now: func() time.Time { return testNow }})
	dev := testDevice(t, lite, office, "t")
	big := `"` + strings.Repeat("x", MaxRowBytes-200) + `"`
	var ws []written
	const n = 80
	putBig := func(tx store.Tx) error {
		for range 10 {
			id := newID()
			fields := merge.Row{"id": {V: json.RawMessage(`"` + id + `"`), H: "0000000000010000-registry"}, "form": {V: json.RawMessage(big), H: "0000000000010000-registry"}}
			raw, _ := fields.AppendJSON(nil)
			seq, err := tx.PutRow(ctx, "case_file", id, fields, false)
			if err != nil {
				return err
			}
			ws = append(ws, written{key: store.RowKey{Entity: "case_file", ID: id}, fields: raw, seq: seq})
		}
		return nil
	}
	// Ten rows a transaction: 80 rows of this size in one missed the
	// store's 10 s deadline under -race at load 25.
	for range n / 10 {
		if err := lite.InTx(ctx, office, putBig); err != nil {
			t.Fatal(err)
		}
	}
	seq, _ := lite.Seq(ctx, office)
	check := func(source string, page func(after int64) protocol.EncodedPullResponse) {
		got := 0
		for after := int64(0); ; {
			p := page(after)
			size := 0
			for _, c := range p.Changes {
				size += len(c.Fields)
			}
			if size > protocol.MaxPageBytes+MaxRowBytes {
				t.Fatalf("%s: a page of %d bytes", source, size)
			}
			if p.More && len(p.Changes) >= n {
				t.Fatalf("%s: a page of %d rows was not cut by bytes", source, len(p.Changes))
			}
			got += len(p.Changes)
			after = p.Cursor
			if !p.More {
				break
			}
		}
		if got != n {
			t.Fatalf("%s: the pages held %d rows of %d", source, got, n)
		}
	}
	check("store", func(after int64) protocol.EncodedPullResponse {
		p, err := r.Pull(ctx, dev, after, 1000, false)
		if err != nil {
			t.Fatal(err)
		}
		return p
	})
	r.feed.publish(office, ws[0].seq-1, ws)
	check("memory", func(after int64) protocol.EncodedPullResponse {
		p, ok := r.feed.page(office, after, seq, 1000, false)
		if !ok && after >= ws[0].seq-1 {
			t.Fatalf("memory does not cover %d", after)
		}
		if !ok {
			p, _ = r.Pull(ctx, dev, after, 1000, false)
		}
		return p
	})
}
