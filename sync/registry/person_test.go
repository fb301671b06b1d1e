package registry_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"okienko/app/auth"
	"okienko/app/demo"
	"okienko/sync/hlc"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// Demo staff by role.
const (
	clerk  = "akowalska"
	clerk2 = "jnowak"
	head   = "kzielinska"
	admin  = "twisniewski"
)

// enrolFor enrols a new device of office with the given people allowed.
func enrolFor(t *testing.T, r *synctest.Registry, office string, logins ...string) *device {
	t.Helper()
	code, _, err := r.NewEnrollment(context.Background(), office, "desk", logins)
	if err != nil {
		t.Fatal(err)
	}
	id := newID()
	var out protocol.EnrollResponse
	send(t, r, request{method: "POST", path: "/v1/enroll", body: protocol.EnrollRequest{Code: code, DeviceName: "desk", DeviceID: id}}).decode(t, &out)
	d := &device{id: id, token: out.Token, office: out.OfficeID, clock: hlc.New(id, nil)}
	staff, err := r.Store().RowsOf(context.Background(), office, "staff")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range logins {
		for _, row := range staff {
			var login string
			if json.Unmarshal(row.Fields["login"].V, &login) == nil && login == l {
				d.people = append(d.people, row.EntityID)
			}
		}
	}
	return d
}

// signIn asks for a person session on the device.
func (d *device) signIn(t *testing.T, r *synctest.Registry, login, password string) answer {
	t.Helper()
	return d.call(t, r, request{method: "POST", path: d.path("/session"), body: protocol.SessionRequest{Login: login, Password: password}})
}

// person is a person session's token on the device, for the demo password.
func (d *device) person(t *testing.T, r *synctest.Registry, login string) string {
	t.Helper()
	var s protocol.SessionResponse
	d.signIn(t, r, login, demo.Password).decode(t, &s)
	if len(s.Token) < 43 || s.StaffID != staffID(t, login) {
		t.Fatalf("session of %s: %+v", login, s)
	}
	return s.Token
}

// as is the header a request carries for a person.
func as(token string) map[string]string { return map[string]string{protocol.HeaderPerson: token} }

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

