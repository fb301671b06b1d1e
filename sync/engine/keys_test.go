package engine_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"okienko/app"
	appauth "okienko/app/auth"
	"okienko/app/demo"
	"okienko/app/keys"
	"okienko/db/keyfile"
	"okienko/sync/client"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
)

// staffIDOf is a demo login's staff id on the device.
func staffIDOf(t *testing.T, d *synctest.Device, login string) string {
	t.Helper()
	st, _, err := d.Store.Credentials(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	return st.ID
}

func wrapped(t *testing.T, d *synctest.Device) []string {
	t.Helper()
	d.Core.Keys.Settle()
	ks, _, err := keyfile.Read(d.Dir)
	if err != nil {
		t.Fatal(err)
	}
	return ks.People()
}

// TestKeyLifeOverRegistry follows a device's data key through its life
// against a real registry over HTTP (issue 13): enrolment writes a key
// file with the recovery wrap only and leaves the key with the registry;
// the first sign-in of each person takes the key from the registry with
// their person session and wraps it for their password; later sign-ins
// unwrap it; a wrong password gets nothing; locking and signing out lock
// the store; a person taken off the list loses their wrap; offline, the
// recovery code wraps a person; revocation removes the key file and the
// registry's copy, and nothing opens after.
func TestKeyLifeOverRegistry(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registryOptions())
	d := synctest.NewDevice(t, synctest.DeviceOptions{Keys: true})
	d.EnrollKeyed(t, reg, "akowalska", "jnowak", "kzielinska")
	if p := wrapped(t, d); len(p) != 0 {
		t.Fatalf("wraps right after enrolment: %v", p)
	}
	escrow, err := reg.Store().DeviceKey(ctx, d.Store.DeviceID())
	if err != nil || len(escrow) != keys.KeyLen {
		t.Fatalf("the registry keeps no key of the device: %v", err)
	}
	ksvc, auth := app.NewKeysService(d.Core), app.NewAuthService(d.Core)
	// The recovery code is shown once, before anyone signs in.
	rv, err := ksvc.Recovery()
	if err != nil {
		t.Fatal(err)
	}
	code, err := keys.ParseRecoveryCode(rv.Code)
	if err != nil {
		t.Fatal(err)
	}
	if d.Store.Unlocked() {
		t.Fatal("the store is unlocked after enrolment with nobody signed in")
	}

	// First sign-in: the key comes from the registry, and is wrapped.
	if _, err := auth.SignIn("akowalska", demo.Password); err != nil {
		t.Fatal(err)
	}
	if !d.Store.Unlocked() {
		t.Fatal("signed in, the store is locked")
	}
	aID := staffIDOf(t, d, "akowalska")
	if p := wrapped(t, d); len(p) != 1 || p[0] != aID {
		t.Fatalf("wraps after the first sign-in: %v", p)
	}
	c1, _ := d.Store.Cipher()
	sealed := c1.SealString("client", "person", "row-1", "Łęcka")
	if _, err := ksvc.Recovery(); err == nil {
		t.Fatal("the recovery code is shown to a clerk after sign-in")
	}
	if _, err := auth.Lock(); err != nil {
		t.Fatal(err)
	}
	// The locked screen keeps the key a while (auth.KeyKeptWhileLocked),
	// so the device goes on syncing through a break.
	if !d.Store.Unlocked() {
		t.Fatal("locked screen, the store locked at once: nothing syncs through a break")
	}
	if _, err := auth.Unlock(demo.Password); err != nil {
		t.Fatal(err)
	}
	if !d.Store.Unlocked() {
		t.Fatal("unlocked screen, locked store")
	}
	if _, err := auth.SignOut(); err != nil {
		t.Fatal(err)
	}
	if d.Store.Unlocked() {
		t.Fatal("signed out, the store is unlocked")
	}
	// A wrong password gets neither a session nor the key.
	if got := signInKey(t, d, "akowalska"); got != "" {
		t.Fatalf("second sign-in: %q", got)
	}
	if _, err := auth.SignIn("akowalska", "wrong"); keyOf(t, err) != "auth.wrongPassword" {
		t.Fatalf("wrong password: %v", err)
	}
	if d.Store.Unlocked() {
		t.Fatal("a wrong password unlocked the store")
	}
	// The wrap opens the same key: what was sealed opens.
	if _, err := auth.SignIn("akowalska", demo.Password); err != nil {
		t.Fatal(err)
	}
	c2, _ := d.Store.Cipher()
	if got, err := c2.OpenString("client", "person", "row-1", sealed); err != nil || got != "Łęcka" {
		t.Fatalf("after a sign-in by the wrap: %q %v", got, err)
	}
	if _, err := auth.SignOut(); err != nil {
		t.Fatal(err)
	}

	// A password changed at the registry: the device takes the new
	// verifier, the old wrap does not open with the new password, and the
	// sign-in wraps the registry's key again (Rewrap).
	h, err := authHash("nowe-haslo-2026")
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.Store().PutCredential(ctx, reg.OfficeID, store.Credential{StaffID: aID, Login: "akowalska", Hash: h, UpdatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	// A locked device does not talk to the registry (its token is
	// sealed): the new verifier arrives at a round while someone is
	// signed in, here the person with the password the device still knows.
	if _, err := auth.SignIn("akowalska", demo.Password); err != nil {
		t.Fatal(err)
	}
	d.Sync(t)
	if _, err := auth.SignOut(); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.SignIn("akowalska", "nowe-haslo-2026"); err != nil {
		t.Fatalf("sign-in with the password changed at the registry: %v", err)
	}
	c4, _ := d.Store.Cipher()
	if got, err := c4.OpenString("client", "person", "row-1", sealed); err != nil || got != "Łęcka" {
		t.Fatalf("after a password change: %q %v", got, err)
	}
	if _, err := auth.SignOut(); err != nil {
		t.Fatal(err)
	}
	d.Core.Keys.Settle()
	ksNew, _, _ := keyfile.Read(d.Dir)
	if _, err := ksNew.Unwrap(aID, demo.Password); !errors.Is(err, keys.ErrWrongPassword) {
		t.Fatalf("the old password still opens the wrap: %v", err)
	}
	if _, err := ksNew.Unwrap(aID, "nowe-haslo-2026"); err != nil {
		t.Fatalf("the new password does not open the wrap: %v", err)
	}

	// A person taken off the device's list loses their wrap at the next
	// round, and their password opens nothing.
	if err := reg.SetDevicePeople(ctx, d.Store.DeviceID(), []string{"jnowak", "kzielinska"}); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.SignIn("akowalska", "nowe-haslo-2026"); err != nil {
		t.Fatal(err)
	}
	d.Sync(t)
	if _, err := auth.SignOut(); err != nil {
		t.Fatal(err)
	}
	if p := wrapped(t, d); len(p) != 0 {
		t.Fatalf("wraps after akowalska was taken off the list: %v", p)
	}
	ks, _, _ := keyfile.Read(d.Dir)
	if _, err := ks.Unwrap(aID, demo.Password); !errors.Is(err, keys.ErrWrongPassword) {
		t.Fatalf("a removed person's password: %v", err)
	}

	// Offline: jnowak has no wrap and the registry cannot be reached; the
	// admin's recovery code wraps them.
	reg.Server.CloseClientConnections()
	srvURL := reg.Server.URL
	reg.Server.Close()
	_ = srvURL
	if got := signInKey(t, d, "jnowak"); got != "keys.needRecovery" {
		t.Fatalf("offline without a wrap: %q", got)
	}
	if d.Store.Unlocked() {
		t.Fatal("unlocked without a key")
	}
	other := keys.NewRecoveryCode().String()
	if _, err := ksvc.Recover("jnowak", demo.Password, other); keyOf(t, err) != "keys.recoveryWrong" {
		t.Fatalf("another device's code: %v", err)
	}
	typo := []byte(code.String())
	typo[3] = map[bool]byte{true: 'A', false: 'B'}[typo[3] != 'A']
	if _, err := ksvc.Recover("jnowak", demo.Password, string(typo)); keyOf(t, err) != "keys.recoveryTypo" {
		t.Fatalf("a mistyped code: %v", err)
	}
	if _, err := ksvc.Recover("jnowak", "wrong", code.String()); keyOf(t, err) != "auth.wrongPassword" {
		t.Fatalf("the code with a wrong password: %v", err)
	}
	if _, err := ksvc.Recover("jnowak", demo.Password, code.String()); err != nil {
		t.Fatal(err)
	}
	c3, _ := d.Store.Cipher()
	if got, err := c3.OpenString("client", "person", "row-1", sealed); err != nil || got != "Łęcka" {
		t.Fatalf("after the recovery code: %q %v", got, err)
	}
	if p := wrapped(t, d); len(p) != 1 || p[0] != staffIDOf(t, d, "jnowak") {
		t.Fatalf("wraps after the recovery code: %v", p)
	}
}

// TestRevokedDeviceLosesItsKey: a device that hears it is revoked removes
// its key file before anything else, locks and signs out; the registry
// dropped its copy of the key; nobody's password and no recovery code
// opens anything after.
func TestRevokedDeviceLosesItsKey(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registryOptions())
	d := synctest.NewDevice(t, synctest.DeviceOptions{Keys: true})
	d.EnrollKeyed(t, reg, "akowalska")
	auth := app.NewAuthService(d.Core)
	if _, err := auth.SignIn("akowalska", demo.Password); err != nil {
		t.Fatal(err)
	}
	c, _ := d.Store.Cipher()
	sealed := c.SealString("client", "person", "row-1", "Łęcka")
	if _, err := reg.Revoke(ctx, d.Store.DeviceID()); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.Store().DeviceKey(ctx, d.Store.DeviceID()); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the registry still keeps a revoked device's key: %v", err)
	}
	if err := d.Engine.Round(ctx); !errors.Is(err, client.ErrUnauthorized) {
		t.Fatalf("round of a revoked device: %v", err)
	}
	if _, _, err := keyfile.Read(d.Dir); !errors.Is(err, keyfile.ErrNoKeyFile) {
		t.Fatalf("key file of a revoked device: %v", err)
	}
	if d.Store.Unlocked() {
		t.Fatal("a revoked device's store is unlocked")
	}
	if s, _ := auth.Current(); s.State != "signed_out" {
		t.Fatalf("session after revocation: %s", s.State)
	}
	if got := signInKey(t, d, "akowalska"); got != "keys.revoked" {
		t.Fatalf("sign-in on a revoked device: %q", got)
	}
	// Started again, it says so too, and makes no new key.
	d2 := restartKeys(t, d)
	if st, _ := app.NewKeysService(d2.Core).Status(); st.State != "revoked" {
		t.Fatalf("state after a restart: %+v", st)
	}
	if _, _, err := keyfile.Read(d.Dir); !errors.Is(err, keyfile.ErrNoKeyFile) {
		t.Fatalf("a restart made a key file: %v", err)
	}
	_ = sealed
}

