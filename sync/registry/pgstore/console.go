package pgstore

import (
	"context"
	"math"
	"time"

	"okienko/sync/registry/pgstore/internal/pq"
	"okienko/sync/registry/store"
)

// AddConsoleSession stores a console session.
func (s *Store) AddConsoleSession(ctx context.Context, c store.ConsoleSession) error {
	return wrap("add console session", s.q.ConsoleSessionInsert(ctx, pq.ConsoleSessionInsertParams{TokenHash: c.TokenHash, CsrfHash: c.CSRFHash,
		OfficeID: c.OfficeID, StaffID: c.StaffID, CreatedAt: ms(c.CreatedAt), SeenAt: ms(c.SeenAt), ExpiresAt: ms(c.ExpiresAt)}))
}

// ConsoleSession finds a console session by its token's hash.
func (s *Store) ConsoleSession(ctx context.Context, tokenHash string) (store.ConsoleSession, error) {
	c, err := s.q.ConsoleSessionGet(ctx, tokenHash)
	if err != nil {
		return store.ConsoleSession{}, notFound(err, "console session")
	}
	return store.ConsoleSession{TokenHash: c.TokenHash, CSRFHash: c.CsrfHash, OfficeID: c.OfficeID, StaffID: c.StaffID,
		CreatedAt: fromMS(c.CreatedAt), SeenAt: fromMS(c.SeenAt), ExpiresAt: fromMS(c.ExpiresAt)}, nil
}

// TouchConsoleSession records a request of the session.
func (s *Store) TouchConsoleSession(ctx context.Context, tokenHash string, now time.Time) error {
	return wrap("touch console session", s.q.ConsoleSessionTouch(ctx, pq.ConsoleSessionTouchParams{SeenAt: ms(now), TokenHash: tokenHash}))
}

// EndConsoleSession deletes a session and those past their end or idle.
func (s *Store) EndConsoleSession(ctx context.Context, tokenHash string, now, idleBefore time.Time) error {
	if err := s.q.ConsoleSessionDelete(ctx, tokenHash); err != nil {
		return wrap("end console session", err)
	}
	return wrap("expire console sessions", s.q.ConsoleSessionsExpire(ctx, pq.ConsoleSessionsExpireParams{Now: ms(now), IdleBefore: ms(idleBefore)}))
}

// AddConsoleAudit records an act in the console.
func (s *Store) AddConsoleAudit(ctx context.Context, e store.ConsoleAuditEntry) error {
	return wrap("console audit", s.q.ConsoleAuditInsert(ctx, pq.ConsoleAuditInsertParams{OfficeID: e.OfficeID, StaffID: e.StaffID,
		Action: e.Action, Target: e.Target, Outcome: e.Outcome, At: ms(e.At)}))
}

// ConsoleAudit lists an office's console acts, newest first.
func (s *Store) ConsoleAudit(ctx context.Context, officeID string, before int64, limit int) ([]store.ConsoleAuditEntry, error) {
	if before <= 0 {
		before = math.MaxInt64
	}
	rows, err := s.q.ConsoleAuditList(ctx, pq.ConsoleAuditListParams{OfficeID: officeID, ID: before, Limit: int32(limit)})
	if err != nil {
		return nil, wrap("console audit", err)
	}
	out := make([]store.ConsoleAuditEntry, len(rows))
	for i, e := range rows {
		out[i] = store.ConsoleAuditEntry{ID: e.ID, OfficeID: e.OfficeID, StaffID: e.StaffID, Action: e.Action, Target: e.Target,
			Outcome: e.Outcome, At: fromMS(e.At)}
	}
	return out, nil
}

// OpenCases lists the office's cases not closed, for the console.
func (s *Store) OpenCases(ctx context.Context, officeID string) ([]store.CaseBrief, error) {
	rows, err := s.q.ConsoleOpenCases(ctx, officeID)
	if err != nil {
		return nil, wrap("open cases", err)
	}
	out := make([]store.CaseBrief, len(rows))
	for i, c := range rows {
		out[i] = store.CaseBrief{ID: c.EntityID, Unit: c.Unit, CardID: c.CardID, Status: c.Status, DueOn: c.DueOn,
			SupplementDue: c.SupplementDue, Sign: c.Sign, AssigneeID: c.AssigneeID}
	}
	return out, nil
}

// SetDeviceReport replaces a device's report of itself.
func (s *Store) SetDeviceReport(ctx context.Context, deviceID string, r store.DeviceReport) error {
	return wrap("device report", s.q.DeviceReportUpsert(ctx, pq.DeviceReportUpsertParams{DeviceID: deviceID, AppVersion: r.Version,
		Waiting: int64(r.Waiting), Refused: int64(r.Refused), ReportedAt: ms(r.Reported)}))
}

// DeviceReports reads the reports of an office's devices.
func (s *Store) DeviceReports(ctx context.Context, officeID string) (map[string]store.DeviceReport, error) {
	rows, err := s.q.DeviceReportsOfOffice(ctx, officeID)
	if err != nil {
		return nil, wrap("device reports", err)
	}
	out := make(map[string]store.DeviceReport, len(rows))
	for _, r := range rows {
		out[r.DeviceID] = store.DeviceReport{Version: r.AppVersion, Waiting: int(r.Waiting), Refused: int(r.Refused), Reported: fromMS(r.ReportedAt)}
	}
	return out, nil
}
