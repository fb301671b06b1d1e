package registry_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"okienko/app/cases"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
	"okienko/sync/synctest/rows"
)

// limit narrows a device to the units given (symbols), and lets one
// person of the first of them, in place of enrol's, sign in on it: the
// registrar of the cases it registers.
func limit(t *testing.T, r *synctest.Registry, d *device, units ...string) {
	t.Helper()
	ctx := context.Background()
	if err := r.SetDeviceScope(ctx, d.id, store.UnitsScope(units)); err != nil {
		t.Fatal(err)
	}
	d.people = nil
	var logins []string
	if u, ok := unitsOf(t, r)[units[0]]; ok && u.first != "" {
		logins, d.people = []string{u.firstLogin}, []string{u.first}
	}
	if err := r.SetDevicePeople(ctx, d.id, logins); err != nil {
		t.Fatal(err)
	}
}

// officeUnit is a unit of the office, the first person of it in the
// store's order (who signs in on a device limit gives the unit) and the
// last (staffOf's, whom the tests name in rows: someone else).
type officeUnit struct{ id, first, firstLogin, last string }

// unitsOf are the office's units by symbol.
func unitsOf(t *testing.T, r *synctest.Registry) map[string]officeUnit {
	t.Helper()
	ctx := context.Background()
	str := func(row store.Row, f string) string {
		var v string
		_ = json.Unmarshal(row.Fields[f].V, &v)
		return v
	}
	units, err := r.Store().RowsOf(ctx, r.OfficeID, "unit")
	if err != nil {
		t.Fatal(err)
	}
	staff, err := r.Store().RowsOf(ctx, r.OfficeID, "staff")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]officeUnit{}
	for _, u := range units {
		ou := officeUnit{id: u.EntityID}
		for _, s := range staff {
			if str(s, "unitId") != u.EntityID {
				continue
			}
			if ou.first == "" {
				ou.first, ou.firstLogin = s.EntityID, str(s, "login")
			}
			ou.last = s.EntityID
		}
		out[str(u, "symbol")] = ou
	}
	return out
}

// unitMaps are unitsOf as two maps by symbol: the unit's id and a staff
// id of it.
func unitMaps(t *testing.T, r *synctest.Registry) (unitOf, staffOf map[string]string) {
	t.Helper()
	unitOf, staffOf = map[string]string{}, map[string]string{}
	for sym, u := range unitsOf(t, r) {
		unitOf[sym] = u.id
		if u.last != "" {
			staffOf[sym] = u.last
		}
	}
	return unitOf, staffOf
}

