package storetest

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"okienko/sync/client"
	"okienko/sync/hlc"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/registry/store"
	"okienko/sync/synctest/rows"
)

// testBatchReuseOverHTTP: the real registry over HTTP on this store.
// A batch id is the device's own: device B pushing a batch under device
// A's batch id gets its ops applied (keyed by office alone, it got A's
// stored answer and its ops were dropped unseen). A replays its batch and
// gets the stored answer; A reusing its batch id with other ops is
// refused whole (400), and those ops apply under a new id.
func testBatchReuseOverHTTP(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	reg := registry.New(s, registry.Options{})
	srv := httptest.NewServer(reg.Handler())
	t.Cleanup(srv.Close)

	type dev struct {
		c     *client.Client
		clock *hlc.Clock
	}
	enrol := func() dev {
		code, _, err := reg.NewEnrollment(ctx, o.ID, "desk", nil)
		if err != nil {
			t.Fatal(err)
		}
		devID := id()
		resp, err := client.New(srv.URL, "", "", nil).Enroll(ctx, protocol.EnrollRequest{Code: code, DeviceName: "desk", DeviceID: devID})
		if err != nil {
			t.Fatal(err)
		}
		return dev{c: client.New(srv.URL, resp.Token, o.ID, nil), clock: hlc.New(devID, nil)}
	}
	a, b := enrol(), enrol()
	clientOp := func(d dev, rowID, name string) protocol.Op {
		return protocol.Op{ID: id(), Entity: "client", EntityID: rowID, Kind: protocol.Upsert, HLC: d.clock.Now().String(), Fields: rows.Client(o.ID, rowID, name)}
	}
	stored := func(rowID string) bool {
		t.Helper()
		var found bool
		err := s.InTx(ctx, o.ID, func(tx store.Tx) error {
			var err error
			_, found, err = tx.Row(ctx, "client", rowID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return found
	}

	batch := id()
	rowA, rowB := id(), id()
	opA := clientOp(a, rowA, "Anna")
	first, err := a.c.Push(ctx, protocol.PushRequest{BatchID: batch, Ops: []protocol.Op{opA}})
	if err != nil || first.Results[0].Status != protocol.Applied {
		t.Fatalf("A's batch: %+v %v", first, err)
	}

	// B, same batch id, its own op: another batch, applied.
	opB := clientOp(b, rowB, "Beata")
	got, err := b.c.Push(ctx, protocol.PushRequest{BatchID: batch, Ops: []protocol.Op{opB}})
	if err != nil {
		t.Fatalf("B's batch under A's id: %v", err)
	}
	if got.Results[0].ID != opB.ID || got.Results[0].Status != protocol.Applied || !stored(rowB) {
		t.Fatalf("B's op under A's batch id: %+v, stored %v", got.Results, stored(rowB))
	}

	// A replays its batch as it was: the stored answer, nothing written.
	seq, err := s.Seq(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	again, err := a.c.Push(ctx, protocol.PushRequest{BatchID: batch, Ops: []protocol.Op{opA}})
	if err != nil || again.Results[0].Status != protocol.Applied || again.Results[0].ID != opA.ID {
		t.Fatalf("A's replay: %+v %v", again, err)
	}
	if after, _ := s.Seq(ctx, o.ID); after != seq {
		t.Fatalf("a replay wrote: sequence %d → %d", seq, after)
	}

	// A reuses its batch id with other ops: refused whole, not dropped.
	rowA2 := id()
	opA2 := clientOp(a, rowA2, "Agata")
	_, err = a.c.Push(ctx, protocol.PushRequest{BatchID: batch, Ops: []protocol.Op{opA2}})
	if !errors.Is(err, client.ErrRefused) || !strings.Contains(err.Error(), "batch id reused with other ops") {
		t.Fatalf("A reusing its batch id with other ops: %v, want a 400 naming the reuse", err)
	}
	if stored(rowA2) {
		t.Fatal("the refused batch wrote its op")
	}
	res, err := a.c.Push(ctx, protocol.PushRequest{BatchID: id(), Ops: []protocol.Op{opA2}})
	if err != nil || res.Results[0].Status != protocol.Applied || !stored(rowA2) {
		t.Fatalf("the refused op under a new batch id: %+v %v", res, err)
	}
}
