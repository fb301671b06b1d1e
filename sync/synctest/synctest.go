// Package synctest builds real registries and devices for sync tests: a
// registry over HTTP (httptest, or a real process elsewhere) on a real
// store, and devices with their own SQLite files, app cores and engines.
package synctest

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"okienko/app"
	"okienko/app/auth"
	"okienko/app/demo"
	"okienko/app/i18n"
	"okienko/app/keys"
	"okienko/db"
	"okienko/db/dbtest"
	"okienko/sync/engine"
	"okienko/sync/registry"
	"okienko/sync/registry/sqlitestore"
	"okienko/sync/registry/store"
)

// Registry is a registry serving HTTP on a real store.
type Registry struct {
	*registry.Registry
	URL      string
	OfficeID string
	Server   *httptest.Server
}

// Cheap are Argon2id costs low enough for tests under -race.
var Cheap = auth.Params{Time: 1, Memory: 1024, Threads: 1, KeyLen: 32, SaltLen: 16}

// Cheap2 are other cheap costs, for tests of a rehash.
var Cheap2 = auth.Params{Time: 1, Memory: 2048, Threads: 1, KeyLen: 32, SaltLen: 16}

// NewRegistry starts a registry on st (a fresh SQLite store if nil),
// seeded with the demo office whose staff password is demo.Password
// (hashed cheaply; the registry rehashes with Cheap too unless told
// otherwise).
func NewRegistry(t testing.TB, st store.Store, opt registry.Options) *Registry {
	t.Helper()
	ctx := context.Background()
	if st == nil {
		s, err := sqlitestore.Open(ctx, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		st = s
	}
	if opt.PasswordParams == (auth.Params{}) {
		opt.PasswordParams = Cheap
	}
	r := registry.New(st, opt)
	o, err := demo.LoadOffice()
	if err != nil {
		t.Fatal(err)
	}
	for i := range o.Staff {
		o.Staff[i].PasswordHash, _ = auth.Hash(demo.Password, Cheap)
	}
	if err := r.SeedOffice(ctx, o, demo.CatalogueJSON); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(r.Handler())
	t.Cleanup(func() {
		srv.Close()
		st.Close()
	})
	return &Registry{Registry: r, URL: srv.URL, OfficeID: o.Office.ID, Server: srv}
}

// Device is one installation: its store, core and engine.
type Device struct {
	Store  *db.Store
	Core   *app.Core
	Engine *engine.Engine
	Intake *app.IntakeService
	Cases  *app.CaseService
	Dir    string
	// Cipher is the device's data key, which unlocks its store (as a
	// person's sign-in would); a test reopening the store passes it again.
	Cipher *keys.Cipher
}

// DeviceOptions tune a device.
type DeviceOptions struct {
	Now    func() time.Time
	HTTP   *http.Client
	Schema int
	// NoAutoPrint skips the receipt PDF after each registration.
	NoAutoPrint bool
	// Keys gives the device its key file as the app does (issue 13): the
	// engine removes it at revocation and drops removed people's wraps,
	// and KeyRing.Start runs; EnrollKeyed enrols it the app's way.
	Keys bool
}

// NewDevice creates an empty device (no demo office) in its own directory.
func NewDevice(t testing.TB, opt DeviceOptions) *Device {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	ci := keys.TestCipher("sync-tests")
	if err := dbtest.StartFromTemplate(dir); err != nil {
		t.Fatal(err)
	}
	st, err := db.Open(ctx, dir, db.Options{Now: opt.Now, Cipher: ci})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var core *app.Core
	eopt := engine.Options{Now: opt.Now, HTTP: opt.HTTP, Schema: opt.Schema, LeaseLow: 5,
		// Tests count the numbers a round leases: at exactly fewer than 5.
		LeaseSpread: -1,
		// Tests see a change of the device's people at its next round.
		CredentialsEvery: -1}
	if opt.Keys {
		eopt.KeyDir, eopt.OnRevoked = dir, func() { core.Keys.Revoked() }
	}
	eng, err := engine.New(ctx, st, eopt)
	if err != nil {
		t.Fatal(err)
	}
	bundle, _ := i18n.Load()
	core = app.NewCore(app.Deps{Store: st, I18n: bundle, Log: slog.New(slog.DiscardHandler), Sync: eng, Opener: &app.NoOpener{},
		DataDir: dir, Version: "test", NoAutoPrint: opt.NoAutoPrint, PasswordParams: Cheap})
	_ = core.Bootstrap(ctx, false)
	if opt.Keys {
		if err := core.Keys.Start(ctx); err != nil {
			t.Fatal(err)
		}
	}
	return &Device{Store: st, Core: core, Engine: eng, Intake: app.NewIntakeService(core), Cases: app.NewCaseService(core), Dir: dir, Cipher: ci}
}

// Enroll enrolls the device to the registry's office, every demo login
// allowed on it, and bootstraps it.
func (d *Device) Enroll(t testing.TB, r *Registry) {
	t.Helper()
	d.EnrollFor(t, r, DemoLogins(t)...)
}

// DemoLogins are the demo office's logins.
func DemoLogins(t testing.TB) []string {
	t.Helper()
	o, err := demo.LoadOffice()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(o.Staff))
	for i, s := range o.Staff {
		out[i] = s.Login
	}
	return out
}

// EnrollFor enrolls the device with only the given people allowed to
// sign in on it.
func (d *Device) EnrollFor(t testing.TB, r *Registry, logins ...string) {
	t.Helper()
	ctx := context.Background()
	code, _, err := r.NewEnrollment(ctx, r.OfficeID, "test device", logins)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Engine.Enroll(ctx, r.URL, code, "test device"); err != nil {
		t.Fatal(err)
	}
	if err := d.Core.Bootstrap(ctx, false); err != nil {
		t.Fatal(err)
	}
}

// EnrollKeyed enrols the device the app's way (SyncService.Enroll: a
// data key made, its key file written with the recovery wrap only, the
// key kept by the registry), with only the given people allowed on it.
func (d *Device) EnrollKeyed(t testing.TB, r *Registry, logins ...string) {
	t.Helper()
	code, _, err := r.NewEnrollment(context.Background(), r.OfficeID, "test device", logins)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.NewSyncService(d.Core).Enroll(r.URL, code); err != nil {
		t.Fatal(err)
	}
}

// SignIn starts a session as a demo staff member, and waits for the
// person session an enrolled device asks the registry for in the
// background (a test, and the seeded simulation, go on deterministically).
func (d *Device) SignIn(t testing.TB, login string) {
	t.Helper()
	if _, err := app.NewAuthService(d.Core).SignIn(login, demo.Password); err != nil {
		t.Fatalf("sign in %s: %v", login, err)
	}
	d.Core.Persons.Has(context.Background())
}

// Sync runs one round and fails the test on error.
func (d *Device) Sync(t testing.TB) {
	t.Helper()
	if err := d.Engine.Round(context.Background()); err != nil {
		t.Fatalf("sync: %v", err)
	}
	d.Core.AfterPull(context.Background())
}
