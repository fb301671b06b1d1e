// Package app is Okienko's desktop application layer: the services bound to
// the Svelte frontend through Wails. Each bound method returns a typed DTO
// and an error; errors a person should read are *i18n.Error values that
// FormatError turns into {key, args, message} for the frontend.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os/exec"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"okienko/app/audit"
	"okienko/app/auth"
	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/app/officeclock"
	"okienko/db"
	"okienko/sync/engine"
)

// Opener shows a file to the user in the system's viewer (for PDFs, the
// viewer's print dialog is one keystroke away).
type Opener interface {
	Open(path string) error
}

// Deps are what the application layer is built from; main.go wires them.
type Deps struct {
	Store   *db.Store
	I18n    *i18n.Bundle
	Log     *slog.Logger
	Events  Emitter
	Opener  Opener
	Numbers db.NumberSource // where case sign numbers come from when not enrolled
	Sync    *engine.Engine  // the sync engine; nil in tests without sync
	DataDir string
	Version string
	// NoAutoPrint leaves the receipt to be printed on demand: the sync
	// simulation registers thousands of cases and measures sync, not PDFs.
	NoAutoPrint bool
	// PasswordParams are the Argon2id costs a standalone device rehashes
	// its people's passwords to at sign-in (auth.DefaultParams if zero).
	PasswordParams auth.Params
}

// Core is the state shared by the bound services: the signed-in session,
// the office and the catalogue search index.
type Core struct {
	Deps
	officeID string

	mu sync.Mutex
	// rehashing counts passwords being hashed again after a sign-in.
	rehashing sync.WaitGroup
	session   *auth.Session
	// Persons holds the signed-in person's session at the registry.
	Persons *PersonSessions
	// Keys holds the unlocked data key's cipher and the key file's state.
	Keys *KeyRing

	// catalogue is the search index with the list rows it returns, rebuilt
	// after every import, so a keystroke costs no database read.
	catalogue atomic.Pointer[catalogueView]

	forms formCache

	// uiLocale is the interface language (locale.go).
	uiLocale atomic.Pointer[string]

	stop chan struct{}
	done chan struct{}

	// clock is the office clock of a Core without a store (a preview the
	// registry renders, preview.go); nil means the store's.
	clock *officeclock.Clock
}

// officeClockOf is the clock every legal date of c is read from: the
// store's, or a preview's own (a function, not a method: app.Core keeps
// only the session and shared state, core_size_test.go).
func officeClockOf(c *Core) *officeclock.Clock {
	if c.clock != nil {
		return c.clock
	}
	return c.Store.OfficeClock()
}

// Now is the office's time: the computer's clock corrected by the
// registry's, in the office's zone (the store's OfficeClock). Every legal
// date is read from it, never from time.Now.
func (c *Core) Now() time.Time { return officeClockOf(c).Now() }

// Today is the office's date, at 00:00 UTC (app/deadline's form).
func (c *Core) Today() time.Time { return officeClockOf(c).Today() }

// NewCore builds the shared state. Bootstrap must run before use.
func NewCore(d Deps) *Core {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Events == nil {
		d.Events = nopEmitter{}
	}
	if d.Opener == nil {
		d.Opener = SystemOpener{}
	}
	if d.Numbers == nil {
		d.Numbers = db.LocalNumbers{}
	}
	if d.PasswordParams == (auth.Params{}) {
		d.PasswordParams = auth.DefaultParams
	}
	c := &Core{Deps: d, session: auth.NewSession(auth.DefaultAutoLock)}
	c.Persons = newPersonSessions(c.syncClient, d.Log)
	c.Persons.onMust = func() { c.Events.Emit(EventSession, string(auth.Active)) }
	c.Keys = newKeyRing(c)
	return c
}

type nopEmitter struct{}

func (nopEmitter) Emit(string, any) {}

// Startup starts the auto-lock watch; Wails calls it through App.
func (c *Core) Startup(ctx context.Context) {
	c.stop, c.done = make(chan struct{}), make(chan struct{})
	go c.watchIdle(2 * time.Second)
}

// Shutdown stops the watch and ends the person session at the registry.
// The store is closed by main.
func (c *Core) Shutdown(ctx context.Context) {
	if c.stop != nil {
		close(c.stop)
		<-c.done
	}
	c.Keys.shutdown()
	c.Persons.drop(true)
}

// watchIdle locks the session when it has been idle too long even if the
// frontend is frozen or its timer was throttled.
func (c *Core) watchIdle(every time.Duration) {
	defer close(c.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			c.CheckIdle()
		}
	}
}

// CheckIdle applies the auto-lock now; it reports whether it locked. A
// screen locked for auth.KeyKeptWhileLocked has its data key dropped: the
// device syncs through a break, not through the night.
func (c *Core) CheckIdle() bool {
	c.mu.Lock()
	staffID := c.session.StaffID
	now := c.Now()
	_, locked := c.session.State(now)
	lockedFor := c.session.LockedFor(now)
	c.mu.Unlock()
	if locked {
		c.audit(context.Background(), staffID, audit.AutoLock, "", "")
		c.Events.Emit(EventSession, string(auth.Locked))
	}
	if lockedFor >= auth.KeyKeptWhileLocked {
		c.Keys.lock()
	}
	return locked
}

