package registry

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"okienko/app/cases"
	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
	"okienko/sync/synctest/rows"
)

// TestIdentifiersByCard: a client without a PESEL (a name and an address)
// is taken; a case of that client under a card asking a PESEL is refused,
// and under a complaint's card (identifiers nameAddress) registers.
func TestIdentifiersByCard(t *testing.T) {
	w := newCheckWorld(t)
	ctx := context.Background()
	complaint := newID()
	stamp := hlc.Timestamp{Wall: 1, Node: "registry"}.String()
	card, _ := json.Marshal(map[string]any{"code": "skarga", "version": 1, "title": "Skarga", "unit": "SO", "jrwa": "5352",
		"identifiers": "nameAddress", "archival": "A"})
	if err := w.st.InTx(ctx, w.office, func(tx store.Tx) error {
		_, err := tx.PutRow(ctx, "service_card", complaint, merge.Row{"id": {V: json.RawMessage(`"` + complaint + `"`), H: stamp},
			"officeId": {V: json.RawMessage(`"` + w.office + `"`), H: stamp}, "card": {V: card, H: stamp}}, false)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	client := newID()
	fields := rows.Client(w.office, client, "Anna")
	delete(fields, "pesel")
	fields = with(with(fields, "houseNo", `"3"`), "city", `"Przykładowo"`)
	if res := w.push(t, w.op("client", client, fields)); res.Status != protocol.Applied {
		t.Fatalf("client without PESEL, with an address: %+v", res)
	}
	refused := newID()
	res := w.push(t, w.op("case_file", refused, rows.Case(w.office, refused, client, w.refs, w.dev.ID, cases.Registered)))
	if res.Status != protocol.Rejected || !strings.Contains(res.Reason, "pesel") {
		t.Fatalf("case under a card asking a PESEL, client without one: %+v", res)
	}
	kase := newID()
	refs := w.refs
	refs.CardID = complaint
	if res := w.push(t, w.op("case_file", kase, rows.Case(w.office, kase, client, refs, w.dev.ID, cases.Registered))); res.Status != protocol.Applied {
		t.Fatalf("complaint of a client without PESEL: %+v", res)
	}
	// No address either: the client row alone is refused.
	bareID := newID()
	bare := rows.Client(w.office, bareID, "Jan")
	delete(bare, "pesel")
	if res := w.push(t, w.op("client", bareID, bare)); res.Status != protocol.Rejected {
		t.Fatalf("person with neither PESEL nor address: %+v", res)
	}
}
