package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	"okienko/app/audit"
	"okienko/db/internal/dbq"
)

// FindAudit lists an office's audit entries the filter lets through,
// newest first, at most f.Limited(): the audit view on this device (its
// own entries and those it pulled from the registry).
func (r reader) FindAudit(ctx context.Context, officeID string, f audit.Filter) ([]audit.Record, error) {
	p := dbq.AuditLogFindParams{OfficeID: officeID, StaffID: f.StaffID, ClientID: f.ClientID, FromMs: 0, ToMs: math.MaxInt64,
		MaxRows: int64(f.Limited())}
	if !f.From.IsZero() {
		p.FromMs = ms(f.From)
	}
	if !f.To.IsZero() {
		p.ToMs = ms(f.To)
	}
	if f.Outside {
		p.OutsideOnly = 1
	}
	rows, err := r.q.AuditLogFind(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("db: find audit: %w", err)
	}
	out := make([]audit.Record, len(rows))
	for i, row := range rows {
		note, err := r.openAuditNote(row.ID, row.Sealed)
		if err != nil {
			return nil, err
		}
		out[i] = audit.Record{Entry: audit.Entry{ID: row.ID, StaffID: row.StaffID.String, Action: row.Action, ObjectType: row.ObjectType,
			ObjectID: row.ObjectID, Detail: row.Detail, Note: note, At: fromMS(row.CreatedAt)}, ClientID: row.ClientID, Unit: row.Unit}
	}
	return out, nil
}

// AuditedSince reports whether a person recorded action on an object at
// or after since (a reason already given today for the same case).
func (r reader) AuditedSince(ctx context.Context, staffID, action, objType, objID string, since time.Time) (bool, error) {
	n, err := r.q.AuditLogCountSince(ctx, dbq.AuditLogCountSinceParams{StaffID: nullString(staffID), Action: action,
		ObjectType: objType, ObjectID: objID, Since: ms(since)})
	if err != nil {
		return false, fmt.Errorf("db: audited since: %w", err)
	}
	return n > 0, nil
}

// CaseIDsOfClient lists the ids of a client's cases this device holds,
// oldest first; ErrNotFound when it holds none.
func (r reader) CaseIDsOfClient(ctx context.Context, clientID string) ([]string, error) {
	ids, err := r.q.CaseIDListByClient(ctx, clientID)
	if errors.Is(err, sql.ErrNoRows) || err == nil && len(ids) == 0 {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("db: cases of client: %w", err)
	}
	return ids, nil
}
