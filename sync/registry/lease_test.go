package registry_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// TestLeaseWithPush: numbers asked for with a batch are leased in its
// transaction and are part of its answer, so a replayed batch leases
// nothing more; a register that is not one refuses the whole batch.
func TestLeaseWithPush(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	d := enrol(t, r, r.OfficeID)
	so := protocol.RegisterRef{Unit: "SO", JRWA: "5352", Year: thisYear}
	numbers := func() int {
		n := 0
		for _, c := range d.rows(t, r) {
			if c.Entity == "case_number" && str(c, "deviceId") == d.id {
				n++
			}
		}
		return n
	}

	batch := protocol.PushRequest{BatchID: newID(), Ops: []protocol.Op{d.clientOp(newID(), "Anna")}, Lease: []protocol.RegisterRef{so}}
	first := d.pushRaw(t, r, batch)
	if got := first.header.Get(protocol.HeaderFeatures); got != protocol.FeaturePushLease {
		t.Fatalf("%s: %q", protocol.HeaderFeatures, got)
	}
	var ans protocol.PushResponse
	first.decode(t, &ans)
	if len(ans.Results) != 1 || ans.Results[0].Status != protocol.Applied || len(ans.Leases) != 1 ||
		ans.Leases[0] != (protocol.Lease{RegisterRef: so, First: 1, Last: 20}) {
		t.Fatalf("answer %+v", ans)
	}
	if n := numbers(); n != 20 {
		t.Fatalf("%d numbers leased, want 20", n)
	}
	// The answer was lost; the device sends the batch again.
	after := seq(t, r, d.office)
	replay := d.pushRaw(t, r, batch)
	if replay.code != http.StatusOK || !bytes.Equal(replay.body, first.body) {
		t.Fatalf("replay answered %s, first %s", replay.body, first.body)
	}
	if n, s := numbers(), seq(t, r, d.office); n != 20 || s != after {
		t.Fatalf("replay: %d numbers, sequence %d → %d", n, after, s)
	}
	// A new batch leases the next block.
	next := protocol.PushRequest{BatchID: newID(), Ops: []protocol.Op{d.clientOp(newID(), "Ewa")}, Lease: []protocol.RegisterRef{so}}
	d.pushRaw(t, r, next).decode(t, &ans)
	if len(ans.Leases) != 1 || ans.Leases[0].First != 21 || ans.Leases[0].Last != 40 || numbers() != 40 {
		t.Fatalf("second lease %+v, %d numbers", ans.Leases, numbers())
	}
	// A batch without a lease answers without one.
	plain := d.pushRaw(t, r, protocol.PushRequest{BatchID: newID(), Ops: []protocol.Op{d.clientOp(newID(), "Iga")}})
	if bytes.Contains(plain.body, []byte(`"leases"`)) {
		t.Fatalf("plain push answered %s", plain.body)
	}

	// A register that is not one: the batch is refused whole.
	before := seq(t, r, d.office)
	bad := protocol.PushRequest{BatchID: newID(), Ops: []protocol.Op{d.clientOp(newID(), "Ola")}, Lease: []protocol.RegisterRef{{Unit: "SO", JRWA: "5352", Year: 1999}}}
	if a := d.pushRaw(t, r, bad); a.code != http.StatusBadRequest {
		t.Fatalf("bad register answered %d %s", a.code, a.body)
	}
	// An older device's key set: an unknown key is refused, as before.
	raw, _ := json.Marshal(map[string]any{"batch": newID(), "ops": bad.Ops, "leases": []protocol.RegisterRef{so}})
	if a := d.call(t, r, request{method: "POST", path: d.path("/push"), body: raw}); a.code != http.StatusBadRequest {
		t.Fatalf("unknown key answered %d %s", a.code, a.body)
	}
	if s := seq(t, r, d.office); s != before {
		t.Fatalf("refused batches moved the sequence %d → %d", before, s)
	}
}
