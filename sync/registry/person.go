package registry

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"okienko/app/auth"
	"okienko/app/office"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// A privileged act (resolving a conflict, and whatever else only a head
// or the admin may do) is checked against the person, never the device:
// the device asks for a person session with the password its person just
// gave (POST /session), the registry verifies it against its own verifier,
// and the device sends the session's token with the act (HeaderPerson).
// The person's role is the registry's staff row's, read at every act. A
// stolen device token alone resolves nothing; a stolen person token works
// only with its own device's token, for at most PersonTTL.

// PersonTTL is how long a person session lasts unless ended earlier
// (sign-out): a working day and some.
const PersonTTL = 12 * time.Hour

// Errors of person authority; the HTTP layer answers them 403 with
// protocol.ErrorPersonRequired, ErrorRole and ErrorWrongPassword.
var (
	ErrPersonRequired = errors.New("registry: a person session is required")
	ErrRole           = errors.New("registry: the person's role does not allow this")
	ErrWrongPassword  = errors.New("registry: wrong login or password")
)

// throttledError is a login still waiting out its back-off.
type throttledError struct{ wait time.Duration }

func (e throttledError) Error() string { return "registry: login throttled for " + e.wait.String() }
func (e throttledError) Unwrap() error { return ErrWrongPassword }

// seconds is the wait, rounded up, for the answer's hint.
func (e throttledError) seconds() string {
	return strconv.Itoa(int((e.wait + time.Second - 1) / time.Second))
}

// personState is the registry's side of person sessions.
type personState struct {
	params auth.Params
	ttl    time.Duration
	// verifying bounds concurrent sign-ins, so concurrent Argon2id checks
	// (each takes 128 MiB and two cores for a quarter of a second): they
	// queue instead of exhausting the machine.
	verifying chan struct{}
	// turns serialise the attempts of one login (striped by its hash).
	turns [64]sync.Mutex
	// decoy is a verifier of no one, checked when there is no real one
	// (console_signin.go).
	decoy func() string
	// ghosts are the failures of unknown logins (console and devices).
	ghosts ghosts
}

// turn is the lock a login's attempts take turns on.
func (p *personState) turn(officeID, login string) *sync.Mutex {
	h := fnv.New32a()
	h.Write([]byte(officeID))
	h.Write([]byte{0})
	h.Write([]byte(login))
	return &p.turns[h.Sum32()%uint32(len(p.turns))]
}

func newPersonState(opt Options) *personState {
	p := &personState{params: opt.PasswordParams, ttl: opt.PersonTTL, verifying: make(chan struct{}, 2)}
	if p.params == (auth.Params{}) {
		p.params = auth.DefaultParams
	}
	if p.ttl <= 0 {
		p.ttl = PersonTTL
	}
	p.decoy = newDecoy(p.params)
	return p
}

// Person is the person a request acts for.
type Person struct {
	StaffID string
	Login   string
	Role    office.Role
	// MustChange: the person holds a one-time password (personFor only).
	MustChange bool
}

