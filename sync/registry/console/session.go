package console

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"slices"
	"time"

	"okienko/app/office"
	"okienko/sync/registry"
	"okienko/sync/registry/store"
)

// Cookies. The session's is HttpOnly; the CSRF token's is readable by the
// page, which sends it back in HeaderCSRF with every change (double
// submit), and its hash is bound to the session, so a token of another
// session does not pass. Both are Secure, SameSite=Strict and __Host-
// (path /, no domain).
const (
	CookieSession = "__Host-okienko-console"
	CookieCSRF    = "__Host-okienko-csrf"
	HeaderCSRF    = "X-Okienko-CSRF"
	// CookieKnown marks a browser where a person signed in before, so
	// another's wrong guesses under their login do not keep them out
	// (registry.SignInStaffKnown). HttpOnly, Secure, SameSite=Strict,
	// __Host-; it opens nothing by itself and names no one.
	CookieKnown = "__Host-okienko-known"
)

// knownMaxAge is how long a browser stays known without a sign-in.
const knownMaxAge = 180 * 24 * time.Hour

// Who is the person a console request acts for.
type Who struct {
	StaffID  string      `json:"staffId"`
	Login    string      `json:"login"`
	Name     string      `json:"name"`
	Role     office.Role `json:"role"`
	OfficeID string      `json:"officeId"`
	Office   string      `json:"office"`
	// Unit is the head's unit symbol: the unit-bound data they see.
	Unit string `json:"unit"`
	// CanChange: admin and head (within their unit); never the secretary.
	CanChange bool `json:"canChange"`
	// CanAdmin: enrol and revoke devices, read the audit log.
	CanAdmin bool `json:"canAdmin"`
	// MustChangePassword: the person signed in with a one-time password
	// and may do nothing but set their own (and sign out).
	MustChangePassword bool   `json:"mustChangePassword"`
	token              string // the session's token hash
}

// consoleRoles may open the console; a clerk may not.
var consoleRoles = []office.Role{office.RoleAdmin, office.RoleHead, office.RoleSecretary}

func random32() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func setCookie(w http.ResponseWriter, name, value string, httpOnly bool, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: httpOnly, Secure: true,
		SameSite: http.SameSiteStrictMode, MaxAge: maxAge})
}

// knownToken is the known-browser token the request's browser holds ("" if
// none).
func knownToken(req *http.Request) string {
	if ck, err := req.Cookie(CookieKnown); err == nil {
		return ck.Value
	}
	return ""
}

// signInRequest is POST /console/api/session.
type signInRequest struct {
	Office   string `json:"office"`
	Login    string `json:"login"`
	Password string `json:"password"`
}

// signIn verifies the person and opens a session: a clerk is refused
// like a wrong password would not be (they learn the console is not
// theirs), and both are audited.
func (c *Console) signIn(w http.ResponseWriter, req *http.Request) {
	// Login CSRF: another site's form (text/plain needs no preflight) could
	// sign this browser in as the attacker's account. The console's own
	// page sends JSON from its origin.
	if !sameOrigin(req) || !jsonBody(req) {
		answer(w, http.StatusForbidden, apiError{Error: "csrf"})
		return
	}
	var in signInRequest
	if !decode(w, req, &in) {
		return
	}
	ctx := req.Context()
	offices, err := c.st.Offices(ctx)
	if err != nil {
		c.fail(w, err)
		return
	}
	if in.Office == "" && len(offices) == 1 {
		in.Office = offices[0].ID
	}
	i := slices.IndexFunc(offices, func(o store.Office) bool { return o.ID == in.Office })
	if i < 0 || in.Login == "" || len(in.Login) > 64 || len(in.Password) > 256 {
		answer(w, http.StatusForbidden, apiError{Error: "wrong_password"})
		return
	}
	held := knownToken(req)
	// Failed sign-ins are limited per address too: each made-up login is
	// under no login's back-off of its own.
	done, err := c.reg.BeginSignIn(req, in.Office, in.Login, held)
	if err != nil {
		answer(w, http.StatusForbidden, apiError{Error: "wrong_password", Wait: registry.ThrottledFor(err)})
		return
	}
	staff, known, err := c.reg.SignInStaffKnown(ctx, in.Office, in.Login, in.Password, held)
	if err == nil {
		done()
	}
	if err != nil {
		if errors.Is(err, registry.ErrWrongPassword) {
			c.audit(ctx, in.Office, "", "signin", "", false)
			answer(w, http.StatusForbidden, apiError{Error: "wrong_password", Wait: registry.ThrottledFor(err)})
			return
		}
		c.fail(w, err)
		return
	}
	if !slices.Contains(consoleRoles, staff.Role) {
		c.audit(ctx, in.Office, staff.ID, "signin", "", false)
		c.log.Warn("console sign-in refused", "office", in.Office, "staff", staff.ID, "reason", "role")
		answer(w, http.StatusForbidden, apiError{Error: "role"})
		return
	}
	token, csrf := random32(), random32()
	now := c.now()
	s := store.ConsoleSession{TokenHash: registry.HashSecret(token), CSRFHash: registry.HashSecret(csrf), OfficeID: in.Office,
		StaffID: staff.ID, CreatedAt: now, SeenAt: now, ExpiresAt: now.Add(c.opt.Max)}
	if err := c.st.AddConsoleSession(ctx, s); err != nil {
		c.fail(w, err)
		return
	}
	setCookie(w, CookieKnown, known, true, int(knownMaxAge/time.Second))
	setCookie(w, CookieSession, token, true, int(c.opt.Max/time.Second))
	setCookie(w, CookieCSRF, csrf, false, int(c.opt.Max/time.Second))
	c.audit(ctx, in.Office, staff.ID, "signin", "", true)
	c.log.Info("console session opened", "office", in.Office, "staff", staff.ID)
	who, err := c.who(ctx, s)
	if err != nil {
		c.fail(w, err)
		return
	}
	answer(w, http.StatusOK, who)
}

