package app

import (
	"context"
	"errors"
	"strconv"
	"unicode/utf8"

	"okienko/app/audit"
	"okienko/app/auth"
	"okienko/app/i18n"
	"okienko/app/keys"
	"okienko/db/keyfile"
	"okienko/sync/client"
)

// A person an admin gave a one-time password (the console's reset) signs
// in with it on the desktop app as anywhere, and is then held on the
// own-password screen: the device learned the mark from its list of
// verifiers or from the registry's answer to the person's session, and
// Core.require refuses every other act. The new password is set at the
// registry, under the person's own session (a device never writes staff
// rows or verifiers), and the device keeps the verifier the registry
// answers at once. Offline the person cannot get past the screen: the
// one-time password stays the only one, and nothing is done with it.

// minOwnPassword is the shortest password a person may choose (the
// registry's MinPasswordRunes; the registry judges it again).
const minOwnPassword = 10

var errMustChange = errors.New("app: the one-time password must be changed first")

// ChangePassword replaces the signed-in person's password by one they
// chose, giving the current one: at the registry, under their session.
// It is how a one-time password's holder gets past the own-password
// screen.
func (s *AuthService) ChangePassword(current, next string) (Session, error) {
	ctx := context.Background()
	c := s.c
	c.mu.Lock()
	err := c.session.Require(c.Now())
	id := c.session.StaffID
	c.mu.Unlock()
	if err != nil {
		return Session{}, i18n.E("auth.signedOut", err)
	}
	if utf8.RuneCountInString(next) < minOwnPassword || next == current {
		return Session{}, i18n.E("auth.passwordWeak", errors.New("app: weak password"), "min", strconv.Itoa(minOwnPassword))
	}
	st, err := c.Store.StaffByID(ctx, id)
	if err != nil {
		return Session{}, c.internal("load signed-in staff", err)
	}
	cl := c.syncClient()
	if cl == nil {
		return Session{}, i18n.E("auth.passwordOffline", client.ErrOffline)
	}
	token := c.Persons.token(ctx, id)
	if token == "" {
		if err := c.Persons.confirm(ctx, id, st.Login, current); err != nil {
			return Session{}, passwordError(err)
		}
		token = c.Persons.token(ctx, id)
	}
	hash, err := cl.ChangePassword(ctx, token, current, next)
	if errors.Is(err, client.ErrPersonRequired) {
		// The session expired: one more, with the current password.
		if err = c.Persons.confirm(ctx, id, st.Login, current); err == nil {
			hash, err = cl.ChangePassword(ctx, c.Persons.token(ctx, id), current, next)
		}
	}
	if err != nil {
		return Session{}, passwordError(err)
	}
	if err := c.Store.SetOwnCredential(ctx, id, hash); err != nil {
		return Session{}, c.internal("keep the new verifier", err)
	}
	c.Keys.passwordChanged(id, current, next)
	c.Persons.mark(id, false)
	c.audit(ctx, id, audit.PasswordChanged, "staff", id)
	c.Log.Info("own password set", "staff", id)
	c.Events.Emit(EventSession, string(auth.Active))
	return c.sessionDTO(ctx)
}

// passwordError is the person's words for a refused change.
func passwordError(err error) error {
	var th *client.ThrottledError
	switch {
	case errors.As(err, &th):
		return i18n.E("auth.wrongPasswordThrottled", err, "count", strconv.Itoa(int(th.Wait.Seconds())))
	case errors.Is(err, client.ErrWrongPassword):
		return i18n.E("auth.wrongPassword", err)
	case errors.Is(err, client.ErrWeakPassword):
		return i18n.E("auth.passwordWeak", err, "min", strconv.Itoa(minOwnPassword))
	}
	return i18n.E("auth.passwordOffline", err)
}

// passwordChanged wraps the device's key under the person's new password
// (unwrapped with the one it replaces). A failure costs only a trip to
// the registry for the key at the next sign-in.
func (k *KeyRing) passwordChanged(staffID, current, next string) {
	err := keyfile.Update(k.c.DataDir, func(ks *keys.KeySet) (bool, error) {
		if !ks.Has(staffID) {
			return false, nil
		}
		dk, err := ks.Unwrap(staffID, current)
		if err != nil {
			return false, err
		}
		defer dk.Destroy()
		return true, ks.Rewrap(dk, staffID, next, k.c.PasswordParams)
	})
	if err != nil && !errors.Is(err, keyfile.ErrNoKeyFile) {
		k.c.Log.Warn("the key not wrapped under the new password", "staff", staffID, "err", err)
	}
}
