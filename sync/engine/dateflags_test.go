package engine_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"okienko/app"
	"okienko/app/cases"
	"okienko/app/officeclock"
	"okienko/db"
	"okienko/sync/hlc"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
	"okienko/sync/synctest/rows"
)

// TestDateFlagsForAHead: a case another computer dated two days after the
// registry's own office date is listed in Synchronizacja for a head, with
// the reason in words; the head marks it checked through the person
// session, recorded as theirs; a clerk is not shown the list.
func TestDateFlagsForAHead(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registryOptions())
	d := synctest.NewDevice(t, synctest.DeviceOptions{})
	d.EnrollFor(t, reg, "kzielinska", "jnowak")
	svc := app.NewSyncService(d.Core)

	// Another computer, its clock two days ahead, registers a case.
	other := store.Device{ID: db.NewID(), OfficeID: reg.OfficeID}
	clock := hlc.New(other.ID, nil)
	var refs rows.Refs
	for _, ent := range []string{"staff", "service_card"} {
		rs, err := reg.Store().RowsOf(ctx, reg.OfficeID, ent)
		if err != nil || len(rs) == 0 {
			t.Fatalf("%s rows: %v", ent, err)
		}
		if ent == "staff" {
			refs.StaffID = rs[0].EntityID
		} else {
			refs.CardID = rows.CardSettledLater(rs)
		}
	}
	other = enrolledAs(t, reg, refs.StaffID) // the case's registrar signs in there
	clock = hlc.New(other.ID, nil)
	today := officeclock.Day(time.Now(), officeclock.MustZone(officeclock.DefaultZone))
	client, caseID := db.NewID(), db.NewID()
	fields := rows.Case(reg.OfficeID, caseID, client, refs, other.ID, cases.Registered)
	fields["submittedOn"], _ = json.Marshal(today.AddDate(0, 0, 2).Format(time.DateOnly))
	op := func(entity, id string, f map[string]json.RawMessage) protocol.Op {
		return protocol.Op{ID: db.NewID(), Entity: entity, EntityID: id, Kind: protocol.Upsert, HLC: clock.Now().String(), Fields: f}
	}
	res, err := reg.Push(ctx, other, protocol.PushRequest{BatchID: db.NewID(), Ops: []protocol.Op{
		op("client", client, rows.Client(reg.OfficeID, client, "Anna")), op("case_file", caseID, fields)}})
	if err != nil || res.Results[1].Status != protocol.Applied {
		t.Fatalf("the case dated ahead: %+v %v", res, err)
	}

	// A clerk is not shown the list.
	d.SignIn(t, "jnowak")
	if _, err := svc.DateFlags(); keyOf(t, err) != "auth.forbidden" {
		t.Fatalf("a clerk's list: %v", err)
	}
	if _, err := app.NewAuthService(d.Core).SignOut(); err != nil {
		t.Fatal(err)
	}

	d.SignIn(t, "kzielinska")
	if err := d.Engine.Round(ctx); err != nil { // the case reaches this device
		t.Fatal(err)
	}
	lines, err := svc.DateFlags()
	if err != nil || len(lines) != 1 {
		t.Fatalf("date flags: %+v %v", lines, err)
	}
	l := lines[0]
	wantSign := cases.ProvisionalSign(rows.Register, caseID)
	if l.CaseID != caseID || l.Sign != wantSign || !l.OnDevice || !strings.Contains(l.Reason, "o 2 dni późniejsza") ||
		!strings.HasPrefix(l.Submitted, today.AddDate(0, 0, 2).Format("02.01.2006")) || !strings.HasPrefix(l.RegistryDate, today.Format("02.01.2006")) || l.Device == "" {
		t.Fatalf("line %+v", l)
	}
	left, err := svc.CheckDateFlag(l.ID)
	if err != nil || len(left) != 0 {
		t.Fatalf("checked: %+v %v", left, err)
	}
	all, _ := reg.Store().DateFlags(ctx, reg.OfficeID, false)
	if len(all) != 1 || all[0].CheckedBy != staffOf(t, "kzielinska") {
		t.Fatalf("checked by %+v, want the head %s", all, staffOf(t, "kzielinska"))
	}
	if _, err := svc.CheckDateFlag(l.ID); keyOf(t, err) != "sync.dateFlagGone" {
		t.Fatalf("checked twice: %v", err)
	}
}
