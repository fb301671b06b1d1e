package engine_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"okienko/app"
	"okienko/app/cases"
	"okienko/app/catalog"
	"okienko/db"
	"okienko/sync/synctest"
)

// register files a complete "Zaświadczenie o zameldowaniu" on a device.
func register(t testing.TB, d *synctest.Device, lastName string) app.RegisterResult {
	t.Helper()
	return registerCard(t, d, "zaswiadczenie o zameldowaniu", lastName)
}

// registerCard registers a case of the card the query finds first.
func registerCard(t testing.TB, d *synctest.Device, query, lastName string) app.RegisterResult {
	t.Helper()
	res, err := d.Core.SearchForTest(query)
	if err != nil || len(res) == 0 {
		t.Fatalf("no card: %v", err)
	}
	open, err := d.Intake.StartDraft(res[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	in := open.Draft
	for _, f := range open.Form.Fields {
		in.Answers[f.Name] = f.Example
	}
	in.Client = cases.Client{Kind: cases.Person, FirstName: "Łucja", LastName: lastName, PESEL: "02270803624",
		BirthDate: "2002-07-08", Sex: "K", City: "Przykładowo", Phone: "600100200"}
	v, _ := d.Store.Card(context.Background(), in.CardID)
	in.Checklist = cases.BuildChecklist(v.Card, in.Answers, nil)
	for i, it := range in.Checklist {
		in.Checklist[i].Mark = cases.Original
		if it.Presentation == catalog.Show {
			in.Checklist[i].Mark = cases.Presented
		}
		if it.MustBeValid {
			in.Checklist[i].ValidUntil, in.Checklist[i].Number = "2031-01-01", "ABS123456"
		}
	}
	// The clerk confirms the date shown when the office's time cannot be
	// trusted (a clock far off the registry's).
	in.ConfirmedDate = d.Store.OfficeClock().Today().Format(time.DateOnly)
	r, err := d.Intake.Register(in)
	if err != nil || !r.OK {
		t.Fatalf("register: %+v %v", r, err)
	}
	return r
}

func TestEnrolRegisterSyncAcrossDevices(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registryOptions())
	a, b := synctest.NewDevice(t, synctest.DeviceOptions{}), synctest.NewDevice(t, synctest.DeviceOptions{})
	a.Enroll(t, reg)
	b.Enroll(t, reg)
	// The office, its staff and catalogue came from the registry.
	cards, _ := a.Store.CurrentCards(ctx, a.Core.OfficeID())
	if len(cards) < 12 || a.Core.OfficeID() != reg.OfficeID {
		t.Fatalf("after enrolment: %d cards, office %s", len(cards), a.Core.OfficeID())
	}
	a.SignIn(t, "jnowak")
	b.SignIn(t, "akowalska")
	// A got numbers leased during enrolment's first round.
	res := register(t, a, "Żółkiewska")
	if res.Provisional || res.Sign != "SO.5352.1.2026" && res.Sign[:9] != "SO.5352.1" {
		t.Fatalf("sign %q provisional %v", res.Sign, res.Provisional)
	}
	a.Sync(t)
	b.Sync(t)
	rows, err := b.Cases.Search(app.CaseQuery{Text: "zolkiewska"})
	if err != nil || len(rows) != 1 || rows[0].Sign != res.Sign {
		t.Fatalf("on device B: %+v %v", rows, err)
	}
	// B's own registrations take B's numbers: the signs never clash.
	resB := register(t, b, "Kowalska")
	if resB.Sign == res.Sign {
		t.Fatalf("two devices gave the same sign %s", res.Sign)
	}
	b.Sync(t)
	a.Sync(t)
	if rows, _ := a.Cases.Search(app.CaseQuery{Text: "kowalska"}); len(rows) != 1 {
		t.Fatalf("B's case not on A: %+v", rows)
	}
	if n, _ := a.Store.PendingOps(ctx); n != 0 {
		t.Fatalf("%d ops left in A's outbox", n)
	}
}

// TestPhoneMergesStatusConflicts: both devices edit the same case while
// offline; the client's phone merges, the status becomes a conflict that
// keeps both values, and the replicas converge.
// On both stores: a resolution is the registry's own write, which a
// device's next pull must carry on PostgreSQL as on SQLite.
func TestPhoneMergesStatusConflicts(t *testing.T) {
	for _, kind := range synctest.StoreKinds() {
		t.Run(kind, func(t *testing.T) { phoneMergesStatusConflicts(t, kind) })
	}
}

func phoneMergesStatusConflicts(t *testing.T, kind string) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, synctest.OpenStore(t, kind), registryOptions())
	a, b := synctest.NewDevice(t, synctest.DeviceOptions{}), synctest.NewDevice(t, synctest.DeviceOptions{})
	a.Enroll(t, reg)
	b.Enroll(t, reg)
	a.SignIn(t, "jnowak")
	b.SignIn(t, "kzielinska")
	res := register(t, a, "Żółkiewska")
	a.Sync(t)
	b.Sync(t)
	// Offline edits.
	cs, _ := a.Store.Case(ctx, res.CaseID)
	cl, _ := a.Store.Client(ctx, cs.ClientID)
	cl.Phone = "601 999 888"
	if err := a.Store.InTx(ctx, func(tx *db.Tx) error { return tx.SaveClient(ctx, a.Core.OfficeID(), cl) }); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Cases.ChangeStatus(res.CaseID, "in_progress"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Cases.ChangeStatus(res.CaseID, "settled"); err != nil {
		t.Fatal(err)
	}
	a.Sync(t)
	b.Sync(t)
	a.Sync(t)
	ca, _ := a.Store.Case(ctx, res.CaseID)
	cb, _ := b.Store.Case(ctx, res.CaseID)
	if ca.Status != cb.Status || ca.Status != cases.InProgress {
		t.Fatalf("status: A %s, B %s; want both in_progress (the registry's first value)", ca.Status, cb.Status)
	}
	clB, _ := b.Store.Client(ctx, cs.ClientID)
	if clB.Phone != "601 999 888" {
		t.Fatalf("phone did not merge: %q", clB.Phone)
	}
	conflicts, err := app.NewSyncService(b.Core).Conflicts()
	if err != nil || len(conflicts) == 0 {
		t.Fatalf("conflicts: %+v %v", conflicts, err)
	}
	var status *app.ConflictLine
	for i := range conflicts {
		if conflicts[i].Field == "Stan sprawy" && strings.HasPrefix(conflicts[i].What, "Sprawa SO.5352") {
			status = &conflicts[i]
		}
	}
	if status == nil || status.Kept != "w toku" || status.Rejected != "załatwiona" || !strings.Contains(status.At, "godz.") {
		t.Fatalf("status conflict = %+v", conflicts)
	}
	// A person takes the set-aside value; every device follows.
	if _, err := app.NewSyncService(b.Core).Resolve(status.ID, "rejected"); err != nil {
		t.Fatal(err)
	}
	a.Sync(t)
	b.Sync(t)
	ca, _ = a.Store.Case(ctx, res.CaseID)
	cb, _ = b.Store.Case(ctx, res.CaseID)
	if ca.Status != cases.Settled || cb.Status != cases.Settled {
		t.Fatalf("after resolution: A %s, B %s", ca.Status, cb.Status)
	}
}

