// Package registry is the office's central registry: it takes idempotent
// batches of changes from devices, merges them field by field by HLC
// (guarded fields become conflicts for a person), keeps a per-office
// sequence that devices pull after, leases case-number blocks, and serves
// all of it over HTTP. Storage is behind store.Store (SQLite or
// PostgreSQL).
package registry

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/uuid"

	"okienko/app/auth"
	"okienko/app/i18n"
	"okienko/app/officeclock"
	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// Options tune a registry.
type Options struct {
	Now       func() time.Time
	Logger    *slog.Logger
	LeaseSize int // numbers per lease; 20 by default
	// Snapshots are the prepared device databases a fresh device may
	// start from; without them it pulls the office from the start.
	Snapshots Snapshots
	// TrustProxy takes a client's address from the last entry of
	// X-Forwarded-For (set it only behind a reverse proxy that appends
	// it); otherwise the connection's peer is the client, for the limit
	// on enrolment attempts per address.
	TrustProxy bool
	// PasswordParams are the Argon2id costs verifiers are rehashed to
	// (auth.DefaultParams by default); PersonTTL is how long a person
	// session lasts (PersonTTL by default).
	PasswordParams auth.Params
	PersonTTL      time.Duration
	// CacheNow is the clock of the remembered office sequence (seqTTL);
	// time.Now if nil. The simulation passes its simulated clock, so two
	// registries on one database go stale the same way in every replay.
	CacheNow func() time.Time
	// MetricsToken, when set, is the bearer token /metrics asks of every
	// scraper; without it /metrics answers only this computer
	// (metricsallowed.go).
	MetricsToken string
}

// Registry is the registry's logic over a store.
type Registry struct {
	// texts are the printouts' locale files, read once (about 600 KB of
	// JSON: a report or register printed at every request would parse it).
	texts     func() (*i18n.Bundle, error)
	st        store.Store
	clock     *hlc.Clock
	now       func() time.Time
	log       *slog.Logger
	leaseSize int
	metrics   *Metrics
	snapshots Snapshots
	writes    writeGroups
	feed      *feed
	pages     *pageCache // encoded pull pages (pagecache.go)
	auth      authCache
	seqs      seqCache
	refs      refCache
	zones     zoneCache
	screens   screenTurns // the screen answers each device gave (screenturns.go)
	papers    paperDays   // the paper answers each person typed in, by day (paperdays.go)
	queueConf queueCache
	// enrolTries limits enrolment attempts per client address.
	enrolTries attempts
	// keyTries limits refused requests for a device's data key, per
	// device (devicekey.go).
	keyTries attempts
	// signInTries limits the console's failed sign-ins per client
	// address (console_signin.go), beside the back-off of each login.
	signInTries  attempts
	sessionTries attempts      // a device's failed person sign-ins (person.go)
	ticketDays   ticketDays    // each device's tickets of the day (queue.go)
	cardRegs     cardRegisters // the registers the office's cards file into (lease_limits.go)
	leaseDays    leaseDays     // the blocks each device took today
	trustProxy   bool
	metricsToken string
	people       *personState
	known        *knownBrowsers // console browsers people signed in on (knownbrowser.go)
	cacheNow     func() time.Time
	out          outage      // the store's outages, for the log and /metrics (outage.go)
	scopes       scopeCache  // each device's scope (scope.go)
	index        scopeIndex  // what places each row of an office with a limited device
	gen          genState    // the store's generation, read once (generation.go)
	reports      reportCache // what each device last said of itself (devicereport.go)
}

// New builds a registry.
func New(st store.Store, opt Options) *Registry {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.LeaseSize <= 0 {
		opt.LeaseSize = 20
	}
	if opt.CacheNow == nil {
		opt.CacheNow = time.Now
	}
	return &Registry{texts: sync.OnceValues(i18n.Load), st: st, clock: hlc.New("registry", opt.Now), now: opt.Now, log: opt.Logger, leaseSize: opt.LeaseSize, metrics: NewMetrics(), snapshots: opt.Snapshots,
		feed: newFeed(feedRowsPerOffice, feedBytes), pages: newPageCache(), trustProxy: opt.TrustProxy, metricsToken: opt.MetricsToken, people: newPersonState(opt), known: newKnownBrowsers(), cacheNow: opt.CacheNow,
		signInTries: attempts{free: signInFree}, sessionTries: attempts{free: signInFree}}
}

// Store is the registry's store (for the admin commands).
func (r *Registry) Store() store.Store { return r.st }

