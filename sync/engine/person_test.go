package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"

	"okienko/app"
	"okienko/app/cases"
	"okienko/app/demo"
	"okienko/app/i18n"
	"okienko/db"
	"okienko/sync/hlc"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
	"okienko/sync/synctest/rows"
)

// enrolledAs enrols another computer of the office straight at the
// registry, with the person staffID allowed on it (the registrar of the
// cases it pushes), for tests that push as it.
func enrolledAs(t *testing.T, reg *synctest.Registry, staffID string) store.Device {
	t.Helper()
	ctx := context.Background()
	code, _, err := reg.NewEnrollment(ctx, reg.OfficeID, "other", nil)
	if err != nil {
		t.Fatal(err)
	}
	id := db.NewID()
	if _, err := reg.Enroll(ctx, protocol.EnrollRequest{Code: code, DeviceName: "other", DeviceID: id}); err != nil {
		t.Fatal(err)
	}
	if err := reg.Store().SetDevicePeople(ctx, id, []string{staffID}); err != nil {
		t.Fatal(err)
	}
	return store.Device{ID: id, OfficeID: reg.OfficeID}
}

// keyOf is the i18n key of a user error ("" for nil).
func keyOf(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var ue *i18n.Error
	if !errors.As(err, &ue) {
		t.Fatalf("error %v is not a user error", err)
	}
	return ue.Key
}

// signInKey signs in on the device and returns the error's key.
func signInKey(t *testing.T, d *synctest.Device, login string) string {
	t.Helper()
	auth := app.NewAuthService(d.Core)
	_, err := auth.SignIn(login, demo.Password)
	if err == nil {
		if _, err := auth.SignOut(); err != nil {
			t.Fatal(err)
		}
	}
	return keyOf(t, err)
}

// TestSignInFollowsTheDeviceList: a device holds the verifiers of its
// own people only; someone the admin takes off the list cannot sign in
// there after the next sync, and someone added can.
func TestSignInFollowsTheDeviceList(t *testing.T) {
	for _, kind := range synctest.StoreKinds() {
		t.Run(kind, func(t *testing.T) {
			reg := synctest.NewRegistry(t, synctest.OpenStore(t, kind), registryOptions())
			a := synctest.NewDevice(t, synctest.DeviceOptions{})
			a.EnrollFor(t, reg, "akowalska")
			b := synctest.NewDevice(t, synctest.DeviceOptions{})
			b.EnrollFor(t, reg, "jnowak", "kzielinska")
			for _, c := range []struct {
				d     *synctest.Device
				login string
				want  string
			}{{a, "akowalska", ""}, {a, "jnowak", "auth.wrongPassword"}, {a, "kzielinska", "auth.wrongPassword"},
				{b, "jnowak", ""}, {b, "kzielinska", ""}, {b, "akowalska", "auth.wrongPassword"}} {
				if got := signInKey(t, c.d, c.login); got != c.want {
					t.Errorf("%s on device %s: %q, want %q", c.login, c.d.Store.DeviceID()[:8], got, c.want)
				}
			}
			// The sign-in picker offers the device's people only.
			accounts, err := app.NewAuthService(a.Core).Accounts()
			if err != nil || len(accounts) != 1 || accounts[0].Login != "akowalska" {
				t.Fatalf("accounts offered on device A: %+v %v", accounts, err)
			}
			if err := reg.SetDevicePeople(context.Background(), a.Store.DeviceID(), []string{"jnowak"}); err != nil {
				t.Fatal(err)
			}
			// Until the device syncs it still knows the old list ...
			if got := signInKey(t, a, "akowalska"); got != "" {
				t.Fatalf("before the sync: %q", got)
			}
			a.Sync(t)
			// ... and after it, the new one.
			if got := signInKey(t, a, "akowalska"); got != "auth.wrongPassword" {
				t.Fatalf("a person taken off the device signs in after the sync: %q", got)
			}
			if got := signInKey(t, a, "jnowak"); got != "" {
				t.Fatalf("a person added to the device cannot sign in: %q", got)
			}
			// Nothing else changed: the next round's list is a 304.
			v, _ := a.Store.CredentialsVersion(context.Background())
			a.Sync(t)
			if again, _ := a.Store.CredentialsVersion(context.Background()); again != v || v == "" {
				t.Fatalf("version %q then %q", v, again)
			}
		})
	}
}