// TestEnrolRefusedWithCasesKeepsTheCode: a device that already registered
// cases on the demo office cannot enrol, and it must not spend the
// one-time code finding that out: the office admin's code still enrols
// another device.
func TestEnrolRefusedWithCasesKeepsTheCode(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registryOptions())
	a := synctest.NewDevice(t, synctest.DeviceOptions{})
	if err := a.Core.Bootstrap(ctx, true); err != nil {
		t.Fatal(err)
	}
	a.SignIn(t, "jnowak")
	register(t, a, "Żółkiewska")
	code, _, err := reg.NewEnrollment(ctx, reg.OfficeID, "laptop", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Engine.Enroll(ctx, reg.URL, code, "A"); !errors.Is(err, db.ErrHasCases) {
		t.Fatalf("enrolling a device with cases: %v, want db.ErrHasCases", err)
	}
	b := synctest.NewDevice(t, synctest.DeviceOptions{})
	if _, err := b.Engine.Enroll(ctx, reg.URL, code, "B"); err != nil {
		t.Fatalf("the code was spent by the refused device: %v", err)
	}
}

// TestInitialSyncAfterClientEdit: the registry's feed lists rows in the
// order they last changed, so a client edited after its case was filed
// comes after the case. A device enrolling later must still receive the
// case (its reference to the client is checked only once the pull ends),
// with the client's new phone.
func TestInitialSyncAfterClientEdit(t *testing.T) {
	reg := synctest.NewRegistry(t, nil, registryOptions())
	a := synctest.NewDevice(t, synctest.DeviceOptions{})
	a.Enroll(t, reg)
	a.SignIn(t, "jnowak")
	res := register(t, a, "Żółkiewska")
	if _, err := a.Cases.UpdateContact(res.CaseID, app.ContactInput{Phone: "501502503"}); err != nil {
		t.Fatal(err)
	}
	a.Sync(t)

	b := synctest.NewDevice(t, synctest.DeviceOptions{})
	fresh := deviceIndexes(t, b)
	b.Enroll(t, reg)
	// Its first pull dropped the indexes of the lists and built them again
	// at its end (db/bulkload.go): all of them are there, as they were.
	if got := deviceIndexes(t, b); !slices.Equal(got, fresh) {
		t.Fatalf("indexes after the first pull:\n%v\nwant\n%v", got, fresh)
	}
	// Someone of the case's unit (SO): another unit's clerk would first
	// be asked why they open it (break-the-glass, issue 13).
	b.SignIn(t, "kzielinska")
	rows, err := b.Cases.Search(app.CaseQuery{Text: "zolkiewska"})
	if err != nil || len(rows) != 1 || rows[0].Sign != res.Sign {
		t.Fatalf("the case on a device enrolled after the edit: %+v %v", rows, err)
	}
	d, err := b.Cases.Case(res.CaseID)
	if err != nil || d.Phone != "501502503" {
		t.Fatalf("the client's phone on the new device: %q %v", d.Phone, err)
	}
}

// deviceIndexes lists the indexes of a device's database file as stored.
func deviceIndexes(t *testing.T, d *synctest.Device) []string {
	t.Helper()
	out := ids(t, d, "SELECT name || ': ' || sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
	if len(out) == 0 {
		t.Fatal("no indexes read from the device's file")
	}
	return out
}
