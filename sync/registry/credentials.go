package registry

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"okienko/app/demo"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// Password verifiers are not part of the synced staff row: the registry
// keeps them in its own table (store.Credential) and gives a device only
// those of the people allowed to sign in on it (store.People), chosen at
// enrolment and changed by the admin. A stolen device so holds a handful
// of verifiers, not the office's.

// ErrUnknownLogin is a login named for a device that is not the office's.
var ErrUnknownLogin = errors.New("registry: unknown login")

// staffInfo is what the registry reads of a staff row.
type staffInfo struct {
	ID, Login, Role, OfficeID string
	Active                    bool
}

// staffOf reads the office's staff rows.
func (r *Registry) staffOf(ctx context.Context, officeID string) ([]staffInfo, error) {
	rows, err := r.st.RowsOf(ctx, officeID, "staff")
	if err != nil {
		return nil, err
	}
	out := make([]staffInfo, 0, len(rows))
	for _, row := range rows {
		if row.Deleted {
			continue
		}
		var s staffInfo
		_ = json.Unmarshal(row.Fields["id"].V, &s.ID)
		_ = json.Unmarshal(row.Fields["login"].V, &s.Login)
		_ = json.Unmarshal(row.Fields["role"].V, &s.Role)
		_ = json.Unmarshal(row.Fields["officeId"].V, &s.OfficeID)
		_ = json.Unmarshal(row.Fields["active"].V, &s.Active)
		if s.ID == "" {
			s.ID = row.EntityID
		}
		out = append(out, s)
	}
	return out, nil
}

// staffIDs maps logins of the office to staff ids; an unknown one is
// ErrUnknownLogin (named in the error: the admin typed it).
func (r *Registry) staffIDs(ctx context.Context, officeID string, logins []string) ([]string, error) {
	staff, err := r.staffOf(ctx, officeID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(logins))
	for _, login := range logins {
		login = strings.TrimSpace(login)
		if login == "" {
			continue
		}
		i := slices.IndexFunc(staff, func(s staffInfo) bool { return s.Login == login })
		if i < 0 {
			return nil, fmt.Errorf("%w: %s", ErrUnknownLogin, login)
		}
		if !slices.Contains(ids, staff[i].ID) {
			ids = append(ids, staff[i].ID)
		}
	}
	return ids, nil
}

// SetDevicePeople replaces the people allowed to sign in on a device
// (by login); the device takes the new list of verifiers at its next
// sync, and a person no longer on it cannot sign in there afterwards.
func (r *Registry) SetDevicePeople(ctx context.Context, deviceID string, logins []string) error {
	d, err := r.st.Device(ctx, deviceID)
	if err != nil {
		return err
	}
	ids, err := r.staffIDs(ctx, d.OfficeID, logins)
	if err != nil {
		return err
	}
	defer r.scopes.forget(deviceID) // a limited device is sent its people's cases
	if err := r.st.SetDevicePeople(ctx, deviceID, ids); err != nil {
		return err
	}
	r.log.Info("device people changed", "office", d.OfficeID, "device", deviceID, "people", len(ids))
	return nil
}

// DevicePeople lists the logins allowed on a device.
func (r *Registry) DevicePeople(ctx context.Context, deviceID string) ([]string, error) {
	d, err := r.st.Device(ctx, deviceID)
	if err != nil {
		return nil, err
	}
	ids, err := r.st.DevicePeople(ctx, deviceID)
	if err != nil {
		return nil, err
	}
	staff, err := r.staffOf(ctx, d.OfficeID)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(ids))
	for _, s := range staff {
		if slices.Contains(ids, s.ID) {
			out = append(out, s.Login)
		}
	}
	slices.Sort(out)
	return out, nil
}

// DeviceCredentials is the list of verifiers the device may hold: those
// of the people allowed on it, with the list's version.
func (r *Registry) DeviceCredentials(ctx context.Context, dev store.Device) (protocol.CredentialsResponse, error) {
	cs, err := r.st.DeviceCredentials(ctx, dev.ID)
	if err != nil {
		return protocol.CredentialsResponse{}, err
	}
	out := protocol.CredentialsResponse{People: make([]protocol.Credential, len(cs))}
	h := sha256.New()
	for i, c := range cs {
		out.People[i] = protocol.Credential{StaffID: c.StaffID, Login: c.Login, Hash: c.Hash, MustChange: c.MustChange}
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%t\n", c.StaffID, c.Login, c.Hash, c.MustChange)
	}
	out.Version = hex.EncodeToString(h.Sum(nil)[:16])
	return out, nil
}

// handleCredentials answers the device's list of verifiers, or 304 when
// the device already holds this version (If-None-Match): an unchanged
// list costs a round one small request.
func (r *Registry) handleCredentials(c *call) (any, error) {
	resp, err := r.DeviceCredentials(c.req.Context(), c.dev)
	if err != nil {
		return nil, err
	}
	etag := `"` + resp.Version + `"`
	c.w.Header().Set("ETag", etag)
	if c.req.Header.Get("If-None-Match") == etag {
		c.w.WriteHeader(http.StatusNotModified)
		return served{}, nil
	}
	return resp, nil
}

// storeCredentials keeps the verifiers of an office file's staff in the
// registry's own table; staff without one keep theirs.
func (r *Registry) storeCredentials(ctx context.Context, officeID string, staff []demo.StaffAccount) error {
	for _, s := range staff {
		if s.PasswordHash == "" {
			continue
		}
		if err := r.st.PutCredential(ctx, officeID, store.Credential{StaffID: s.ID, Login: s.Login, Hash: s.PasswordHash, UpdatedAt: r.now()}); err != nil {
			return fmt.Errorf("registry: credential of %s: %w", s.ID, err)
		}
	}
	return nil
}
