package storetest

import (
	"context"
	"slices"
	"testing"

	"okienko/sync/merge"
	"okienko/sync/registry/store"
)

// testAccessLog: a client's cases and the audit entries about a set of
// objects are found by the stores' indexes (migration 00011), only the
// office's own, and a case handed to another client moves with its
// clientId.
func testAccessLog(t *testing.T, s store.Store) {
	ctx := context.Background()
	o, other := office(t, s), office(t, s)
	client, stranger := id(), id()
	c1, c2, c3 := id(), id(), id()
	a1, a2, a3, a4 := id(), id(), id(), id()
	str := func(v string) merge.Field { return field(`"`+v+`"`, "0000000000010000-d") }
	put := func(officeID string, rows map[[2]string]merge.Row) {
		t.Helper()
		if err := s.InTx(ctx, officeID, func(tx store.Tx) error {
			for k, r := range rows {
				if _, err := tx.PutRow(ctx, k[0], k[1], r, false); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	put(o.ID, map[[2]string]merge.Row{
		{"case_file", c1}:  {"clientId": str(client), "unit": str("SO")},
		{"case_file", c2}:  {"clientId": str(client), "unit": str("USC")},
		{"case_file", c3}:  {"clientId": str(stranger), "unit": str("SO")},
		{"audit_log", a1}:  {"objectType": str("case_file"), "objectId": str(c1), "action": str("case.view")},
		{"audit_log", a2}:  {"objectType": str("client"), "objectId": str(client), "action": str("client.read")},
		{"audit_log", a3}:  {"objectType": str("case_file"), "objectId": str(c3), "action": str("case.view")},
		{"client", client}: {"lastName": str("x")},
	})
	put(other.ID, map[[2]string]merge.Row{
		{"case_file", id()}: {"clientId": str(client)},
		{"audit_log", a4}:   {"objectType": str("client"), "objectId": str(client)},
	})
	ids := func(rows []store.Row, err error) []string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rows {
			out = append(out, r.EntityID)
		}
		slices.Sort(out)
		return out
	}
	sorted := func(v ...string) []string { slices.Sort(v); return v }
	if got, want := ids(s.CasesOfClient(ctx, o.ID, client)), sorted(c1, c2); !slices.Equal(got, want) {
		t.Fatalf("the client's cases %v, want %v", got, want)
	}
	if got, want := ids(s.AuditOfObjects(ctx, o.ID, []string{client, c1, c2})), sorted(a1, a2); !slices.Equal(got, want) {
		t.Fatalf("the entries about the client and their cases %v, want %v", got, want)
	}
	if got := ids(s.AuditOfObjects(ctx, o.ID, nil)); len(got) != 0 {
		t.Fatalf("the entries about nothing: %v", got)
	}
	put(o.ID, map[[2]string]merge.Row{{"case_file", c3}: {"clientId": str(client), "unit": str("SO")}})
	if got, want := ids(s.CasesOfClient(ctx, o.ID, client)), sorted(c1, c2, c3); !slices.Equal(got, want) {
		t.Fatalf("after a case moved to the client: %v, want %v", got, want)
	}
	if got := ids(s.CasesOfClient(ctx, o.ID, stranger)); len(got) != 0 {
		t.Fatalf("the other client keeps %v", got)
	}
}

// testCaseNotices: the notices under art. 36 KPA of some cases are found
// among the office's case events, only those of kind notice_art36, only
// of the cases asked, only the office's own.
func testCaseNotices(t *testing.T, s store.Store) {
	ctx := context.Background()
	o, other := office(t, s), office(t, s)
	c1, c2, c3 := id(), id(), id()
	n1, n2, n3, status, foreign := id(), id(), id(), id(), id()
	str := func(v string) merge.Field { return field(`"`+v+`"`, "0000000000010000-d") }
	event := func(caseID, kind string) merge.Row {
		return merge.Row{"id": str(""), "caseId": str(caseID), "kind": str(kind), "detail": field(`"{\"newDue\":\"2027-01-29\"}"`, "0000000000010000-d")}
	}
	for officeID, rows := range map[string]map[string]merge.Row{
		o.ID:     {n1: event(c1, "notice_art36"), n2: event(c1, "notice_art36"), n3: event(c3, "notice_art36"), status: event(c2, "status")},
		other.ID: {foreign: event(c2, "notice_art36")},
	} {
		if err := s.InTx(ctx, officeID, func(tx store.Tx) error {
			for eventID, r := range rows {
				if _, err := tx.PutRow(ctx, "case_event", eventID, r, false); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	got := func(caseIDs ...string) []string {
		t.Helper()
		rows, err := s.CaseNotices(ctx, o.ID, caseIDs)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rows {
			if r.Entity != "case_event" || len(r.Fields["caseId"].V) == 0 {
				t.Fatalf("a notice row without its fields: %+v", r)
			}
			out = append(out, r.EntityID)
		}
		slices.Sort(out)
		return out
	}
	want := []string{n1, n2}
	slices.Sort(want)
	if g := got(c1, c2); !slices.Equal(g, want) {
		t.Fatalf("the notices of two cases %v, want %v (a status event and another office's notice are not)", g, want)
	}
	if g := got(c3); !slices.Equal(g, []string{n3}) {
		t.Fatalf("the notices of the third case %v", g)
	}
	if g := got(); len(g) != 0 {
		t.Fatalf("the notices of no case: %v", g)
	}
}