// downable is a device's network that can be cut.
type downable struct{ down atomic.Bool }

func (n *downable) RoundTrip(req *http.Request) (*http.Response, error) {
	if n.down.Load() {
		return nil, errors.New("network down")
	}
	return http.DefaultTransport.RoundTrip(req)
}

// makeConflict has two devices of the office change a case's status
// from the same value, so the registry sets one aside; it returns the
// case id.
func makeConflict(t *testing.T, reg *synctest.Registry) string {
	t.Helper()
	ctx := context.Background()
	x, client := db.NewID(), db.NewID()
	d1, d2 := store.Device{ID: db.NewID(), OfficeID: reg.OfficeID}, store.Device{ID: db.NewID(), OfficeID: reg.OfficeID}
	c1, c2 := hlc.New(d1.ID, nil), hlc.New(d2.ID, nil)
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
	op := func(c *hlc.Clock, entity, id string, fields map[string]json.RawMessage, base string) protocol.Op {
		o := protocol.Op{ID: db.NewID(), Entity: entity, EntityID: id, Kind: protocol.Upsert, HLC: c.Now().String(), Fields: fields}
		if base != "" {
			o.Base = map[string]string{"status": base}
		}
		return o
	}
	status := func(s cases.Status) map[string]json.RawMessage {
		raw, _ := json.Marshal(s)
		return map[string]json.RawMessage{"status": raw}
	}
	push := func(d store.Device, ops ...protocol.Op) []protocol.OpResult {
		res, err := reg.Push(ctx, d, protocol.PushRequest{BatchID: db.NewID(), Ops: ops})
		if err != nil {
			t.Fatal(err)
		}
		return res.Results
	}
	d1 = enrolledAs(t, reg, refs.StaffID) // the case's registrar signs in there
	c1 = hlc.New(d1.ID, nil)
	created := op(c1, "case_file", x, rows.Case(reg.OfficeID, x, client, refs, d1.ID, cases.Registered), "")
	if res := push(d1, op(c1, "client", client, rows.Client(reg.OfficeID, client, "Anna"), ""), created); res[1].Status != protocol.Applied {
		t.Fatalf("setup: %+v", res)
	}
	// The second device has seen the case (as it must, to edit it): its
	// clock is past the creation's, or in the same millisecond its
	// stamp could sort before it and its edit lose without a conflict.
	if ts, err := hlc.Parse(created.HLC); err != nil || c2.Observe(ts) != nil {
		t.Fatalf("observe %s: %v", created.HLC, err)
	}
	if res := push(d2, op(c2, "case_file", x, status(cases.Settled), created.HLC)); res[0].Status != protocol.Applied {
		t.Fatalf("setup: %+v, want the second device's edit applied", res)
	}
	if res := push(d1, op(c1, "case_file", x, status(cases.InProgress), created.HLC)); res[0].Status != protocol.Conflict {
		t.Fatalf("setup: %+v, want a conflict", res)
	}
	return x
}

