package registry

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"okienko/app/cases"
	"okienko/app/demo"
	"okienko/app/office"
	"okienko/sync/hlc"
	"okienko/sync/protocol"
	"okienko/sync/synctest/rows"
)

// TestRetiredUnit: a retired unit takes no new case and no new numbers;
// a case the device stamped before the retirement (registered offline
// before it was known) is still taken; retiring is refused while an
// active person belongs to the unit; a restored unit takes cases again.
func TestRetiredUnit(t *testing.T) {
	w := newCheckWorld(t)
	ctx := context.Background()
	so := office.Unit{ID: newID(), Symbol: rows.Register.Unit, Name: "Referat Spraw Obywatelskich"}
	if err := w.r.SaveUnit(ctx, w.office, so); err != nil {
		t.Fatal(err)
	}
	person := demo.StaffAccount{Staff: office.Staff{ID: newID(), Login: "jnowak", FirstName: "Jan", LastName: "Nowak", UnitID: so.ID,
		Role: office.RoleClerk, Competences: []string{}, Active: true}}
	if _, err := w.r.ImportStaff(ctx, w.office, []demo.StaffAccount{person}); err != nil {
		t.Fatal(err)
	}
	if _, left, err := w.r.RetireUnit(ctx, w.office, so.ID); !errors.Is(err, ErrUnitStaffed) || !slices.Equal(left, []string{"jnowak"}) {
		t.Fatalf("retiring a staffed unit: %v %v", left, err)
	}
	person.Active = false
	if _, err := w.r.ImportStaff(ctx, w.office, []demo.StaffAccount{person}); err != nil {
		t.Fatal(err)
	}
	u, _, err := w.r.RetireUnit(ctx, w.office, so.ID)
	if err != nil || u.RetiredAt != testNow.Format(time.RFC3339) {
		t.Fatalf("retired: %+v %v", u, err)
	}
	_, units, _ := w.r.StaffRows(ctx, w.office)
	if len(units) != 1 || !units[0].Retired() {
		t.Fatalf("the unit row after retiring: %+v", units)
	}

	client := newID()
	if res := w.push(t, w.op("client", client, rows.Client(w.office, client, "Anna"))); res.Status != protocol.Applied {
		t.Fatalf("client: %+v", res)
	}
	after := w.op("case_file", "", nil)
	id := newID()
	after.EntityID, after.Fields = id, rows.Case(w.office, id, client, w.refs, w.dev.ID, cases.Registered)
	if res := w.push(t, after); res.Status != protocol.Rejected || res.Reason != "case: its unit is retired" {
		t.Fatalf("a case registered after the retirement: %+v", res)
	}
	// Registered offline an hour before the retirement, by its own stamp.
	before := w.op("case_file", "", nil)
	id = newID()
	before.EntityID, before.Fields = id, rows.Case(w.office, id, client, w.refs, w.dev.ID, cases.Registered)
	before.HLC = hlc.Timestamp{Wall: testNow.Add(-time.Hour).UnixMilli(), Counter: 1, Node: w.dev.ID}.String()
	if res := w.push(t, before); res.Status != protocol.Applied {
		t.Fatalf("a case registered before the retirement: %+v", res)
	}
	reg := protocol.RegisterRef{Unit: rows.Register.Unit, JRWA: rows.Register.JRWA, Year: rows.Register.Year}
	lease, err := w.r.Lease(ctx, w.dev, protocol.LeaseRequest{Registers: []protocol.RegisterRef{reg}})
	if err != nil || len(lease.Leases) != 0 || len(lease.Refused) != 1 || lease.Refused[0].Reason != protocol.RefusedRetired {
		t.Fatalf("numbers of a retired unit: %+v %v", lease, err)
	}

	if _, err := w.r.RestoreUnit(ctx, w.office, so.ID); err != nil {
		t.Fatal(err)
	}
	again := w.op("case_file", "", nil)
	id = newID()
	again.EntityID, again.Fields = id, rows.Case(w.office, id, client, w.refs, w.dev.ID, cases.Registered)
	if res := w.push(t, again); res.Status != protocol.Applied {
		t.Fatalf("a case in the restored unit: %+v", res)
	}
	if lease, err := w.r.Lease(ctx, w.dev, protocol.LeaseRequest{Registers: []protocol.RegisterRef{reg}}); err != nil || len(lease.Leases) != 1 {
		t.Fatalf("numbers of the restored unit: %+v %v", lease, err)
	}
}