// TestScopedPulls: a device limited to another unit is not sent a case,
// its client or its events, and is told to forget the case; its page
// carries its scope; a device of the whole office is sent all of it,
// with no scope and nothing to forget, even right after the limited one
// pulled the same stretch (the page cache is keyed by scope), and a
// second device of the same scope is sent the first one's page without
// encoding it again. A limited device is refused the office's snapshot.
func TestScopedPulls(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.zst")
	if err := os.WriteFile(path, []byte("snapshot"), 0o600); err != nil {
		t.Fatal(err)
	}
	snaps := &fileSnapshots{snap: registry.Snapshot{Path: path, Cursor: 1, Schema: 5, ETag: `"abc"`, ModTime: time.Now()}}
	r := synctest.NewRegistry(t, nil, registry.Options{Snapshots: snaps})
	snaps.office = r.OfficeID
	all, usc1, usc2, so := enrol(t, r, r.OfficeID), enrol(t, r, r.OfficeID), enrol(t, r, r.OfficeID), enrol(t, r, r.OfficeID)
	for _, d := range []*device{usc1, usc2} {
		limit(t, r, d, "USC")
	}
	limit(t, r, so, "SO")
	after := seq(t, r, r.OfficeID)
	cs := all.newCase(t, r, newID())
	ev := newID()
	if res := all.push(t, r, all.op("case_event", ev, protocol.Append, map[string]any{"id": ev, "caseId": cs.EntityID,
		"kind": "registered", "to": "registered", "at": time.Now().UTC().Format(time.RFC3339), "staffId": all.people[0]})); res[0].Status != protocol.Applied {
		t.Fatalf("an event of the case: %+v", res)
	}
	entities := func(p protocol.PullResponse) []string {
		var out []string
		for _, c := range p.Changes {
			out = append(out, c.Entity)
		}
		slices.Sort(out)
		return slices.Compact(out) // a case may come with its rows as well
	}
	lim := usc1.pull(t, r, after, 100)
	if slices.Contains(entities(lim), "case_file") || slices.Contains(entities(lim), "client") || slices.Contains(entities(lim), "case_event") {
		t.Fatalf("USC's device was sent %v", entities(lim))
	}
	if lim.Scope == "" || !slices.Equal(lim.Forget, []string{cs.EntityID}) {
		t.Fatalf("USC's page: scope %q, forget %v", lim.Scope, lim.Forget)
	}
	whole := all.pull(t, r, after, 100)
	if got := entities(whole); !slices.Equal(got, []string{"case_event", "case_file", "client"}) || whole.Scope != "" || whole.Forget != nil {
		t.Fatalf("the whole office's page: %v, scope %q, forget %v", got, whole.Scope, whole.Forget)
	}
	mine := so.pull(t, r, after, 100)
	if got := entities(mine); !slices.Equal(got, []string{"case_event", "case_file", "client"}) || mine.Scope == "" || mine.Scope == lim.Scope || len(mine.Forget) != 0 {
		t.Fatalf("SO's page: %v, scope %q (USC's %q), forget %v", got, mine.Scope, lim.Scope, mine.Forget)
	}
	once := metric(t, r, "okienko_pull_pages_reused_total")
	again := usc2.pull(t, r, after, 100)
	if !slices.Equal(again.Forget, lim.Forget) || again.Scope != lim.Scope {
		t.Fatalf("the second USC device's page: %+v", again)
	}
	if got := metric(t, r, "okienko_pull_pages_reused_total"); got != once+1 {
		t.Fatalf("pages sent without encoding again: %d, want %d", got, once+1)
	}
	if a := usc1.call(t, r, request{method: "GET", path: usc1.path("/snapshot")}); a.code != http.StatusNotFound || a.header.Get(protocol.HeaderScope) != lim.Scope {
		t.Fatalf("a limited device's snapshot: %d %v", a.code, a.header)
	}
	if a := all.call(t, r, request{method: "GET", path: all.path("/snapshot")}); a.code != http.StatusOK {
		t.Fatalf("the whole office's snapshot: %d", a.code)
	}
}