// Clock is the registry's HLC.
func (r *Registry) Clock() *hlc.Clock { return r.clock }

// Metrics are the registry's counters.
func (r *Registry) Metrics() *Metrics { return r.metrics }

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// numberSpace is the namespace of NumberID's name-based UUIDs.
var numberSpace = uuid.MustParse("6f6b6965-6e6b-5f6e-756d-626572000000")

// NumberID is the id of the row of a register's number: derived from the
// office, the register and the number (a name-based UUID), so the
// registry finds the number a case's sign names without an index of the
// rows' contents. Numbers leased before it have random ids.
func NumberID(officeID, unit, jrwa string, year, no int) string {
	return uuid.NewSHA1(numberSpace, []byte(officeID+"/"+unit+"/"+jrwa+"/"+strconv.Itoa(year)+"/"+strconv.Itoa(no))).String()
}

// HashSecret is how codes and tokens are stored: SHA-256, hex. They are
// random 128-256 bit secrets, so a plain hash is enough (no password).
func HashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func randomToken(bytes int) string {
	b := make([]byte, bytes)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the OS random source failing is unrecoverable
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// enrolCode is 12 letters from an alphabet without look-alikes (no 0/O,
// 1/I/L), grouped for reading aloud over the phone: ABCD-EFGH-JKMN.
func enrolCode() string {
	const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	var sb strings.Builder
	for i, x := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(alphabet[int(x)%len(alphabet)])
	}
	return sb.String()
}

// NewEnrollment creates a one-time code, valid 24 hours, for a device of
// the office; only its hash is stored. people are the logins that may sign
// in on the device (none: nobody, until the admin names them).
func (r *Registry) NewEnrollment(ctx context.Context, officeID, name string, people []string) (string, time.Time, error) {
	return r.newEnrollment(ctx, officeID, name, people, store.Scope{})
}

func (r *Registry) newEnrollment(ctx context.Context, officeID, name string, people []string, sc store.Scope) (string, time.Time, error) {
	if _, err := r.st.Office(ctx, officeID); err != nil {
		return "", time.Time{}, err
	}
	ids, err := r.staffIDs(ctx, officeID, people)
	if err != nil {
		return "", time.Time{}, err
	}
	code := enrolCode()
	exp := r.now().Add(24 * time.Hour)
	err = r.st.AddEnrollment(ctx, store.Enrollment{CodeHash: HashSecret(code), OfficeID: officeID, Name: name, ExpiresAt: exp, People: ids, Scope: sc})
	return code, exp, err
}

// Enroll exchanges a code for a device credential.
func (r *Registry) Enroll(ctx context.Context, req protocol.EnrollRequest) (protocol.EnrollResponse, error) {
	token := randomToken(32) // 256 bits
	d, err := r.st.Enroll(ctx, HashSecret(req.Code), store.Device{ID: req.DeviceID, Name: req.DeviceName, TokenHash: HashSecret(token)}, r.now())
	if err != nil {
		return protocol.EnrollResponse{}, err
	}
	// The credential is not used before the device has the answer, so
	// a device whose key could not be kept enrols again with a new code.
	if err := r.keepDeviceKey(ctx, d, req.DataKey); err != nil {
		return protocol.EnrollResponse{}, err
	}
	o, err := r.st.Office(ctx, d.OfficeID)
	if err != nil {
		return protocol.EnrollResponse{}, err
	}
	r.log.Info("device enrolled", "office", d.OfficeID, "device", d.ID)
	// A device enrolled after a restore has nothing to send again: it
	// must not hold the office's leases up.
	if g, err := r.generation(ctx); err == nil && !g.RestoredAt.IsZero() {
		if err := r.st.MarkResent(ctx, d.ID, g.ID, r.now()); err != nil {
			return protocol.EnrollResponse{}, err
		}
	}
	return protocol.EnrollResponse{Token: token, OfficeID: d.OfficeID, DeviceID: d.ID, Office: o.Name}, nil
}

// Authenticate finds the active device holding token.
func (r *Registry) Authenticate(ctx context.Context, token string) (store.Device, error) {
	if token == "" {
		return store.Device{}, ErrUnauthorized
	}
	hash := HashSecret(token)
	if d, ok := r.auth.get(hash, time.Now()); ok {
		return d, nil
	}
	d, err := r.st.DeviceByToken(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		return store.Device{}, ErrUnauthorized
	}
	if err != nil {
		return store.Device{}, err
	}
	if d.Revoked() {
		return store.Device{}, ErrUnauthorized
	}
	r.auth.put(hash, d, time.Now())
	return d, nil
}

