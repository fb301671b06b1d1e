package registry

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"okienko/sync/hlc"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// TestResendTakesOnlyWhatTheCopyLacked: after a restore, a device that
// still owes it what it holds sends rows again unchecked, so it may send
// only what the lost registry could have held: fields stamped before the
// restore (its clock's drift allowed for). A field stamped after it is a
// change made since, which comes by a checked push; it is not taken.
func TestResendTakesOnlyWhatTheCopyLacked(t *testing.T) {
	w := newCheckWorld(t)
	ctx := context.Background()
	restored := testNow.Add(time.Hour)
	g := store.Generation{ID: newID(), RestoredAt: restored, Marks: map[string]store.OfficeMark{}}
	if err := w.st.SetGeneration(ctx, g); err != nil {
		t.Fatal(err)
	}
	r := New(w.st, Options{Now: func() time.Time { return restored.Add(time.Hour) }})
	row := func(at time.Time) protocol.ResendRow {
		id := newID()
		h := hlc.Timestamp{Wall: at.UnixMilli(), Node: w.dev.ID}.String()
		q := func(s string) json.RawMessage { return json.RawMessage(`"` + s + `"`) }
		return protocol.ResendRow{Entity: "callback", EntityID: id, Fields: map[string]protocol.Field{
			"id": {V: q(id), H: h}, "officeId": {V: q(w.office), H: h}, "topic": {V: q("oddzwonić"), H: h}}}
	}
	before, after := row(restored.Add(-30*time.Minute)), row(restored.Add(30*time.Minute))
	resp, err := r.Resend(ctx, w.dev, protocol.ResendRequest{Generation: g.ID, Rows: []protocol.ResendRow{before, after}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Results[0].Status != protocol.Applied || resp.Results[1].Status != protocol.Duplicate {
		t.Fatalf("rows stamped before and after the restore: %+v", resp.Results)
	}
	for _, c := range []struct {
		row  protocol.ResendRow
		want bool
	}{{before, true}, {after, false}} {
		var found bool
		if err := w.st.InTx(ctx, w.office, func(tx store.Tx) error {
			_, found, err = tx.Row(ctx, "callback", c.row.EntityID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if found != c.want {
			t.Errorf("row %s stored: %v, want %v", c.row.EntityID, found, c.want)
		}
	}
}
