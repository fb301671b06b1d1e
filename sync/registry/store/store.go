// Package store defines what the registry keeps and how: one interface,
// two implementations (sqlitestore for a small office, pgstore for a
// central office), both held to the same test suite (storetest).
package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"okienko/sync/merge"
)

// Errors every implementation returns.
var (
	ErrNotFound = errors.New("store: not found")
	ErrExpired  = errors.New("store: enrolment code expired or used")
	ErrExists   = errors.New("store: already exists")
)

// Office is an office (gmina) served by the registry.
type Office struct {
	ID    string
	Name  string
	TERYT string
}

// Device is an enrolled device.
type Device struct {
	ID         string
	OfficeID   string
	Name       string
	TokenHash  string
	EnrolledAt time.Time
	RevokedAt  time.Time // zero while active
	LastSeenAt time.Time
}

// Revoked reports whether the device's credential was withdrawn.
func (d Device) Revoked() bool { return !d.RevokedAt.IsZero() }

// Enrollment is a pending one-time enrolment code (hashed).
type Enrollment struct {
	CodeHash  string
	OfficeID  string
	Name      string
	ExpiresAt time.Time
	// People are the staff ids the device may let sign in; they become
	// the device's (People.DevicePeople) when the code is used.
	People []string
	// Scope becomes the device's (Scopes) when the code is used.
	Scope Scope
}

// Row is a synced row as the registry holds it.
type Row struct {
	Entity   string
	EntityID string
	Fields   merge.Row
	// Encoded is the fields as stored, JSON {"field": {"v": value, "h":
	// stamp}}; only ChangesEncoded sets it.
	Encoded json.RawMessage
	Deleted bool
	Seq     int64
}

// DecodeFields fills each row's Fields from its Encoded form.
func DecodeFields(rows []Row) ([]Row, error) {
	for i := range rows {
		if err := json.Unmarshal(rows[i].Encoded, &rows[i].Fields); err != nil {
			return nil, fmt.Errorf("store: row %s/%s: %w", rows[i].Entity, rows[i].EntityID, err)
		}
		rows[i].Encoded = nil
	}
	return rows, nil
}

// Conflict is a guarded change set aside for a person to decide.
type Conflict struct {
	ID         string
	OfficeID   string
	Entity     string
	EntityID   string
	Kept       merge.Row
	Rejected   merge.Row
	DeviceID   string
	CreatedAt  time.Time
	ResolvedAt time.Time
	ResolvedBy string
	Choice     string
}

// DateFlag is a case whose submission date lay far from the registry's
// own office date when the op that created it arrived: applied all the
// same, and listed for a head until one marks it checked.
type DateFlag struct {
	ID           string
	OfficeID     string
	CaseID       string
	DeviceID     string
	SubmittedOn  string // YYYY-MM-DD, as the device dated the case
	RegistryDate string // YYYY-MM-DD, the registry's office date at arrival
	Reason       string // "ahead" or "behind" (officeclock.SubmissionFlag)
	ArrivedAt    time.Time
	CheckedBy    string // staff id; "" while open
	CheckedAt    time.Time
}

// Lease is a block of register numbers given to a device.
type Lease struct {
	OfficeID string
	DeviceID string
	Unit     string
	JRWA     string
	Year     int
	First    int
	Last     int
}

// Store is the registry's storage.
type Store interface {
	Close() error
	People
	QueueStore
	Scopes
	RetentionStore
	SurveyStore
	ReportStore
	Generations
	Console
	DeviceReports

	CreateOffice(ctx context.Context, o Office) error
	Office(ctx context.Context, id string) (Office, error)
	Offices(ctx context.Context) ([]Office, error)

	// AddEnrollment stores a code with its people.
	AddEnrollment(ctx context.Context, e Enrollment) error
	// Enroll consumes a valid code and creates the device atomically,
	// giving it the code's people (replacing any it had). A
	// device id already enrolled in the same office, not revoked and never
	// seen (its credential was lost on the way) takes the new credential;
	// any other existing id is ErrExists.
	Enroll(ctx context.Context, codeHash string, d Device, now time.Time) (Device, error)
	DeviceByToken(ctx context.Context, tokenHash string) (Device, error)
	Device(ctx context.Context, id string) (Device, error)
	Devices(ctx context.Context, officeID string) ([]Device, error)
	// RevokeDevice withdraws a device's credential and drops the escrow
	// of its data key in the same transaction.
	RevokeDevice(ctx context.Context, id string, now time.Time) error
	TouchDevice(ctx context.Context, id string, now time.Time) error

	// InTx runs fn in one transaction; writes of one office are
	// serialised, so its sequence has no gaps.
	InTx(ctx context.Context, officeID string, fn func(Tx) error) error
	// Changes returns rows changed after seq, in seq order.
	Changes(ctx context.Context, officeID string, after int64, limit int) ([]Row, error)
	// ChangesEncoded is Changes with each row's fields left as stored
	// (Row.Encoded, Fields nil): the pull feed passes them on undecoded.
	ChangesEncoded(ctx context.Context, officeID string, after int64, limit int) ([]Row, error)
	Seq(ctx context.Context, officeID string) (int64, error)
	Conflicts(ctx context.Context, officeID string, openOnly bool) ([]Conflict, error)
	// DateFlags lists an office's date flags in order of arrival.
	DateFlags(ctx context.Context, officeID string, openOnly bool) ([]DateFlag, error)
	// RowsOf lists an office's rows of one entity (for printouts).
	RowsOf(ctx context.Context, officeID, entity string) ([]Row, error)
	// RowsOfEncoded is RowsOf with each row's fields left as stored
	// (Row.Encoded, Fields nil): a printout of thousands of rows decodes
	// only the fields it prints.
	RowsOfEncoded(ctx context.Context, officeID, entity string) ([]Row, error)
	Leases(ctx context.Context, officeID string) ([]Lease, error)
	AccessLog
}