// signOut ends the session and clears both cookies.
func (c *Console) signOut(w http.ResponseWriter, req *http.Request, who Who) {
	if err := c.st.EndConsoleSession(req.Context(), who.token, c.now(), c.now().Add(-c.opt.Idle)); err != nil {
		c.fail(w, err)
		return
	}
	setCookie(w, CookieSession, "", true, -1)
	setCookie(w, CookieCSRF, "", false, -1)
	c.audit(req.Context(), who.OfficeID, who.StaffID, "signout", "", true)
	w.WriteHeader(http.StatusNoContent)
}

// who is the session's person as the registry's staff rows say now: a
// person made inactive, or moved to the clerk role, is signed out.
func (c *Console) who(ctx context.Context, s store.ConsoleSession) (Who, error) {
	staff, units, err := c.reg.StaffRows(ctx, s.OfficeID)
	if err != nil {
		return Who{}, err
	}
	i := slices.IndexFunc(staff, func(p office.Staff) bool { return p.ID == s.StaffID })
	if i < 0 || !staff[i].Active || !slices.Contains(consoleRoles, staff[i].Role) {
		return Who{}, errSignedOut
	}
	p := staff[i]
	o, err := c.st.Office(ctx, s.OfficeID)
	if err != nil {
		return Who{}, err
	}
	w := Who{StaffID: p.ID, Login: p.Login, Name: p.FirstName + " " + p.LastName, Role: p.Role, OfficeID: s.OfficeID, Office: o.Name,
		CanChange: p.Role == office.RoleAdmin || p.Role == office.RoleHead, CanAdmin: p.Role == office.RoleAdmin, token: s.TokenHash}
	if w.MustChangePassword, err = c.reg.MustChangePassword(ctx, s.OfficeID, p.ID, p.Login); err != nil {
		return Who{}, err
	}
	if p.Role == office.RoleHead {
		if j := slices.IndexFunc(units, func(u office.Unit) bool { return u.ID == p.UnitID }); j >= 0 {
			w.Unit = units[j].Symbol
		}
	}
	return w, nil
}

var errSignedOut = errors.New("console: signed out")

// touchEvery bounds the writes of a busy session: its last request is
// recorded at most once a minute, well inside the idle timeout.
const touchEvery = time.Minute

// person checks the request's session: live, not idle, of a person who
// may open the console; for a change also the CSRF token and the origin.
func (c *Console) person(req *http.Request, change bool) (Who, error) {
	ck, err := req.Cookie(CookieSession)
	if err != nil || ck.Value == "" {
		return Who{}, errSignedOut
	}
	ctx := req.Context()
	s, err := c.st.ConsoleSession(ctx, registry.HashSecret(ck.Value))
	if errors.Is(err, store.ErrNotFound) {
		return Who{}, errSignedOut
	}
	if err != nil {
		return Who{}, err
	}
	now := c.now()
	if !now.Before(s.ExpiresAt) || now.Sub(s.SeenAt) >= c.opt.Idle {
		c.st.EndConsoleSession(ctx, s.TokenHash, now, now.Add(-c.opt.Idle))
		c.audit(ctx, s.OfficeID, s.StaffID, "session.expired", "", true)
		return Who{}, errSignedOut
	}
	if change {
		h := req.Header.Get(HeaderCSRF)
		cc, err := req.Cookie(CookieCSRF)
		if h == "" || err != nil || subtle.ConstantTimeCompare([]byte(h), []byte(cc.Value)) != 1 ||
			subtle.ConstantTimeCompare([]byte(registry.HashSecret(h)), []byte(s.CSRFHash)) != 1 || !sameOrigin(req) {
			c.audit(ctx, s.OfficeID, s.StaffID, "csrf", req.URL.Path, false)
			return Who{}, errCSRF
		}
	}
	if now.Sub(s.SeenAt) >= touchEvery {
		if err := c.st.TouchConsoleSession(ctx, s.TokenHash, now); err != nil {
			return Who{}, err
		}
	}
	return c.who(ctx, s)
}