// noteSeen records, once a minute, that the device holding token was seen.
func (r *Registry) noteSeen(ctx context.Context, token string, d store.Device) {
	// "Last seen" is shown to the minute; writing it on every request
	// would add a committed write to each pull of a round.
	if now := r.now(); now.Sub(d.LastSeenAt) >= time.Minute {
		// Bounded as the device's report is (reportWait): a frozen
		// database must not hold the request it rides on.
		ctx, cancel := context.WithTimeout(ctx, reportWait)
		defer cancel()
		if r.st.TouchDevice(ctx, d.ID, now) == nil {
			r.auth.seen(HashSecret(token), now)
		}
	}
}

// Errors the HTTP layer maps to status codes.
var (
	ErrUnauthorized = errors.New("registry: unauthorized")
	ErrForbidden    = errors.New("registry: forbidden")
	ErrMustRefetch  = errors.New("registry: cursor ahead of the office; refetch from 0")
)

// applyOp applies one op of a batch; flags counts the cases it flagged
// for their submission date.
func (r *Registry) applyOp(ctx context.Context, tx store.Tx, dev store.Device, batchID string, op protocol.Op, pre opCheck, flags *int) (protocol.OpResult, error) {
	res := protocol.OpResult{ID: op.ID, Status: protocol.Applied}
	seen, err := tx.OpApplied(ctx, op.ID)
	if err != nil {
		return res, err
	}
	if seen {
		res.Status = protocol.Duplicate
		return res, nil
	}
	if pre.refused.Status != "" {
		return pre.refused, nil
	}
	kind, stamp, typed := protocol.Entities[op.Entity], pre.stamp, pre.typed
	if stamp.Wall > r.now().Add(hlc.MaxDrift).UnixMilli() {
		return protocol.OpResult{ID: op.ID, Status: protocol.ClockSkew, Reason: "stamp ahead of the registry's clock"}, nil
	}
	_ = r.clock.Observe(stamp)
	cur, found, err := tx.Row(ctx, op.Entity, op.EntityID)
	if err != nil {
		return res, err
	}
	if op.Entity == "case_number" {
		reason, late := numberRule(cur, found, dev, op)
		if reason != "" {
			return protocol.OpResult{ID: op.ID, Status: protocol.Rejected, Reason: reason}, nil
		}
		if late {
			reason, err := r.useAfterYearEnd(ctx, tx, dev, batchID, op, cur)
			if reason != "" {
				return protocol.OpResult{ID: op.ID, Status: protocol.Rejected, Reason: reason}, err
			}
			res.Reason = ReasonUsedAfterYearEnd
			return res, err
		}
	}
	m := merge.Apply(cur.Fields, merge.Change{Entity: op.Entity, Fields: op.Fields, HLC: op.HLC, Base: op.Base, Append: kind == protocol.Append})
	row := m.Row
	if len(m.Changed) > 0 || m.Conflict() {
		// A conflict's set-aside values are checked as the row they would
		// make, since a person may choose them later.
		reason, err := r.checkMeaning(ctx, tx, dev, op, cur, found, m, typed)
		if err != nil {
			return res, err
		}
		if reason != "" {
			return protocol.OpResult{ID: op.ID, Status: protocol.Rejected, Reason: reason}, nil
		}
	}
	if m.Conflict() {
		// The values in force stay, re-stamped newer than the set-aside
		// ones so every replica that saw those converges back.
		row = merge.Restamp(row, m.Kept, r.clock.Now().String())
		if err := tx.AddConflict(ctx, store.Conflict{ID: newID(), Entity: op.Entity, EntityID: op.EntityID, Kept: m.Kept,
			Rejected: m.Rejected, DeviceID: dev.ID, CreatedAt: r.now()}); err != nil {
			return res, err
		}
		res.Status = protocol.Conflict
	}
	// A delete is a tombstone and sticky: once deleted, a row stays deleted
	// on every replica, whatever later field changes arrive.
	tombstone := op.Kind == protocol.Delete && !cur.Deleted
	if len(m.Changed) > 0 || m.Conflict() || tombstone {
		if _, err := tx.PutRow(ctx, op.Entity, op.EntityID, row, op.Kind == protocol.Delete || cur.Deleted); err != nil {
			return res, err
		}
	}
	if op.Entity == "case_file" && !found {
		flagged, err := r.flagSubmission(ctx, tx, dev, op)
		if err != nil {
			return res, err
		}
		if flagged {
			*flags++
		}
	}
	return res, tx.RecordOp(ctx, op.ID, dev.ID, batchID, r.now())
}