// credentials fetches the device's verifiers, sending etag (if any).
func (d *device) credentials(t *testing.T, r *synctest.Registry, etag string) (answer, protocol.CredentialsResponse) {
	t.Helper()
	rq := request{method: "GET", path: d.path("/credentials")}
	if etag != "" {
		rq.header = map[string]string{"If-None-Match": etag}
	}
	a := d.call(t, r, rq)
	var out protocol.CredentialsResponse
	if a.code == http.StatusOK {
		a.decode(t, &out)
		if err := out.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	return a, out
}

func logins(cs protocol.CredentialsResponse) []string {
	var out []string
	for _, c := range cs.People {
		out = append(out, c.Login)
	}
	slices.Sort(out)
	return out
}

// forEachStore runs a test on a registry over each store kind.
func forEachStore(t *testing.T, opt registry.Options, fn func(t *testing.T, r *synctest.Registry)) {
	for _, kind := range synctest.StoreKinds() {
		t.Run(kind, func(t *testing.T) {
			fn(t, synctest.NewRegistry(t, synctest.OpenStore(t, kind), opt))
		})
	}
}

// TestCredentialsOnlyForAllowedPeople: a device receives the verifiers of
// the people allowed on it and nobody else's; pulls carry none; an
// unchanged list costs a 304; the admin's change reaches the device.
func TestCredentialsOnlyForAllowedPeople(t *testing.T) {
	forEachStore(t, registry.Options{}, func(t *testing.T, r *synctest.Registry) {
		a := enrolFor(t, r, r.OfficeID, clerk)
		b := enrolFor(t, r, r.OfficeID, clerk2, head)
		_, ca := a.credentials(t, r, "")
		if got := logins(ca); !slices.Equal(got, []string{clerk}) {
			t.Fatalf("device A's verifiers: %v, want only %s", got, clerk)
		}
		if !strings.HasPrefix(ca.People[0].Hash, "$argon2id$") || ca.People[0].StaffID != staffID(t, clerk) {
			t.Fatalf("device A's verifier: %+v", ca.People[0])
		}
		ab, cb := b.credentials(t, r, "")
		if got := logins(cb); !slices.Equal(got, []string{clerk2, head}) {
			t.Fatalf("device B's verifiers: %v", got)
		}
		// Nothing a device pulls carries a verifier.
		for key, row := range a.rows(t, r) {
			if _, ok := row.Fields["passwordHash"]; ok {
				t.Fatalf("pulled row %s carries a password hash", key)
			}
			for _, f := range row.Fields {
				if strings.Contains(string(f.V), "$argon2id$") {
					t.Fatalf("pulled row %s carries a verifier: %s", key, f.V)
				}
			}
		}
		// Unchanged: 304, no body.
		etag := ab.header.Get("ETag")
		if etag != `"`+cb.Version+`"` {
			t.Fatalf("ETag %q, version %q", etag, cb.Version)
		}
		if again, _ := b.credentials(t, r, etag); again.code != http.StatusNotModified || len(again.body) != 0 {
			t.Fatalf("unchanged list: %d %q, want 304", again.code, again.body)
		}
		// The admin takes the head off device B.
		if err := r.SetDevicePeople(context.Background(), b.id, []string{clerk2}); err != nil {
			t.Fatal(err)
		}
		changed, cb2 := b.credentials(t, r, etag)
		if changed.code != http.StatusOK || !slices.Equal(logins(cb2), []string{clerk2}) || cb2.Version == cb.Version {
			t.Fatalf("after the change: %d %v (version %s, was %s)", changed.code, logins(cb2), cb2.Version, cb.Version)
		}
		if got, _ := r.DevicePeople(context.Background(), b.id); !slices.Equal(got, []string{clerk2}) {
			t.Fatalf("device people: %v", got)
		}
		if err := r.SetDevicePeople(context.Background(), b.id, []string{"nosuchlogin"}); err == nil {
			t.Fatal("an unknown login was allowed on a device")
		}
		// Without a device credential, nothing.
		send(t, r, request{method: "GET", path: a.path("/credentials")}).wantError(t, http.StatusUnauthorized, "unauthorized")
	})
}

// TestPushedVerifierRefused: a device cannot plant a verifier in a
// synced row, whatever the entity.
func TestPushedVerifierRefused(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	d := enrolFor(t, r, r.OfficeID, clerk)
	hash := `$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5`
	x := newID()
	staff := d.op("staff", staffID(t, clerk), protocol.Upsert, map[string]any{"passwordHash": hash})
	cl := d.op("client", x, protocol.Upsert, map[string]any{"id": x, "officeId": d.office, "firstName": "Anna", "passwordHash": hash})
	res := d.push(t, r, staff, cl, d.clientOp(newID(), "Ewa"))
	// A staff row is the registry's alone; no row a device writes has a
	// field for a verifier.
	if res[0].Status != protocol.Rejected || res[0].Reason != registry.ReasonRegistryOnly {
		t.Fatalf("a staff op carrying a verifier: %+v, want rejected as registry-only", res[0])
	}
	if res[1].Status != protocol.Rejected || !strings.Contains(res[1].Reason, "passwordHash") {
		t.Fatalf("a client op carrying a verifier: %+v, want rejected for its unknown field", res[1])
	}
	if res[2].Status != protocol.Applied {
		t.Fatalf("the good op of the batch: %+v", res[2])
	}
	if _, ok := d.rows(t, r)["client/"+x]; ok {
		t.Fatal("the refused client row was stored")
	}
}

// conflictOf makes one open status conflict and returns its id.
func conflictOf(t *testing.T, r *synctest.Registry, a, b *device) string {
	t.Helper()
	x := newID()
	created := a.newCase(t, r, x)
	settle := b.op("case_file", x, protocol.Upsert, map[string]any{"status": "settled"})
	settle.Base = map[string]string{"status": created.HLC}
	b.push(t, r, settle)
	progress := a.op("case_file", x, protocol.Upsert, map[string]any{"status": "in_progress"})
	progress.Base = map[string]string{"status": created.HLC}
	if res := a.push(t, r, progress); res[0].Status != protocol.Conflict {
		t.Fatalf("setup: %+v", res)
	}
	var open []protocol.ConflictView
	a.call(t, r, request{method: "GET", path: a.path("/conflicts")}).decode(t, &open)
	for _, c := range open {
		if c.EntityID == x {
			return c.ID
		}
	}
	t.Fatalf("no conflict of %s in %+v", x, open)
	return ""
}

// TestResolveNeedsHeadOrAdmin: resolving a conflict takes a person
// session of a head or the admin, of this device, alive; the decision is
// recorded as the person's.
func TestResolveNeedsHeadOrAdmin(t *testing.T) {
	var shift atomic.Int64 // how far the registry's clock is moved on
	now := func() time.Time { return time.Now().Add(time.Duration(shift.Load())) }
	forEachStore(t, registry.Options{Now: now, PersonTTL: time.Hour}, func(t *testing.T, r *synctest.Registry) {
		shift.Store(0)
		ctx := context.Background()
		a := enrolFor(t, r, r.OfficeID, clerk, head, admin)
		other := enrolFor(t, r, r.OfficeID, head)
		id := conflictOf(t, r, a, other)
		resolve := func(d *device, hdr map[string]string) answer {
			return d.call(t, r, request{method: "POST", path: d.path("/conflicts/resolve"), body: protocol.ResolveRequest{ID: id, Choice: "rejected"}, header: hdr})
		}
		resolve(a, nil).wantError(t, http.StatusForbidden, protocol.ErrorPersonRequired)
		resolve(a, as("made-up-token")).wantError(t, http.StatusForbidden, protocol.ErrorPersonRequired)
		resolve(a, as(a.person(t, r, clerk))).wantError(t, http.StatusForbidden, protocol.ErrorRole)
		// A head's token works only with the device it was issued to.
		headOnOther := other.person(t, r, head)
		resolve(a, as(headOnOther)).wantError(t, http.StatusForbidden, protocol.ErrorPersonRequired)
		// Expired.
		headOnA := a.person(t, r, head)
		shift.Store(int64(time.Hour + time.Minute))
		resolve(a, as(headOnA)).wantError(t, http.StatusForbidden, protocol.ErrorPersonRequired)
		shift.Store(0)
		// Ended by sign-out.
		ended := a.person(t, r, head)
		if e := a.call(t, r, request{method: "DELETE", path: a.path("/session"), header: as(ended)}); e.code != http.StatusNoContent {
			t.Fatalf("sign-out: %d %s", e.code, e.body)
		}
		resolve(a, as(ended)).wantError(t, http.StatusForbidden, protocol.ErrorPersonRequired)
		if open, _ := r.Store().Conflicts(ctx, r.OfficeID, true); len(open) != 1 {
			t.Fatalf("a refused resolution resolved: %+v", open)
		}
		// The head of another unit (USC) may not settle SO's case, as
		// the console does not show it to them.
		uscHead := enrolFor(t, r, r.OfficeID, "mwojcik")
		uscID := id
		uscAns := uscHead.call(t, r, request{method: "POST", path: uscHead.path("/conflicts/resolve"),
			body: protocol.ResolveRequest{ID: uscID, Choice: "rejected"}, header: as(uscHead.person(t, r, "mwojcik"))})
		uscAns.wantError(t, http.StatusForbidden, protocol.ErrorRole)
		if open, _ := r.Store().Conflicts(ctx, r.OfficeID, true); len(open) != 1 {
			t.Fatalf("another unit's head resolved: %+v", open)
		}
		// A device limited to USC is not shown SO's conflict at all.
		uscOnly := enrolFor(t, r, r.OfficeID, "mwojcik")
		limit(t, r, uscOnly, "USC")
		var seen, whole []protocol.ConflictView
		uscOnly.call(t, r, request{method: "GET", path: uscOnly.path("/conflicts")}).decode(t, &seen)
		uscHead.call(t, r, request{method: "GET", path: uscHead.path("/conflicts")}).decode(t, &whole)
		if len(seen) != 0 || len(whole) != 1 {
			t.Fatalf("conflicts shown to a device limited to USC %d, to one of the whole office %d", len(seen), len(whole))
		}
		// A head, now, on the device that signed them in.
		var left []protocol.ConflictView
		resolve(a, as(a.person(t, r, head))).decode(t, &left)
		all, err := r.Store().Conflicts(ctx, r.OfficeID, false)
		if err != nil || len(all) != 1 || all[0].ResolvedBy != staffID(t, head) || all[0].Choice != "rejected" {
			t.Fatalf("resolution recorded as %+v %v, want by %s", all, err, staffID(t, head))
		}
		// The admin may too.
		id = conflictOf(t, r, a, other)
		resolve(a, as(a.person(t, r, admin))).decode(t, &left)
		// A person taken off the device loses the session's authority at once.
		id = conflictOf(t, r, a, other)
		tok := a.person(t, r, head)
		if err := r.SetDevicePeople(ctx, a.id, []string{clerk, admin}); err != nil {
			t.Fatal(err)
		}
		resolve(a, as(tok)).wantError(t, http.StatusForbidden, protocol.ErrorPersonRequired)
	})
}

// TestPersonSessionRefusals: wrong passwords back off per login, a
// person not allowed on the device or unknown is refused alike, and none
// of it names a person in the answer.
func TestPersonSessionRefusals(t *testing.T) {
	forEachStore(t, registry.Options{}, func(t *testing.T, r *synctest.Registry) {
		a := enrolFor(t, r, r.OfficeID, clerk, head)
		a.signIn(t, r, head, demo.Password+"x").wantError(t, http.StatusForbidden, protocol.ErrorWrongPassword)
		// Not allowed here (the admin exists, with the right password).
		a.signIn(t, r, admin, demo.Password).wantError(t, http.StatusForbidden, protocol.ErrorWrongPassword)
		a.signIn(t, r, "nobody", demo.Password).wantError(t, http.StatusForbidden, protocol.ErrorWrongPassword)
		a.signIn(t, r, "", "x").wantError(t, http.StatusBadRequest, "bad_request")
		// The head mistypes again and again: after the free attempts the
		// login waits, even for the right password.
		for range 3 {
			a.signIn(t, r, head, "wrong")
		}
		ans := a.signIn(t, r, head, demo.Password)
		var eb protocol.ErrorBody
		_ = protocol.DecodeLenient(ans.body, ans.header.Get("Content-Encoding"), &eb)
		if ans.code != http.StatusForbidden || eb.Error != protocol.ErrorWrongPassword || eb.Hint == "" {
			t.Fatalf("throttled login: %d %s, want 403 with the seconds to wait", ans.code, ans.body)
		}
		if strings.Contains(string(ans.body), head) {
			t.Fatalf("the answer names the login: %s", ans.body)
		}
		// Another login is not held up.
		a.person(t, r, clerk)
		// Another device's request for this office is refused too: the
		// back-off is the login's, not the device's.
		b := enrolFor(t, r, r.OfficeID, head)
		b.signIn(t, r, head, demo.Password).wantError(t, http.StatusForbidden, protocol.ErrorWrongPassword)
	})
}

// TestDeviceLocksOutOnlyItsOwnPeople: a device that sends sign-ins for a
// login not on its list (or of nobody) is refused alike, and waits alike
// once it has tried too often, but the wait is that device's: the person
// the login names, who could never sign in there, still signs in on their
// own device. Otherwise any device's token, with no password at all, would
// keep every head and the admin of the office waiting.
func TestDeviceLocksOutOnlyItsOwnPeople(t *testing.T) {
	forEachStore(t, registry.Options{}, func(t *testing.T, r *synctest.Registry) {
		stolen := enrolFor(t, r, r.OfficeID, clerk)
		theirs := enrolFor(t, r, r.OfficeID, head)
		for _, login := range []string{head, "nobody"} {
			for range auth.FreeAttempts + 1 {
				stolen.signIn(t, r, login, "guess").wantError(t, http.StatusForbidden, protocol.ErrorWrongPassword)
			}
			// The device itself is held back, as for a login of its own.
			ans := stolen.signIn(t, r, login, demo.Password)
			var eb protocol.ErrorBody
			_ = protocol.DecodeLenient(ans.body, ans.header.Get("Content-Encoding"), &eb)
			if ans.code != http.StatusForbidden || eb.Error != protocol.ErrorWrongPassword || eb.Hint == "" {
				t.Fatalf("%s tried too often on a device: %d %s, want 403 with the seconds to wait", login, ans.code, ans.body)
			}
		}
		theirs.person(t, r, head)
	})
}

// TestGuessesAtOnceStillBackOff: a burst of wrong passwords for one login
// sent at once is throttled like one sent in turn (give or take the one
// verified beside it), not all verified.
func TestGuessesAtOnceStillBackOff(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	a := enrolFor(t, r, r.OfficeID, head)
	const burst = 16
	var verified atomic.Int32
	var wg sync.WaitGroup
	for range burst {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ans := send(t, r, request{method: "POST", path: a.path("/session"), token: a.token,
				body: protocol.SessionRequest{Login: head, Password: "guess"}})
			var eb protocol.ErrorBody
			_ = protocol.DecodeLenient(ans.body, ans.header.Get("Content-Encoding"), &eb)
			if ans.code != http.StatusForbidden || eb.Error != protocol.ErrorWrongPassword {
				t.Errorf("a guess: %d %s", ans.code, ans.body)
			}
			if eb.Hint == "" {
				verified.Add(1) // not throttled: its password was checked
			}
		}()
	}
	wg.Wait()
	if n := verified.Load(); n > auth.FreeAttempts+2 {
		t.Fatalf("%d of %d simultaneous guesses were checked, want at most %d", n, burst, auth.FreeAttempts+2)
	}
}

