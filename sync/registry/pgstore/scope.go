package pgstore

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"okienko/sync/registry/pgstore/internal/pq"
	"okienko/sync/registry/store"
)

// SetDeviceScope replaces a device's scope.
func (s *Store) SetDeviceScope(ctx context.Context, deviceID string, sc store.Scope) error {
	return s.begin(ctx, func(ctx context.Context, tx pgx.Tx) error {
		q := s.q.WithTx(tx)
		if _, err := q.DeviceGet(ctx, deviceID); err != nil {
			return notFound(err, "device scope")
		}
		if !sc.Limited {
			return wrap("device scope", q.DeviceScopeClear(ctx, deviceID))
		}
		return wrap("device scope", q.DeviceScopeSet(ctx, pq.DeviceScopeSetParams{DeviceID: deviceID, Units: sc.Encode()}))
	})
}

// DeviceScope is a device's scope; the whole office when none was set.
func (s *Store) DeviceScope(ctx context.Context, deviceID string) (store.Scope, error) {
	units, err := s.q.DeviceScopeGet(ctx, deviceID)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Scope{}, nil
	}
	if err != nil {
		return store.Scope{}, wrap("device scope", err)
	}
	return store.DecodeScope(units)
}

// DeviceScopes lists the limited scopes of an office's devices.
func (s *Store) DeviceScopes(ctx context.Context, officeID string) (map[string]store.Scope, error) {
	rows, err := s.q.DeviceScopeList(ctx, officeID)
	if err != nil {
		return nil, wrap("device scopes", err)
	}
	out := make(map[string]store.Scope, len(rows))
	for _, r := range rows {
		if out[r.DeviceID], err = store.DecodeScope(r.Units); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// enrolmentScope stores the scope an enrolment code gives its device.
func enrolmentScope(ctx context.Context, q *pq.Queries, e store.Enrollment) error {
	if !e.Scope.Limited {
		return nil
	}
	return wrap("add enrolment scope", q.EnrollmentScopeInsert(ctx, pq.EnrollmentScopeInsertParams{CodeHash: e.CodeHash, Units: e.Scope.Encode()}))
}

// enrolScope gives a device the scope of the code it enrolled with (none:
// the whole office), in the enrolment's transaction.
func enrolScope(ctx context.Context, q *pq.Queries, deviceID, codeHash string) error {
	if err := q.DeviceScopeClear(ctx, deviceID); err != nil {
		return wrap("enrol scope", err)
	}
	return wrap("enrol scope", q.DeviceScopeFromEnrollment(ctx, pq.DeviceScopeFromEnrollmentParams{DeviceID: deviceID, CodeHash: codeHash}))
}