// opCheck is what an op's checks of itself found: those that need
// nothing but the op and its device (the entity and the kind, the office,
// the shape, the types), made before the batch's transaction (checkOps).
// applyOp answers a refusal here after its duplicate check, in the order
// it always did.
type opCheck struct {
	refused protocol.OpResult // a refusal when its Status is set
	stamp   hlc.Timestamp
	typed   any // the op's fields decoded into the entity's payload
}

// checkOp checks op of itself.
func checkOp(dev store.Device, op protocol.Op) opCheck {
	refuse := func(reason string) opCheck {
		return opCheck{refused: protocol.OpResult{ID: op.ID, Status: protocol.Rejected, Reason: reason}}
	}
	kind, known := protocol.Entities[op.Entity]
	if !known {
		return refuse("unknown entity")
	}
	if kind == protocol.Append && op.Kind != protocol.Append || kind == protocol.Upsert && op.Kind == protocol.Append {
		return refuse("wrong op kind")
	}
	if raw, ok := op.Fields["officeId"]; ok {
		var office string
		if json.Unmarshal(raw, &office) != nil || office != dev.OfficeID {
			return refuse("office mismatch")
		}
	}
	stamp, _ := hlc.Parse(op.HLC) // validated at the boundary
	if reason := checkShape(dev, op, stamp); reason != "" {
		return refuse(reason)
	}
	reason, typed := checkTypes(op)
	if reason != "" {
		return refuse(reason)
	}
	return opCheck{stamp: stamp, typed: typed}
}

// checkOps checks a batch's ops of themselves on two goroutines, in
// chunks taken in order: they need no transaction, so a push's decoding
// of its payloads (some 10% of the registry's CPU in a push of new
// clients) runs on both cores, and the office's transaction begins
// (its reads ahead, the batch's lookup) and applies the first ops while
// the later ones are still being checked (opChecks.get waits for each).
func checkOps(dev store.Device, ops []protocol.Op) *opChecks {
	c := &opChecks{out: make([]opCheck, len(ops)), ready: make([]chan struct{}, (len(ops)+checkChunk-1)/checkChunk)}
	for i := range c.ready {
		c.ready[i] = make(chan struct{})
	}
	var next atomic.Int64
	work := func() {
		for {
			k := int(next.Add(1) - 1)
			if k >= len(c.ready) {
				return
			}
			for i := k * checkChunk; i < min(len(ops), (k+1)*checkChunk); i++ {
				c.out[i] = checkOp(dev, ops[i])
			}
			close(c.ready[k])
		}
	}
	if len(c.ready) > 1 {
		go work()
	}
	go work()
	return c
}

// checkChunk is the ops checkOps checks at a time, and applyBatch waits for.
const checkChunk = 32

// opChecks is what checkOps found, chunk by chunk as it is ready.
type opChecks struct {
	out   []opCheck
	ready []chan struct{} // closed when its chunk of out is set
}

// get waits for op i's checks.
func (c *opChecks) get(i int) opCheck {
	<-c.ready[i/checkChunk]
	return c.out[i]
}

// flagSubmission records a date flag for a new case whose submission date
// lies far from the registry's own office date as its op arrives: the
// device's clock, or the clerk, may have dated it wrong. The case is
// applied all the same (a late sync of a case filed offline is no
// error); a head looks at the flag in Synchronizacja.
func (r *Registry) flagSubmission(ctx context.Context, tx store.Tx, dev store.Device, op protocol.Op) (bool, error) {
	var on string
	if json.Unmarshal(op.Fields["submittedOn"], &on) != nil {
		return false, nil // checkCase refuses a case without a real date
	}
	submitted, err := time.Parse(time.DateOnly, on)
	if err != nil {
		return false, nil
	}
	today, err := r.officeToday(ctx, tx, dev.OfficeID)
	if err != nil {
		return false, err
	}
	reason := officeclock.SubmissionFlag(submitted, today)
	if reason == "" {
		return false, nil
	}
	f := store.DateFlag{ID: newID(), CaseID: op.EntityID, DeviceID: dev.ID, SubmittedOn: on, RegistryDate: today.Format(time.DateOnly),
		Reason: reason, ArrivedAt: r.now()}
	if err := tx.AddDateFlag(ctx, f); err != nil {
		return false, err
	}
	r.log.Info("case flagged for its submission date", "office", dev.OfficeID, "device", dev.ID, "case", op.EntityID, "reason", reason)
	return true, nil
}

