package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"okienko/app/audit"
	"okienko/app/auth"
	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/db"
)

// AuthService signs clerks in and out and locks the screen.
type AuthService struct {
	c *Core
	// shown logs, once, how long after the process started the sign-in
	// screen asked for its names: the cold start build/scripts/coldstart.sh
	// measures (issue 16: ≤ 2 s).
	shown sync.Once
}

// processStart is when this package was initialised, before main runs:
// the process's start, give or take the loading of the binary.
var processStart = time.Now()

// NewAuthService binds the service to the core.
func NewAuthService(c *Core) *AuthService { return &AuthService{c: c} }

// Accounts lists the active staff for the sign-in picker: on an enrolled
// device, only the people the registry allows on it.
func (s *AuthService) Accounts() ([]Account, error) {
	ctx := context.Background()
	// The sign-in screen calls this when it is drawn, after the page
	// loaded and the session, language and office were read.
	s.shown.Do(func() {
		s.c.Log.Info("startup: sign-in screen ready", "ms", time.Since(processStart).Milliseconds())
	})
	staff, err := s.c.Store.StaffList(ctx, s.c.officeID)
	if err != nil {
		return nil, s.c.internal("list accounts", err)
	}
	allowed, err := s.c.Store.SignInAllowed(ctx)
	if err != nil {
		return nil, s.c.internal("list accounts", err)
	}
	units, err := s.c.unitsByID(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Account, 0, len(staff))
	for _, st := range staff {
		if st.Active && (allowed == nil || allowed[st.ID]) {
			out = append(out, Account{Login: st.Login, Name: st.FullName(), Position: st.Position, Unit: units[st.UnitID].Symbol})
		}
	}
	return out, nil
}

// Current returns the session state, applying the auto-lock first.
func (s *AuthService) Current() (Session, error) {
	s.c.CheckIdle()
	return s.c.sessionDTO(context.Background())
}

// SignIn checks the password of login and starts a session. Wrong
// passwords are counted per login on this device and, after a few, make the
// login wait (auth.Delay). On an enrolled device the person also gets a
// session at the registry, in the background, for acts only the registry
// may allow (resolving conflicts).
func (s *AuthService) SignIn(login, password string) (Session, error) {
	ctx := context.Background()
	st, err := s.c.checkPassword(ctx, login, password)
	if err != nil {
		return Session{}, err
	}
	if err := s.c.Keys.open(ctx, st, password); err != nil {
		return Session{}, err
	}
	return startSession(ctx, s.c, st, login, password)
}

// startSession begins the session of a person whose password was
// verified and whose key unlocked the store (SignIn, KeysService.Recover).
func startSession(ctx context.Context, c *Core, st office.Staff, login, password string) (Session, error) {
	must, err := c.Store.MustChangePassword(ctx, st.ID)
	if err != nil {
		return Session{}, c.internal("read the one-time mark", err)
	}
	c.Persons.mark(st.ID, must) // the list's word; the registry's session answer may add it
	c.mu.Lock()
	c.session.SignIn(st.ID, c.Now())
	c.mu.Unlock()
	if !c.Persons.hasOrPending(st.ID) {
		c.Persons.start(st.ID, login, password)
	}
	c.Keys.signedIn(st)
	c.audit(ctx, st.ID, audit.SignIn, "staff", st.ID)
	presentAtSignIn(ctx, c, st)
	c.Log.Info("signed in", "staff", st.ID)
	c.Events.Emit(EventSession, string(auth.Active))
	return c.sessionDTO(ctx)
}

