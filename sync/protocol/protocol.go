// Package protocol is the wire format between devices and the registry:
// HTTP + JSON, compressed, versioned. Types here are wire types only,
// converted explicitly to and from domain types on each side, and every
// message received is validated here before anything uses it.
package protocol

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"

	"okienko/sync/hlc"
)

// Versions. A server accepts SchemaVersion and SchemaVersion-1 from
// devices, so an office can update its devices one by one, and only
// ProtocolVersion: a device of another is answered 426 and keeps its
// outbox until it is updated. Protocol 2 is the encoding/json v2 wire
// codec (WIRE.md): exact names, no repeated names, UTF-8 only.
const (
	ProtocolVersion = 2
	SchemaVersion   = 3
	MinSchema       = SchemaVersion - 1
)

// Headers carrying versions and the device's credential.
const (
	HeaderProtocol = "Okienko-Protocol"
	HeaderSchema   = "Okienko-Schema"
	HeaderHLC      = "Okienko-HLC" // the server's clock on every answer
	HeaderAuth     = "Authorization"
	// HeaderSnapshotCursor is the pull cursor a snapshot was taken at: a
	// device that took it pulls on after it.
	HeaderSnapshotCursor = "Okienko-Snapshot-Cursor"
	// HeaderSnapshotSchema is the device database schema (its newest
	// migration) the snapshot is written in; a device of another takes
	// the pages instead.
	HeaderSnapshotSchema = "Okienko-Snapshot-Schema"
	// HeaderFeatures lists, comma-separated, what the registry takes
	// beyond ProtocolVersion, on every answer. A device uses a feature
	// only once the registry has named it: an older registry refuses
	// what it does not know (pushes are decoded strictly).
	HeaderFeatures = "Okienko-Features"
)

// Features a registry may name in HeaderFeatures.
const (
	// FeaturePushLease: a push may ask for numbers (PushRequest.Lease).
	FeaturePushLease = "push-lease"
)

// Limits at the boundary.
const (
	MaxBodyBytes   = 32 << 20 // decompressed request or response
	MaxOpsPerBatch = 5000
	MaxPullLimit   = 5000
	MaxFieldBytes  = 256 << 10
	// MaxPageBytes is about where a pull page is cut, whatever its row
	// count: a row is at most 128 KiB (the registry refuses larger), so a
	// page stays far below MaxBodyBytes.
	MaxPageBytes = 4 << 20
	MaxFields    = 64
)

// Kind of operation.
type Kind string

// Operation kinds.
const (
	Upsert Kind = "upsert" // fields merge by HLC
	Append Kind = "append" // append-only records: insert once, never change
	Delete Kind = "delete" // a tombstone
)

// Field is a field value with the stamp of the write that set it.
type Field struct {
	V json.RawMessage `json:"v"`
	H string          `json:"h"`
}

// Op is one change a device pushes.
type Op struct {
	ID       string                     `json:"id"` // UUIDv7, the idempotency key
	Entity   string                     `json:"e"`
	EntityID string                     `json:"i"`
	Kind     Kind                       `json:"k"`
	HLC      string                     `json:"h"`
	Fields   map[string]json.RawMessage `json:"f"`
	// Base holds, for guarded fields, the stamp of the value the device
	// changed: if the registry's stamp differs, someone else changed the
	// field meanwhile and the change is a conflict for a person to decide.
	Base map[string]string `json:"b,omitempty"`
}

// PushRequest is an idempotent batch of ops.
type PushRequest struct {
	BatchID string `json:"batch"` // UUIDv7; a replay returns the first answer
	Ops     []Op   `json:"ops"`
	// Lease asks, with the batch, for a block of numbers of each register
	// (FeaturePushLease): a device that has just used numbers tops up in
	// the same request and transaction, and a replayed batch answers with
	// the numbers leased the first time instead of leasing again.
	Lease []RegisterRef `json:"lease,omitempty"`
}