// AccessLog finds, by index (issue 13, RODO art. 15: who read a client's
// data), what the audit view asks of one client without reading every
// case and audit row of the office.
type AccessLog interface {
	// AuditOfObjects lists an office's audit_log rows whose objectId is
	// one of ids, in no order.
	AuditOfObjects(ctx context.Context, officeID string, ids []string) ([]Row, error)
	// CasesOfClient lists an office's case_file rows whose clientId is
	// clientID, in no order.
	CasesOfClient(ctx context.Context, officeID, clientID string) ([]Row, error)
	// CaseNotices lists an office's case_event rows of kind notice_art36
	// (a notice under art. 36 KPA) of any of caseIDs, in no order: what a
	// case's due date may be moved to past its card's rule.
	CaseNotices(ctx context.Context, officeID string, caseIDs []string) ([]Row, error)
}

// Tx is one transaction on one office.
type Tx interface {
	QueueTx
	// Batch returns a batch already applied: its answer and op digest.
	Batch(ctx context.Context, key BatchKey) (StoredBatch, bool, error)
	SaveBatch(ctx context.Context, key BatchKey, b StoredBatch, now time.Time) error
	OpApplied(ctx context.Context, opID string) (bool, error)
	RecordOp(ctx context.Context, opID, deviceID, batchID string, now time.Time) error

	Row(ctx context.Context, entity, id string) (Row, bool, error)
	// RowLive reports whether a row exists and is not deleted, without
	// reading its fields (the references a pushed row makes).
	RowLive(ctx context.Context, entity, id string) (bool, error)
	// PutRow stores a row and gives it the office's next sequence number.
	PutRow(ctx context.Context, entity, id string, fields merge.Row, deleted bool) (int64, error)
	// SubstitutionsOf lists the office's rows of entity substitution
	// (zastępstwa) whose absentId or standInId is one of staffIDs, this
	// transaction's own writes included, in no order: what a new period
	// is checked against while the office's writes wait.
	SubstitutionsOf(ctx context.Context, staffIDs []string) ([]Row, error)

	AddConflict(ctx context.Context, c Conflict) error
	Conflict(ctx context.Context, id string) (Conflict, error)
	ResolveConflict(ctx context.Context, id, by, choice string, now time.Time) error

	AddDateFlag(ctx context.Context, f DateFlag) error
	// CheckDateFlag marks an open flag of the office checked by a staff
	// member; ErrNotFound if there is no such open flag.
	CheckDateFlag(ctx context.Context, id, by string, now time.Time) error

	// CloseYear records that the office's registers of year, and of every
	// year before it, are closed; YearClosed reports whether year's are.
	CloseYear(ctx context.Context, year int, now time.Time) error
	YearClosed(ctx context.Context, year int) (bool, error)

	// NextNumbers reserves count numbers of a register and returns the first.
	NextNumbers(ctx context.Context, unit, jrwa string, year, count int) (int, error)
	AddLease(ctx context.Context, l Lease, now time.Time) error
	// RaiseNextNumber makes a register's next free number at least next:
	// a number a device sends again after a restore is never leased anew.
	RaiseNextNumber(ctx context.Context, unit, jrwa string, year, next int) error
	// LeaseHolder returns the lease that gave a number of a register
	// (its device and block), leases of this transaction included; false
	// if none did.
	LeaseHolder(ctx context.Context, unit, jrwa string, year, no int) (Lease, bool, error)
}

// EncodedPutter is a Tx that takes a row with its fields already
// encoded (the JSON PutRow would write), so a caller that needs that JSON
// too (the registry's memory of recent changes) encodes it once.
type EncodedPutter interface {
	PutRowEncoded(ctx context.Context, entity, id string, fields merge.Row, encoded []byte, deleted bool) (int64, error)
}

// DeferredPutter is a Tx that holds its row writes back to its end and
// so takes a row's JSON late: PutRowDeferred numbers the write at once,
// and SetRowJSON gives the JSON of the row's last write in the
// transaction, before fn returns (a row left without it fails the
// commit). The registry makes that JSON on another goroutine while the
// transaction applies the ops after, and only once a row however often
// the transaction writes it.
type DeferredPutter interface {
	PutRowDeferred(ctx context.Context, entity, id string, fields merge.Row, deleted bool) (int64, error)
	SetRowJSON(entity, id string, encoded []byte)
}

