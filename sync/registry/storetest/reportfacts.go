package storetest

import (
	"context"
	"testing"

	"okienko/sync/merge"
	"okienko/sync/registry/store"
)

// testReportFactsEveryWrite: a case written, changed (twice in one
// transaction: the last counts), deleted and written again through each
// way a store takes rows (PutRow, PutRowEncoded, PutRowDeferred with
// SetRowJSON) reads back from the console's open cases as its row last
// said. The PostgreSQL store keeps these facts beside the rows
// (report_cases) as it writes them: a way of writing that forgot them
// would leave the list behind.
func testReportFactsEveryWrite(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	kase := func(id, status, due, assignee string) merge.Row {
		return stampedRow(map[string]any{"id": id, "unit": "USC", "cardId": "card-1", "status": status, "dueOn": due,
			"supplementDue": "", "sign": "USC.5360.1.2027", "assigneeId": assignee})
	}
	ways := map[string]func(tx store.Tx, id string, row merge.Row, deleted bool) error{
		"PutRow": func(tx store.Tx, id string, row merge.Row, deleted bool) error {
			_, err := tx.PutRow(ctx, "case_file", id, row, deleted)
			return err
		},
		"PutRowEncoded": func(tx store.Tx, id string, row merge.Row, deleted bool) error {
			p, ok := tx.(store.EncodedPutter)
			if !ok {
				_, err := tx.PutRow(ctx, "case_file", id, row, deleted)
				return err
			}
			raw, err := row.AppendJSON(nil)
			if err != nil {
				return err
			}
			_, err = p.PutRowEncoded(ctx, "case_file", id, row, raw, deleted)
			return err
		},
		"PutRowDeferred": func(tx store.Tx, id string, row merge.Row, deleted bool) error {
			d, ok := tx.(store.DeferredPutter)
			if !ok {
				_, err := tx.PutRow(ctx, "case_file", id, row, deleted)
				return err
			}
			if _, err := d.PutRowDeferred(ctx, "case_file", id, row, deleted); err != nil {
				return err
			}
			raw, err := row.AppendJSON(nil)
			if err != nil {
				return err
			}
			d.SetRowJSON("case_file", id, raw)
			return nil
		},
	}
	for name, write := range ways {
		t.Run(name, func(t *testing.T) {
			caseID := id()
			step := func(what string, want *store.CaseBrief, rows ...merge.Row) {
				t.Helper()
				deleted := rows[len(rows)-1] == nil
				if err := s.InTx(ctx, o.ID, func(tx store.Tx) error {
					for _, r := range rows {
						if r == nil {
							r = stampedRow(map[string]any{"unit": "USC"})
						}
						if err := write(tx, caseID, r, deleted); err != nil {
							return err
						}
					}
					return nil
				}); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				cs, err := s.OpenCases(ctx, o.ID)
				if err != nil {
					t.Fatal(err)
				}
				var got *store.CaseBrief
				for i := range cs {
					if cs[i].ID == caseID {
						got = &cs[i]
					}
				}
				switch {
				case want == nil && got != nil:
					t.Errorf("%s: open cases hold %+v, want it gone", what, *got)
				case want != nil && got == nil:
					t.Errorf("%s: open cases lack %+v", what, *want)
				case want != nil && *got != *want:
					t.Errorf("%s: open case %+v, want %+v", what, *got, *want)
				}
			}
			brief := func(status, due, assignee string) *store.CaseBrief {
				return &store.CaseBrief{ID: caseID, Unit: "USC", CardID: "card-1", Status: status, DueOn: due, Sign: "USC.5360.1.2027", AssigneeID: assignee}
			}
			step("written", brief("registered", "2027-01-20", "s-anna"), kase(caseID, "registered", "2027-01-20", "s-anna"))
			step("changed", brief("in_progress", "2027-01-27", "s-jan"), kase(caseID, "in_progress", "2027-01-22", "s-ewa"),
				kase(caseID, "in_progress", "2027-01-27", "s-jan"))
			step("settled", nil, kase(caseID, "settled", "2027-01-27", "s-jan"))
			step("reopened", brief("in_progress", "2027-01-27", "s-jan"), kase(caseID, "in_progress", "2027-01-27", "s-jan"))
			step("deleted", nil, nil)
			step("written again", brief("registered", "2027-02-01", "s-anna"), kase(caseID, "registered", "2027-02-01", "s-anna"))
		})
	}
}