// Op outcomes.
const (
	Applied   = "applied"   // stored (or already stored: idempotent)
	Conflict  = "conflict"  // a guarded field changed concurrently; the registry kept its value
	Rejected  = "rejected"  // invalid for this office; quarantine it, never retry as is
	ClockSkew = "clock"     // stamped too far in the future; re-stamp with a corrected clock and retry
	Duplicate = "duplicate" // the op id was applied before (by an earlier batch)
)

// OpResult says what became of one op.
type OpResult struct {
	ID     string `json:"id"`
	Status string `json:"s"`
	Reason string `json:"r,omitempty"`
}

// PushResponse answers a push.
type PushResponse struct {
	BatchID string     `json:"batch"`
	Results []OpResult `json:"results"`
	Seq     int64      `json:"seq"` // the office's sequence after the batch
	// Leases are the blocks PushRequest.Lease was given; the numbers
	// arrive as case_number rows, as a lease's do.
	Leases []Lease `json:"leases,omitempty"`
	// LeaseRefused are the registers of PushRequest.Lease the registry
	// leases no numbers of (LeaseResponse.Refused).
	LeaseRefused []LeaseRefusal `json:"leaseRefused,omitempty"`
}

// Change is a row as the registry holds it, sent to devices in pulls.
type Change struct {
	Seq      int64  `json:"s"`
	Entity   string `json:"e"`
	EntityID string `json:"i"`
	Deleted  bool   `json:"d,omitzero"`
	// H is the row's stamp in a page of row stamps (QueryRowStamps): a
	// field sent without its own stamp has this one. Decoding gives such
	// fields their stamp, so Fields always holds every field's.
	H      string           `json:"h,omitempty"`
	Fields map[string]Field `json:"f"`
}

// QueryRowStamps, set to "row", asks a pull for a page of row stamps:
// most fields of a row were set by one write, and their one stamp, sent
// once per row rather than once per field, was half of a page. A
// registry that does not know it sends every field's stamp, which a
// device reads as well.
const QueryRowStamps = "stamps"

// QuerySeen gives a pull the office's sequence the device last had in an
// answer (PushResponse.Seq, LeaseResponse.Seq). A registry remembers the
// sequence for a moment instead of reading it for every pull; behind a
// proxy, the registry a pull reaches may remember one from before the
// write the device just made on another. Given a sequence beyond its own,
// it reads the store's, so the device gets its own writes back (its
// numbers just leased) in the same round. A registry that does not know
// it ignores it.
const QuerySeen = "seen"

// inheritStamps gives each field sent without a stamp its row's.
func (p *PullResponse) inheritStamps() {
	for i := range p.Changes {
		p.Changes[i].inheritStamp()
	}
}

func (c *Change) inheritStamp() {
	if c.H == "" {
		return
	}
	// Setting a key of a Go map of 8 entries, full in its small form
	// (one group), moves the map into the large form first, even when
	// the key is there (runtime mapassign): rows of 8 fields (case events,
	// audit entries) paid a second map each. Such a field is taken out
	// and put back instead, which keeps the map small; the iteration
	// then may see it again, stamped, and leaves it.
	full := len(c.Fields) == 8
	for name, f := range c.Fields {
		if f.H == "" {
			f.H = c.H
			if full {
				delete(c.Fields, name)
			}
			c.Fields[name] = f
		}
	}
}

// PullResponse is one page of changes after a cursor.
type PullResponse struct {
	Changes []Change `json:"changes"`
	Cursor  int64    `json:"cursor"` // pass back to get the next page
	More    bool     `json:"more"`
	// Scope and Forget are sent to a device limited to some units only
	// (scope.go): the scope the page was cut for, and the cases of the
	// page's stretch outside it, which the device removes if it holds them.
	Scope  string   `json:"scope,omitempty"`
	Forget []string `json:"forget,omitempty"`
}

// EncodedChange is a Change whose fields are already JSON, as the
// registry stores them: it encodes exactly as a Change, without decoding
// and re-encoding every field of every row it sends.
type EncodedChange struct {
	Seq      int64     `json:"s"`
	Entity   string    `json:"e"`
	EntityID string    `json:"i"`
	Deleted  bool      `json:"d,omitzero"`
	H        string    `json:"h,omitempty"` // the row's stamp, when Fields leave it out
	Fields   RowFields `json:"f"`
}

