package registry

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"

	"okienko/app/auth"
	"okienko/app/office"
	"okienko/sync/registry/store"
)

// The office's web console (sync/registry/console) signs people in with
// the verifiers the registry keeps, under the same back-off as a device's
// person session: one login's attempts take turns, every refusal counts,
// and the answer is the same whatever the reason.

// StaffRows reads the office's live staff and units as the directory's
// domain types (decoded leniently: a field a row lacks stays empty).
func (r *Registry) StaffRows(ctx context.Context, officeID string) ([]office.Staff, []office.Unit, error) {
	var staff []office.Staff
	var units []office.Unit
	for _, ent := range []string{"staff", "unit"} {
		rows, err := r.st.RowsOf(ctx, officeID, ent)
		if err != nil {
			return nil, nil, fmt.Errorf("registry: %s rows: %w", ent, err)
		}
		for _, row := range rows {
			if row.Deleted {
				continue
			}
			flat := make(map[string]json.RawMessage, len(row.Fields))
			for k, f := range row.Fields {
				flat[k] = f.V
			}
			raw, _ := json.Marshal(flat)
			if ent == "staff" {
				var s office.Staff
				if json.Unmarshal(raw, &s) == nil {
					staff = append(staff, s)
				}
				continue
			}
			var u office.Unit
			if json.Unmarshal(raw, &u) == nil {
				units = append(units, u)
			}
		}
	}
	slices.SortFunc(staff, func(a, b office.Staff) int { return compareStrings(a.Login, b.Login) })
	slices.SortFunc(units, func(a, b office.Unit) int { return compareStrings(a.Symbol, b.Symbol) })
	return staff, units, nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// SignInStaff verifies a person's password against the registry's
// verifier for the console. It refuses with ErrWrongPassword (a
// throttledError while the login waits out its back-off) alike an unknown
// login, an inactive person, one without a verifier and a wrong password;
// roles are the console's to check.
func (r *Registry) SignInStaff(ctx context.Context, officeID, login, password string) (office.Staff, error) {
	return r.signInStaff(ctx, officeID, login, password, "", false)
}

// SignInStaffKnown is SignInStaff from a console browser that may hold a
// known-browser token (knownbrowser.go): with one valid for the login,
// the login's back-off does not hold it back and its wrong passwords count
// against the token alone. After a right password it returns the token
// the browser keeps.
func (r *Registry) SignInStaffKnown(ctx context.Context, officeID, login, password, token string) (office.Staff, string, error) {
	nonce, known := r.known.nonce(officeID, login, token)
	who, err := r.signInStaff(ctx, officeID, login, password, nonce, known)
	if err != nil {
		return office.Staff{}, "", err
	}
	return who, r.known.issue(officeID, login, token), nil
}

// signInStaff is SignInStaff, throttled by the known browser's nonce when
// known, else by the login.
func (r *Registry) signInStaff(ctx context.Context, officeID, login, password, nonce string, known bool) (office.Staff, error) {
	turn := r.people.turn(officeID, login)
	turn.Lock()
	defer turn.Unlock()
	select {
	case r.people.verifying <- struct{}{}:
	case <-ctx.Done():
		return office.Staff{}, ctx.Err()
	}
	defer func() { <-r.people.verifying }()
	staff, _, err := r.StaffRows(ctx, officeID)
	if err != nil {
		return office.Staff{}, err
	}
	var who office.Staff
	if i := slices.IndexFunc(staff, func(s office.Staff) bool { return s.Login == login }); i >= 0 {
		who = staff[i]
	}
	// A login the office does not have backs off like any other, but in
	// memory: made-up logins write no row to the store.
	ghost := who.ID == ""
	var fails store.LoginFailures
	switch {
	case known:
		if wait := r.known.waiting(nonce, r.now()); wait > 0 {
			r.log.Warn("console sign-in refused", "office", officeID, "reason", "throttled", "browser", "known")
			return office.Staff{}, throttledError{wait}
		}
	case ghost:
		fails = r.people.ghosts.get(ghostKey(officeID, login))
	default:
		if fails, err = r.st.LoginFailures(ctx, officeID, login); err != nil {
			return office.Staff{}, err
		}
	}
	if wait := fails.LockedUntil.Sub(r.now()); !known && wait > 0 {
		r.log.Warn("console sign-in refused", "office", officeID, "reason", "throttled", "failures", fails.Failures)
		return office.Staff{}, throttledError{wait}
	}
	var cred store.Credential
	if who.ID != "" {
		cs, err := r.st.CredentialsByLogin(ctx, officeID, login)
		if err != nil {
			return office.Staff{}, err
		}
		if i := slices.IndexFunc(cs, func(c store.Credential) bool { return c.StaffID == who.ID }); i >= 0 {
			cred = cs[i]
		}
	}
	reason := ""
	switch {
	case who.ID == "":
		reason = "unknown"
	case !who.Active:
		reason = "inactive"
	case cred.Hash == "":
		reason = "no_verifier"
	}
	ok := false
	if reason == "" {
		if ok, err = r.verify(password, cred.Hash); err != nil {
			return office.Staff{}, err
		}
		if !ok {
			reason = "password"
		}
	} else {
		r.decoyVerify(password)
	}
	if !ok && known {
		n := r.known.failed(nonce, r.now())
		r.log.Warn("console sign-in refused", "office", officeID, "staff", who.ID, "reason", reason, "failures", n, "browser", "known")
		return office.Staff{}, ErrWrongPassword
	}
	if !ok {
		fails.Failures++
		fails.LockedUntil = r.now().Add(auth.Delay(fails.Failures))
		if ghost {
			r.people.ghosts.set(ghostKey(officeID, login), fails, r.now())
		} else if err := r.st.SetLoginFailures(ctx, officeID, login, fails); err != nil {
			return office.Staff{}, err
		}
		r.log.Warn("console sign-in refused", "office", officeID, "staff", who.ID, "reason", reason, "failures", fails.Failures)
		return office.Staff{}, ErrWrongPassword
	}
	if known {
		r.known.succeeded(nonce)
	}
	if fails.Failures > 0 {
		if err := r.st.SetLoginFailures(ctx, officeID, login, store.LoginFailures{}); err != nil {
			return office.Staff{}, err
		}
	}
	if auth.NeedsRehash(cred.Hash, r.people.params) {
		r.rehash(ctx, officeID, cred, password)
	}
	return who, nil
}

// ThrottledFor is how many seconds a refused sign-in must wait before the
// next try ("" when err is no back-off).
func ThrottledFor(err error) string {
	if th, ok := err.(throttledError); ok {
		return th.seconds()
	}
	return ""
}

// oneTimeAlphabet leaves out the letters and digits read alike (0/O,
// 1/l/I): the admin reads the password aloud or hands it on paper.
const oneTimeAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// IssuePassword gives a person a new one-time password (the console's
// reset): its verifier replaces theirs at the registry at once, and reaches
// the devices they may sign in on at those devices' next sync. The
// password is returned once, to be handed over, and kept nowhere; it is
// marked must-change, so the console lets its holder do nothing but set
// their own (ChangeOwnPassword). Every session the person had open, on a
// device or in the console, ends.
func (r *Registry) IssuePassword(ctx context.Context, officeID, staffID string) (string, error) {
	staff, _, err := r.StaffRows(ctx, officeID)
	if err != nil {
		return "", err
	}
	i := slices.IndexFunc(staff, func(s office.Staff) bool { return s.ID == staffID })
	if i < 0 {
		return "", store.ErrNotFound
	}
	buf := make([]byte, 12)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("registry: one-time password: %w", err)
	}
	for j, b := range buf {
		buf[j] = oneTimeAlphabet[int(b)%len(oneTimeAlphabet)]
	}
	pw := string(buf[:4]) + "-" + string(buf[4:8]) + "-" + string(buf[8:])
	h, err := auth.Hash(pw, r.people.params)
	if err != nil {
		return "", fmt.Errorf("registry: one-time password: %w", err)
	}
	if err := r.st.PutCredential(ctx, officeID, store.Credential{StaffID: staffID, Login: staff[i].Login, Hash: h, UpdatedAt: r.now(),
		MustChange: true}); err != nil {
		return "", err
	}
	if err := r.st.SetLoginFailures(ctx, officeID, staff[i].Login, store.LoginFailures{}); err != nil {
		return "", err
	}
	// A reset is most often for a password someone else learnt: what it
	// opened (a device's person session, which fetches the device's key,
	// or a console session) ends with it. After the new verifier is
	// stored, so no session opened with the old password outlives this.
	if err := r.st.EndStaffSessions(ctx, officeID, staffID, ""); err != nil {
		return "", err
	}
	r.log.Info("one-time password issued", "office", officeID, "staff", staffID)
	return pw, nil
}