// TestScopeArrival: a case handed to a clerk of the device's unit comes
// with its client, which the device was not sent before; so too from a
// registry started afresh over the same store, whose index never saw the
// handover.
func TestScopeArrival(t *testing.T) {
	ctx := context.Background()
	r := synctest.NewRegistry(t, nil, registry.Options{})
	all, so := enrol(t, r, r.OfficeID), enrol(t, r, r.OfficeID)
	limit(t, r, so, "SO")
	staffOf := map[string]string{} // unit symbol -> a staff id of it
	units, _ := r.Store().RowsOf(ctx, r.OfficeID, "unit")
	staff, _ := r.Store().RowsOf(ctx, r.OfficeID, "staff")
	for _, u := range units {
		for _, s := range staff {
			if string(s.Fields["unitId"].V) == `"`+u.EntityID+`"` {
				staffOf[strings.Trim(string(u.Fields["symbol"].V), `"`)] = s.EntityID
			}
		}
	}
	handOver := func(caseID, to string) {
		t.Helper()
		if res := all.push(t, r, all.op("case_file", caseID, protocol.Upsert, map[string]any{"assigneeId": to})); res[0].Status != protocol.Applied {
			t.Fatalf("handover: %+v", res)
		}
	}
	clientOf := func(cs protocol.Op) string { return strings.Trim(string(cs.Fields["clientId"]), `"`) }
	got := func(p protocol.PullResponse) map[string]bool {
		out := map[string]bool{}
		for _, c := range p.Changes {
			out[c.Entity+"/"+c.EntityID] = true
		}
		return out
	}
	// Two SO cases handled in USC: not on SO's device.
	one, two := all.newCase(t, r, newID()), all.newCase(t, r, newID())
	handOver(one.EntityID, staffOf["USC"])
	handOver(two.EntityID, staffOf["USC"])
	cursor := so.pull(t, r, 0, protocol.MaxPullLimit).Cursor
	// Handed to SO: each comes with its client, from this registry (it
	// saw the move) and from one started afresh (it did not).
	handOver(one.EntityID, staffOf["SO"])
	handOver(two.EntityID, staffOf["SO"])
	page := so.pull(t, r, cursor, 100)
	if rows := got(page); !rows["case_file/"+one.EntityID] || !rows["client/"+clientOf(one)] {
		t.Fatalf("the case handed to SO came as %v", rows)
	}
	fresh := registry.New(r.Store(), registry.Options{PasswordParams: synctest.Cheap})
	srv := httptest.NewServer(fresh.Handler())
	t.Cleanup(srv.Close)
	r2 := &synctest.Registry{Registry: fresh, URL: srv.URL, OfficeID: r.OfficeID, Server: srv}
	page = so.pull(t, r2, cursor, 100)
	if rows := got(page); !rows["case_file/"+two.EntityID] || !rows["client/"+clientOf(two)] {
		t.Fatalf("from a registry started afresh, the case handed to SO came as %v", rows)
	}
}

// TestScopedPushes: a device limited to another unit cannot write to a
// case, its client or its history that it is not sent (a handover to its
// own clerk included), and so is never sent them afterwards; a device of
// the case's unit can; a limited device's own new case, and its edits in
// the same batch, go through.
func TestScopedPushes(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	all, usc, so := enrol(t, r, r.OfficeID), enrol(t, r, r.OfficeID), enrol(t, r, r.OfficeID)
	limit(t, r, usc, "USC")
	limit(t, r, so, "SO")
	after := seq(t, r, r.OfficeID)
	cs := all.newCase(t, r, newID())
	var client string
	if err := json.Unmarshal(cs.Fields["clientId"], &client); err != nil {
		t.Fatal(err)
	}
	ev := newID()
	event := func(d *device) protocol.Op {
		return d.op("case_event", ev, protocol.Append, map[string]any{"id": ev, "caseId": cs.EntityID,
			"kind": "printed", "at": time.Now().UTC().Format(time.RFC3339), "staffId": d.people[0]})
	}
	phone := func(d *device) protocol.Op {
		return d.op("client", client, protocol.Upsert, map[string]any{"phone": "500500500"})
	}
	handover := func(d *device) protocol.Op {
		return d.op("case_file", cs.EntityID, protocol.Upsert, map[string]any{"assigneeId": refs(t, r, r.OfficeID).StaffID})
	}
	for _, op := range []protocol.Op{phone(usc), handover(usc), event(usc)} {
		if res := usc.push(t, r, op); res[0].Status != protocol.Rejected || res[0].Reason != registry.ReasonOutsideScope {
			t.Errorf("USC's device writing SO's %s: %+v", op.Entity, res[0])
		}
	}
	// Nor hang a row of its own on SO's case or client, which would bring
	// them to it.
	for name, op := range map[string]protocol.Op{
		"a callback on SO's case":    usc.op("callback", newID(), protocol.Upsert, map[string]any{"caseId": cs.EntityID}),
		"a callback for SO's client": usc.op("callback", newID(), protocol.Upsert, map[string]any{"clientId": client}),
		"a letter of SO's case":      usc.op("letter", newID(), protocol.Upsert, map[string]any{"caseId": cs.EntityID}),
		"a case for SO's client":     usc.op("case_file", newID(), protocol.Upsert, map[string]any{"clientId": client}),
	} {
		if res := usc.push(t, r, op); res[0].Status != protocol.Rejected || res[0].Reason != registry.ReasonOutsideScope {
			t.Errorf("USC's device, %s: %+v", name, res[0])
		}
	}
	for _, c := range usc.pull(t, r, after, 100).Changes {
		if c.EntityID == cs.EntityID || c.EntityID == client {
			t.Fatalf("USC's device was sent %s %s after its refused writes", c.Entity, c.EntityID)
		}
	}
	if res := so.push(t, r, phone(so), event(so)); res[0].Status != protocol.Applied || res[1].Status != protocol.Applied {
		t.Fatalf("SO's device writing SO's case: %+v", res)
	}
	// A case USC's device registers itself, edited in the same batch.
	mine := newID()
	fresh := usc.clientOp(mine, "Ewa")
	edit := usc.op("client", mine, protocol.Upsert, map[string]any{"phone": "600600600"})
	if res := usc.push(t, r, fresh, edit); res[0].Status != protocol.Applied || res[1].Status != protocol.Applied {
		t.Fatalf("USC's device's own new client: %+v", res)
	}
}