// RowFields are a row's fields as the registry stores them, one JSON
// object, written as they are once checked to be one JSON value.
type RowFields jsontext.Value

// MarshalJSONTo refuses a change without fields: every change has some,
// and none is a bug of the registry's, not a row to send.
func (f RowFields) MarshalJSONTo(enc *jsontext.Encoder) error {
	if len(f) == 0 {
		return errors.New("protocol: a change without fields")
	}
	return enc.WriteValue(jsontext.Value(f))
}

// EncodedPullResponse is the registry's side of a PullResponse.
type EncodedPullResponse struct {
	Changes []EncodedChange `json:"changes"`
	Cursor  int64           `json:"cursor"`
	More    bool            `json:"more"`
	Scope   string          `json:"scope,omitempty"`
	Forget  []string        `json:"forget,omitempty"`
}

// EnrollRequest exchanges a one-time code for a device credential.
type EnrollRequest struct {
	Code       string `json:"code"`
	DeviceName string `json:"deviceName"`
	DeviceID   string `json:"deviceId"` // the device's own UUIDv7
	// DataKey is the device's data key (base64, 32 bytes), which the
	// registry keeps for the device (its escrow, issue 13) and gives back
	// only to a person session of someone on the device's list; "" from a
	// device older than encryption at rest.
	DataKey string `json:"dataKey,omitempty"`
}

// EnrollResponse gives the device its credential and office.
type EnrollResponse struct {
	Token    string `json:"token"` // 256-bit random, shown once, stored hashed by the registry
	OfficeID string `json:"officeId"`
	DeviceID string `json:"deviceId"`
	Office   string `json:"office"` // the office's name
}

// LeaseRequest asks for case numbers of registers.
type LeaseRequest struct {
	Registers []RegisterRef `json:"registers"`
}

// RegisterRef names a case register (unit, JRWA class, year).
type RegisterRef struct {
	Unit string `json:"unit"`
	JRWA string `json:"jrwa"`
	Year int    `json:"year"`
}

// Lease is a block of numbers leased to the device.
type Lease struct {
	RegisterRef
	First int `json:"first"`
	Last  int `json:"last"`
}

// LeaseResponse answers a lease request; the numbers also arrive as
// case_number rows in the next pull.
type LeaseResponse struct {
	Leases []Lease `json:"leases"`
	Seq    int64   `json:"seq,omitzero"` // the office's sequence after the lease
	// Refused are the registers asked for that the registry leases no
	// numbers of, each with why; a device older than the field ignores it
	// and sees only that no block came.
	Refused []LeaseRefusal `json:"refused,omitempty"`
}

// LeaseRefusal is a register the registry leases no numbers of.
type LeaseRefusal struct {
	RegisterRef
	Reason string `json:"reason"` // RefusedYear or RefusedClosed
}

// Why a register is refused numbers.
const (
	// RefusedYear: the year is not the office's current one, nor the next
	// in its last days, nor the previous in its first days, by the
	// registry's clock in the office's zone (officeclock.LeaseYearAllowed).
	RefusedYear = "year"
	// RefusedClosed: the registry closed the year's registers.
	RefusedClosed = "closed"
	// RefusedRetired: the register's unit was retired at the registry
	// (office.Unit.RetiredAt): it takes no new numbers.
	RefusedRetired = "retired"
)

// ConflictView is a conflict as a person resolves it.
type ConflictView struct {
	ID       string           `json:"id"`
	Entity   string           `json:"entity"`
	EntityID string           `json:"entityId"`
	Kept     map[string]Field `json:"kept"`     // the registry's values, in force
	Rejected map[string]Field `json:"rejected"` // the device's values, set aside
	DeviceID string           `json:"deviceId"`
	At       string           `json:"at"`
}