// TestDeviceRefusalsTakeAlike: a device's sign-in for a login of nobody,
// or of a person not allowed on it, is refused after as long a check as a
// wrong password (the decoy verifier), so its time does not tell which
// logins exist or who may use the device. Costs high enough to measure;
// the head's verifier is brought to them by a first sign-in's rehash.
func TestDeviceRefusalsTakeAlike(t *testing.T) {
	costly := auth.Params{Time: 2, Memory: 16 * 1024, Threads: 1, KeyLen: 32, SaltLen: 16}
	r := synctest.NewRegistry(t, nil, registry.Options{PasswordParams: costly})
	a := enrolFor(t, r, r.OfficeID, head)
	a.person(t, r, head)
	took := func(login string) time.Duration {
		start := time.Now()
		a.signIn(t, r, login, "guess").wantError(t, http.StatusForbidden, protocol.ErrorWrongPassword)
		return time.Since(start)
	}
	wrong := min(took(head), took(head))
	for _, login := range []string{"nobody", admin} {
		if d := min(took(login), took(login)); d < wrong/3 {
			t.Fatalf("%s is refused in %v, a wrong password in %v: the time tells them apart", login, d, wrong)
		}
	}
}

// TestVerifierRehashedAtTheRegistry: a verifier of older costs is
// replaced when its person signs in, and devices take the new one.
func TestVerifierRehashedAtTheRegistry(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{PasswordParams: synctest.Cheap2})
	a := enrolFor(t, r, r.OfficeID, head)
	_, before := a.credentials(t, r, "")
	a.person(t, r, head)
	_, after := a.credentials(t, r, "")
	if before.People[0].Hash == after.People[0].Hash || !strings.Contains(after.People[0].Hash, "m=2048,t=1,p=1") {
		t.Fatalf("verifier before %s, after %s: not rehashed to the registry's costs", before.People[0].Hash, after.People[0].Hash)
	}
	cs, _ := r.Store().DeviceCredentials(context.Background(), a.id)
	if len(cs) != 1 || cs[0].Hash != after.People[0].Hash {
		t.Fatalf("stored %+v", cs)
	}
	a.person(t, r, head) // the new verifier works
}

