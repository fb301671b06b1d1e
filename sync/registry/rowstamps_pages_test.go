package registry_test

import (
	"fmt"
	"reflect"
	"testing"

	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// TestRowStampPagesReadAsFull: on each store, a device's pages of row
// stamps read as the pages with every field's stamp, row for row. The
// registry makes a pushed row's row-stamp form as it writes the row
// (merge.Row.AppendRowStamps, on both stores, which take a row's JSON
// late); a change without it gets it when a page first takes it
// (protocol.RowStamps). Either way the device must read the same rows.
func TestRowStampPagesReadAsFull(t *testing.T) {
	for _, kind := range synctest.StoreKinds() {
		t.Run(kind, func(t *testing.T) {
			r := synctest.NewRegistry(t, synctest.OpenStore(t, kind), registry.Options{})
			d := enrol(t, r, r.OfficeID)
			start := seq(t, r, d.office)
			ids := []string{newID(), newID(), newID()}
			for round := range 6 {
				var ops []protocol.Op
				for i, id := range ids {
					if round == 0 || (round+i)%2 == 0 {
						ops = append(ops, d.clientOp(id, []string{"Anna", "Ewa", "Iga"}[round%3]))
					}
				}
				// Now and then a single field, so rows carry more than one stamp.
				ops = append(ops, d.op("client", ids[round%3], protocol.Upsert, map[string]any{"phone": fmt.Sprintf("60000000%d", round)}))
				for _, res := range d.push(t, r, ops...) {
					if res.Status != protocol.Applied {
						t.Fatalf("round %d: %+v", round, res)
					}
				}
			}
			pages := func(stamps string) []protocol.Change {
				var out []protocol.Change
				for after := start; ; {
					var page protocol.PullResponse
					d.call(t, r, request{method: "GET", path: d.path(fmt.Sprintf("/pull?after=%d&limit=2%s", after, stamps))}).decode(t, &page)
					out = append(out, page.Changes...)
					after = page.Cursor
					if !page.More {
						return out
					}
				}
			}
			full, stamped := pages(""), pages("&"+protocol.QueryRowStamps+"=row")
			if len(full) < 3 {
				t.Fatalf("%d rows pulled", len(full))
			}
			compact := 0
			for i := range stamped {
				if stamped[i].H != "" {
					compact++
				}
				stamped[i].H = "" // the row's stamp, given to its fields on decoding
			}
			if compact == 0 || !reflect.DeepEqual(full, stamped) {
				t.Fatalf("%d rows in the row-stamp form; read as\n%+v\nnot\n%+v", compact, stamped, full)
			}
		})
	}
}
