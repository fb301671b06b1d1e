package registry

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// TestRestampAfterAnotherRegistry: two registry processes on one database
// each have their own clock. One leases numbers, its clock a few
// milliseconds ahead of the other's (or in the same millisecond with its
// counter further on); the other closes the year. The cancellation must
// be stamped after the lease, or every device that pulled the reserved
// numbers keeps them reserved while the registry lists them cancelled.
func TestRestampAfterAnotherRegistry(t *testing.T) {
	ctx := context.Background()
	for _, ahead := range []time.Duration{0, 3 * time.Millisecond} {
		// An office of its own each time: a closed year is never leased again.
		lite, office := testOffice(t)
		dev := testDevice(t, lite, office, "t")
		leaser := New(lite, Options{Now: func() time.Time { return testNow.Add(ahead) }, LeaseSize: 3})
		knowRegisters(office, leaser)
		closer := New(lite, Options{Now: func() time.Time { return testNow }})
		year := 2026
		reg := protocol.RegisterRef{Unit: "SO", JRWA: "5352", Year: year}
		if _, err := leaser.Lease(ctx, dev, protocol.LeaseRequest{Registers: []protocol.RegisterRef{reg}}); err != nil {
			t.Fatal(err)
		}
		seen := map[string]merge.Row{} // what a device pulled
		for _, r := range numbersOf(t, lite, office, year) {
			seen[r.EntityID] = r.Fields
		}
		if n, err := closer.CloseYear(ctx, office, year); err != nil || n != 3 {
			t.Fatalf("close year: %d, %v", n, err)
		}
		for _, r := range numbersOf(t, lite, office, year) {
			device, _ := merge.Converge(seen[r.EntityID], r.Fields)
			if got, want := device["state"], r.Fields["state"]; string(got.V) != `"cancelled"` || got.H != want.H {
				t.Errorf("clock %s ahead: the device holds state %s@%s, the registry %s@%s (leased at %s)",
					ahead, got.V, got.H, want.V, want.H, seen[r.EntityID]["state"].H)
			}
		}
	}
}

func numbersOf(t *testing.T, st store.Store, office string, year int) []store.Row {
	t.Helper()
	rows, err := st.RowsOf(context.Background(), office, "case_number")
	if err != nil {
		t.Fatal(err)
	}
	var out []store.Row
	for _, r := range rows {
		var y int
		_ = json.Unmarshal(r.Fields["year"].V, &y)
		if y == year {
			out = append(out, r)
		}
	}
	return out
}

// TestGroupReadsObserveStamps: a row a write group reads may carry a stamp
// another registry issued ahead of this one's clock; what this registry
// stamps after reading it (a conflict's kept values, a number used after
// the year closed) sorts after it.
func TestGroupReadsObserveStamps(t *testing.T) {
	ctx := context.Background()
	lite, office := testOffice(t)
	r := New(lite, Options{Now: func() time.Time { return testNow }})
	other := hlc.Timestamp{Wall: testNow.UnixMilli(), Counter: 40, Node: "registry"}.String()
	id := newID()
	err := lite.InTx(ctx, office, func(tx store.Tx) error {
		_, err := tx.PutRow(ctx, "client", id, merge.Row{"phone": {V: json.RawMessage(`"500"`), H: other}}, false)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var stamp string
	err = r.commit(ctx, office, []*writeJob{{apply: func(ctx context.Context, tx store.Tx) error {
		if _, _, err := tx.Row(ctx, "client", id); err != nil {
			return err
		}
		stamp = r.clock.Now().String()
		return nil
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if stamp <= other {
		t.Fatalf("stamped %s after reading a row stamped %s", stamp, other)
	}
}