// MinPasswordRunes is the shortest password a person may choose.
const MinPasswordRunes = 10

// maxPasswordBytes is the longest password taken, as a sign-in takes it.
const maxPasswordBytes = 256

// ErrWeakPassword is a new password refused: too short, or the one it
// replaces.
var ErrWeakPassword = errors.New("registry: the new password is too short or unchanged")

// MustChangePassword tells whether the person still holds a one-time
// password they must replace before anything else.
func (r *Registry) MustChangePassword(ctx context.Context, officeID, staffID, login string) (bool, error) {
	cs, err := r.st.CredentialsByLogin(ctx, officeID, login)
	if err != nil {
		return false, err
	}
	i := slices.IndexFunc(cs, func(c store.Credential) bool { return c.StaffID == staffID })
	return i >= 0 && cs[i].MustChange, nil
}

// ChangeOwnPassword replaces a person's password by one they chose,
// proving the current one (under the sign-in's back-off), and clears the
// must-change mark. The new verifier reaches their devices at the next
// sync, as every verifier does. Every other session of the person, on
// devices and in the console, ends; keep, the token hash of the session
// the change is made in, goes on.
func (r *Registry) ChangeOwnPassword(ctx context.Context, officeID, staffID, login, current, next, keep string) error {
	return r.changeOwnPassword(ctx, officeID, staffID, login, current, next, keep, "", false)
}

