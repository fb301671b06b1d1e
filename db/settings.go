package db

import (
	"context"
	"errors"
	"fmt"

	"okienko/app/audit"
	"okienko/db/internal/dbq"
)

// Setting returns an office setting's value, or ErrNotFound.
func (r reader) Setting(ctx context.Context, officeID, key string) (string, error) {
	row, err := r.q.SettingGet(ctx, dbq.SettingGetParams{OfficeID: officeID, Key: key})
	if err != nil {
		return "", notFound(err, "setting "+key)
	}
	return row.Value, nil
}

// SetSetting stores an office setting.
func (t *Tx) SetSetting(ctx context.Context, officeID, key, value string) error {
	id := newID()
	if row, err := t.q.SettingGet(ctx, dbq.SettingGetParams{OfficeID: officeID, Key: key}); err == nil {
		id = row.ID
	} else if err := notFound(err, "setting"); !errors.Is(err, ErrNotFound) {
		return err
	}
	p := settingPayload{ID: id, OfficeID: officeID, Key: key, Value: value}
	if err := t.writeSetting(ctx, p); err != nil {
		return err
	}
	return t.record(ctx, "setting", id, p)
}

// metaLocalSetting prefixes a device-local setting in device_meta: it
// applies to this computer only and never syncs, so no device can change
// what every other device of the office obeys.
const metaLocalSetting = "local_setting_"

// LocalSetting returns a device-local setting's value, "" when unset.
func (r reader) LocalSetting(ctx context.Context, key string) (string, error) {
	return r.meta(ctx, metaLocalSetting+key)
}

// SetLocalSetting stores a device-local setting (never synced).
func (t *Tx) SetLocalSetting(ctx context.Context, key, value string) error {
	return t.setMeta(ctx, metaLocalSetting+key, value)
}

// Audit appends an audit entry.
func (t *Tx) Audit(ctx context.Context, officeID string, e audit.Entry) error {
	e.ID = newID()
	e.At = t.now
	p := auditPayload{Entry: e, OfficeID: officeID}
	if err := t.writeAudit(ctx, p); err != nil {
		return err
	}
	return t.record(ctx, "audit_log", e.ID, p)
}

// RecentAudit lists the newest audit entries.
func (r reader) RecentAudit(ctx context.Context, officeID string, limit int) ([]audit.Entry, error) {
	rows, err := r.q.AuditLogListRecent(ctx, dbq.AuditLogListRecentParams{OfficeID: officeID, Limit: int64(limit)})
	if err != nil {
		return nil, fmt.Errorf("db: list audit: %w", err)
	}
	out := make([]audit.Entry, len(rows))
	for i, r := range rows {
		out[i] = audit.Entry{ID: r.ID, StaffID: r.StaffID.String, Action: r.Action, ObjectType: r.ObjectType,
			ObjectID: r.ObjectID, Detail: r.Detail, At: fromMS(r.CreatedAt)}
	}
	return out, nil
}

// Throttle is the sign-in failure state of one login on this device.
type Throttle struct {
	Failures    int
	LockedUntil int64 // unix ms
}

// LoginThrottle returns the failure state of a login; zero if none.
func (r reader) LoginThrottle(ctx context.Context, login string) (Throttle, error) {
	row, err := r.q.LoginThrottleGet(ctx, login)
	if err != nil {
		if err := notFound(err, "throttle"); errors.Is(err, ErrNotFound) {
			return Throttle{}, nil
		}
		return Throttle{}, fmt.Errorf("db: throttle: %w", err)
	}
	return Throttle{Failures: int(row.Failures), LockedUntil: row.LockedUntil}, nil
}

// SetLoginThrottle records failures for a login. The table is local to the
// device and never synced.
func (t *Tx) SetLoginThrottle(ctx context.Context, login string, th Throttle) error {
	if th.Failures == 0 {
		return wrap("clear throttle", t.q.LoginThrottleDelete(ctx, login))
	}
	return wrap("set throttle", t.q.LoginThrottleUpsert(ctx, dbq.LoginThrottleUpsertParams{
		Login: login, Failures: int64(th.Failures), LockedUntil: th.LockedUntil, UpdatedAt: ms(t.now),
	}))
}

func wrap(what string, err error) error {
	if err != nil {
		return fmt.Errorf("db: %s: %w", what, err)
	}
	return nil
}