// numberRule keeps the case register whole: a device only changes numbers
// leased to it, from reserved to used or cancelled. One exception: a
// number the year's closing cancelled may still be used by its device,
// which registered a case under it before it heard of the closing (late).
func numberRule(cur store.Row, found bool, dev store.Device, op protocol.Op) (reason string, late bool) {
	if !found {
		return "number not leased to this device", false
	}
	var owner, state, note, newState string
	_ = json.Unmarshal(cur.Fields["deviceId"].V, &owner)
	_ = json.Unmarshal(cur.Fields["state"].V, &state)
	_ = json.Unmarshal(cur.Fields["note"].V, &note)
	if owner != dev.ID {
		return "number leased to another device", false
	}
	if op.Kind == protocol.Delete {
		return "numbers are never deleted", false
	}
	if raw, ok := op.Fields["state"]; ok {
		_ = json.Unmarshal(raw, &newState)
		if state == "cancelled" && note == NoteYearEnd && newState == "used" {
			return fixedNumberFields(cur, op), true
		}
		if state != "reserved" && newState != state {
			return "number already " + state, false
		}
		if newState != "used" && newState != "cancelled" && newState != "reserved" {
			return "unknown number state", false
		}
	}
	if r := fixedNumberFields(cur, op); r != "" {
		return r, false
	}
	for _, name := range []string{"caseId", "note"} {
		// A used or cancelled number is part of the register: it keeps
		// the case and the reason it was given.
		if raw, ok := op.Fields[name]; ok && state != "reserved" && string(raw) != string(cur.Fields[name].V) {
			return "number already " + state, false
		}
	}
	return "", false
}

// fixedNumberFields refuses a change to what identifies a number.
func fixedNumberFields(cur store.Row, op protocol.Op) string {
	for name, raw := range op.Fields {
		switch name {
		case "state", "caseId", "note":
		default:
			if string(raw) != string(cur.Fields[name].V) {
				return "number field " + name + " is fixed"
			}
		}
	}
	return ""
}

// NoteYearEnd is the reason CloseYear gives the numbers it cancels.
const NoteYearEnd = "year_end"

// ReasonUsedAfterYearEnd marks, in an applied op's result, a number the
// year's closing had cancelled and its device used after all.
const ReasonUsedAfterYearEnd = "used after the year closed"

// useAfterYearEnd records a number cancelled at the year's closing as used
// by the case its device registered under it meanwhile. The closing's stamp
// is newer than the device's, so merging would keep "cancelled": the
// registry writes the use with its own stamp, and every replica follows.
//
// The use is held to what any use of a number is (checkNumber: a case id,
// a short note, the device's own case): it returns the reason to refuse.
func (r *Registry) useAfterYearEnd(ctx context.Context, tx store.Tx, dev store.Device, batchID string, op protocol.Op, cur store.Row) (string, error) {
	stamp := r.clock.Now().String()
	fields := cur.Fields.Clone()
	fields["state"] = merge.Field{V: json.RawMessage(`"used"`), H: stamp}
	fields["note"] = merge.Field{V: json.RawMessage(`""`), H: stamp}
	if raw, ok := op.Fields["caseId"]; ok {
		fields["caseId"] = merge.Field{V: raw, H: stamp}
	}
	if raw, ok := op.Fields["note"]; ok {
		fields["note"] = merge.Field{V: raw, H: stamp}
	}
	c := &rowCheck{r: r, ctx: ctx, tx: tx, dev: dev, op: op, cur: cur, found: true, row: fields}
	if reason, err := checkNumber(c); reason != "" || err != nil {
		return reason, err
	}
	if _, err := tx.PutRow(ctx, op.Entity, op.EntityID, fields, false); err != nil {
		return "", err
	}
	r.log.Info("number used after the year closed", "office", dev.OfficeID, "device", dev.ID, "number", op.EntityID)
	return "", tx.RecordOp(ctx, op.ID, dev.ID, batchID, r.now())
}

