package store

import (
	"context"
	"time"
)

// ConsoleSession is a person signed in to the office's web console
// (Konsola). Only the hashes of the cookie's token and of the CSRF token
// are kept, so a copy of the store signs nobody in.
type ConsoleSession struct {
	TokenHash string
	CSRFHash  string
	OfficeID  string
	StaffID   string
	CreatedAt time.Time
	SeenAt    time.Time // the last request: the idle timeout counts from it
	ExpiresAt time.Time // the absolute end
}

// ConsoleAuditEntry is one act of a person in the console: ids and the
// act's name only, never personal data.
type ConsoleAuditEntry struct {
	ID       int64
	OfficeID string
	StaffID  string
	Action   string
	Target   string
	Outcome  string // "ok" or "refused"
	At       time.Time
}

// CaseBrief is what the console's dashboard reads of an open case.
type CaseBrief struct {
	ID            string
	Unit          string // the unit's symbol, as in the case sign
	CardID        string
	Status        string
	DueOn         string // YYYY-MM-DD or ""
	SupplementDue string // YYYY-MM-DD or ""
	Sign          string
	AssigneeID    string
}

// Console is what the store keeps for the web console.
type Console interface {
	AddConsoleSession(ctx context.Context, s ConsoleSession) error
	// ConsoleSession finds a session by its token's hash (ErrNotFound).
	ConsoleSession(ctx context.Context, tokenHash string) (ConsoleSession, error)
	// TouchConsoleSession records a request of the session at now.
	TouchConsoleSession(ctx context.Context, tokenHash string, now time.Time) error
	// EndConsoleSession deletes a session, and every session past its end
	// by now or idle since before idleBefore.
	EndConsoleSession(ctx context.Context, tokenHash string, now, idleBefore time.Time) error
	// AddConsoleAudit records an act.
	AddConsoleAudit(ctx context.Context, e ConsoleAuditEntry) error
	// ConsoleAudit lists an office's acts, newest first, older than
	// before (0: from the newest), at most limit.
	ConsoleAudit(ctx context.Context, officeID string, before int64, limit int) ([]ConsoleAuditEntry, error)
	// OpenCases lists an office's cases not closed (settled, left
	// unexamined, forwarded), unordered.
	OpenCases(ctx context.Context, officeID string) ([]CaseBrief, error)
}

// DeviceReport is what a device last said of itself (the Okienko-Device
// header): its app version and its changes waiting and refused.
type DeviceReport struct {
	Version  string
	Waiting  int
	Refused  int
	Reported time.Time
}

// DeviceReports keeps the devices' reports for the console's Urządzenia.
type DeviceReports interface {
	// SetDeviceReport replaces a device's report.
	SetDeviceReport(ctx context.Context, deviceID string, r DeviceReport) error
	// DeviceReports reads the reports of an office's devices, by device id.
	DeviceReports(ctx context.Context, officeID string) (map[string]DeviceReport, error)
}
