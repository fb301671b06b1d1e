package engine_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"okienko/app"
	"okienko/app/visits"
	"okienko/db"
	"okienko/sync/entity"
	"okienko/sync/synctest"
)

const unitSO = "01a20102-030b-707a-93bc-f7824741d6f4"

// TestVisitAcrossDevices: a home visit requested at the counter on
// device A and assigned there by the head of its unit, with its
// authorization numbered in A's series, reaches the official's laptop B;
// B reports it done while offline and syncs later; A sees it done, and
// the register's entry is the same on both.
func TestVisitAcrossDevices(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registryOptions())
	a, b := synctest.NewDevice(t, synctest.DeviceOptions{}), synctest.NewDevice(t, synctest.DeviceOptions{})
	a.EnrollFor(t, reg, "akowalska", "kzielinska")
	b.EnrollFor(t, reg, "jnowak")
	nowak := staffID(t, "jnowak")

	a.SignIn(t, "akowalska")
	sa := app.NewVisitService(a.Core)
	v, err := sa.Request(app.VisitRequestInput{Channel: "counter", Client: "Józef Łęcki", Address: "ul. Długa 5, 99-300 Przykładowo",
		Phone: "600 100 200", UnitID: unitSO, Matter: "Wymiana dowodu", Reason: "Leżący po operacji"})
	if err != nil {
		t.Fatal(err)
	}
	a.SignIn(t, "kzielinska")
	now := a.Core.Now()
	day := visits.EarliestDay(now).Format(time.DateOnly)
	if _, err := sa.Assign(v.ID, app.VisitAssignInput{AssigneeID: nowak, Day: day}); err != nil {
		t.Fatal(err)
	}
	// Valid from today, so the official may report it today.
	auth, err := sa.IssueAuthorization(v.ID, app.VisitAuthInput{ValidFrom: now.Format(time.DateOnly), ValidUntil: day})
	if err != nil || !strings.HasPrefix(auth.Number, "UP/"+visits.Series(a.Store.DeviceID())+"/1/") {
		t.Fatalf("authorization: %+v %v", auth, err)
	}
	a.Sync(t)
	b.Sync(t)

	b.SignIn(t, "jnowak")
	sb := app.NewVisitService(b.Core)
	due, err := b.Store.VisitsDueOf(ctx, nowak, day)
	if err != nil || len(due) != 1 || due[0].ID != v.ID || due[0].Address != "ul. Długa 5, 99-300 Przykładowo" {
		t.Fatalf("on B: %+v %v", due, err)
	}
	d, err := sb.Get(v.ID)
	if err != nil || !d.AuthValidToday || len(d.Authorizations) != 1 || d.Authorizations[0].Number != auth.Number {
		t.Fatalf("B's detail: %+v %v", d, err)
	}
	// Offline: B reports and only later syncs.
	if _, err := sb.Report(v.ID, app.VisitReportInput{Outcome: "done", Receipt: "later"}); err != nil {
		t.Fatal(err)
	}
	b.Sync(t)
	a.Sync(t)
	back, err := a.Store.Visit(ctx, v.ID)
	if err != nil || back.Status != visits.Done || back.ReportedBy != nowak || back.Receipt != visits.ReceiptLater {
		t.Fatalf("done on A: %+v %v", back, err)
	}
	regB, err := b.Store.VisitAuthsOfYear(ctx, now.Year())
	if err != nil || len(regB) != 1 || regB[0].Number() != auth.Number || regB[0].Place != "ul. Długa 5, 99-300 Przykładowo" {
		t.Fatalf("register on B: %+v %v", regB, err)
	}
}

// TestHostileVisitRejected: a clerk's laptop writing, below the service,
// an assignment in its own person's name and an authorization numbered
// in another device's series: the registry refuses both by meaning, with
// reasons a clerk can read, and neither reaches the other device.
func TestHostileVisitRejected(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registryOptions())
	a, b := synctest.NewDevice(t, synctest.DeviceOptions{}), synctest.NewDevice(t, synctest.DeviceOptions{})
	a.EnrollFor(t, reg, "kzielinska")
	// The head signs in on B too, so the forged authorization below is
	// refused for its number, not for its issuer.
	b.EnrollFor(t, reg, "jnowak", "kzielinska")
	b.SignIn(t, "jnowak")
	nowak := staffID(t, "jnowak")
	now := b.Core.Now()
	day := visits.EarliestDay(now).Format(time.DateOnly)
	v := visits.Visit{ID: db.NewID(), UnitID: unitSO, Channel: visits.Phone, Client: "X", Address: "ul. Y 1", Phone: "+48600100200",
		Matter: "m", Reason: "r", CreatedBy: nowak, CreatedAt: now, Status: visits.Requested}
	if err := b.Store.InTx(ctx, func(tx *db.Tx) error { return tx.SaveVisit(ctx, b.Core.OfficeID(), v) }); err != nil {
		t.Fatal(err)
	}
	b.Sync(t)
	v.Status, v.AssigneeID, v.Day, v.AssignedBy, v.AssignedAt = visits.Assigned, nowak, day, nowak, now
	if err := b.Store.InTx(ctx, func(tx *db.Tx) error { return tx.SaveVisit(ctx, b.Core.OfficeID(), v) }); err != nil {
		t.Fatal(err)
	}
	// An authorization in device A's series, as if B forged A's number.
	series := visits.Series(a.Store.DeviceID())
	forged := visits.Authorization{VisitID: v.ID, Series: series, Seq: 1, Year: now.Year(), StaffID: nowak, UnitID: unitSO,
		ValidFrom: day, ValidUntil: day, IssuedBy: staffID(t, "kzielinska"), IssuedAt: now, DeviceID: a.Store.DeviceID(), Status: visits.AuthIssued}
	forged.ID = entity.VisitAuthID(b.Core.OfficeID(), forged.Number())
	if err := b.Store.InTx(ctx, func(tx *db.Tx) error { return tx.SaveVisitAuth(ctx, b.Core.OfficeID(), forged) }); err != nil {
		t.Fatal(err)
	}
	b.Sync(t)
	a.Sync(t)
	q, err := app.NewSyncService(b.Core).Quarantined()
	if err != nil || len(q) != 2 {
		t.Fatalf("quarantined: %+v %v", q, err)
	}
	reasons := q[0].Reason + " | " + q[1].Reason
	for _, want := range []string{"only the head of its unit or the admin assigns", "numbered outside this device's series"} {
		if !strings.Contains(reasons, want) {
			t.Errorf("reasons %q lack %q", reasons, want)
		}
	}
	for _, op := range q {
		if op.Explained == "" || strings.Contains(op.Explained, "sync.reason") {
			t.Errorf("unexplained: %+v", op)
		}
	}
	if got, err := a.Store.Visit(ctx, v.ID); err != nil || got.Status != visits.Requested || got.AssigneeID != "" {
		t.Fatalf("the refused assignment reached A: %+v %v", got, err)
	}
	if _, err := a.Store.VisitAuth(ctx, forged.ID); err == nil {
		t.Fatal("the forged authorization reached A")
	}
}