// TestOneTimePasswordOnADevice: a person given a one-time password signs
// in on a device, the device learns it must be replaced (from the session
// and from the list of verifiers), the registry refuses the person's acts
// until then, and the person replaces it under their own session: the new
// verifier is answered and reaches the list, without the mark.
func TestOneTimePasswordOnADevice(t *testing.T) {
	forEachStore(t, registry.Options{}, func(t *testing.T, r *synctest.Registry) {
		ctx := context.Background()
		a := enrolFor(t, r, r.OfficeID, clerk, head)
		other := enrolFor(t, r, r.OfficeID, head)
		id := conflictOf(t, r, a, other)
		otherTok := other.person(t, r, head)
		before := a.person(t, r, head)
		clerkTok := a.person(t, r, clerk)
		keyOn := func(d *device, tok string) answer {
			return d.call(t, r, request{method: "GET", path: d.path("/device-key"), header: as(tok)})
		}
		key := func(tok string) answer { return keyOn(a, tok) }
		// Live sessions: the devices escrowed no key.
		key(before).wantError(t, http.StatusNotFound, "not_found")
		keyOn(other, otherTok).wantError(t, http.StatusNotFound, "not_found")
		once, err := r.IssuePassword(ctx, r.OfficeID, staffID(t, head))
		if err != nil {
			t.Fatal(err)
		}
		// The reset ends what the old password opened, on every device:
		// the device's key is no longer fetched with it. Another person's
		// session on the same device goes on.
		key(before).wantError(t, http.StatusForbidden, protocol.ErrorPersonRequired)
		keyOn(other, otherTok).wantError(t, http.StatusForbidden, protocol.ErrorPersonRequired)
		key(clerkTok).wantError(t, http.StatusNotFound, "not_found")
		_, cs := a.credentials(t, r, "")
		i := slices.IndexFunc(cs.People, func(c protocol.Credential) bool { return c.Login == head })
		if i < 0 || !cs.People[i].MustChange || ok(t, once, cs.People[i].Hash) == false {
			t.Fatalf("the list carries no one-time mark: %+v", cs.People)
		}
		if j := slices.IndexFunc(cs.People, func(c protocol.Credential) bool { return c.Login == clerk }); cs.People[j].MustChange {
			t.Fatalf("the clerk's password marked one-time")
		}
		var s protocol.SessionResponse
		a.signIn(t, r, head, once).decode(t, &s)
		if !s.MustChange {
			t.Fatalf("the session does not say the password is one-time: %+v", s)
		}
		resolve := func() answer {
			return a.call(t, r, request{method: "POST", path: a.path("/conflicts/resolve"), body: protocol.ResolveRequest{ID: id, Choice: "rejected"}, header: as(s.Token)})
		}
		resolve().wantError(t, http.StatusForbidden, protocol.ErrorPasswordChange)
		change := func(tok, cur, next string) answer {
			return a.call(t, r, request{method: "POST", path: a.path("/session/password"), body: protocol.PasswordRequest{Current: cur, New: next}, header: as(tok)})
		}
		change("", once, "a-password-of-my-own").wantError(t, http.StatusForbidden, protocol.ErrorPersonRequired)
		change(s.Token, once, "short").wantError(t, http.StatusBadRequest, protocol.ErrorWeakPassword)
		change(s.Token, once+"x", "a-password-of-my-own").wantError(t, http.StatusForbidden, protocol.ErrorWrongPassword)
		// Another device's session of the same person is not this one's.
		change(otherTok, once, "a-password-of-my-own").wantError(t, http.StatusForbidden, protocol.ErrorPersonRequired)
		var pr protocol.PasswordResponse
		change(s.Token, once, "a-password-of-my-own").decode(t, &pr)
		if !ok(t, "a-password-of-my-own", pr.Hash) {
			t.Fatalf("the answered verifier is not of the new password")
		}
		_, cs = a.credentials(t, r, "")
		i = slices.IndexFunc(cs.People, func(c protocol.Credential) bool { return c.Login == head })
		if cs.People[i].MustChange || cs.People[i].Hash != pr.Hash {
			t.Fatalf("the list after the change: %+v", cs.People[i])
		}
		// The same session now acts.
		var left []protocol.ConflictView
		resolve().decode(t, &left)
	})
}

