package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"okienko/app/office"
	"okienko/db/internal/dbq"
)

// On a device linked to a registry, the password verifiers people sign
// in with are the registry's: only those of the people allowed on this
// device, replaced whole at every sync that brings a new list
// (ReplaceCredentials) and kept in device_credential, which never syncs.
// A standalone device (the demo office) signs in with its own staff rows'
// hashes.

// metaCredentials is the version of the list the registry last gave.
const metaCredentials = "sync_credentials"

// metaMustChange lists (comma-separated) the staff ids whose verifier the
// registry marked one-time: they may do nothing here but replace it. Kept
// in device_meta with the list, so no column of device_credential is
// needed; replaced with every list.
const metaMustChange = "sync_credentials_must_change"

// Credential is one person's verifier as the registry gave it.
type Credential struct {
	StaffID string
	Login   string
	Hash    string
	// MustChange: a one-time password the person must replace.
	MustChange bool
}

// CredentialsVersion is the version of the verifiers the registry last
// gave this device; "" if it never gave any.
func (r reader) CredentialsVersion(ctx context.Context) (string, error) {
	return r.meta(ctx, metaCredentials)
}

// ReplaceCredentials makes cs the device's whole list of verifiers, in
// one transaction: anyone not in it can no longer sign in here. It also
// forgets any verifier an older registry left in the staff rows.
func (s *Store) ReplaceCredentials(ctx context.Context, version string, cs []Credential) error {
	if version == "" {
		return errors.New("db: replace credentials: no version")
	}
	return s.InTx(ctx, func(tx *Tx) error {
		if err := tx.q.DeviceCredentialClear(ctx); err != nil {
			return wrap("clear credentials", err)
		}
		var must []string
		for _, c := range cs {
			if c.MustChange {
				must = append(must, c.StaffID)
			}
			if err := tx.q.DeviceCredentialInsert(ctx, dbq.DeviceCredentialInsertParams{StaffID: c.StaffID, Login: c.Login, Hash: c.Hash}); err != nil {
				return fmt.Errorf("db: credential of %s: %w", c.StaffID, err)
			}
		}
		if err := tx.forgetPasswordHashes(ctx); err != nil {
			return err
		}
		if err := tx.setMeta(ctx, metaMustChange, strings.Join(must, ",")); err != nil {
			return err
		}
		return tx.setMeta(ctx, metaCredentials, version)
	})
}

// forgetPasswordHashes blanks every verifier kept in the staff rows and
// their row clocks: they are the registry's to give, and not in a row.
func (t *Tx) forgetPasswordHashes(ctx context.Context) error {
	n, err := t.q.StaffForgetPasswordHashes(ctx)
	if err != nil {
		return wrap("forget password hashes", err)
	}
	if n == 0 {
		return nil
	}
	// The row clocks are sealed: each staff row's is opened, dropped of
	// its verifier and sealed again (an office has tens of them).
	ids, err := t.q.RowClockIDsOf(ctx, "staff")
	if err != nil {
		return wrap("forget password hashes", err)
	}
	for _, id := range ids {
		row, err := t.rowClock(ctx, "staff", id)
		if err != nil {
			return err
		}
		if _, ok := row["passwordHash"]; !ok {
			continue
		}
		delete(row, "passwordHash")
		if err := t.putRowClock(ctx, "staff", id, row); err != nil {
			return err
		}
	}
	return nil
}

// Credentials returns a staff member and the verifier they sign in with
// by login: the one the registry gave this device, once it gave any list
// (someone not on it has none, ""), or else the staff row's own.
func (r reader) Credentials(ctx context.Context, login string) (office.Staff, string, error) {
	row, err := r.q.StaffGetByLogin(ctx, login)
	if err != nil {
		return office.Staff{}, "", notFound(err, "staff")
	}
	s, err := staffFromRow(row)
	if err != nil {
		return office.Staff{}, "", err
	}
	version, err := r.CredentialsVersion(ctx)
	if err != nil || version == "" {
		return s, row.PasswordHash, err
	}
	hash, err := r.q.DeviceCredentialGet(ctx, s.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return s, "", nil
	}
	return s, hash, wrap("credential", err)
}

// SetPasswordHash stores a new verifier of a standalone device's staff
// member (a rehash at sign-in), recorded like any change of the row.
func (t *Tx) SetPasswordHash(ctx context.Context, officeID, staffID, hash string) error {
	row, err := t.q.StaffGet(ctx, staffID)
	if err != nil {
		return notFound(err, "staff")
	}
	s, err := staffFromRow(row)
	if err != nil {
		return err
	}
	return t.SaveStaff(ctx, officeID, s, hash)
}

// SignInAllowed is the set of staff ids the registry gave verifiers of,
// or nil on a device whose registry never gave a list (everyone with a
// hash of their own may sign in).
func (r reader) SignInAllowed(ctx context.Context) (map[string]bool, error) {
	version, err := r.CredentialsVersion(ctx)
	if err != nil || version == "" {
		return nil, err
	}
	ids, err := r.q.DeviceCredentialStaffIDs(ctx)
	if err != nil {
		return nil, wrap("credentials", err)
	}
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// MustChangePassword tells whether the registry's last list marked the
// person's verifier one-time.
func (r reader) MustChangePassword(ctx context.Context, staffID string) (bool, error) {
	v, err := r.meta(ctx, metaMustChange)
	if err != nil || v == "" {
		return false, err
	}
	return slices.Contains(strings.Split(v, ","), staffID), nil
}

// SetOwnCredential keeps the verifier of the password a person just set
// at the registry (ChangePassword's answer) and drops their one-time
// mark, until the next list brings the same. The list's version stays,
// so the next round takes the registry's list anew.
func (s *Store) SetOwnCredential(ctx context.Context, staffID, hash string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		n, err := tx.q.DeviceCredentialSetHash(ctx, dbq.DeviceCredentialSetHashParams{Hash: hash, StaffID: staffID})
		if err != nil {
			return wrap("own credential", err)
		}
		if n == 0 {
			return fmt.Errorf("db: own credential of %s: %w", staffID, ErrNotFound)
		}
		v, err := tx.meta(ctx, metaMustChange)
		if err != nil {
			return err
		}
		ids := slices.DeleteFunc(strings.Split(v, ","), func(id string) bool { return id == staffID || id == "" })
		return tx.setMeta(ctx, metaMustChange, strings.Join(ids, ","))
	})
}