// Pull returns the office's rows changed after cursor; with rowStamps,
// rows from memory come as a page of row stamps (protocol.RowStamps). A
// device limited to some units gets the page cut to its scope (scope.go).
func (r *Registry) Pull(ctx context.Context, dev store.Device, after int64, limit int, rowStamps bool) (protocol.EncodedPullResponse, error) {
	v, err := r.deviceScope(ctx, dev)
	if err != nil {
		return protocol.EncodedPullResponse{}, err
	}
	page, err := r.pullOffice(ctx, dev, after, limit, rowStamps)
	if err != nil || v == nil {
		return page, err
	}
	return r.pullScoped(ctx, dev, v, after, page, rowStamps)
}

// pullOffice is the page of the whole office's rows after cursor.
func (r *Registry) pullOffice(ctx context.Context, dev store.Device, after int64, limit int, rowStamps bool) (protocol.EncodedPullResponse, error) {
	if limit <= 0 || limit > protocol.MaxPullLimit {
		limit = 1000
	}
	seq, err := r.seq(ctx, dev.OfficeID, after)
	if err != nil {
		return protocol.EncodedPullResponse{}, err
	}
	if after > seq {
		return protocol.EncodedPullResponse{}, ErrMustRefetch
	}
	if page, ok := r.feed.page(dev.OfficeID, after, seq, limit, rowStamps); ok {
		r.metrics.PagesFromMemory.Add(1)
		r.metrics.RowsPulled.Add(int64(len(page.Changes)))
		return page, nil
	}
	r.metrics.PagesFromStore.Add(1)
	rows, err := r.st.ChangesEncoded(ctx, dev.OfficeID, after, limit)
	if err != nil {
		return protocol.EncodedPullResponse{}, err
	}
	resp := protocol.EncodedPullResponse{Changes: make([]protocol.EncodedChange, 0, len(rows)), Cursor: after, More: len(rows) == limit}
	size := 0
	for _, row := range rows {
		// A page is cut by bytes as well as rows, so no stored row, nor a
		// run of large ones, makes a page the device cannot read.
		if size > 0 && size+len(row.Encoded) > protocol.MaxPageBytes {
			resp.More = true
			break
		}
		size += len(row.Encoded) + len(row.Entity) + 80
		resp.Changes = append(resp.Changes, protocol.EncodedChange{Seq: row.Seq, Entity: row.Entity, EntityID: row.EntityID, Deleted: row.Deleted, Fields: protocol.RowFields(row.Encoded)})
		resp.Cursor = row.Seq
	}
	r.metrics.RowsPulled.Add(int64(len(rows)))
	return resp, nil
}

// Lease gives the device a block of numbers of each register it asks
// for; the numbers become case_number rows the device pulls. Leases
// commit with the office's other writes that arrive together (inGroup).
// A register of a year the office may not lease now is refused, with why
// (leaseRefusal).
func (r *Registry) Lease(ctx context.Context, dev store.Device, req protocol.LeaseRequest) (protocol.LeaseResponse, error) {
	var resp protocol.LeaseResponse
	facts, err := r.readFacts(ctx, dev, nil, req.Registers)
	if err != nil {
		return protocol.LeaseResponse{}, fmt.Errorf("registry: lease: %w", err)
	}
	j := &writeJob{apply: func(ctx context.Context, tx store.Tx) error {
		var err error
		resp.Leases, resp.Refused, err = r.lease(withFacts(ctx, facts), tx, dev, req.Registers) // afresh if the transaction is retried
		return err
	}}
	if err := r.inGroup(ctx, dev.OfficeID, j); err != nil {
		return protocol.LeaseResponse{}, fmt.Errorf("registry: lease: %w", err)
	}
	resp.Seq = j.seq
	r.log.Info("numbers leased", "office", dev.OfficeID, "device", dev.ID, "registers", len(resp.Leases))
	r.noteRefused(dev, resp.Refused)
	return resp, nil
}

// noteRefused logs and counts registers refused numbers.
func (r *Registry) noteRefused(dev store.Device, refused []protocol.LeaseRefusal) {
	for _, x := range refused {
		r.metrics.LeasesRefused.Add(1)
		r.log.Warn("numbers refused", "office", dev.OfficeID, "device", dev.ID, "year", x.Year, "reason", x.Reason)
	}
}