// require returns the active staff member, or a user error if nobody is
// signed in or the screen is locked. Data methods call it first, so a
// locked screen cannot be bypassed from the frontend.
func (c *Core) require(ctx context.Context) (office.Staff, error) {
	c.mu.Lock()
	err := c.session.Require(c.Now())
	id := c.session.StaffID
	c.mu.Unlock()
	switch {
	case errors.Is(err, auth.ErrLocked):
		return office.Staff{}, i18n.E("auth.locked", err)
	case err != nil:
		return office.Staff{}, i18n.E("auth.signedOut", err)
	}
	if c.Persons.mustChange(id) {
		return office.Staff{}, i18n.E("auth.passwordChange", errMustChange)
	}
	s, err := c.Store.StaffByID(ctx, id)
	if err != nil {
		return office.Staff{}, c.internal("load signed-in staff", err)
	}
	return s, nil
}

// requireRole is require plus a role check.
func (c *Core) requireRole(ctx context.Context, roles ...office.Role) (office.Staff, error) {
	s, err := c.require(ctx)
	if err != nil {
		return s, err
	}
	for _, r := range roles {
		if s.Role == r {
			return s, nil
		}
	}
	return office.Staff{}, i18n.E("auth.forbidden", fmt.Errorf("app: role %s", s.Role))
}

// audit appends an audit entry in its own transaction. A failed audit write
// is logged, and the caller's action is not undone: losing the screen over
// a full disk would be worse.
func (c *Core) audit(ctx context.Context, staffID, action, objType, objID string) {
	c.auditDetail(ctx, staffID, action, objType, objID, "")
}

func (c *Core) auditDetail(ctx context.Context, staffID, action, objType, objID, detail string) {
	err := c.Store.InTx(ctx, func(tx *db.Tx) error {
		return tx.Audit(ctx, c.officeID, audit.Entry{StaffID: staffID, Action: action, ObjectType: objType, ObjectID: objID, Detail: detail})
	})
	if err != nil {
		c.Log.Error("audit write failed", "action", action, "err", err)
	}
}

// internal logs an unexpected error and returns the generic user error.
// The log line carries the precise cause; the UI gets a reference only.
func (c *Core) internal(what string, err error) error {
	c.Log.Error(what, "err", err)
	if errors.Is(err, db.ErrLocked) {
		// The screen was locked (or the session ended) meanwhile: the
		// sealed data waits for the next sign-in.
		return i18n.E("auth.locked", fmt.Errorf("app: %s: %w", what, err))
	}
	return i18n.E("error.internal", fmt.Errorf("app: %s: %w", what, err))
}

// T renders a message in Polish, the office's language: the binding text
// of printouts. Text for the screen goes through UI (locale.go).
func (c *Core) T(key string, args ...string) string {
	var m map[string]string
	if len(args) > 0 {
		m = map[string]string{}
		for i := 0; i+1 < len(args); i += 2 {
			m[args[i]] = args[i+1]
		}
	}
	out, err := c.I18n.Render(i18n.Default, key, m)
	if err != nil {
		// The text keeps the gap visible; the log names the key only.
		c.Log.Warn("message cannot be rendered", "key", key, "err", err)
	}
	return out
}

// UserError is the shape of every error the frontend receives.
type UserError struct {
	Key     string            `json:"key"`
	Args    map[string]string `json:"args,omitempty"`
	Message string            `json:"message"`
}

// FormatError is the Wails ErrorFormatter. User errors keep their key;
// anything else is logged and reported as an internal error, so no detail
// (which might hold personal data) reaches the screen. The result is JSON
// text because the Wails bridge wraps it in a JS Error, keeping only a
// string message; frontend/src/api/call.ts parses it back.
func (c *Core) FormatError(err error) any {
	ue := c.userError(err)
	raw, mErr := json.Marshal(ue)
	if mErr != nil {
		return ue.Message
	}
	return string(raw)
}

func (c *Core) userError(err error) UserError {
	var ue *i18n.Error
	if !errors.As(err, &ue) {
		c.Log.Error("unexpected error from bound method", "err", err)
		ue = i18n.E("error.internal", err)
	} else if ue.Key != "error.internal" && ue.Err != nil {
		// Internal errors were logged where they happened.
		c.Log.Info("user error", "key", ue.Key, "err", ue.Err)
	}
	return UserError{Key: ue.Key, Args: ue.Args, Message: c.I18n.T(c.Locale(), ue.Key, ue.Args)}
}

// SystemOpener opens files with the desktop's default application.
type SystemOpener struct{}

// Open starts the viewer and returns without waiting for it.
func (SystemOpener) Open(path string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", path)
	case "darwin":
		cmd = exec.Command("open", path)
	default:
		cmd = exec.Command("xdg-open", path)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("app: open %s: %w", path, err)
	}
	go cmd.Wait() //nolint:errcheck // the viewer's exit status is of no interest
	return nil
}

// NoOpener records what would have been opened; for tests and --no-open.
type NoOpener struct {
	mu     sync.Mutex
	Opened []string
}

// Open records path.
func (n *NoOpener) Open(path string) error {
	n.mu.Lock()
	n.Opened = append(n.Opened, path)
	n.mu.Unlock()
	return nil
}

// numbers is where case numbers come from: the registry's leases once the
// device is enrolled, else the device's own register.
func (c *Core) numbers() db.NumberSource {
	if c.Sync != nil && c.Sync.Client() != nil {
		return db.LeasedNumbers{}
	}
	return c.Numbers
}