// ResolveRequest settles a conflict: keep the values in force, or take
// the set-aside ones.
type ResolveRequest struct {
	ID     string `json:"id"`
	Choice string `json:"choice"` // "kept" or "rejected"
}

// ErrorBody is every error answer's body.
type ErrorBody struct {
	Error string `json:"error"` // a stable code: unauthorized, forbidden, upgrade, too_large, bad_request, must_refetch
	Hint  string `json:"hint,omitempty"`
}

// ---- validation at the boundary ----

// ErrInvalid marks a message that fails validation.
var ErrInvalid = errors.New("protocol: invalid message")

// validEntity is ^[a-z][a-z_]{1,31}$, checked by hand: a device checks
// every change of every page it pulls, and a registry every op it takes.
func validEntity(s string) bool {
	if len(s) < 2 || len(s) > 32 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && c != '_' {
			return false
		}
	}
	return true
}

// validField is ^[A-Za-z][A-Za-z0-9_]{0,63}$.
func validField(s string) bool {
	if len(s) < 1 || len(s) > 64 || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// ValidUUIDv7 reports whether s is a canonical UUIDv7.
func ValidUUIDv7(s string) bool {
	return ValidID(s) && s[14] == '7'
}

// ValidID reports whether s is a plausible row id: a canonical UUID.
// It is checked by hand, without uuid.Parse's allocations: every row of
// every page is, on every device.
func ValidID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		switch c := s[i]; i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
				return false
			}
		}
	}
	return true
}

// Validate checks an op's shape (not its meaning for the office).
func (o Op) Validate() error {
	if !ValidUUIDv7(o.ID) {
		return invalid("op id %q", o.ID)
	}
	if !validEntity(o.Entity) {
		return invalid("op %s entity", o.ID)
	}
	if !ValidID(o.EntityID) {
		return invalid("op %s entity id", o.ID)
	}
	switch o.Kind {
	case Upsert, Append, Delete:
	default:
		return invalid("op %s kind %q", o.ID, o.Kind)
	}
	if _, err := hlc.Parse(o.HLC); err != nil {
		return invalid("op %s stamp", o.ID)
	}
	if o.Kind != Delete && len(o.Fields) == 0 {
		return invalid("op %s has no fields", o.ID)
	}
	if len(o.Fields) > MaxFields {
		return invalid("op %s has %d fields", o.ID, len(o.Fields))
	}
	for name, v := range o.Fields {
		if !validField(name) {
			return invalid("op %s field name", o.ID)
		}
		if len(v) > MaxFieldBytes || !json.Valid(v) {
			return invalid("op %s field %s value", o.ID, name)
		}
	}
	for name, b := range o.Base {
		if _, ok := o.Fields[name]; !ok {
			return invalid("op %s base for unchanged field %s", o.ID, name)
		}
		if b != "" {
			if _, err := hlc.Parse(b); err != nil {
				return invalid("op %s base stamp", o.ID)
			}
		}
	}
	return nil
}

// Validate checks a push batch.
func (p PushRequest) Validate() error {
	if !ValidUUIDv7(p.BatchID) {
		return invalid("batch id")
	}
	if len(p.Ops) == 0 || len(p.Ops) > MaxOpsPerBatch {
		return invalid("batch has %d ops", len(p.Ops))
	}
	seen := make(map[string]bool, len(p.Ops))
	for _, o := range p.Ops {
		if err := o.Validate(); err != nil {
			return err
		}
		if seen[o.ID] {
			return invalid("op %s twice in one batch", o.ID)
		}
		seen[o.ID] = true
	}
	if len(p.Lease) > 0 {
		return LeaseRequest{Registers: p.Lease}.Validate()
	}
	return nil
}