// lease leases the device a block of each register in tx, and refuses
// the registers whose year the office may not lease now.
func (r *Registry) lease(ctx context.Context, tx store.Tx, dev store.Device, regs []protocol.RegisterRef) ([]protocol.Lease, []protocol.LeaseRefusal, error) {
	out := make([]protocol.Lease, 0, len(regs))
	var refused []protocol.LeaseRefusal
	f := factsFrom(ctx)
	if f == nil {
		var err error
		if f, err = r.readFacts(ctx, dev, nil, regs); err != nil {
			return nil, nil, err
		}
	}
	restore, retired, known := f.restore, f.retired, f.registers
	today, err := r.officeToday(ctx, tx, dev.OfficeID)
	if err != nil {
		return nil, nil, err
	}
	for _, reg := range regs {
		reason, err := r.leaseRefusal(ctx, tx, dev.OfficeID, reg.Year)
		if err != nil {
			return nil, nil, err
		}
		if _, ok := retired[reg.Unit]; ok && reason == "" {
			reason = protocol.RefusedRetired
		}
		if reason == "" {
			reason = restore
		}
		if reason == "" && !known[registerKey{reg.Unit, reg.JRWA}] {
			reason = refusedUnknown
		}
		if reason == "" && r.plenty(dev, reg, today) {
			reason = refusedPlenty
		}
		if reason != "" {
			refused = append(refused, protocol.LeaseRefusal{RegisterRef: reg, Reason: reason})
			continue
		}
		first, err := tx.NextNumbers(ctx, reg.Unit, reg.JRWA, reg.Year, r.leaseSize)
		if err != nil {
			return nil, nil, err
		}
		l := store.Lease{DeviceID: dev.ID, Unit: reg.Unit, JRWA: reg.JRWA, Year: reg.Year, First: first, Last: first + r.leaseSize - 1}
		if err := tx.AddLease(ctx, l, r.now()); err != nil {
			return nil, nil, err
		}
		r.tookBlock(l, dev.OfficeID, today)
		for no := l.First; no <= l.Last; no++ {
			if err := r.putNumber(ctx, tx, dev.OfficeID, dev.ID, reg, no); err != nil {
				return nil, nil, err
			}
		}
		out = append(out, protocol.Lease{RegisterRef: reg, First: l.First, Last: l.Last})
	}
	return out, refused, nil
}

// leaseRefusal says why the office may not lease numbers of year's
// registers now, or "": the year must be allowed on the registry's own
// office date (a laptop whose clock ran into the next year gets no
// numbers of it).
func (r *Registry) leaseRefusal(ctx context.Context, tx store.Tx, officeID string, year int) (string, error) {
	today, err := r.officeToday(ctx, tx, officeID)
	if err != nil {
		return "", err
	}
	if !officeclock.LeaseYearAllowed(year, today) {
		return protocol.RefusedYear, nil
	}
	// A year the admin closed still leases in its window: a case filed
	// offline on 31 December by a laptop that heard of the closing late is
	// provisional until it gets a number of its own year, and its number is
	// recorded as used after the year's end (useAfterYearEnd) in the spis.
	return "", nil
}

func (r *Registry) putNumber(ctx context.Context, tx store.Tx, officeID, deviceID string, reg protocol.RegisterRef, no int) error {
	stamp := r.clock.Now().String()
	id := NumberID(officeID, reg.Unit, reg.JRWA, reg.Year, no)
	// A lease writes 20 of these at a time: no map of values to reflect
	// on; ids and symbols quoted as the wire codec quotes them.
	str := func(s string) merge.Field {
		v, _ := jsontext.AppendQuote(nil, s) // invalid UTF-8 is replaced, as in any string the registry writes
		return merge.Field{V: v, H: stamp}
	}
	num := func(n int) merge.Field { return merge.Field{V: strconv.AppendInt(nil, int64(n), 10), H: stamp} }
	row := merge.Row{"id": str(id), "officeId": str(officeID), "unit": str(reg.Unit), "jrwa": str(reg.JRWA), "year": num(reg.Year),
		"no": num(no), "state": str("reserved"), "deviceId": str(deviceID)}
	_, err := tx.PutRow(ctx, "case_number", id, row, false)
	return err
}

// Conflicts lists an office's open conflicts.
func (r *Registry) Conflicts(ctx context.Context, officeID string) ([]protocol.ConflictView, error) {
	cs, err := r.st.Conflicts(ctx, officeID, true)
	if err != nil {
		return nil, err
	}
	out := make([]protocol.ConflictView, len(cs))
	for i, c := range cs {
		out[i] = protocol.ConflictView{ID: c.ID, Entity: c.Entity, EntityID: c.EntityID, Kept: wireRow(c.Kept),
			Rejected: wireRow(c.Rejected), DeviceID: c.DeviceID, At: c.CreatedAt.Format(time.RFC3339)}
	}
	return out, nil
}