// OpenSession verifies a person's password for a device and opens a person
// session. It refuses (ErrWrongPassword, the same for every reason, so the
// answer tells nobody which logins exist or who may use which device) a
// login throttled after wrong passwords, an unknown login, a wrong
// password, a person inactive or not of the device's office, and a person
// not allowed on the device. Wrong passwords of a person who may sign in
// on the device back off per login; the other refusals back off alike but
// for this device alone (deviceLoginKey). A verifier of other costs than
// the registry's is rehashed and stored.
func (r *Registry) OpenSession(ctx context.Context, dev store.Device, req protocol.SessionRequest) (protocol.SessionResponse, error) {
	// A login's attempts take turns (in this process; with several
	// registry processes, at most one each at a time): a burst of guesses
	// sent at once cannot all read "no failures yet" and all be checked.
	// Then a slot for the check itself.
	// A device's failed sign-ins are limited as a whole too: each made-up
	// login is under no login's back-off of its own, and every refusal
	// holds one of the registry's few verification slots.
	if err := r.sessionTries.begin(dev.ID, r.now()); err != nil {
		if tm, ok := err.(errTooMany); ok {
			r.log.Warn("person sign-in refused", "office", dev.OfficeID, "device", dev.ID, "reason", "device throttled")
			return protocol.SessionResponse{}, throttledError{tm.wait}
		}
		return protocol.SessionResponse{}, err
	}
	turn := r.people.turn(dev.OfficeID, req.Login)
	turn.Lock()
	defer turn.Unlock()
	select {
	case r.people.verifying <- struct{}{}:
	case <-ctx.Done():
		return protocol.SessionResponse{}, ctx.Err()
	}
	defer func() { <-r.people.verifying }()
	now := r.now()
	staff, err := r.staffOf(ctx, dev.OfficeID)
	if err != nil {
		return protocol.SessionResponse{}, err
	}
	var who staffInfo
	if i := slices.IndexFunc(staff, func(s staffInfo) bool { return s.Login == req.Login }); i >= 0 {
		who = staff[i]
	}
	var cred store.Credential
	if who.ID != "" {
		cs, err := r.st.DeviceCredentials(ctx, dev.ID)
		if err != nil {
			return protocol.SessionResponse{}, err
		}
		if i := slices.IndexFunc(cs, func(c store.Credential) bool { return c.StaffID == who.ID }); i >= 0 {
			cred = cs[i]
		}
	}
	reason := ""
	switch {
	case who.ID == "":
		reason = "unknown"
	case !who.Active || who.OfficeID != dev.OfficeID:
		reason = "inactive"
	case cred.Hash == "":
		reason = "not_allowed"
	}
	// The login's back-off, which the console and every device share, is
	// for guesses at a password that could open a session here. A login
	// that cannot (unknown, inactive, not on this device's list) is no
	// guess at anyone's password: it waits as long, under this device's
	// own key, so the device is answered alike, but cannot keep a person
	// it has no say over from signing in elsewhere.
	key := req.Login
	if reason != "" {
		key = deviceLoginKey(dev.ID, req.Login)
	}
	// A login the office does not have backs off alike, in memory: a
	// flood of made-up logins writes no row.
	ghost := who.ID == ""
	var fails store.LoginFailures
	if ghost {
		fails = r.people.ghosts.get(ghostKey(dev.OfficeID, key))
	} else if fails, err = r.st.LoginFailures(ctx, dev.OfficeID, key); err != nil {
		return protocol.SessionResponse{}, err
	}
	if wait := fails.LockedUntil.Sub(now); wait > 0 {
		r.log.Warn("person sign-in refused", "office", dev.OfficeID, "device", dev.ID, "reason", "throttled", "failures", fails.Failures)
		return protocol.SessionResponse{}, throttledError{wait}
	}
	ok := false
	if reason == "" {
		if ok, err = r.verify(req.Password, cred.Hash); err != nil {
			return protocol.SessionResponse{}, err
		}
		if !ok {
			reason = "password"
		}
	} else {
		r.decoyVerify(req.Password)
	}
	if !ok {
		// Every refusal counts: a guesser learns nothing by trying
		// logins that are not allowed here.
		fails.Failures++
		// The wait starts when the answer goes out, not when the check
		// began: a slow verification must not eat into it.
		fails.LockedUntil = r.now().Add(auth.Delay(fails.Failures))
		if ghost {
			r.people.ghosts.set(ghostKey(dev.OfficeID, key), fails, r.now())
		} else if err := r.st.SetLoginFailures(ctx, dev.OfficeID, key, fails); err != nil {
			return protocol.SessionResponse{}, err
		}
		r.log.Warn("person sign-in refused", "office", dev.OfficeID, "device", dev.ID, "staff", who.ID, "reason", reason, "failures", fails.Failures)
		return protocol.SessionResponse{}, ErrWrongPassword
	}
	r.sessionTries.done(dev.ID)
	if fails.Failures > 0 {
		if err := r.st.SetLoginFailures(ctx, dev.OfficeID, req.Login, store.LoginFailures{}); err != nil {
			return protocol.SessionResponse{}, err
		}
	}
	if auth.NeedsRehash(cred.Hash, r.people.params) {
		r.rehash(ctx, dev.OfficeID, cred, req.Password)
	}
	token := randomToken(32)
	exp := now.Add(r.people.ttl)
	if err := r.st.AddPersonSession(ctx, store.PersonSession{TokenHash: HashSecret(token), OfficeID: dev.OfficeID, DeviceID: dev.ID,
		StaffID: who.ID, CreatedAt: now, ExpiresAt: exp}); err != nil {
		return protocol.SessionResponse{}, err
	}
	r.log.Info("person session opened", "office", dev.OfficeID, "device", dev.ID, "staff", who.ID)
	return protocol.SessionResponse{Token: token, StaffID: who.ID, Role: who.Role, ExpiresAt: exp.UTC().Format(time.RFC3339),
		MustChange: cred.MustChange}, nil
}

