package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"okienko/sync/protocol"
)

// Errors of person authority; each also matches ErrForbidden.
var (
	// ErrPersonRequired: the act needs a person session (none sent, or
	// it expired, ended or belongs to another device).
	ErrPersonRequired = errors.New("client: a person session is required")
	// ErrRole: the person's role does not allow the act.
	ErrRole = errors.New("client: the person's role does not allow this")
	// ErrWrongPassword: the registry refused the person's sign-in.
	ErrWrongPassword = errors.New("client: the registry refused the sign-in")
	// ErrUnsupported: the registry does not know the route (an older
	// version).
	ErrUnsupported = errors.New("client: the registry does not offer this")
	// ErrNotOpen: a date flag to mark checked is no longer open (someone
	// checked it meanwhile).
	ErrNotOpen = errors.New("client: the date flag is no longer open")
	// ErrMustChange: the person holds a one-time password and must
	// replace it (ChangePassword) before anything else.
	ErrMustChange = errors.New("client: the one-time password must be changed first")
	// ErrWeakPassword: the new password is too short or unchanged.
	ErrWeakPassword = errors.New("client: the new password is too short or unchanged")
)

// ThrottledError is a sign-in refused while its login waits out the
// registry's back-off.
type ThrottledError struct{ Wait time.Duration }

func (e *ThrottledError) Error() string { return "client: sign-in throttled for " + e.Wait.String() }

// Unwrap makes it an ErrWrongPassword.
func (e *ThrottledError) Unwrap() error { return ErrWrongPassword }

// forbidden is the error of a 403 answer.
func forbidden(eb protocol.ErrorBody) error {
	switch eb.Error {
	case protocol.ErrorPersonRequired:
		return fmt.Errorf("%w: %w", ErrForbidden, ErrPersonRequired)
	case protocol.ErrorRole:
		return fmt.Errorf("%w: %w", ErrForbidden, ErrRole)
	case protocol.ErrorPasswordChange:
		return fmt.Errorf("%w: %w", ErrForbidden, ErrMustChange)
	case protocol.ErrorWrongPassword:
		if s, err := strconv.Atoi(eb.Hint); err == nil && s > 0 {
			return fmt.Errorf("%w: %w", ErrForbidden, &ThrottledError{Wait: time.Duration(s) * time.Second})
		}
		return fmt.Errorf("%w: %w", ErrForbidden, ErrWrongPassword)
	}
	return ErrForbidden
}

// Session asks the registry for a person session: it verifies the
// person's password itself and answers a token for HeaderPerson.
func (c *Client) Session(ctx context.Context, login, password string) (protocol.SessionResponse, error) {
	var out protocol.SessionResponse
	if err := c.do(ctx, http.MethodPost, c.officePath("/session"), protocol.SessionRequest{Login: login, Password: password}, &out); err != nil {
		return out, err
	}
	if out.Token == "" || !protocol.ValidID(out.StaffID) {
		return out, fmt.Errorf("%w: session answer", protocol.ErrInvalid)
	}
	return out, nil
}

// ChangePassword replaces the person's password by one they chose, under
// their session (the holder of a one-time password must); it answers the
// new verifier.
func (c *Client) ChangePassword(ctx context.Context, person, current, next string) (string, error) {
	var out protocol.PasswordResponse
	_, _, err := c.doHeader(ctx, http.MethodPost, c.officePath("/session/password"), map[string]string{protocol.HeaderPerson: person},
		protocol.PasswordRequest{Current: current, New: next}, &out)
	if err != nil {
		return "", err
	}
	if out.Hash == "" || len(out.Hash) > 512 {
		return "", fmt.Errorf("%w: password answer", protocol.ErrInvalid)
	}
	return out.Hash, nil
}

// EndSession ends a person session at the registry (sign-out).
func (c *Client) EndSession(ctx context.Context, person string) error {
	_, _, err := c.doHeader(ctx, http.MethodDelete, c.officePath("/session"), map[string]string{protocol.HeaderPerson: person}, nil, nil)
	return err
}

// ResolveAs settles a conflict with a person session's authority (a
// head's or the admin's) and returns the conflicts left.
func (c *Client) ResolveAs(ctx context.Context, person string, req protocol.ResolveRequest) ([]protocol.ConflictView, error) {
	var out []protocol.ConflictView
	_, _, err := c.doHeader(ctx, http.MethodPost, c.officePath("/conflicts/resolve"), map[string]string{protocol.HeaderPerson: person}, req, &out)
	return out, err
}

// Credentials fetches the verifiers of the people allowed on this device.
// With the version the device holds, an unchanged list answers
// changed=false and nothing else.
func (c *Client) Credentials(ctx context.Context, version string) (resp protocol.CredentialsResponse, changed bool, err error) {
	var hdr map[string]string
	if version != "" {
		hdr = map[string]string{"If-None-Match": `"` + version + `"`}
	}
	code, _, err := c.doHeader(ctx, http.MethodGet, c.officePath("/credentials"), hdr, nil, &resp)
	if code == http.StatusNotFound {
		return resp, false, ErrUnsupported
	}
	if err != nil || code == http.StatusNotModified {
		return resp, false, err
	}
	if err := resp.Validate(); err != nil {
		return resp, false, err
	}
	return resp, true, nil
}

// DateFlags lists the office's cases whose submission date the registry
// flagged (ErrUnsupported from a registry older than the route).
func (c *Client) DateFlags(ctx context.Context) (protocol.DateFlagsResponse, error) {
	var out protocol.DateFlagsResponse
	code, _, err := c.doHeader(ctx, http.MethodGet, c.officePath("/date-flags"), nil, nil, &out)
	if code == http.StatusNotFound {
		return out, ErrUnsupported
	}
	if err != nil {
		return out, err
	}
	return out, out.Validate()
}

// CheckDateFlagsAs marks date flags checked with a person session's
// authority (a head's or the admin's) and returns the flags left open.
func (c *Client) CheckDateFlagsAs(ctx context.Context, person string, ids []string) (protocol.DateFlagsResponse, error) {
	var out protocol.DateFlagsResponse
	code, _, err := c.doHeader(ctx, http.MethodPost, c.officePath("/date-flags/check"), map[string]string{protocol.HeaderPerson: person},
		protocol.DateFlagCheckRequest{IDs: ids}, &out)
	if code == http.StatusNotFound {
		return out, fmt.Errorf("%w: %w", ErrNotOpen, err)
	}
	if err != nil {
		return out, err
	}
	return out, out.Validate()
}

// ErrNoDeviceKey: the registry keeps no data key for this device (it was
// enrolled before encryption at rest, or its key was never received).
var ErrNoDeviceKey = errors.New("client: the registry keeps no key for this device")

// DeviceKey asks the registry for this device's data key with a person
// session of someone on the device's list (the escrow kept since the
// enrolment); the device then wraps it for that person's password.
func (c *Client) DeviceKey(ctx context.Context, person string) ([]byte, error) {
	var out protocol.DeviceKeyResponse
	code, _, err := c.doHeader(ctx, http.MethodGet, c.officePath("/device-key"), map[string]string{protocol.HeaderPerson: person}, nil, &out)
	if code == http.StatusNotFound {
		return nil, ErrNoDeviceKey
	}
	if err != nil {
		return nil, err
	}
	key, err := protocol.DecodeDataKey(out.DataKey)
	if err != nil {
		return nil, fmt.Errorf("%w: device key answer", protocol.ErrInvalid)
	}
	return key, nil
}
