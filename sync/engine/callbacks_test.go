package engine_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"okienko/app"
	"okienko/app/callbacks"
	"okienko/app/demo"
	"okienko/app/presence"
	"okienko/db"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
)

// staffID is a demo login's staff id.
func staffID(t *testing.T, login string) string {
	t.Helper()
	o, err := demo.LoadOffice()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range o.Staff {
		if s.Login == login {
			return s.ID
		}
	}
	t.Fatalf("no demo login %s", login)
	return ""
}

// officeTime is a time later today on the device's office clock, within
// office hours when the day allows (the test may run at any hour: then
// the callback is written below the service, as an offline device's
// older callback would arrive).
func officeTime(d *synctest.Device) time.Time {
	now := d.Store.OfficeClock().Now()
	return time.Date(now.Year(), now.Month(), now.Day(), 17, 0, 0, 0, now.Location())
}

// TestCallbackAndPresenceAcrossDevices: a callback made on device A for a
// colleague who works on device B reaches B over the real registry, with
// its phone, and lists there as the colleague's own; a presence said on
// A shows on B while B syncs; B marking it done comes back to A.
func TestCallbackAndPresenceAcrossDevices(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registryOptions())
	a, b := synctest.NewDevice(t, synctest.DeviceOptions{}), synctest.NewDevice(t, synctest.DeviceOptions{})
	a.EnrollFor(t, reg, "akowalska")
	b.EnrollFor(t, reg, "jnowak")
	a.SignIn(t, "akowalska")
	b.SignIn(t, "jnowak")
	nowak, kowalska := staffID(t, "jnowak"), staffID(t, "akowalska")

	cb := callbacks.Callback{ID: db.NewID(), Name: "Jan Kowalski", Phone: "+48600100200", Topic: "zasiłek",
		From: officeTime(a), AssigneeID: nowak, CreatedBy: kowalska, Status: callbacks.Open}
	if err := a.Store.InTx(ctx, func(tx *db.Tx) error { return tx.SaveCallback(ctx, a.Core.OfficeID(), cb) }); err != nil {
		t.Fatal(err)
	}
	if _, err := app.NewPresenceService(a.Core).Set(app.PresenceInput{Until: "23:59", StandInID: nowak}); err != nil &&
		!strings.Contains(err.Error(), "untilPast") {
		// 23:59 is later than now except in the last minute of the day.
		t.Fatalf("away: %v", err)
	}
	a.Sync(t)
	b.Sync(t)

	mine, err := app.NewCallbackService(b.Core).List(app.CallbackFilter{Scope: "mine", Show: "open"})
	if err != nil || len(mine) != 1 || mine[0].ID != cb.ID || !mine[0].Mine || mine[0].Phone != "+4••••••••00" {
		t.Fatalf("on device B: %+v %v", mine, err)
	}
	got, err := b.Store.Callback(ctx, cb.ID)
	if err != nil || got.Phone != cb.Phone || !got.From.Equal(cb.From) || got.CreatedBy != kowalska {
		t.Fatalf("the row on B: %+v %v", got, err)
	}
	items, err := app.NewCallbackToday(b.Core).TodayItems(ctx, nowak, officeTime(b).Format(time.DateOnly), b.Store.OfficeClock().Now())
	if err != nil || len(items) != 1 || items[0].ID != cb.ID {
		t.Fatalf("B's Dziś: %+v %v", items, err)
	}
	pres, err := app.NewPresenceService(b.Core).List()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pres {
		if p.StaffID == kowalska && p.State != "away" || p.StaffID == kowalska && p.StandIn != "Jan Nowak" {
			t.Fatalf("Kowalska on B: %+v", p)
		}
	}

	if _, err := app.NewCallbackService(b.Core).Done(cb.ID, "Wyjaśniono."); err != nil {
		t.Fatal(err)
	}
	b.Sync(t)
	a.Sync(t)
	if back, err := a.Store.Callback(ctx, cb.ID); err != nil || back.Status != callbacks.Done || back.DoneBy != nowak {
		t.Fatalf("done on A: %+v %v", back, err)
	}
}

// TestHostileCallbackRejected: a callback naming someone who is not on
// the staff, or with a window that ends before it starts, is refused by
// the registry with its reason, shown on the device in Synchronizacja,
// and never reaches another device.
func TestHostileCallbackRejected(t *testing.T) {
	for _, kind := range synctest.StoreKinds() {
		t.Run(kind, func(t *testing.T) { hostileCallbackRejected(t, synctest.OpenStore(t, kind)) })
	}
}