// deviceLoginKey is the back-off key of a login tried on a device where
// it cannot sign in: beside the logins' keys in the same table, and no
// login the admin gives ends in a slash and a device's id (were one to,
// the two would only share a wait).
func deviceLoginKey(deviceID, login string) string { return login + "/" + deviceID }

// verify checks a password (in one of OpenSession's slots).
func (r *Registry) verify(password, hash string) (bool, error) {
	ok, err := auth.Verify(password, hash)
	if errors.Is(err, auth.ErrMalformedHash) {
		return false, nil // a damaged verifier signs nobody in
	}
	return ok, err
}

// rehash stores the verifier again with the registry's costs; devices
// take it with their next list. A failure costs only the upgrade.
func (r *Registry) rehash(ctx context.Context, officeID string, cred store.Credential, password string) {
	h, err := auth.Hash(password, r.people.params)
	if err == nil {
		cred.Hash, cred.UpdatedAt = h, r.now()
		err = r.st.PutCredential(ctx, officeID, cred)
	}
	if err != nil {
		r.log.Error("rehash a verifier", "office", officeID, "staff", cred.StaffID, "err", err)
		return
	}
	r.log.Info("verifier rehashed", "office", officeID, "staff", cred.StaffID)
}

// EndSession ends a person session of the device (sign-out).
func (r *Registry) EndSession(ctx context.Context, dev store.Device, token string) error {
	p, err := r.st.PersonSession(ctx, HashSecret(token))
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if p.DeviceID != dev.ID {
		return nil // not this device's to end
	}
	return r.st.EndPersonSession(ctx, p.TokenHash, r.now())
}

// PersonFor checks that token is a live person session of the device
// (ErrPersonRequired) and that the person, as the registry's staff row
// says now, is active in the device's office, still allowed on the device
// and has one of roles (ErrRole).
//
// A person holding a one-time password is refused (ErrMustChange) until
// they set their own (ChangePersonPassword).
func (r *Registry) PersonFor(ctx context.Context, dev store.Device, token string, roles ...office.Role) (Person, error) {
	p, err := r.personFor(ctx, dev, token, roles...)
	if err != nil {
		return p, err
	}
	if p.MustChange {
		r.log.Warn("person holds a one-time password", "office", dev.OfficeID, "device", dev.ID, "staff", p.StaffID)
		return Person{}, ErrMustChange
	}
	return p, nil
}

// ErrMustChange refuses an act of a person who holds a one-time password:
// they must set their own first.
var ErrMustChange = errors.New("registry: the one-time password must be changed first")

// personFor is PersonFor that lets a holder of a one-time password
// through (Person.MustChange says so): for replacing it, and for the
// device's key, without which the app cannot open to ask for it.
func (r *Registry) personFor(ctx context.Context, dev store.Device, token string, roles ...office.Role) (Person, error) {
	if token == "" {
		return Person{}, ErrPersonRequired
	}
	p, err := r.st.PersonSession(ctx, HashSecret(token))
	if errors.Is(err, store.ErrNotFound) {
		return Person{}, ErrPersonRequired
	}
	if err != nil {
		return Person{}, err
	}
	if p.DeviceID != dev.ID || p.OfficeID != dev.OfficeID || !r.now().Before(p.ExpiresAt) {
		r.log.Warn("person token refused", "office", dev.OfficeID, "device", dev.ID, "staff", p.StaffID)
		return Person{}, ErrPersonRequired
	}
	staff, err := r.staffOf(ctx, dev.OfficeID)
	if err != nil {
		return Person{}, err
	}
	i := slices.IndexFunc(staff, func(s staffInfo) bool { return s.ID == p.StaffID })
	if i < 0 || !staff[i].Active || staff[i].OfficeID != dev.OfficeID {
		return Person{}, ErrPersonRequired
	}
	allowed, err := r.st.DevicePeople(ctx, dev.ID)
	if err != nil {
		return Person{}, err
	}
	if !slices.Contains(allowed, p.StaffID) {
		return Person{}, ErrPersonRequired
	}
	who := Person{StaffID: p.StaffID, Login: staff[i].Login, Role: office.Role(staff[i].Role)}
	cs, err := r.st.DeviceCredentials(ctx, dev.ID)
	if err != nil {
		return Person{}, err
	}
	if j := slices.IndexFunc(cs, func(c store.Credential) bool { return c.StaffID == p.StaffID }); j >= 0 {
		who.MustChange = cs[j].MustChange
	}
	if len(roles) > 0 && !slices.Contains(roles, who.Role) {
		r.log.Warn("person's role refused", "office", dev.OfficeID, "device", dev.ID, "staff", who.StaffID)
		return Person{}, fmt.Errorf("%w: %s", ErrRole, who.Role)
	}
	return who, nil
}

