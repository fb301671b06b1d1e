package engine_test

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"okienko/app"
	"okienko/app/i18n"
	"okienko/app/keys"
	"okienko/app/officeclock"
	"okienko/db"
	"okienko/sync/engine"
	"okienko/sync/registry"
	"okienko/sync/synctest"

	_ "modernc.org/sqlite"
)

// TestOfficeDatesOnAWrongClock: a laptop a day ahead and one three days
// behind, each in another machine zone, register under the office's dates
// once they have heard the registry, keep them across a restart while
// offline, and are asked to confirm the date before registering; one that
// never heard the registry's time says so.
func TestOfficeDatesOnAWrongClock(t *testing.T) {
	ctx := context.Background()
	waw := officeclock.MustZone("Europe/Warsaw")
	real := time.Date(2026, 12, 3, 10, 0, 0, 0, waw)
	var now atomic.Int64
	now.Store(real.UnixMilli())
	regClock := func() time.Time { return time.UnixMilli(now.Load()).UTC() }
	reg := synctest.NewRegistry(t, nil, registry.Options{Now: regClock})
	for _, tc := range []struct {
		skew time.Duration
		zone string
	}{{24 * time.Hour, "America/Los_Angeles"}, {-72 * time.Hour, "Asia/Tokyo"}} {
		loc := officeclock.MustZone(tc.zone)
		wall := func() time.Time { return time.UnixMilli(now.Load()).Add(tc.skew).In(loc) }
		net, hc := onNetwork()
		d := synctest.NewDevice(t, synctest.DeviceOptions{Now: wall, HTTP: hc})
		d.Enroll(t, reg)
		d.SignIn(t, "jnowak")
		if got := d.Store.OfficeClock().Today().Format(time.DateOnly); got != "2026-12-03" {
			t.Fatalf("skew %v: office day after the first sync %s", tc.skew, got)
		}
		chk := check(t, d)
		if !chk.ConfirmDate || chk.Today != "2026-12-03" || !strings.Contains(chk.ConfirmWhy, "według rejestru urzędu jest 03.12.2026") {
			t.Fatalf("skew %v: no warning for a clock off by a day: %+v", tc.skew, chk)
		}
		res := register(t, d, "Zegarowa")
		cs, err := d.Store.Case(ctx, res.CaseID)
		if err != nil {
			t.Fatal(err)
		}
		if cs.SubmittedOn != "2026-12-03" || cs.Sign.Year != 2026 || cs.DueOn != "2026-12-10" {
			t.Errorf("skew %v: submitted %s, sign %s, due %s", tc.skew, cs.SubmittedOn, cs.SignText(), cs.DueOn)
		}

		// Offline, restarted: the offset learned is kept.
		net.set(0)
		d2 := reopen(t, d, wall, hc)
		if got := d2.Store.OfficeClock().Today().Format(time.DateOnly); got != "2026-12-03" {
			t.Errorf("skew %v: office day after a restart %s", tc.skew, got)
		}
		if h := d2.Store.OfficeClock().Health(); h.State != officeclock.Fresh || h.Reason != "skew" {
			t.Errorf("skew %v: after a restart %+v", tc.skew, h)
		}
		net.set(-1)
	}

	// A device enrolled by an Okienko that kept no offset, on a clock a day
	// ahead: until it hears the registry it says the office's time is
	// unknown and registering asks to confirm the computer's date.
	wall := func() time.Time { return time.UnixMilli(now.Load()).Add(24 * time.Hour) }
	net, hc := onNetwork()
	d := synctest.NewDevice(t, synctest.DeviceOptions{Now: wall, HTTP: hc})
	d.Enroll(t, reg)
	net.set(0)
	forgetClock(t, d)
	d = reopen(t, d, wall, hc)
	d.SignIn(t, "jnowak")
	if h := d.Store.OfficeClock().Health(); h.State != officeclock.Unknown || !h.Confirm {
		t.Fatalf("offset never learned: %+v", h)
	}
	if chk := check(t, d); !chk.ConfirmDate || chk.Today != "2026-12-04" || !strings.Contains(chk.ConfirmWhy, "nie połączył się") {
		t.Fatalf("before the first sync: %+v", chk)
	}
	st, err := app.NewSyncService(d.Core).Status()
	if err != nil {
		t.Fatal(err)
	}
	if st.Clock.State != "unknown" || !strings.Contains(st.Clock.Notice, "nieznany") {
		t.Fatalf("status: %+v", st.Clock)
	}
	net.set(-1)
	d.Sync(t)
	if got := d.Store.OfficeClock().Today().Format(time.DateOnly); got != "2026-12-03" {
		t.Fatalf("after the first sync the office day is %s", got)
	}
}

