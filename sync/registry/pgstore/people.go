package pgstore

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"okienko/sync/registry/pgstore/internal/pq"
	"okienko/sync/registry/store"
)

// SetDevicePeople replaces the staff allowed on a device.
func (s *Store) SetDevicePeople(ctx context.Context, deviceID string, staffIDs []string) error {
	return s.begin(ctx, func(ctx context.Context, tx pgx.Tx) error {
		q := s.q.WithTx(tx)
		if _, err := q.DeviceGet(ctx, deviceID); err != nil {
			return notFound(err, "device people")
		}
		if err := q.DevicePeopleClear(ctx, deviceID); err != nil {
			return wrap("device people", err)
		}
		for _, id := range staffIDs {
			if err := q.DevicePersonInsert(ctx, pq.DevicePersonInsertParams{DeviceID: deviceID, StaffID: id}); err != nil {
				return wrap("device people", err)
			}
		}
		return nil
	})
}

// DevicePeople lists the staff allowed on a device.
func (s *Store) DevicePeople(ctx context.Context, deviceID string) ([]string, error) {
	ids, err := s.q.DevicePeopleList(ctx, deviceID)
	return ids, wrap("device people", err)
}

// PutCredential stores a staff member's verifier.
func (s *Store) PutCredential(ctx context.Context, officeID string, c store.Credential) error {
	return wrap("put credential", s.q.CredentialPut(ctx, pq.CredentialPutParams{OfficeID: officeID, StaffID: c.StaffID, Login: c.Login,
		Hash: c.Hash, UpdatedAt: ms(c.UpdatedAt), MustChange: c.MustChange}))
}

func credentials(rows []pq.Credential) []store.Credential {
	out := make([]store.Credential, len(rows))
	for i, c := range rows {
		out[i] = store.Credential{StaffID: c.StaffID, Login: c.Login, Hash: c.Hash, UpdatedAt: fromMS(c.UpdatedAt), MustChange: c.MustChange}
	}
	return out
}

// CredentialsByLogin finds the verifiers stored under a login.
func (s *Store) CredentialsByLogin(ctx context.Context, officeID, login string) ([]store.Credential, error) {
	rows, err := s.q.CredentialByLogin(ctx, pq.CredentialByLoginParams{OfficeID: officeID, Login: login})
	return credentials(rows), wrap("credentials", err)
}

// DeviceCredentials lists the verifiers of the people allowed on a device.
func (s *Store) DeviceCredentials(ctx context.Context, deviceID string) ([]store.Credential, error) {
	rows, err := s.q.CredentialsOfDevice(ctx, deviceID)
	return credentials(rows), wrap("device credentials", err)
}

// AddPersonSession stores a person session.
func (s *Store) AddPersonSession(ctx context.Context, p store.PersonSession) error {
	return wrap("add person session", s.q.PersonSessionInsert(ctx, pq.PersonSessionInsertParams{TokenHash: p.TokenHash, OfficeID: p.OfficeID,
		DeviceID: p.DeviceID, StaffID: p.StaffID, CreatedAt: ms(p.CreatedAt), ExpiresAt: ms(p.ExpiresAt)}))
}

// PersonSession finds a session by its token's hash.
func (s *Store) PersonSession(ctx context.Context, tokenHash string) (store.PersonSession, error) {
	p, err := s.q.PersonSessionGet(ctx, tokenHash)
	if err != nil {
		return store.PersonSession{}, notFound(err, "person session")
	}
	return store.PersonSession{TokenHash: p.TokenHash, OfficeID: p.OfficeID, DeviceID: p.DeviceID, StaffID: p.StaffID,
		CreatedAt: fromMS(p.CreatedAt), ExpiresAt: fromMS(p.ExpiresAt)}, nil
}

// EndPersonSession deletes a session and the expired ones.
func (s *Store) EndPersonSession(ctx context.Context, tokenHash string, now time.Time) error {
	if err := s.q.PersonSessionDelete(ctx, tokenHash); err != nil {
		return wrap("end person session", err)
	}
	return wrap("expire person sessions", s.q.PersonSessionsExpire(ctx, ms(now)))
}

// EndStaffSessions deletes every device and console session of a person
// but keep.
func (s *Store) EndStaffSessions(ctx context.Context, officeID, staffID, keep string) error {
	if err := s.q.PersonSessionsDeleteByStaff(ctx, pq.PersonSessionsDeleteByStaffParams{OfficeID: officeID, StaffID: staffID, Keep: keep}); err != nil {
		return wrap("end a person's sessions", err)
	}
	return wrap("end a person's console sessions", s.q.ConsoleSessionsDeleteByStaff(ctx, pq.ConsoleSessionsDeleteByStaffParams{OfficeID: officeID, StaffID: staffID, Keep: keep}))
}

// LoginFailures is a login's back-off state.
func (s *Store) LoginFailures(ctx context.Context, officeID, login string) (store.LoginFailures, error) {
	f, err := s.q.LoginFailuresGet(ctx, pq.LoginFailuresGetParams{OfficeID: officeID, Login: login})
	if errors.Is(err, pgx.ErrNoRows) {
		return store.LoginFailures{}, nil
	}
	if err != nil {
		return store.LoginFailures{}, wrap("login failures", err)
	}
	return store.LoginFailures{Failures: int(f.Failures), LockedUntil: fromMS(f.LockedUntil)}, nil
}

// SetLoginFailures stores a login's back-off state; the zero value clears it.
func (s *Store) SetLoginFailures(ctx context.Context, officeID, login string, f store.LoginFailures) error {
	if f.Failures == 0 {
		return wrap("login failures", s.q.LoginFailuresDelete(ctx, pq.LoginFailuresDeleteParams{OfficeID: officeID, Login: login}))
	}
	return wrap("login failures", s.q.LoginFailuresPut(ctx, pq.LoginFailuresPutParams{OfficeID: officeID, Login: login,
		Failures: int64(f.Failures), LockedUntil: ms(f.LockedUntil)}))
}

// PutDeviceKey keeps (or replaces) a device's escrowed data key.
func (s *Store) PutDeviceKey(ctx context.Context, deviceID string, key []byte, now time.Time) error {
	return wrap("put device key", s.q.DeviceKeyPut(ctx, pq.DeviceKeyPutParams{DeviceID: deviceID, DataKey: key, CreatedAt: ms(now)}))
}

// DeviceKey is a device's escrowed data key, none for a revoked device.
func (s *Store) DeviceKey(ctx context.Context, deviceID string) ([]byte, error) {
	k, err := s.q.DeviceKeyGet(ctx, deviceID)
	if err != nil {
		return nil, notFound(err, "device key")
	}
	return k, nil
}