// TestScopedAuditLog: a device limited to another unit is not sent the
// audit entries about a case or client it does not hold (who looked at
// whose data), unless one of its people made them; entries about nothing
// of a unit (a setting) go to every device.
func TestScopedAuditLog(t *testing.T) {
	ctx := context.Background()
	r := synctest.NewRegistry(t, nil, registry.Options{})
	all, usc, so := enrol(t, r, r.OfficeID), enrol(t, r, r.OfficeID), enrol(t, r, r.OfficeID)
	limit(t, r, usc, "USC")
	limit(t, r, so, "SO")
	if err := r.Store().SetDevicePeople(ctx, usc.id, nil); err != nil {
		t.Fatal(err)
	}
	after := seq(t, r, r.OfficeID)
	cs := all.newCase(t, r, newID())
	var client string
	_ = json.Unmarshal(cs.Fields["clientId"], &client)
	staff := refs(t, r, r.OfficeID).StaffID
	if err := r.Store().SetDevicePeople(ctx, all.id, []string{staff}); err != nil {
		t.Fatal(err)
	}
	entry := func(action, objType, objID string) (protocol.Op, string) {
		id := newID()
		return all.op("audit_log", id, protocol.Append, map[string]any{"id": id, "officeId": r.OfficeID, "staffId": staff, "action": action,
			"objectType": objType, "objectId": objID, "at": time.Now().UTC().Format(time.RFC3339)}), id
	}
	view, viewID := entry("case.view", "case_file", cs.EntityID)
	read, readID := entry("client.read", "client", client)
	set, setID := entry("settings.change", "setting", "")
	for i, res := range all.push(t, r, view, read, set) {
		if res.Status != protocol.Applied {
			t.Fatalf("entry %d: %+v", i, res)
		}
	}
	audits := func(d *device) []string {
		// Both forms of a page: fields with their stamps, and a page of
		// row stamps (as the engine asks).
		var out [2][]string
		for i, q := range []string{"", "&" + protocol.QueryRowStamps + "=row"} {
			var page protocol.PullResponse
			d.call(t, r, request{method: "GET", path: d.path(fmt.Sprintf("/pull?after=%d&limit=100%s", after, q))}).decode(t, &page)
			for _, c := range page.Changes {
				if c.Entity == "audit_log" {
					out[i] = append(out[i], c.EntityID)
				}
			}
			slices.Sort(out[i])
		}
		if !slices.Equal(out[0], out[1]) {
			t.Errorf("the two forms of a page differ: %v and %v", out[0], out[1])
		}
		return out[1]
	}
	want := func(ids ...string) []string { return slices.Sorted(slices.Values(ids)) }
	if got := audits(usc); !slices.Equal(got, want(setID)) {
		t.Errorf("USC's device, none of its people: %v, want only the setting's %v", got, want(setID))
	}
	if got := audits(so); !slices.Equal(got, want(viewID, readID, setID)) {
		t.Errorf("SO's device: %v, want all three", got)
	}
	staffRows, err := r.Store().RowsOf(ctx, r.OfficeID, "staff")
	if err != nil {
		t.Fatal(err)
	}
	var login string
	for _, row := range staffRows {
		if row.EntityID == staff {
			_ = json.Unmarshal(row.Fields["login"].V, &login)
		}
	}
	if err := r.SetDevicePeople(ctx, usc.id, []string{login}); err != nil {
		t.Fatal(err)
	}
	if got := audits(usc); !slices.Equal(got, want(viewID, readID, setID)) {
		t.Errorf("USC's device with the person who looked: %v, want all three", got)
	}
}

