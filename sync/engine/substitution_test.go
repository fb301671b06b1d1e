package engine_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"okienko/app"
	"okienko/app/office"
	"okienko/db"
	"okienko/sync/hlc"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// TestSubstitutionReachesDevicesOnly: a period of absence the registry
// sets reaches a device at its next sync, whose directory then names the
// stand-in; the same device pushing an op on that period (a stand-in of
// its own choosing, or a new period) is refused as a registry-only row,
// and the period stays as the registry set it, on the registry and on
// the device.
func TestSubstitutionReachesDevicesOnly(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registryOptions())
	d := synctest.NewDevice(t, synctest.DeviceOptions{})
	d.EnrollFor(t, reg, "akowalska")
	d.SignIn(t, "akowalska")
	nowak, zielinska, kowalska := staffID(t, "jnowak"), staffID(t, "kzielinska"), staffID(t, "akowalska")
	today := d.Store.OfficeClock().Today().Format(time.DateOnly)
	end := d.Store.OfficeClock().Today().AddDate(0, 0, 4).Format(time.DateOnly)
	p, err := reg.SaveSubstitution(ctx, reg.OfficeID, office.Substitution{AbsentID: nowak, StandInID: zielinska, From: today, To: end, Reason: office.ReasonLeave})
	if err != nil {
		t.Fatal(err)
	}
	d.Sync(t)
	standIn := func() string {
		t.Helper()
		list, err := app.NewOfficeService(d.Core).Directory("nowak")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list {
			if s.ID == nowak {
				return s.StandIn
			}
		}
		t.Fatal("Nowak not in the directory")
		return ""
	}
	if got := standIn(); got != "Katarzyna Zielińska" {
		t.Fatalf("the stand-in after a sync: %q", got)
	}

	dev, err := reg.Store().Device(ctx, d.Store.DeviceID())
	if err != nil {
		t.Fatal(err)
	}
	raw := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	clock := hlc.Timestamp{Wall: time.Now().UnixMilli(), Node: dev.ID}
	op := func(id string, fields map[string]json.RawMessage) protocol.Op {
		clock.Counter++
		return protocol.Op{ID: db.NewID(), Entity: "substitution", EntityID: id, Kind: protocol.Upsert, HLC: clock.String(), Fields: fields}
	}
	res, err := reg.Push(ctx, dev, protocol.PushRequest{BatchID: db.NewID(), Ops: []protocol.Op{
		op(p.ID, map[string]json.RawMessage{"standInId": raw(kowalska)}),
		op(db.NewID(), map[string]json.RawMessage{"absentId": raw(zielinska), "standInId": raw(kowalska), "from": raw(today), "to": raw(end),
			"reason": raw("leave"), "officeId": raw(reg.OfficeID)}),
	}})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res.Results {
		if r.Status != protocol.Rejected || r.Reason != registry.ReasonRegistryOnly {
			t.Fatalf("op %d on a period pushed by a device: %+v, want rejected as registry-only", i, r)
		}
	}
	all, err := reg.Substitutions(ctx, reg.OfficeID)
	if err != nil || len(all) != 1 || all[0].StandInID != zielinska {
		t.Fatalf("the registry's periods after the refused push: %+v %v", all, err)
	}
	d.Sync(t)
	if got := standIn(); got != "Katarzyna Zielińska" {
		t.Fatalf("the stand-in after the refused push: %q", got)
	}
}