// TestOwnPasswordEndsOtherSessions: a person who sets their own password
// on one device stays signed in there; what the old password opened on
// their other devices ends (the device's key is no longer given for it),
// and another person's session goes on.
func TestOwnPasswordEndsOtherSessions(t *testing.T) {
	forEachStore(t, registry.Options{}, func(t *testing.T, r *synctest.Registry) {
		a := enrolFor(t, r, r.OfficeID, clerk, head)
		b := enrolFor(t, r, r.OfficeID, clerk, head)
		here, there, clerkThere := a.person(t, r, head), b.person(t, r, head), b.person(t, r, clerk)
		key := func(d *device, tok string) answer {
			return d.call(t, r, request{method: "GET", path: d.path("/device-key"), header: as(tok)})
		}
		var pr protocol.PasswordResponse
		a.call(t, r, request{method: "POST", path: a.path("/session/password"), body: protocol.PasswordRequest{Current: demo.Password, New: "a-password-of-my-own"}, header: as(here)}).decode(t, &pr)
		key(a, here).wantError(t, http.StatusNotFound, "not_found") // live; no key escrowed
		key(b, there).wantError(t, http.StatusForbidden, protocol.ErrorPersonRequired)
		key(b, clerkThere).wantError(t, http.StatusNotFound, "not_found")
		b.signIn(t, r, head, "a-password-of-my-own").decode(t, &protocol.SessionResponse{})
	})
}

func ok(t *testing.T, password, hash string) bool {
	t.Helper()
	good, err := auth.Verify(password, hash)
	if err != nil {
		t.Fatal(err)
	}
	return good
}