// restartKeys starts the app again on the device's directory (its store stays
// open: the same process, as far as the keys care).
func restartKeys(t *testing.T, d *synctest.Device) *synctest.Device {
	t.Helper()
	core := app.NewCore(app.Deps{Store: d.Store, I18n: d.Core.I18n, Log: d.Core.Log, Sync: d.Engine, Opener: &app.NoOpener{},
		DataDir: d.Dir, Version: "test", PasswordParams: synctest.Cheap})
	_ = core.Bootstrap(context.Background(), false)
	if err := core.Keys.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &synctest.Device{Store: d.Store, Core: core, Engine: d.Engine, Dir: d.Dir}
}

// TestRegistryGivesTheKeyOnlyToItsPeople: the registry gives a device's
// key for a person session of that device only, of someone on its list,
// never to a revoked device; a device without a key kept gets 404.
func TestRegistryGivesTheKeyOnlyToItsPeople(t *testing.T) {
	for _, kind := range synctest.StoreKinds() {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			reg := synctest.NewRegistry(t, synctest.OpenStore(t, kind), registryOptions())
			a := synctest.NewDevice(t, synctest.DeviceOptions{Keys: true})
			a.EnrollKeyed(t, reg, "akowalska")
			b := synctest.NewDevice(t, synctest.DeviceOptions{Keys: true})
			b.EnrollKeyed(t, reg, "jnowak")
			ca, cb := a.Engine.Client(), b.Engine.Client()
			sa, err := ca.Session(ctx, "akowalska", demo.Password)
			if err != nil {
				t.Fatal(err)
			}
			sb, err := cb.Session(ctx, "jnowak", demo.Password)
			if err != nil {
				t.Fatal(err)
			}
			ka, err := ca.DeviceKey(ctx, sa.Token)
			if err != nil {
				t.Fatal(err)
			}
			kb, err := cb.DeviceKey(ctx, sb.Token)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Equal(ka, kb) {
				t.Fatal("two devices got the same key")
			}
			// Without a person, with another device's person, or someone
			// not on the device's list: refused.
			if _, err := ca.DeviceKey(ctx, ""); !errors.Is(err, client.ErrPersonRequired) {
				t.Fatalf("no person: %v", err)
			}
			if _, err := ca.DeviceKey(ctx, sb.Token); !errors.Is(err, client.ErrPersonRequired) {
				t.Fatalf("another device's person: %v", err)
			}
			if _, err := ca.Session(ctx, "jnowak", demo.Password); err == nil {
				t.Fatal("a person not on the list got a session")
			}
			if err := reg.SetDevicePeople(ctx, a.Store.DeviceID(), []string{"jnowak"}); err != nil {
				t.Fatal(err)
			}
			if _, err := ca.DeviceKey(ctx, sa.Token); !errors.Is(err, client.ErrPersonRequired) {
				t.Fatalf("a person taken off the list: %v", err)
			}
			// Revoked: refused, and the key is gone.
			if _, err := reg.Revoke(ctx, b.Store.DeviceID()); err != nil {
				t.Fatal(err)
			}
			if _, err := cb.DeviceKey(ctx, sb.Token); !errors.Is(err, client.ErrUnauthorized) {
				t.Fatalf("a revoked device: %v", err)
			}
			if _, err := reg.DeviceKeyFor(ctx, store.Device{ID: b.Store.DeviceID(), OfficeID: reg.OfficeID}, sb.Token); err == nil {
				t.Fatal("a revoked device's key given")
			}
			// A device enrolled without a key (an older app) gets 404.
			c := synctest.NewDevice(t, synctest.DeviceOptions{})
			c.EnrollFor(t, reg, "kzielinska")
			sc, err := c.Engine.Client().Session(ctx, "kzielinska", demo.Password)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Engine.Client().DeviceKey(ctx, sc.Token); !errors.Is(err, client.ErrNoDeviceKey) {
				t.Fatalf("a device without a kept key: %v", err)
			}
		})
	}
}

// authHash is a verifier as the registry keeps it (the tests' cheap costs).
func authHash(password string) (string, error) { return appauth.Hash(password, synctest.Cheap) }
