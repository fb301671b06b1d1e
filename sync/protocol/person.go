package protocol

import "unicode/utf8"

// HeaderPerson carries a person session's token (SessionResponse.Token)
// on a request for an act only some people may do (resolving a
// conflict): the registry checks the person, not the device.
const HeaderPerson = "Okienko-Person"

// Error codes of a 403 for a privileged act.
const (
	// ErrorPersonRequired: no person session, or one expired, ended or of
	// another device.
	ErrorPersonRequired = "person_required"
	// ErrorRole: the person's role does not allow the act.
	ErrorRole = "role"
	// ErrorWrongPassword: a person session refused (wrong login or
	// password, a person not allowed on this device); Hint carries the
	// seconds to wait when the login is throttled.
	ErrorWrongPassword = "wrong_password"
	// ErrorPasswordChange: the person holds a one-time password and may
	// do nothing at the registry but replace it (PasswordRequest).
	ErrorPasswordChange = "password_change"
	// ErrorWeakPassword: the new password is too short or the one it
	// replaces.
	ErrorWeakPassword = "weak_password"
)

// Limits of a sign-in request.
const (
	MaxLoginLen    = 64
	MaxPasswordLen = 1024
)

// SessionRequest asks the registry for a person session: the person
// signing in on the device gives their password, which the registry
// verifies itself.
type SessionRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

// Validate checks a session request.
func (r *SessionRequest) Validate() error {
	if r.Login == "" || len(r.Login) > MaxLoginLen || !utf8.ValidString(r.Login) || hasControl(r.Login) {
		return invalid("login")
	}
	if r.Password == "" || len(r.Password) > MaxPasswordLen || !utf8.ValidString(r.Password) {
		return invalid("password")
	}
	return nil
}

// SessionResponse is a person session: a random 256-bit token the device
// keeps in memory only and sends as HeaderPerson.
type SessionResponse struct {
	Token     string `json:"token"`
	StaffID   string `json:"staffId"`
	Role      string `json:"role"`
	ExpiresAt string `json:"expiresAt"` // RFC 3339
	// MustChange: the password was a one-time one an admin issued; the
	// person must set their own (PasswordRequest) before anything else.
	MustChange bool `json:"mustChange,omitempty"`
}

// PasswordRequest replaces the person's password by one they chose,
// proving the current one; sent with the person's session (HeaderPerson).
type PasswordRequest struct {
	Current string `json:"current"`
	New     string `json:"new"`
}

// Validate checks a password request (the registry judges the new
// password's strength itself).
func (r *PasswordRequest) Validate() error {
	if r.Current == "" || len(r.Current) > MaxPasswordLen || !utf8.ValidString(r.Current) {
		return invalid("current")
	}
	if r.New == "" || len(r.New) > MaxPasswordLen || !utf8.ValidString(r.New) {
		return invalid("new")
	}
	return nil
}

// PasswordResponse carries the person's new verifier, which the device
// keeps at once, before its next list of verifiers.
type PasswordResponse struct {
	Hash string `json:"hash"`
}

// Credential is the password verifier (Argon2id PHC) of one person
// allowed to sign in on the device.
type Credential struct {
	StaffID string `json:"staffId"`
	Login   string `json:"login"`
	Hash    string `json:"hash"`
	// MustChange marks a one-time password: the device lets the person
	// do nothing but replace it.
	MustChange bool `json:"mustChange,omitempty"`
}

// CredentialsResponse is the whole list of verifiers for the calling
// device, with its version (also the answer's ETag): a device that sends
// it back in If-None-Match gets 304 while the list is unchanged.
type CredentialsResponse struct {
	Version string       `json:"version"`
	People  []Credential `json:"people"`
}

// MaxCredentials bounds the list a device takes.
const MaxCredentials = 10000

// Validate checks a credentials answer.
func (r *CredentialsResponse) Validate() error {
	if len(r.People) > MaxCredentials || len(r.Version) > 128 {
		return invalid("credentials: too many")
	}
	seen := make(map[string]bool, len(r.People))
	for _, c := range r.People {
		if !ValidID(c.StaffID) || c.Login == "" || len(c.Login) > MaxLoginLen || !utf8.ValidString(c.Login) ||
			c.Hash == "" || len(c.Hash) > 512 || seen[c.StaffID] {
			return invalid("credential of %q", c.StaffID)
		}
		seen[c.StaffID] = true
	}
	return nil
}