// Validate checks an enrolment request.
func (e EnrollRequest) Validate() error {
	if len(e.Code) < 8 || len(e.Code) > 64 || strings.TrimSpace(e.Code) != e.Code {
		return invalid("enrolment code")
	}
	if !ValidUUIDv7(e.DeviceID) {
		return invalid("device id")
	}
	// The name is shown in the console and printed by `registry admin
	// device list` in a terminal: no escape sequence, no line break.
	if len(e.DeviceName) > 100 || !utf8.ValidString(e.DeviceName) || hasControl(e.DeviceName) {
		return invalid("device name")
	}
	if e.DataKey != "" {
		if _, err := DecodeDataKey(e.DataKey); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks a lease request.
func (l LeaseRequest) Validate() error {
	if len(l.Registers) == 0 || len(l.Registers) > 100 {
		return invalid("%d registers", len(l.Registers))
	}
	for _, r := range l.Registers {
		if !validRegister(r) {
			return invalid("register %+v", r)
		}
	}
	return nil
}

// Validate checks a lease answer (devices validate what they receive).
func (l LeaseResponse) Validate() error {
	if err := validLeases(l.Leases); err != nil {
		return err
	}
	return validRefusals(l.Refused)
}

// validLeases checks leased blocks: a real register, a real range.
func validLeases(ls []Lease) error {
	for _, x := range ls {
		if !validRegister(x.RegisterRef) || x.First < 1 || x.Last < x.First || x.Last-x.First > 10000 {
			return invalid("lease %+v", x)
		}
	}
	return nil
}

// validRefusals checks refused registers: a real register and a reason
// that is a short word (one a device does not know it shows as such).
func validRefusals(rs []LeaseRefusal) error {
	if len(rs) > 100 {
		return invalid("%d refused registers", len(rs))
	}
	for _, x := range rs {
		if !validRegister(x.RegisterRef) || !validEntity(x.Reason) {
			return invalid("refused register %+v", x.RegisterRef)
		}
	}
	return nil
}

func validRegister(r RegisterRef) bool {
	return r.Unit != "" && len(r.Unit) <= 20 && utf8.ValidString(r.Unit) && !hasControl(r.Unit) &&
		r.JRWA != "" && len(r.JRWA) <= 4 && !hasControl(r.JRWA) && r.Year >= 2000 && r.Year <= 2100
}

// hasControl reports whether s holds a control character (a NUL, which
// PostgreSQL's text refuses, a line break, an escape sequence): no login,
// unit symbol or JRWA class has one.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, unicode.IsControl)
}

// Validate checks a pull page from the registry (devices validate what
// they receive, too). The values' JSON was checked by decoding the page.
func (p PullResponse) Validate() error {
	prev := int64(-1)
	// The fields one write set share a stamp (one string, when the page
	// was decoded by hand): each is parsed once in a run of them.
	lastStamp := ""
	for _, c := range p.Changes {
		// A row sent along with a case that came into the device's scope
		// (scope.go) carries that case's sequence, just before it.
		if c.Seq < prev || c.Seq == prev && p.Scope == "" || c.Seq <= 0 {
			return invalid("change sequence out of order")
		}
		prev = c.Seq
		if !validEntity(c.Entity) || !ValidID(c.EntityID) {
			return invalid("change %d identity", c.Seq)
		}
		if len(c.Fields) > MaxFields {
			return invalid("change %d has %d fields", c.Seq, len(c.Fields))
		}
		for name, f := range c.Fields {
			// A decoded RawMessage is valid JSON already (the decoder
			// checked the whole page); an absent value is not.
			if !validField(name) || len(f.V) == 0 {
				return invalid("change %d field", c.Seq)
			}
			if f.H == lastStamp && f.H != "" {
				continue
			}
			if _, err := hlc.Parse(f.H); err != nil {
				return invalid("change %d stamp", c.Seq)
			}
			lastStamp = f.H
		}
	}
	if len(p.Changes) > 0 && p.Cursor < prev {
		return invalid("cursor behind the changes")
	}
	return validScope(p.Scope, p.Forget)
}

// Validate checks a resolution.
func (r ResolveRequest) Validate() error {
	if !ValidUUIDv7(r.ID) || (r.Choice != "kept" && r.Choice != "rejected") {
		return invalid("resolution")
	}
	return nil
}