// requirePerson is PersonFor with the request's HeaderPerson: every
// privileged route starts with it.
func (r *Registry) requirePerson(c *call, roles ...office.Role) (Person, error) {
	return r.PersonFor(c.req.Context(), c.dev, c.req.Header.Get(protocol.HeaderPerson), roles...)
}

func (r *Registry) handleSession(c *call) (any, error) {
	var req protocol.SessionRequest
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	return r.OpenSession(c.req.Context(), c.dev, req)
}

func (r *Registry) handleEndSession(c *call) (any, error) {
	if err := r.EndSession(c.req.Context(), c.dev, c.req.Header.Get(protocol.HeaderPerson)); err != nil {
		return nil, err
	}
	c.w.WriteHeader(http.StatusNoContent)
	return served{}, nil
}

// ChangePersonPassword replaces the password of the person of a session
// on the device by one they chose (proving the current one, under the
// sign-in's back-off) and clears a one-time password's mark: the desktop
// app's own-password screen. It is the person's act, under their session,
// not a staff row the device writes. It returns the new verifier, which
// the device keeps at once.
func (r *Registry) ChangePersonPassword(ctx context.Context, dev store.Device, token string, req protocol.PasswordRequest) (protocol.PasswordResponse, error) {
	p, err := r.personFor(ctx, dev, token)
	if err != nil {
		return protocol.PasswordResponse{}, err
	}
	if err := r.ChangeOwnPassword(ctx, dev.OfficeID, p.StaffID, p.Login, req.Current, req.New, HashSecret(token)); err != nil {
		return protocol.PasswordResponse{}, err
	}
	cs, err := r.st.DeviceCredentials(ctx, dev.ID)
	if err != nil {
		return protocol.PasswordResponse{}, err
	}
	i := slices.IndexFunc(cs, func(c store.Credential) bool { return c.StaffID == p.StaffID })
	if i < 0 {
		return protocol.PasswordResponse{}, ErrPersonRequired
	}
	r.log.Info("own password set on a device", "office", dev.OfficeID, "device", dev.ID, "staff", p.StaffID)
	return protocol.PasswordResponse{Hash: cs[i].Hash}, nil
}

func (r *Registry) handlePersonPassword(c *call) (any, error) {
	var req protocol.PasswordRequest
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	return r.ChangePersonPassword(c.req.Context(), c.dev, c.req.Header.Get(protocol.HeaderPerson), req)
}

// personError is the answer to a refused person (nil if err is not one).
func personError(err error) (int, protocol.ErrorBody, bool) {
	var th throttledError
	switch {
	case errors.As(err, &th):
		return http.StatusForbidden, protocol.ErrorBody{Error: protocol.ErrorWrongPassword, Hint: th.seconds()}, true
	case errors.Is(err, ErrWrongPassword):
		return http.StatusForbidden, protocol.ErrorBody{Error: protocol.ErrorWrongPassword}, true
	case errors.Is(err, ErrPersonRequired):
		return http.StatusForbidden, protocol.ErrorBody{Error: protocol.ErrorPersonRequired}, true
	case errors.Is(err, ErrMustChange):
		return http.StatusForbidden, protocol.ErrorBody{Error: protocol.ErrorPasswordChange}, true
	case errors.Is(err, ErrWeakPassword):
		return http.StatusBadRequest, protocol.ErrorBody{Error: protocol.ErrorWeakPassword}, true
	case errors.Is(err, ErrRole):
		return http.StatusForbidden, protocol.ErrorBody{Error: protocol.ErrorRole}, true
	}
	return 0, protocol.ErrorBody{}, false
}