// ChangeOwnPasswordKnown is ChangeOwnPassword from a console browser that
// may hold a known-browser token (knownbrowser.go): the current password
// is then proved under that browser's back-off, so someone guessing at
// the login elsewhere cannot keep its holder from setting their own.
func (r *Registry) ChangeOwnPasswordKnown(ctx context.Context, officeID, staffID, login, current, next, keep, token string) error {
	nonce, known := r.known.nonce(officeID, login, token)
	return r.changeOwnPassword(ctx, officeID, staffID, login, current, next, keep, nonce, known)
}

func (r *Registry) changeOwnPassword(ctx context.Context, officeID, staffID, login, current, next, keep, nonce string, known bool) error {
	if utf8.RuneCountInString(next) < MinPasswordRunes || len(next) > maxPasswordBytes || next == current {
		return ErrWeakPassword
	}
	// No password is that long: refused before the costly check, and
	// counted against nobody.
	if len(current) > maxPasswordBytes {
		return ErrWrongPassword
	}
	if _, err := r.signInStaff(ctx, officeID, login, current, nonce, known); err != nil {
		return err
	}
	cs, err := r.st.CredentialsByLogin(ctx, officeID, login)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(cs, func(c store.Credential) bool { return c.StaffID == staffID })
	if i < 0 {
		return store.ErrNotFound
	}
	h, err := auth.Hash(next, r.people.params)
	if err != nil {
		return fmt.Errorf("registry: own password: %w", err)
	}
	if err := r.st.PutCredential(ctx, officeID, store.Credential{StaffID: staffID, Login: login, Hash: h, UpdatedAt: r.now()}); err != nil {
		return err
	}
	// Someone who learnt the old password keeps nothing it opened.
	if err := r.st.EndStaffSessions(ctx, officeID, staffID, keep); err != nil {
		return err
	}
	r.log.Info("own password set", "office", officeID, "staff", staffID)
	return nil
}