// BatchKey names a batch of an office. A batch id is the device's own
// (it makes them up), so another device's batch of the same id is
// another batch: keyed by id alone, its ops would get the first device's
// answer and be dropped unseen.
type BatchKey struct {
	DeviceID string
	BatchID  string
}

// StoredBatch is what the registry keeps of an applied batch: the answer
// a replay gets, and the digest of its op ids, so a replay with other
// ops under the same id is told apart from a true one. Batches stored
// before digests were kept have an empty Digest.
type StoredBatch struct {
	Answer []byte
	Digest string
}

// RowKey names one row of an office.
type RowKey struct {
	Entity string
	ID     string
}

// Prefetcher is a Tx that can read ahead, in one go, the batch answers,
// op ids and rows a push is about to look up one by one. Push uses it
// when the store's Tx offers it: a store across a network (pgstore) then
// pays one round trip per batch instead of several per op; an in-process
// one (sqlitestore) asks for the op ids in one statement.
type Prefetcher interface {
	Prefetch(ctx context.Context, batches []BatchKey, opIDs []string, rows []RowKey) error
}

// Credential is a staff member's password verifier (Argon2id PHC). The
// registry keeps it apart from the synced staff row: a device receives
// only the verifiers of the people allowed on it.
type Credential struct {
	StaffID   string
	Login     string
	Hash      string
	UpdatedAt time.Time
	// MustChange marks a one-time password the admin handed over: the
	// person sets their own at the next sign-in before anything else.
	MustChange bool
}

// PersonSession is a person's short-lived authority, issued when the
// registry verified their password on one device; only the token's hash
// is stored.
type PersonSession struct {
	TokenHash string
	OfficeID  string
	DeviceID  string
	StaffID   string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// LoginFailures is the registry's back-off state of one login.
type LoginFailures struct {
	Failures    int
	LockedUntil time.Time
}

// People is what the store knows of people beyond the synced staff rows:
// who may sign in on which device, their password verifiers, person
// sessions and the wrong-password back-off.
type People interface {
	// SetDevicePeople replaces the staff ids allowed on a device.
	SetDevicePeople(ctx context.Context, deviceID string, staffIDs []string) error
	// DevicePeople lists the staff ids allowed on a device, sorted.
	DevicePeople(ctx context.Context, deviceID string) ([]string, error)
	// PutCredential stores (or replaces) a staff member's verifier.
	PutCredential(ctx context.Context, officeID string, c Credential) error
	// CredentialsByLogin finds the verifiers stored under a login (one,
	// unless the directory is inconsistent), sorted by staff id.
	CredentialsByLogin(ctx context.Context, officeID, login string) ([]Credential, error)
	// DeviceCredentials lists the verifiers of the people allowed on a
	// device, of its office only, sorted by staff id.
	DeviceCredentials(ctx context.Context, deviceID string) ([]Credential, error)
	AddPersonSession(ctx context.Context, s PersonSession) error
	// PersonSession finds a session by its token's hash (ErrNotFound).
	PersonSession(ctx context.Context, tokenHash string) (PersonSession, error)
	// EndPersonSession deletes a session, and every session expired by now.
	EndPersonSession(ctx context.Context, tokenHash string, now time.Time) error
	// EndStaffSessions deletes every session of one person, on devices
	// and in the console, except the one whose token hash is keep (none
	// if ""): a password replaced opens nothing it opened before.
	EndStaffSessions(ctx context.Context, officeID, staffID, keep string) error
	// LoginFailures is a login's back-off state (zero if none).
	LoginFailures(ctx context.Context, officeID, login string) (LoginFailures, error)
	// SetLoginFailures stores it; the zero value clears it.
	SetLoginFailures(ctx context.Context, officeID, login string, f LoginFailures) error
	// PutDeviceKey keeps (or replaces) a device's data key, its escrow
	// (issue 13); RevokeDevice drops it.
	PutDeviceKey(ctx context.Context, deviceID string, key []byte, now time.Time) error
	// DeviceKey is a device's escrowed data key; ErrNotFound when there
	// is none or the device is revoked.
	DeviceKey(ctx context.Context, deviceID string) ([]byte, error)
}

// OverlaySubstitutions is stored (substitution rows read from the table)
// with the transaction's own writes held back (written) taken over them:
// a written substitution row replaces its stored one, or joins the list
// when it names one of staffIDs, and a stored row that no longer does
// leaves it. For the stores' SubstitutionsOf.
func OverlaySubstitutions(stored []Row, written map[RowKey]Row, staffIDs []string) []Row {
	names := func(r Row) bool {
		for _, f := range []string{"absentId", "standInId"} {
			var id string
			if json.Unmarshal(r.Fields[f].V, &id) == nil && slices.Contains(staffIDs, id) {
				return true
			}
		}
		return false
	}
	out := stored[:0]
	for _, r := range stored {
		if _, ok := written[RowKey{Entity: r.Entity, ID: r.EntityID}]; !ok {
			out = append(out, r)
		}
	}
	for k, r := range written {
		if k.Entity == "substitution" && names(r) {
			r.Fields = r.Fields.Clone()
			out = append(out, r)
		}
	}
	return out
}