// forgetClock deletes the offset the device kept, as an Okienko before
// the office clock kept none.
func forgetClock(t *testing.T, d *synctest.Device) {
	t.Helper()
	raw, err := sql.Open("sqlite", d.Store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(context.Background(), "DELETE FROM device_meta WHERE key LIKE 'clock_%'"); err != nil {
		t.Fatal(err)
	}
}

// check runs the intake check of a filled draft.
func check(t *testing.T, d *synctest.Device) app.IntakeCheck {
	t.Helper()
	res, err := d.Core.SearchForTest("zaswiadczenie o zameldowaniu")
	if err != nil || len(res) == 0 {
		t.Fatalf("no card: %v", err)
	}
	open, err := d.Intake.StartDraft(res[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	chk, err := d.Intake.Check(open.Draft)
	if err != nil {
		t.Fatal(err)
	}
	return chk
}

// reopen restarts the device's app on the same data directory.
func reopen(t *testing.T, d *synctest.Device, wall func() time.Time, hc *http.Client) *synctest.Device {
	t.Helper()
	ctx := context.Background()
	if err := d.Store.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := db.Open(ctx, d.Dir, db.Options{Now: wall, Cipher: keys.TestCipher("sync-tests")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	eng, err := engine.New(ctx, st, engine.Options{Now: wall, HTTP: hc, CredentialsEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	bundle, _ := i18n.Load()
	core := app.NewCore(app.Deps{Store: st, I18n: bundle, Log: slog.New(slog.DiscardHandler), Sync: eng, Opener: &app.NoOpener{},
		DataDir: d.Dir, Version: "test", PasswordParams: synctest.Cheap})
	if err := core.Bootstrap(ctx, false); err != nil {
		t.Fatal(err)
	}
	return &synctest.Device{Store: st, Core: core, Engine: eng, Intake: app.NewIntakeService(core), Cases: app.NewCaseService(core), Dir: d.Dir}
}

// TestRestartKeepsNumbersOfAYearNotEnded: a laptop a day ahead restarts on
// 31 December (its clock says 1 January): the numbers of 2026 it holds stay
// reserved, since the year ends when the registry closes it.
func TestRestartKeepsNumbersOfAYearNotEnded(t *testing.T) {
	ctx := context.Background()
	waw := officeclock.MustZone("Europe/Warsaw")
	var now atomic.Int64
	now.Store(time.Date(2026, 12, 31, 9, 0, 0, 0, waw).UnixMilli())
	regClock := func() time.Time { return time.UnixMilli(now.Load()) }
	reg := synctest.NewRegistry(t, nil, registry.Options{Now: regClock, LeaseSize: 5})
	wall := func() time.Time { return time.UnixMilli(now.Load()).Add(24 * time.Hour) }
	net, hc := onNetwork()
	d := synctest.NewDevice(t, synctest.DeviceOptions{Now: wall, HTTP: hc})
	d.Enroll(t, reg)
	free, err := d.Store.FreeNumbers(ctx, d.Core.OfficeID(), d.Store.DeviceID())
	if err != nil {
		t.Fatal(err)
	}
	held := 0
	for r, n := range free {
		if r.Year == 2026 {
			held += n
		}
	}
	if held == 0 {
		t.Fatalf("no numbers of 2026 leased: %v", free)
	}
	net.set(0)
	// Even with the offset forgotten (an Okienko that kept none), when the
	// computer's clock is all it has.
	forgetClock(t, d)
	d = reopen(t, d, wall, hc)
	if got := d.Store.OfficeClock().Today().Year(); got != 2027 {
		t.Fatalf("the device should believe its clock: %d", got)
	}
	free, err = d.Store.FreeNumbers(ctx, d.Core.OfficeID(), d.Store.DeviceID())
	if err != nil {
		t.Fatal(err)
	}
	after := 0
	for r, n := range free {
		if r.Year == 2026 {
			after += n
		}
	}
	if after != held {
		t.Fatalf("a restart on a clock a day ahead cancelled numbers of 2026: %d free before, %d after", held, after)
	}
}