func wireRow(r merge.Row) map[string]protocol.Field {
	out := make(map[string]protocol.Field, len(r))
	for k, f := range r {
		out[k] = protocol.Field{V: f.V, H: f.H}
	}
	return out
}

// Resolve settles a conflict. Choosing the set-aside values writes them
// anew with a fresh stamp, so every device takes them.
func (r *Registry) Resolve(ctx context.Context, officeID, by string, req protocol.ResolveRequest) error {
	return r.resolve(ctx, officeID, by, req, nil)
}

// resolve settles a conflict that allow (when given) lets the person settle.
func (r *Registry) resolve(ctx context.Context, officeID, by string, req protocol.ResolveRequest, allow func(store.Tx, store.Conflict) error) error {
	return r.inTx(ctx, officeID, func(tx store.Tx) error {
		c, err := tx.Conflict(ctx, req.ID)
		if err != nil {
			return err
		}
		if !c.ResolvedAt.IsZero() {
			return fmt.Errorf("registry: conflict %s already resolved: %w", c.ID, store.ErrExists)
		}
		if allow != nil {
			if err := allow(tx, c); err != nil {
				return err
			}
		}
		if req.Choice == "rejected" {
			cur, _, err := tx.Row(ctx, c.Entity, c.EntityID)
			if err != nil {
				return err
			}
			row := merge.Restamp(cur.Fields, c.Rejected, r.clock.Now().String())
			if _, err := tx.PutRow(ctx, c.Entity, c.EntityID, row, cur.Deleted); err != nil {
				return err
			}
		}
		return tx.ResolveConflict(ctx, c.ID, by, req.Choice, r.now())
	})
}

// Revoke withdraws a device's credential and cancels the numbers it held
// unused, so the register accounts for them.
func (r *Registry) Revoke(ctx context.Context, deviceID string) (int, error) {
	d, err := r.st.Device(ctx, deviceID)
	if err != nil {
		return 0, err
	}
	if err := r.st.RevokeDevice(ctx, deviceID, r.now()); err != nil {
		return 0, err
	}
	r.auth.forget(deviceID)
	n := 0
	err = r.cancelNumbers(ctx, d.OfficeID, func(owner string, year int) bool { return owner == deviceID }, "revoked", &n, nil)
	r.log.Info("device revoked", "office", d.OfficeID, "device", deviceID, "cancelled", n)
	return n, err
}

// CloseYear cancels every number of the year's registers still reserved:
// the registers close with the year. The closing is recorded with the
// cancellations, so no number of the year, or of one before it, is
// leased again.
func (r *Registry) CloseYear(ctx context.Context, officeID string, year int) (int, error) {
	n := 0
	err := r.cancelNumbers(ctx, officeID, func(_ string, y int) bool { return y <= year }, NoteYearEnd, &n,
		func(tx store.Tx) error { return tx.CloseYear(ctx, year, r.now()) })
	return n, err
}

// cancelNumbers cancels the reserved numbers match picks, and runs also
// (when given) in the same transaction.
func (r *Registry) cancelNumbers(ctx context.Context, officeID string, match func(owner string, year int) bool, note string, n *int, also func(store.Tx) error) error {
	rows, err := r.st.RowsOf(ctx, officeID, "case_number")
	if err != nil {
		return err
	}
	return r.inTx(ctx, officeID, func(tx store.Tx) error {
		if also != nil {
			if err := also(tx); err != nil {
				return err
			}
		}
		for _, row := range rows {
			var owner, state string
			var year int
			_ = json.Unmarshal(row.Fields["deviceId"].V, &owner)
			_ = json.Unmarshal(row.Fields["state"].V, &state)
			_ = json.Unmarshal(row.Fields["year"].V, &year)
			if state != "reserved" || !match(owner, year) {
				continue
			}
			cur, _, err := tx.Row(ctx, "case_number", row.EntityID) // fresh, inside the transaction
			if err != nil {
				return err
			}
			_ = json.Unmarshal(cur.Fields["state"].V, &state)
			if state != "reserved" {
				continue
			}
			stamp := r.clock.Now().String()
			fields := cur.Fields.Clone()
			fields["state"] = merge.Field{V: json.RawMessage(`"cancelled"`), H: stamp}
			noteJSON, _ := json.Marshal(note)
			fields["note"] = merge.Field{V: noteJSON, H: stamp}
			if _, err := tx.PutRow(ctx, "case_number", row.EntityID, fields, false); err != nil {
				return err
			}
			*n++
		}
		return nil
	})
}