var errCSRF = errors.New("console: CSRF token missing or wrong")

// crossOrigin is the standard library's check of where a change comes
// from: a browser's Sec-Fetch-Site, or lacking it, Origin against Host.
// It holds behind a TLS proxy that rewrites Host and scheme, where
// comparing Origin with this server's own scheme and Host refused every
// change the console made.
var crossOrigin = http.NewCrossOriginProtection()

// sameOrigin refuses a change sent from another origin.
func sameOrigin(req *http.Request) bool { return crossOrigin.Check(req) == nil }

// audit records an act; a failure to record is logged, never hidden.
func (c *Console) audit(ctx context.Context, officeID, staffID, action, target string, ok bool) {
	outcome := "ok"
	if !ok {
		outcome = "refused"
	}
	if err := c.st.AddConsoleAudit(context.WithoutCancel(ctx), store.ConsoleAuditEntry{OfficeID: officeID, StaffID: staffID, Action: action,
		Target: target, Outcome: outcome, At: c.now()}); err != nil {
		c.log.Error("console audit", "office", officeID, "staff", staffID, "action", action, "err", err)
	}
}

// jsonBody says the request declares a JSON body, which a cross-site form
// cannot send without the browser asking the registry first.
func jsonBody(req *http.Request) bool {
	t, _, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	return err == nil && t == "application/json"
}

// decode reads a JSON body of at most 64 KiB strictly.
func decode(w http.ResponseWriter, req *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, req.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		answer(w, http.StatusBadRequest, apiError{Error: "bad_request"})
		return false
	}
	return true
}

// apiError is every error answer's body.
type apiError struct {
	Error string `json:"error"`
	// Wait is the seconds a throttled sign-in must wait.
	Wait string `json:"wait,omitempty"`
}

func answer(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// fail answers an error: the person's own refusals by their code, the
// rest 500 with nothing of the error in the answer (it is logged).
func (c *Console) fail(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, errSignedOut):
		answer(w, http.StatusUnauthorized, apiError{Error: "signed_out"})
	case errors.Is(err, errCSRF):
		answer(w, http.StatusForbidden, apiError{Error: "csrf"})
	case errors.Is(err, errRole):
		answer(w, http.StatusForbidden, apiError{Error: "role"})
	case errors.Is(err, errMustChange):
		answer(w, http.StatusForbidden, apiError{Error: "password_change"})
	case errors.Is(err, store.ErrNotFound):
		answer(w, http.StatusNotFound, apiError{Error: "not_found"})
	case errors.Is(err, store.ErrExists):
		answer(w, http.StatusConflict, apiError{Error: "already_done"})
	case errors.Is(err, errInvalid):
		answer(w, http.StatusBadRequest, apiError{Error: "invalid"})
	default:
		c.log.Error("console", "err", err)
		answer(w, http.StatusInternalServerError, apiError{Error: "internal"})
	}
}

var (
	errRole = errors.New("console: the person's role does not allow this")
	// errMustChange refuses every act of a person holding a one-time
	// password but setting their own.
	errMustChange = errors.New("console: the one-time password must be changed first")
	errInvalid    = errors.New("console: invalid request")
)

// whileMustChange are the only acts of a person holding a one-time
// password: who they are, setting their own password, signing out.
var whileMustChange = []string{"session", "signout", "password.own"}

// ownPasswordRequest is POST /console/api/session/password.
type ownPasswordRequest struct {
	Current  string `json:"current"`
	Password string `json:"password"`
}

// ownPassword sets the person's own password, proving the current one;
// it clears the one-time password's mark and the session goes on.
func (c *Console) ownPassword(w http.ResponseWriter, req *http.Request, who Who) {
	ctx := req.Context()
	var in ownPasswordRequest
	if !decode(w, req, &in) {
		return
	}
	held := knownToken(req)
	err := c.reg.ChangeOwnPasswordKnown(ctx, who.OfficeID, who.StaffID, who.Login, in.Current, in.Password, who.token, held)
	switch {
	case errors.Is(err, registry.ErrWeakPassword):
		c.audit(ctx, who.OfficeID, who.StaffID, "password.own", "", false)
		invalidFields(w, []string{"password"})
		return
	case errors.Is(err, registry.ErrWrongPassword):
		c.audit(ctx, who.OfficeID, who.StaffID, "password.own", "", false)
		answer(w, http.StatusForbidden, apiError{Error: "wrong_password", Wait: registry.ThrottledFor(err)})
		return
	case err != nil:
		c.fail(w, err)
		return
	}
	c.audit(ctx, who.OfficeID, who.StaffID, "password.own", "", true)
	who.MustChangePassword = false
	answer(w, http.StatusOK, who)
}