// openConflicts counts the office's open conflicts at the registry.
func openConflicts(t *testing.T, reg *synctest.Registry) []store.Conflict {
	t.Helper()
	cs, err := reg.Store().Conflicts(context.Background(), reg.OfficeID, true)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// TestResolveThroughPersonSession: a head who signed in on a connected
// device resolves with the session the registry gave them, recorded as
// theirs; signed in offline, the head is refused with a clear message and
// nothing changes; signing in again once connected gives the session.
func TestResolveThroughPersonSession(t *testing.T) {
	for _, kind := range synctest.StoreKinds() {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			reg := synctest.NewRegistry(t, synctest.OpenStore(t, kind), registryOptions())
			net := &downable{}
			d := synctest.NewDevice(t, synctest.DeviceOptions{HTTP: &http.Client{Transport: net}})
			d.EnrollFor(t, reg, "kzielinska", "jnowak")
			svc := app.NewSyncService(d.Core)
			resolveOne := func() error {
				t.Helper()
				lines, err := svc.Conflicts()
				if err != nil || len(lines) == 0 {
					t.Fatalf("conflicts: %+v %v", lines, err)
				}
				_, err = svc.Resolve(lines[0].ID, "rejected")
				return err
			}

			makeConflict(t, reg)
			d.SignIn(t, "kzielinska")
			if err := resolveOne(); err != nil {
				t.Fatalf("a head with a person session: %v", err)
			}
			all, _ := reg.Store().Conflicts(ctx, reg.OfficeID, false)
			if len(all) != 1 || all[0].ResolvedBy != staffOf(t, "kzielinska") {
				t.Fatalf("resolved by %+v, want the head %s", all, staffOf(t, "kzielinska"))
			}

			// Signed in while the registry was unreachable: no session.
			makeConflict(t, reg)
			if _, err := app.NewAuthService(d.Core).SignOut(); err != nil {
				t.Fatal(err)
			}
			net.down.Store(true)
			d.SignIn(t, "kzielinska")
			net.down.Store(false)
			if key := keyOf(t, resolveOne()); key != "sync.personRequired" {
				t.Fatalf("resolving without a person session: %q, want sync.personRequired", key)
			}
			if n := len(openConflicts(t, reg)); n != 1 {
				t.Fatalf("%d open conflicts after the refusal, want 1", n)
			}
			// Signed in again while connected, then offline at the moment
			// of resolving: refused too, nothing decided.
			if _, err := app.NewAuthService(d.Core).SignOut(); err != nil {
				t.Fatal(err)
			}
			d.SignIn(t, "kzielinska")
			lines, err := svc.Conflicts()
			if err != nil || len(lines) == 0 {
				t.Fatalf("conflicts: %+v %v", lines, err)
			}
			net.down.Store(true)
			if _, err := svc.Resolve(lines[0].ID, "rejected"); keyOf(t, err) != "sync.resolveOffline" {
				t.Fatalf("resolving offline: %v, want sync.resolveOffline", err)
			}
			net.down.Store(false)
			if n := len(openConflicts(t, reg)); n != 1 {
				t.Fatalf("%d open conflicts after the offline attempt, want 1", n)
			}
			// Connected again, with the session: the head decides.
			if err := resolveOne(); err != nil {
				t.Fatalf("after signing in again: %v", err)
			}
			if n := len(openConflicts(t, reg)); n != 0 {
				t.Fatalf("%d open conflicts, want 0", n)
			}
			// A clerk never gets that far: the app refuses by role, and the
			// registry would too.
			makeConflict(t, reg)
			if _, err := app.NewAuthService(d.Core).SignOut(); err != nil {
				t.Fatal(err)
			}
			d.SignIn(t, "jnowak")
			if _, err := svc.Resolve(openConflicts(t, reg)[0].ID, "kept"); keyOf(t, err) != "auth.forbidden" {
				t.Fatalf("a clerk resolving: %v", err)
			}
		})
	}
}

// TestSignOutEndsThePersonSession: a lock keeps the person session (the
// same person comes back); sign-out drops it.
func TestSignOutEndsThePersonSession(t *testing.T) {
	reg := synctest.NewRegistry(t, nil, registryOptions())
	d := synctest.NewDevice(t, synctest.DeviceOptions{})
	d.EnrollFor(t, reg, "kzielinska")
	d.SignIn(t, "kzielinska")
	auth := app.NewAuthService(d.Core)
	if _, err := auth.Lock(); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.Unlock(demo.Password); err != nil {
		t.Fatal(err)
	}
	if !d.Core.Persons.Has(context.Background()) {
		t.Fatal("the person session did not survive a lock")
	}
	if _, err := auth.SignOut(); err != nil {
		t.Fatal(err)
	}
	if d.Core.Persons.Has(context.Background()) {
		t.Fatal("a person session kept after sign-out")
	}
}

func staffOf(t *testing.T, login string) string {
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
	t.Fatalf("no login %s", login)
	return ""
}