// Lock hides all data until the same person's password is given again.
func (s *AuthService) Lock() (Session, error) {
	ctx := context.Background()
	s.c.mu.Lock()
	st, _ := s.c.session.State(s.c.Now())
	s.c.session.Lock(s.c.Now())
	id := s.c.session.StaffID
	s.c.mu.Unlock()
	// The data key stays behind the locked screen for a while, so the
	// device goes on syncing; CheckIdle drops it after
	// auth.KeyKeptWhileLocked.
	if st == auth.Active {
		s.c.audit(ctx, id, audit.Lock, "staff", id)
		s.c.Events.Emit(EventSession, string(auth.Locked))
	}
	return s.c.sessionDTO(ctx)
}

// Unlock returns to work after the locked user's password.
func (s *AuthService) Unlock(password string) (Session, error) {
	ctx := context.Background()
	s.c.mu.Lock()
	id := s.c.session.StaffID
	s.c.mu.Unlock()
	if id == "" {
		return Session{}, i18n.E("auth.signedOut", auth.ErrNotSignedIn)
	}
	cur, err := s.c.Store.StaffByID(ctx, id)
	if err != nil {
		return Session{}, s.c.internal("load locked staff", err)
	}
	if _, err := s.c.checkPassword(ctx, cur.Login, password); err != nil {
		return Session{}, err
	}
	if err := s.c.Keys.open(ctx, cur, password); err != nil {
		return Session{}, err
	}
	s.c.mu.Lock()
	err = s.c.session.Unlock(id, s.c.Now())
	s.c.mu.Unlock()
	if err != nil {
		return Session{}, i18n.E("auth.signedOut", err)
	}
	if !s.c.Persons.hasOrPending(id) {
		// Signed in offline, now back: the password is at hand again.
		s.c.Persons.start(id, cur.Login, password)
	}
	s.c.audit(ctx, id, audit.Unlock, "staff", id)
	s.c.Events.Emit(EventSession, string(auth.Active))
	return s.c.sessionDTO(ctx)
}

// SignOut ends the session (also from the lock screen, to let another
// clerk sign in).
func (s *AuthService) SignOut() (Session, error) {
	ctx := context.Background()
	s.c.mu.Lock()
	id := s.c.session.StaffID
	s.c.session.SignOut()
	s.c.mu.Unlock()
	if id != "" {
		// Audited while the store is still unlocked: its outbox row is
		// sealed, and after the lock below it could not be written.
		s.c.audit(ctx, id, audit.SignOut, "staff", id)
	}
	s.c.Keys.lock()
	s.c.Persons.drop(false)
	if id != "" {
		s.c.Events.Emit(EventSession, string(auth.SignedOut))
	}
	return s.c.sessionDTO(ctx)
}

// Touch records user activity (the frontend calls it at most every few
// seconds while the user types or moves the mouse) and returns the state.
func (s *AuthService) Touch() (Session, error) {
	s.c.CheckIdle()
	s.c.mu.Lock()
	_ = s.c.session.Touch(s.c.Now()) // a locked or signed-out session just reports its state
	s.c.mu.Unlock()
	return s.c.sessionDTO(context.Background())
}