// TestScopedDateFlags: on each store, the date flags a device limited to
// some units is given are those of the cases it is sent, as the
// conflicts it sees are (conflictsFor): another unit's flagged case, its
// id, sign and the computer that registered it, stay off it, while the
// device of the whole office and one of the case's unit see the flag.
//
// A head marks only the flags of their own unit's cases checked, as they
// resolve only its conflicts.
func TestScopedDateFlags(t *testing.T) {
	forEachStore(t, registry.Options{}, func(t *testing.T, r *synctest.Registry) {
		all, usc, so := enrol(t, r, r.OfficeID), enrol(t, r, r.OfficeID), enrol(t, r, r.OfficeID)
		limit(t, r, usc, "USC")
		limit(t, r, so, "SO")
		// An SO case dated a week ahead of the registry's office date.
		id, client := newID(), newID()
		fields := rows.Case(all.office, id, client, refs(t, r, all.office), all.id, cases.Registered)
		fields["submittedOn"] = json.RawMessage(`"` + time.Now().AddDate(0, 0, 7).Format(time.DateOnly) + `"`)
		created := protocol.Op{ID: newID(), Entity: "case_file", EntityID: id, Kind: protocol.Upsert, HLC: all.clock.Now().String(), Fields: fields}
		if res := all.push(t, r, all.clientOp(client, "Anna"), created); res[0].Status != protocol.Applied || res[1].Status != protocol.Applied {
			t.Fatalf("a case dated ahead: %+v", res)
		}
		flagged := func(d *device) []string {
			t.Helper()
			var out protocol.DateFlagsResponse
			d.call(t, r, request{method: "GET", path: d.path("/date-flags")}).decode(t, &out)
			var ids []string
			for _, f := range out.Flags {
				ids = append(ids, f.CaseID)
			}
			return ids
		}
		for _, d := range []*device{all, so} {
			if got := flagged(d); !slices.Equal(got, []string{id}) {
				t.Fatalf("flags of a device that holds the case: %v, want %v", got, id)
			}
		}
		if got := flagged(usc); len(got) != 0 {
			t.Fatalf("USC's device was given the date flags of SO's case: %v", got)
		}
		// A head marks only their own unit's flags checked; the admin any.
		var out protocol.DateFlagsResponse
		all.call(t, r, request{method: "GET", path: all.path("/date-flags")}).decode(t, &out)
		desk := enrolFor(t, r, r.OfficeID, "mwojcik", "kzielinska")
		check := func(login string) answer {
			return desk.call(t, r, request{method: "POST", path: desk.path("/date-flags/check"),
				body: protocol.DateFlagCheckRequest{IDs: []string{out.Flags[0].ID}}, header: as(desk.person(t, r, login))})
		}
		check("mwojcik").wantError(t, http.StatusForbidden, protocol.ErrorRole) // the head of USC
		var after protocol.DateFlagsResponse
		check("kzielinska").decode(t, &after) // the head of SO
		if len(after.Flags) != 0 {
			t.Fatalf("flags after SO's head checked them: %+v", after.Flags)
		}
	})
}