func hostileCallbackRejected(t *testing.T, st store.Store) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, st, registryOptions())
	a, b := synctest.NewDevice(t, synctest.DeviceOptions{}), synctest.NewDevice(t, synctest.DeviceOptions{})
	a.EnrollFor(t, reg, "akowalska")
	b.EnrollFor(t, reg, "jnowak")
	a.SignIn(t, "akowalska")
	kowalska := staffID(t, "akowalska")
	from := officeTime(a)
	bad := []callbacks.Callback{
		{ID: db.NewID(), Name: "X", Phone: "+48600100200", Topic: "t", From: from, AssigneeID: db.NewID(), CreatedBy: kowalska, Status: callbacks.Open},
		{ID: db.NewID(), Name: "Y", Phone: "+48600100200", Topic: "t", From: from, Until: from.Add(-time.Hour), AssigneeID: kowalska, CreatedBy: kowalska, Status: callbacks.Open},
	}
	for _, cb := range bad {
		if err := a.Store.InTx(ctx, func(tx *db.Tx) error { return tx.SaveCallback(ctx, a.Core.OfficeID(), cb) }); err != nil {
			t.Fatal(err)
		}
	}
	// Someone else's presence, written below the service.
	if err := a.Store.InTx(ctx, func(tx *db.Tx) error {
		return tx.SavePresence(ctx, a.Core.OfficeID(), presenceOf(staffID(t, "jnowak")))
	}); err != nil {
		t.Fatal(err)
	}
	a.Sync(t)
	b.Sync(t)
	q, err := app.NewSyncService(a.Core).Quarantined()
	if err != nil || len(q) != 3 {
		t.Fatalf("quarantined: %+v %v", q, err)
	}
	reasons := q[0].Reason + " | " + q[1].Reason + " | " + q[2].Reason
	for _, want := range []string{"who calls is not an active member", "window ends before it begins", "not allowed on this device"} {
		if !strings.Contains(reasons, want) {
			t.Errorf("reasons %q lack %q", reasons, want)
		}
	}
	for _, op := range q {
		if op.Explained == "" || strings.Contains(op.Explained, "sync.reason") {
			t.Errorf("unexplained: %+v", op)
		}
	}
	for _, cb := range bad {
		if _, err := b.Store.Callback(ctx, cb.ID); err == nil {
			t.Fatalf("a refused callback reached B: %s", cb.Name)
		}
	}
}

func presenceOf(staff string) presence.Presence {
	return presence.Presence{StaffID: staff, Away: true}
}

// TestCallbackReassignedTwiceIsAConflict: two people handing one
// callback to different colleagues at once meet as a conflict at the
// registry, shown in Synchronizacja in the callback's own words; the
// value first pushed stays in force on both devices.
func TestCallbackReassignedTwiceIsAConflict(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registryOptions())
	a, b := synctest.NewDevice(t, synctest.DeviceOptions{}), synctest.NewDevice(t, synctest.DeviceOptions{})
	a.EnrollFor(t, reg, "akowalska")
	b.EnrollFor(t, reg, "jnowak")
	a.SignIn(t, "akowalska")
	b.SignIn(t, "jnowak")
	cb := callbacks.Callback{ID: db.NewID(), Name: "Jan Kowalski", Phone: "+48600100200", Topic: "zasiłek",
		From: officeTime(a), AssigneeID: staffID(t, "jnowak"), CreatedBy: staffID(t, "akowalska"), Status: callbacks.Open}
	if err := a.Store.InTx(ctx, func(tx *db.Tx) error { return tx.SaveCallback(ctx, a.Core.OfficeID(), cb) }); err != nil {
		t.Fatal(err)
	}
	a.Sync(t)
	b.Sync(t)
	if _, err := app.NewCallbackService(a.Core).Reassign(cb.ID, staffID(t, "lwozniak")); err != nil {
		t.Fatal(err)
	}
	if _, err := app.NewCallbackService(b.Core).Reassign(cb.ID, staffID(t, "edabrowska")); err != nil {
		t.Fatal(err)
	}
	a.Sync(t)
	b.Sync(t)
	a.Sync(t)
	for _, d := range []*synctest.Device{a, b} {
		got, err := d.Store.Callback(ctx, cb.ID)
		if err != nil || got.AssigneeID != staffID(t, "lwozniak") {
			t.Fatalf("in force: %+v %v", got, err)
		}
	}
	// The head sees it in Synchronizacja.
	h := synctest.NewDevice(t, synctest.DeviceOptions{})
	h.EnrollFor(t, reg, "kzielinska")
	h.SignIn(t, "kzielinska")
	lines, err := app.NewSyncService(h.Core).Conflicts()
	if err != nil || len(lines) != 1 {
		t.Fatalf("conflicts: %+v %v", lines, err)
	}
	if l := lines[0]; l.Field != "Kto oddzwoni" || l.Kept != "Łukasz Woźniak" || l.Rejected != "Ewa Dąbrowska" {
		t.Fatalf("conflict line: %+v", l)
	}
}

// TestPresenceSetOffline: going away while the registry cannot be
// reached is saved on the device and waits in the outbox; the person is
// told so in a sentence, not refused.
func TestPresenceSetOffline(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registryOptions())
	a := synctest.NewDevice(t, synctest.DeviceOptions{})
	a.EnrollFor(t, reg, "akowalska")
	a.SignIn(t, "akowalska")
	a.Sync(t)
	reg.Server.Close()
	if err := a.Engine.Round(ctx); err == nil {
		t.Fatal("a round without the registry succeeded")
	}
	until := "23:59"
	saved, err := app.NewPresenceService(a.Core).Set(app.PresenceInput{Until: until, StandInID: staffID(t, "jnowak")})
	if err != nil {
		t.Skipf("the last minute of the office's day: %v", err)
	}
	if !saved.Offline || !strings.Contains(saved.Notice, "po synchronizacji") || saved.State != "away" {
		t.Fatalf("saved offline: %+v", saved)
	}
	ops, err := a.Store.OutboxFor(ctx, "presence", staffID(t, "akowalska"))
	if err != nil || len(ops) == 0 || ops[len(ops)-1].State != "pending" {
		t.Fatalf("waiting in the outbox: %+v %v", ops, err)
	}
}
