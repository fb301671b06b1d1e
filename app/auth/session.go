package auth

import (
	"errors"
	"time"
)

// DefaultAutoLock is the inactivity after which the screen locks.
const DefaultAutoLock = 5 * time.Minute

// KeyKeptWhileLocked is how long the device's data key stays in memory
// behind a locked screen, so the device keeps syncing through a break
// (its outbox is sealed, and so are the rows it pulls); past it, or at
// sign-out or exit, the key is dropped and the disk holds nothing
// readable. See ARCHITECTURE.md, "The key's life".
const KeyKeptWhileLocked = time.Hour

// Session errors.
var (
	ErrNotSignedIn = errors.New("auth: not signed in")
	ErrLocked      = errors.New("auth: screen locked")
)

// State is what the UI shows: the sign-in screen, the lock screen, or work.
type State string

// Session states.
const (
	SignedOut State = "signed_out"
	Locked    State = "locked"
	Active    State = "active"
)

// Session is the state machine of one desktop's sign-in. It is not safe for
// concurrent use; the app service guards it.
type Session struct {
	StaffID      string
	state        State
	lastActivity time.Time
	lockedAt     time.Time // when the screen last locked
	AutoLock     time.Duration
}

// NewSession starts signed out.
func NewSession(autoLock time.Duration) *Session {
	if autoLock <= 0 {
		autoLock = DefaultAutoLock
	}
	return &Session{state: SignedOut, AutoLock: autoLock}
}

// State returns the state at now, locking first if the session was idle
// for longer than AutoLock; the second result says whether this call
// locked it.
func (s *Session) State(now time.Time) (State, bool) {
	if s.state == Active && now.Sub(s.lastActivity) >= s.AutoLock {
		s.state, s.lockedAt = Locked, s.lastActivity.Add(s.AutoLock)
		return Locked, true
	}
	return s.state, false
}

// SignIn makes staffID the active user.
func (s *Session) SignIn(staffID string, now time.Time) {
	s.StaffID, s.state, s.lastActivity = staffID, Active, now
}

// Unlock returns a locked session to work; only its own user may unlock.
func (s *Session) Unlock(staffID string, now time.Time) error {
	if s.state == SignedOut {
		return ErrNotSignedIn
	}
	if staffID != s.StaffID {
		return ErrNotSignedIn
	}
	s.state, s.lastActivity = Active, now
	return nil
}

// Lock hides everything until the user's password is entered again.
func (s *Session) Lock(now time.Time) {
	if s.state == Active {
		s.state, s.lockedAt = Locked, now
	}
}

// LockedFor is how long the screen has been locked at now (0 unless it
// is locked).
func (s *Session) LockedFor(now time.Time) time.Duration {
	if st, _ := s.State(now); st != Locked {
		return 0
	}
	return now.Sub(s.lockedAt)
}

// SignOut ends the session.
func (s *Session) SignOut() {
	s.StaffID, s.state = "", SignedOut
}

// Touch records activity; it fails if the session is not active at now
// (including when it just auto-locked).
func (s *Session) Touch(now time.Time) error {
	switch st, _ := s.State(now); st {
	case SignedOut:
		return ErrNotSignedIn
	case Locked:
		return ErrLocked
	}
	s.lastActivity = now
	return nil
}

// Require checks the session is active at now without counting as activity.
func (s *Session) Require(now time.Time) error {
	switch st, _ := s.State(now); st {
	case SignedOut:
		return ErrNotSignedIn
	case Locked:
		return ErrLocked
	}
	return nil
}