// checkPassword verifies login's password under the device's throttle.
func (c *Core) checkPassword(ctx context.Context, login, password string) (office.Staff, error) {
	now := c.Now()
	th, err := c.Store.LoginThrottle(ctx, login)
	if err != nil {
		return office.Staff{}, c.internal("read throttle", err)
	}
	if wait := time.UnixMilli(th.LockedUntil).Sub(now); wait > 0 {
		secs := int((wait + time.Second - 1) / time.Second)
		return office.Staff{}, i18n.E("auth.throttled", fmt.Errorf("app: login throttled for %s", wait), "count", strconv.Itoa(secs))
	}
	st, hash, err := c.Store.Credentials(ctx, login)
	// No verifier: a person the registry does not allow on this device.
	known := err == nil && st.Active && hash != ""
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return office.Staff{}, c.internal("read credentials", err)
	}
	ok := false
	if known {
		if ok, err = auth.Verify(password, hash); err != nil {
			return office.Staff{}, c.internal("verify password", err)
		}
	}
	if ok {
		if th.Failures > 0 {
			if err := c.Store.InTx(ctx, func(tx *db.Tx) error { return tx.SetLoginThrottle(ctx, login, db.Throttle{}) }); err != nil {
				c.Log.Error("clear throttle", "err", err)
			}
		}
		if auth.NeedsRehash(hash, c.PasswordParams) {
			// A quarter of a second of Argon2id the clerk need not wait for.
			c.rehashing.Add(1)
			go func() {
				defer c.rehashing.Done()
				rehashLocally(context.Background(), c.Store, c.Log, c.PasswordParams, c.officeID, st.ID, password)
			}()
		}
		return st, nil
	}
	th.Failures++
	delay := auth.Delay(th.Failures)
	th.LockedUntil = now.Add(delay).UnixMilli()
	// A locked store cannot seal the entry's outbox row: it is written at
	// the next unlock.
	locked := !c.Store.Unlocked()
	err = c.Store.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.SetLoginThrottle(ctx, login, th); err != nil {
			return err
		}
		if locked {
			return nil
		}
		return tx.Audit(ctx, c.officeID, auditFailure(st, known))
	})
	if err == nil && locked {
		c.Keys.owe(auditFailure(st, known))
	}
	if err != nil {
		return office.Staff{}, c.internal("record failed sign-in", err)
	}
	c.Log.Warn("sign-in failed", "failures", th.Failures, "delay", delay)
	if delay > 0 {
		return office.Staff{}, i18n.E("auth.wrongPasswordThrottled", errors.New("app: wrong password"), "count", strconv.Itoa(int(delay/time.Second)))
	}
	return office.Staff{}, i18n.E("auth.wrongPassword", errors.New("app: wrong password"))
}

// rehashLocally hashes a standalone device's person's password again with
// the current costs after a successful sign-in, in the background
// (Core.rehashing). An enrolled device's verifiers are the registry's,
// which rehashes them itself.
func rehashLocally(ctx context.Context, st *db.Store, log *slog.Logger, params auth.Params, officeID, staffID, password string) {
	ss, err := st.SyncState(ctx)
	if err != nil || ss.RegistryURL != "" {
		return
	}
	h, err := auth.Hash(password, params)
	if err == nil {
		err = st.InTx(ctx, func(tx *db.Tx) error { return tx.SetPasswordHash(ctx, officeID, staffID, h) })
	}
	if err != nil {
		log.Error("rehash password", "staff", staffID, "err", err)
		return
	}
	log.Info("password rehashed", "staff", staffID)
}

func auditFailure(st office.Staff, known bool) audit.Entry {
	e := audit.Entry{Action: audit.SignInFailed}
	if known {
		e.StaffID, e.ObjectType, e.ObjectID = st.ID, "staff", st.ID
	}
	return e
}

// sessionDTO describes the session for the UI.
func (c *Core) sessionDTO(ctx context.Context) (Session, error) {
	c.mu.Lock()
	st, _ := c.session.State(c.Now())
	id := c.session.StaffID
	autoLock := c.session.AutoLock
	c.mu.Unlock()
	out := Session{State: string(st), AutoLockSeconds: int(autoLock / time.Second)}
	if id == "" {
		return out, nil
	}
	staff, err := c.Store.StaffByID(ctx, id)
	if err != nil {
		return Session{}, c.internal("load session staff", err)
	}
	out.Login, out.Name, out.Role = staff.Login, staff.FullName(), string(staff.Role)
	out.MustChangePassword = c.Persons.mustChange(id)
	return out, nil
}

// unitsByID maps unit ids to units.
func (c *Core) unitsByID(ctx context.Context) (map[string]office.Unit, error) {
	units, err := c.Store.Units(ctx, c.officeID)
	if err != nil {
		return nil, c.internal("list units", err)
	}
	m := make(map[string]office.Unit, len(units))
	for _, u := range units {
		m[u.ID] = u
	}
	return m, nil
}
