// Package engine is the device's sync loop: it pushes the outbox in
// idempotent batches, keeps case-number leases topped up, pulls the
// office's changes page by page (each page applied together with its
// cursor), gives provisional case signs their final numbers, and keeps a
// status the clerk can always see. It runs every 30 s and right after a
// local change, backs off to at most 60 s while the registry is
// unreachable, and resumes by itself when the network returns.
package engine

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"okienko/app/casesign"
	"okienko/app/officeclock"
	"okienko/db"
	"okienko/db/keyfile"
	"okienko/sync/client"
	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/protocol"
)

// Options tune the engine; zero values are production.
type Options struct {
	Logger     *slog.Logger
	Now        func() time.Time // this computer's wall clock, which the registry's corrects (the store's OfficeClock().Wall if nil)
	HTTP       *http.Client
	Interval   time.Duration // 30 s
	MaxBackoff time.Duration // 60 s
	BatchSize  int           // ops per push, 500
	PageSize   int           // rows per pull, 1000
	// BulkPageSize is the rows per page of a first pull into an empty
	// device: 2,500, or PageSize when that is set. Fewer, larger
	// transactions write each B-tree page dirtied by several pages of
	// rows (the row clocks, the blind index) to the WAL once. Not more:
	// the registry cuts a page at protocol.MaxPageBytes (some 3,000 rows
	// of an office's usual mix), and the rows it read past the cut are
	// read again for the next page.
	BulkPageSize int
	LeaseLow     int // top up a register when fewer numbers remain, 5
	// LeaseSpread is how many numbers earlier than LeaseLow a device may
	// top up, by a share fixed by its id (TopUpBelow): LeaseLow when 0,
	// none when negative. Devices enrolled and leased together that
	// register at the same pace would otherwise all top up in the same
	// round, every block, and the registry writes and every device of
	// the office pulls all their blocks at once.
	LeaseSpread int
	// CredentialsEvery is how often a round asks for the verifiers of the
	// device's people (5 min; negative: every round). The first round
	// after a start always asks.
	CredentialsEvery time.Duration
	OnStatus         func(Status)
	// OnApplied runs after a pulled page committed (the app refreshes
	// its views).
	OnApplied func()
	// Schema overrides the schema version the device announces (tests).
	Schema int
	// AppVersion is the app's version, reported to the registry with the
	// changes waiting and refused (protocol.HeaderDevice); "" reports
	// "dev".
	AppVersion string
	// KeyDir is the data directory holding the device's key file
	// (db/keyfile): a revoked device removes it before anything else, and
	// the people taken off the device's list lose their wraps in it. ""
	// leaves key files alone (tests of sync alone).
	KeyDir string
	// OnRevoked runs after the device heard it is revoked and removed its
	// key file (the app locks and signs out).
	OnRevoked func()
	// Trace, when set, is told of each step of a round as it happens, on
	// the round's goroutine: fault tests kill or stall a device at a known
	// moment with it. TracePullApply runs inside the page's transaction.
	// Nil costs nothing.
	Trace func(TraceEvent)
}

// TraceEvent is one step of a round, for Options.Trace.
type TraceEvent struct {
	Step   string // one of the Trace* constants
	Batch  string // push steps: the batch id
	Ops    int    // push steps: ops in the batch
	Rows   int    // pull steps: changes in the page
	Cursor int64  // TracePullRequest: the cursor asked after; other pull steps: the page's cursor
}

// Steps of a round, in the order they happen.
const (
	TracePushSend        = "push.send"        // a batch is about to be sent
	TracePushAnswered    = "push.answered"    // the registry answered; the outbox is not settled yet
	TracePushSettled     = "push.settled"     // the answer is stored: done ops left the outbox
	TracePullRequest     = "pull.request"     // a page is about to be asked for
	TracePullApply       = "pull.apply"       // the page's rows are written, its transaction still open, the cursor not yet set
	TracePullApplied     = "pull.applied"     // the page and its cursor committed
	TraceSnapshotRequest = "snapshot.request" // a fresh device asks for the registry's snapshot
	TraceSnapshotCopy    = "snapshot.copy"    // the snapshot is downloaded and checked; its copy begins
	TraceSnapshotApply   = "snapshot.apply"   // the snapshot is copied in, its transaction still open
	TraceSnapshot        = "snapshot.taken"   // the copy and its cursor (Cursor) committed
	TraceResent          = "resend.done"      // a restored registry was sent again what it lacked (Rows)
)

func (e *Engine) trace(ev TraceEvent) {
	if e.opt.Trace != nil {
		e.opt.Trace(ev)
	}
}

// Status is what the clerk sees on the "Synchronizacja" screen.
type Status struct {
	Enrolled    bool
	Online      bool
	Syncing     bool
	Revoked     bool
	RegistryURL string
	LastSync    time.Time
	// LastError is an error code: offline, certificate (the registry
	// answered with a certificate the device does not trust: not online,
	// and not to be shown as offline), insecure (an address over plain
	// http to another computer), unauthorized, upgrade, server, invalid,
	// unavailable (the registry answered 503: its database is down for now).
	LastError   string
	Pending     int
	Quarantined int
	Skipped     int // rows pulled from the registry that this device could not store
	Provisional int
	Initial     Initial // a fresh device starting from the registry's snapshot
}

// Initial is how far a fresh device is in taking the registry's snapshot
// of its office; the zero value when it is not taking one.
type Initial struct {
	Phase       string // InitialDownload or InitialCopy
	Done, Total int64  // bytes of the download (Total 0 if unknown)
}

// Phases of Initial.
const (
	InitialDownload = "download"
	InitialCopy     = "copy"
)

// Engine syncs one device's store with its registry.
type Engine struct {
	store *db.Store
	opt   Options

	kick chan struct{}

	mu     sync.Mutex
	client *client.Client
	status Status
	round  sync.Mutex // one round at a time
	// credsAt is when the round last took the people's verifiers (held
	// by the round lock).
	credsAt time.Time
	// credsWanted asks the next round for the verifiers whatever credsAt
	// says (CredentialsNext: a person's "sync now").
	credsWanted atomic.Bool
}

// New returns an engine for the store; it reads the enrolment from it.
func New(ctx context.Context, st *db.Store, opt Options) (*Engine, error) {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = st.OfficeClock().Wall
	}
	if opt.Interval <= 0 {
		opt.Interval = 30 * time.Second
	}
	if opt.CredentialsEvery == 0 {
		opt.CredentialsEvery = 5 * time.Minute
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = 60 * time.Second
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = 500
	}
	if opt.BulkPageSize <= 0 {
		opt.BulkPageSize = opt.PageSize
		if opt.BulkPageSize <= 0 {
			opt.BulkPageSize = 2500
		}
	}
	if opt.PageSize <= 0 {
		opt.PageSize = 1000
	}
	if opt.LeaseLow <= 0 {
		opt.LeaseLow = 5
	}
	if opt.LeaseSpread == 0 {
		opt.LeaseSpread = opt.LeaseLow
	}
	e := &Engine{store: st, opt: opt, kick: make(chan struct{}, 1)}
	ss, err := st.SyncState(ctx)
	if err != nil {
		return nil, err
	}
	e.status.RegistryURL = ss.RegistryURL
	if ss.Enrolled() {
		// A store still locked holds the token sealed: the client is made
		// at the first round after the unlock (clientFor).
		if ss.Token != "" {
			e.client = e.newClient(ss.RegistryURL, ss.Token, ss.OfficeID, ss.Pin)
		}
		e.status.Enrolled = true
	} else if ss.RegistryURL != "" {
		e.status.Revoked = true
	}
	if ss.LastSync != "" {
		e.status.LastSync, _ = time.Parse(time.RFC3339, ss.LastSync)
	}
	return e, nil
}

// newClient talks to the registry at url; pin is the certificate pinned
// at enrolment ("" for none). Options.HTTP, set by tests, replaces the
// production HTTP client and its TLS and pin.
func (e *Engine) newClient(url, token, office, pin string) *client.Client {
	hc := e.opt.HTTP
	if hc == nil {
		hc = client.NewHTTPClient(pin)
	}
	c := client.New(url, token, office, hc).WithClock(e.opt.Now)
	if e.opt.Schema != 0 {
		c.WithSchema(e.opt.Schema)
	}
	return c
}

// Client is the registry client (nil until enrolled).
func (e *Engine) Client() *client.Client {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.client
}

// Status returns the current status with fresh counts.
func (e *Engine) Status(ctx context.Context) Status {
	e.mu.Lock()
	s := e.status
	e.mu.Unlock()
	s.Pending, _ = e.store.PendingOps(ctx)
	s.Quarantined, _ = e.store.QuarantinedCount(ctx)
	s.Skipped, _ = e.store.SkippedCount(ctx)
	if ps, err := e.store.ProvisionalCases(ctx, e.store.DeviceID()); err == nil {
		s.Provisional = len(ps)
	}
	return s
}

func (e *Engine) setStatus(fn func(*Status)) {
	e.mu.Lock()
	fn(&e.status)
	e.mu.Unlock()
	if e.opt.OnStatus != nil {
		e.opt.OnStatus(e.Status(context.Background()))
	}
}

// CredentialsNext makes the next round take the list of verifiers, not
// waiting for CredentialsEvery: a person pressing "sync now" after an
// admin gave someone a (one-time) password expects it to arrive.
func (e *Engine) CredentialsNext() { e.credsWanted.Store(true) }

// Kick asks for a round soon (after a local change).
func (e *Engine) Kick() {
	select {
	case e.kick <- struct{}{}:
	default:
	}
}

// Run syncs until ctx ends: every Interval, after every Kick, and with
// exponential backoff (capped) while rounds fail. A failed round is
// retried by the timer alone: the network coming back needs no new write.
func (e *Engine) Run(ctx context.Context) {
	backoff := time.Duration(0)
	timer := time.NewTimer(time.Second)
	defer timer.Stop()
	var notBefore time.Time // a registry that answered 503 asked for quiet until then
	var unavailable *client.UnavailableError
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-e.kick:
			// A write made meanwhile waits for the hinted time too.
			if wait := time.Until(notBefore); wait > 0 {
				timer.Reset(wait)
				continue
			}
		}
		err := e.Round(ctx)
		next := e.opt.Interval
		switch {
		case errors.Is(err, db.ErrLocked):
			// Paused until a person's sign-in unlocks the store: looked at
			// again soon, without backing off and without a word in the
			// log, so sync resumes within a second of the unlock.
			next = min(time.Second, e.opt.Interval)
		case errors.Is(err, ErrNotEnrolled) || errors.Is(err, client.ErrUnauthorized):
			next = e.opt.Interval
		case errors.As(err, &unavailable):
			// The registry said when: the hinted time and a little more
			// (jitter), so its devices do not all come back in one second.
			next = unavailable.RetryAfter + time.Duration(rand.Int64N(int64(unavailable.RetryAfter/4)+1))
			notBefore = time.Now().Add(next)
		case err != nil:
			backoff = min(max(2*backoff, time.Second), e.opt.MaxBackoff)
			next = backoff/2 + time.Duration(rand.Int64N(int64(backoff/2)+1)) // jitter, so offices do not retry in step
		default:
			backoff = 0
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(next)
	}
}

// ErrNotEnrolled means the device has no registry.
var ErrNotEnrolled = errors.New("engine: device not enrolled")

// Round runs one full sync: push, leases, pull, the sign-in verifiers,
// final signs. While the store is locked (no one signed in) it does
// nothing and returns db.ErrLocked: the outbox and the pulled rows need
// the data key, and the device token is sealed with it. A lock in the
// middle of a round stops it where it is; nothing is lost (an op leaves
// the outbox only when settled, a page commits whole with its cursor).
func (e *Engine) Round(ctx context.Context) error {
	e.round.Lock()
	defer e.round.Unlock()
	if !e.store.Unlocked() {
		return db.ErrLocked
	}
	c, err := e.clientFor(ctx)
	if err != nil {
		return err
	}
	e.setStatus(func(s *Status) { s.Syncing = true })
	e.report(ctx, c)
	err = e.round1(ctx, c)
	if errors.Is(err, client.ErrGeneration) {
		// The registry was restored since the last answer: the round
		// begins again, and first sends it again what it lacks.
		err = e.round1(ctx, c)
	}
	e.setStatus(func(s *Status) {
		s.Syncing = false
		s.LastError = errorCode(err)
		// A registry whose certificate is not trusted was reached, but
		// nothing may be said to it: not online, and not shown as offline
		// either (LastError "certificate" tells the two apart).
		s.Online = err == nil || !errors.Is(err, client.ErrOffline) && !errors.Is(err, client.ErrCertificate) &&
			!errors.Is(err, client.ErrInsecure)
		if err == nil {
			s.LastSync = e.store.OfficeClock().Now()
		}
		if errors.Is(err, client.ErrUnauthorized) {
			s.Revoked, s.Enrolled = true, false
		}
	})
	if err != nil && !errors.Is(err, db.ErrLocked) {
		e.opt.Logger.Warn("sync round failed", "err", err)
	}
	return err
}

// report tells the registry, with the round's requests, the app's version
// and the changes waiting and refused (counts only), for the console.
func (e *Engine) report(ctx context.Context, c *client.Client) {
	v := e.opt.AppVersion
	if v == "" {
		v = "dev"
	}
	waiting, _ := e.store.PendingOps(ctx)
	refused, _ := e.store.QuarantinedCount(ctx)
	c.SetReport(protocol.DeviceReport{Version: v, Waiting: waiting, Refused: refused})
}

// clientFor is the registry client, made from the stored link at the
// first round after an unlock when the token was sealed at start.
func (e *Engine) clientFor(ctx context.Context) (*client.Client, error) {
	if c := e.Client(); c != nil {
		return c, nil
	}
	e.mu.Lock()
	enrolled := e.status.Enrolled
	e.mu.Unlock()
	if !enrolled {
		return nil, ErrNotEnrolled
	}
	ss, err := e.store.SyncState(ctx)
	if err != nil {
		return nil, err
	}
	if ss.Sealed {
		return nil, db.ErrLocked // locked again meanwhile
	}
	if !ss.Enrolled() {
		return nil, ErrNotEnrolled
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.client == nil {
		e.client = e.newClient(ss.RegistryURL, ss.Token, ss.OfficeID, ss.Pin)
	}
	return e.client, nil
}

func errorCode(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, client.ErrOffline):
		return "offline"
	case errors.Is(err, client.ErrCertificate):
		return "certificate"
	case errors.Is(err, client.ErrInsecure), errors.Is(err, client.ErrBadURL):
		return "insecure"
	case errors.Is(err, client.ErrUnauthorized):
		return "unauthorized"
	case errors.Is(err, client.ErrUpgrade):
		return "upgrade"
	case errors.Is(err, protocol.ErrInvalid), errors.Is(err, client.ErrRefused):
		return "invalid"
	case errors.Is(err, client.ErrForbidden):
		return "forbidden"
	case errors.Is(err, client.ErrUnavailable):
		return "unavailable"
	}
	return "server"
}

func (e *Engine) round1(ctx context.Context, c *client.Client) error {
	if err := e.checkGeneration(ctx, c); err != nil {
		return e.revokedCheck(ctx, err)
	}
	// The numbers to top up go with the first batch, in one request and
	// transaction with the ops that used them up, when the registry takes
	// that; what the push did not lease is leased on its own.
	// Closed cases past the office's period leave a limited device at
	// every round, reachable registry or not (scope.go).
	if err := e.keepScope(ctx); err != nil {
		return err
	}
	want, err := e.leaseWant(ctx)
	if err != nil {
		return err
	}
	leased, err := e.push(ctx, c, want)
	if err != nil {
		return e.revokedCheck(ctx, err)
	}
	e.report(ctx, c) // the round's later requests say what the push left
	if err := e.lease(ctx, c, notLeased(want, leased)); err != nil {
		return e.revokedCheck(ctx, err)
	}
	if err := e.pull(ctx, c); err != nil {
		return e.revokedCheck(ctx, err)
	}
	if e.credsWanted.Swap(false) || e.credentialsDue() {
		if err := e.credentials(ctx, c); err != nil {
			return e.revokedCheck(ctx, err)
		}
		e.credsAt = e.opt.Now()
	}
	if err := e.finalizeSigns(ctx); err != nil {
		return err
	}
	// Numbers spent on provisional signs may call for more; the numbers
	// leased now arrive with one more pull. A round that leased nothing
	// here has nothing to wait for: the next round's pull brings anything
	// that came in meanwhile, and two hundred devices a round apart save
	// the registry a third of its requests.
	if want, err = e.leaseWant(ctx); err != nil {
		return err
	}
	if len(want) > 0 {
		if err := e.lease(ctx, c, want); err != nil {
			return e.revokedCheck(ctx, err)
		}
		if err := e.pull(ctx, c); err != nil {
			return e.revokedCheck(ctx, err)
		}
	}
	// Finalised signs are changes to push.
	if _, err := e.push(ctx, c, nil); err != nil {
		return e.revokedCheck(ctx, err)
	}
	// The generation this round synced with is noted now, not at the next.
	if err := e.checkGeneration(ctx, c); err != nil {
		return e.revokedCheck(ctx, err)
	}
	return e.store.InTx(ctx, func(tx *db.Tx) error {
		return tx.SetLastSync(ctx, e.store.OfficeClock().Now().UTC().Format(time.RFC3339))
	})
}

// revokedCheck forgets the credential when the registry refused it: the
// device stops syncing until enrolled again, and the clerk is told.
func (e *Engine) revokedCheck(ctx context.Context, err error) error {
	if errors.Is(err, client.ErrUnauthorized) {
		// The key file first: without it nothing sealed on this disk
		// opens, for the device or whoever holds it (issue 13).
		if e.opt.KeyDir != "" {
			if kerr := keyfile.Remove(e.opt.KeyDir); kerr != nil {
				e.opt.Logger.Error("revoked: remove the key file", "err", kerr)
				err = errors.Join(err, kerr)
			} else {
				e.opt.Logger.Warn("revoked: the key file is removed")
			}
		}
		defer func() {
			if e.opt.OnRevoked != nil {
				e.opt.OnRevoked()
			}
		}()
		if ferr := e.store.InTx(ctx, func(tx *db.Tx) error { return tx.ForgetToken(ctx) }); ferr != nil {
			return errors.Join(err, ferr)
		}
		e.mu.Lock()
		e.client = nil
		e.mu.Unlock()
	}
	return err
}

// clockReading is the registry's clock as the client last read it.
type clockReading struct {
	ts   hlc.Timestamp
	seen time.Time
}

func readClock(c *client.Client) clockReading {
	ts, seen, _ := c.ServerClock()
	return clockReading{ts: ts, seen: seen}
}

// correctClock aligns the device's clock with the registry's: a device
// whose wall clock is wrong by a day still issues sensible stamps. It acts
// only on a reading the last request brought (before is the one from
// before it): a request that failed leaves the previous reading, which
// says nothing of the device's clock if someone set it meanwhile; acting
// on it would restore the old offset, and stamps would run ahead or fall
// behind those the device has already observed.
func (e *Engine) correctClock(c *client.Client, before clockReading) {
	ts, seen, ok := c.ServerClock()
	if !ok || ts == before.ts && seen.Equal(before.seen) {
		return
	}
	// seen is this computer's own wall time (opt.Now): the offset is the
	// whole correction, which the office clock applies to rows, stamps and
	// legal dates alike, and keeps across restarts.
	skew := time.Duration(ts.Wall-seen.UnixMilli()) * time.Millisecond
	if err := e.store.LearnClock(context.Background(), skew); err != nil {
		e.opt.Logger.Warn("sync: keep the office clock's offset", "err", err)
	}
	// A last stamp still running ahead of the corrected clock is dropped
	// by SettleBatch, together with re-stamping the ops the registry
	// refused for it; never below ts, which the clock keeps as observed.
	_ = e.store.Clock().Observe(ts)
}

// push sends the outbox, batch by batch. The registers in lease are asked
// for with the first batch the registry answers, if it takes that
// (protocol.FeaturePushLease); it returns the blocks leased so.
func (e *Engine) push(ctx context.Context, c *client.Client, lease []protocol.RegisterRef) (leased []protocol.Lease, err error) {
	limit := e.opt.BatchSize
	// settling is a plain answer being stored while the next batch is on
	// its way (settleAhead). It is waited for as soon as that batch is
	// answered, before anything else touches the outbox or the clock, so
	// the batches are still settled one by one and in order.
	var settling *settleJob
	defer func() {
		if serr := e.settled(settling); err == nil {
			err = serr
		}
	}()
	// ahead is the next batch, read from the outbox while the registry
	// applies the one before (the device's work beside the registry's on
	// another core). It is sent only after that one's answer, so the
	// registry sees the batches in order as before; when that answer is
	// not a plain one (refused whole, an op to re-stamp, an error) it is
	// dropped unsent and read again from the outbox, where it stays
	// assigned like a batch whose answer was lost.
	var ahead <-chan nextBatch
	defer func() { drop(ahead) }()
	for {
		var batch string
		var ops []db.PendingOp
		var enc client.EncodedPush
		var err error
		if ahead != nil {
			next := <-ahead
			ahead, batch, ops, enc, err = nil, next.batch, next.ops, next.enc, next.err
		} else {
			// NextBatch takes the first pending ops: those of a batch
			// still being settled would be taken again.
			err = e.settled(settling)
			settling = nil
			if err != nil {
				return leased, err
			}
			batch, ops, err = e.store.NextBatch(ctx, limit)
			enc.Req = pushRequest(batch, ops)
		}
		if err != nil || len(ops) == 0 {
			return leased, err
		}
		if c.Supports(protocol.FeaturePushLease) && len(lease) > 0 {
			// Read ahead without the numbers asked for: encoded again with them.
			enc = client.EncodedPush{Req: enc.Req}
			enc.Req.Lease = lease
		}
		req := enc.Req
		e.trace(TraceEvent{Step: TracePushSend, Batch: batch, Ops: len(ops)})
		ahead = e.readAhead(ctx, ops[len(ops)-1].Seq, limit)
		before := readClock(c)
		resp, err := c.PushEncoded(ctx, enc)
		if serr := e.settled(settling); serr != nil {
			drop(ahead)
			return leased, serr // this batch stays assigned: sent again, a replay
		}
		settling = nil
		e.correctClock(c, before)
		if err != nil || pushRetries(resp) {
			drop(ahead)
			ahead = nil
		}
		if refusedWhole(err) && len(req.Lease) > 0 {
			// A registry put back to a version that does not take numbers
			// with a push refuses them, not the ops; a poisoned op refuses
			// the batch whatever it carries. Either way the batch goes
			// again without them, to be split if it is the ops, and the
			// numbers are asked for apart.
			e.opt.Logger.Warn("push with a lease refused", "err", err)
			lease = nil
			continue
		}
		if refusedWhole(err) {
			// Nothing of the batch was applied. Halve it until the op the
			// registry cannot take stands alone, then set that one aside:
			// a poisoned op never blocks the queue.
			if len(ops) == 1 {
				e.opt.Logger.Warn("op quarantined", "op", ops[0].OpID, "entity", ops[0].Entity, "err", err)
				if err := e.store.SettleBatch(ctx, []db.OpOutcome{{OpID: ops[0].OpID, Reason: err.Error()}}); err != nil {
					return leased, err
				}
			} else if err := e.store.SplitBatch(ctx, batch); err != nil {
				return leased, err
			}
			limit = max(1, len(ops)/2)
			continue
		}
		if err != nil {
			return leased, fmt.Errorf("engine: push: %w", err)
		}
		if len(req.Lease) > 0 {
			// Answered: what the batch leased (the first time it was
			// answered, if this is a replay) is in its answer.
			leased, lease = append(leased, resp.Leases...), nil
		}
		outcomes := make([]db.OpOutcome, len(resp.Results))
		retry := false
		for i, r := range resp.Results {
			o := db.OpOutcome{OpID: r.ID}
			switch r.Status {
			case protocol.Applied, protocol.Duplicate, protocol.Conflict:
				o.Done = true
			case protocol.ClockSkew:
				o.Retry, retry = true, true
			default:
				o.Reason = r.Status + ": " + r.Reason
				e.opt.Logger.Warn("op quarantined", "op", r.ID, "reason", r.Reason)
			}
			outcomes[i] = o
		}
		e.trace(TraceEvent{Step: TracePushAnswered, Batch: batch, Ops: len(ops)})
		if !retry && ahead != nil && len(req.Lease) == 0 {
			settling = e.settleAhead(ctx, batch, len(ops), outcomes)
			continue
		}
		if err := e.store.SettleBatch(ctx, outcomes); err != nil {
			return leased, err
		}
		e.trace(TraceEvent{Step: TracePushSettled, Batch: batch, Ops: len(ops)})
		if retry {
			continue // re-stamped with the corrected clock: send again now
		}
	}
}

// settleJob is a batch's answer being stored in the background.
type settleJob struct {
	batch string
	ops   int
	done  chan error
}

// settleAhead stores a plain answer (every op applied, a duplicate, in
// conflict or refused; none to re-stamp; no numbers leased) while the
// next batch, read ahead, goes to the registry: the device's write beside
// the registry's work instead of before it. Should the device die before
// it commits, the batch stays in the outbox under its id and goes again
// first, answered as a replay; the batch sent meanwhile stays assigned
// too and follows it, so at most these two are both applied and still in
// the outbox, each whole.
func (e *Engine) settleAhead(ctx context.Context, batch string, ops int, outcomes []db.OpOutcome) *settleJob {
	j := &settleJob{batch: batch, ops: ops, done: make(chan error, 1)}
	go func() { j.done <- e.store.SettleBatch(ctx, outcomes) }()
	return j
}

// settled waits for a batch being settled (nil: none), and traces it on
// the round's goroutine.
func (e *Engine) settled(j *settleJob) error {
	if j == nil {
		return nil
	}
	if err := <-j.done; err != nil {
		return err
	}
	e.trace(TraceEvent{Step: TracePushSettled, Batch: j.batch, Ops: j.ops})
	return nil
}

// pushRequest is the request that sends ops as batch, without a lease.
func pushRequest(batch string, ops []db.PendingOp) protocol.PushRequest {
	req := protocol.PushRequest{BatchID: batch, Ops: make([]protocol.Op, len(ops))}
	for i, op := range ops {
		req.Ops[i] = protocol.Op{ID: op.OpID, Entity: op.Entity, EntityID: op.EntityID, Kind: protocol.Kind(op.Op),
			HLC: op.HLC, Fields: op.Fields, Base: op.Base}
	}
	return req
}

// nextBatch is a batch read ahead (readAhead), with its request encoded.
type nextBatch struct {
	batch string
	ops   []db.PendingOp
	enc   client.EncodedPush
	err   error
}

// readAhead reads the batch behind the op of seq after in the background,
// and encodes its request (some 3 ms a batch of 500 that the push would
// otherwise wait for). An encoding that fails leaves the request to be
// encoded when sent, which reports the error.
func (e *Engine) readAhead(ctx context.Context, after int64, limit int) <-chan nextBatch {
	out := make(chan nextBatch, 1)
	go func() {
		batch, ops, err := e.store.NextBatchAfter(ctx, after, limit)
		next := nextBatch{batch: batch, ops: ops, err: err}
		if err == nil && len(ops) > 0 {
			next.enc.Req = pushRequest(batch, ops)
			if enc, err := client.EncodePush(next.enc.Req); err == nil {
				next.enc = enc
			}
		}
		out <- next
	}()
	return out
}

// drop waits for a batch read ahead and leaves it unsent: its ops stay
// in the outbox under its id, and NextBatch reads them again in order.
func drop(ahead <-chan nextBatch) {
	if ahead != nil {
		<-ahead
	}
}

// pushRetries reports an answer with an op to send again re-stamped:
// settling it re-stamps the pending ops, those read ahead too.
func pushRetries(resp protocol.PushResponse) bool {
	for _, r := range resp.Results {
		if r.Status == protocol.ClockSkew {
			return true
		}
	}
	return false
}

// refusedWhole reports a push the registry turned down as a whole,
// before applying anything: a malformed batch or one too large. An answer
// the client could not make sense of is not a refusal: the batch is sent
// again as it is.
func refusedWhole(err error) bool {
	return errors.Is(err, client.ErrRefused) || errors.Is(err, client.ErrTooLarge)
}

// registersInUse are the registers the device registers cases in this
// year: one per unit and JRWA class of the current cards.
func (e *Engine) registersInUse(ctx context.Context, officeID string) ([]casesign.Register, error) {
	cards, err := e.store.CurrentCards(ctx, officeID)
	if err != nil {
		return nil, err
	}
	units, err := e.store.Units(ctx, officeID)
	if err != nil {
		return nil, err
	}
	sym := map[string]string{}
	for _, u := range units {
		sym[u.ID] = u.Symbol
	}
	seen := map[casesign.Register]bool{}
	var out []casesign.Register
	// The registers of the office's year, never the computer's; in the
	// year's last days those of the next one too, for a laptop that is
	// offline over New Year.
	years := officeclock.LeaseYears(e.store.OfficeClock().Today())
	for _, v := range cards {
		for _, year := range years {
			r := casesign.Register{Unit: sym[v.UnitID], JRWA: v.Card.JRWA, Year: year}
			if r.Unit != "" && !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	return out, nil
}

// TopUpBelow is how few free numbers of a register in use make the
// device with this id top it up: low plus a share of spread (0 to
// spread) fixed by the id, so it stays the same across restarts and
// differs between devices. A device so tops up never later than below
// low, and the top-ups of devices that register at the same pace fall
// in different rounds.
func TopUpBelow(deviceID string, low, spread int) int {
	if spread <= 0 {
		return low
	}
	h := fnv.New32a()
	h.Write([]byte(deviceID))
	return low + int(h.Sum32()%uint32(spread+1))
}

// leaseWant lists every register in use that has fewer than its top-up
// mark (TopUpBelow) of free numbers, and the registers no longer in use
// that this device's provisional cases wait for numbers of.
func (e *Engine) leaseWant(ctx context.Context) ([]protocol.RegisterRef, error) {
	ss, err := e.store.SyncState(ctx)
	if err != nil {
		return nil, err
	}
	regs, err := e.registersInUse(ctx, ss.OfficeID)
	if err != nil {
		return nil, err
	}
	// A case filed offline on 31 December is numbered in that year's
	// register, which is not in use any more once the clock has passed
	// midnight: without asking for it, the case stays provisional for good.
	waiting, err := e.store.ProvisionalCases(ctx, e.store.DeviceID())
	if err != nil {
		return nil, err
	}
	low := map[casesign.Register]int{}
	mark := TopUpBelow(e.store.DeviceID(), e.opt.LeaseLow, e.opt.LeaseSpread)
	for _, r := range regs {
		low[r] = mark
	}
	for _, cs := range waiting {
		r := cs.Sign.Register
		if _, inUse := low[r]; !inUse {
			regs = append(regs, r)
		}
		if low[r] < e.opt.LeaseLow {
			low[r]++
		}
	}
	if len(regs) == 0 {
		return nil, nil
	}
	free, err := e.store.FreeNumbers(ctx, ss.OfficeID, e.store.DeviceID())
	if err != nil {
		return nil, err
	}
	var want []protocol.RegisterRef
	for _, r := range regs {
		if free[r] < low[r] {
			want = append(want, protocol.RegisterRef{Unit: r.Unit, JRWA: r.JRWA, Year: r.Year})
		}
	}
	return want, nil
}

// notLeased is what of want a push did not lease.
func notLeased(want []protocol.RegisterRef, leased []protocol.Lease) []protocol.RegisterRef {
	var out []protocol.RegisterRef
	for _, r := range want {
		if !slices.ContainsFunc(leased, func(l protocol.Lease) bool { return l.RegisterRef == r }) {
			out = append(out, r)
		}
	}
	return out
}

// lease asks for a block of each register; the numbers arrive with the
// next pull.
func (e *Engine) lease(ctx context.Context, c *client.Client, regs []protocol.RegisterRef) error {
	if len(regs) == 0 {
		return nil
	}
	if _, err := c.Lease(ctx, protocol.LeaseRequest{Registers: regs}); err != nil {
		return fmt.Errorf("engine: lease: %w", err)
	}
	return nil
}

// pull applies pages of changes after the stored cursor; each page and
// its cursor commit together, so an interrupted initial sync resumes
// from the last page instead of the start.
func (e *Engine) pull(ctx context.Context, c *client.Client) (err error) {
	ss, err := e.store.SyncState(ctx)
	if err != nil {
		return err
	}
	if ss.Cursor == 0 {
		took, err := e.fromSnapshot(ctx, c, ss.OfficeID)
		if err != nil {
			return err
		}
		if took {
			if ss, err = e.store.SyncState(ctx); err != nil {
				return err
			}
		}
	}
	limit := e.opt.PageSize
	if ss.Cursor == 0 {
		// An empty device takes the office page by page: the indexes that
		// only speed up its lists are built once at the end (db/bulkload.go),
		// whether the pull ends or fails, and its pages are larger.
		bulk, err := e.store.BeginBulkLoad(ctx)
		if err != nil {
			return err
		}
		if bulk {
			limit = e.opt.BulkPageSize
			defer func() {
				if berr := e.store.EndBulkLoad(context.WithoutCancel(ctx)); berr != nil {
					err = errors.Join(err, berr)
				}
			}()
		}
	}
	// The next page is asked for while this one is written: the network,
	// the registry and the decoding overlap the device's SQLite work. The
	// cursor still moves only with a committed page; a page fetched ahead
	// of a failure is dropped.
	scope, err := e.store.SyncScope(ctx)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := e.fetchPage(ctx, c, ss.Cursor, limit)
	for {
		f := <-next
		e.correctClock(c, f.before) // nothing else is in flight now
		if f.err == nil && f.page.Scope != scope && f.after > 0 {
			// The admin changed this device's scope (or its people): the
			// rows it lacks come again from the start, and the cases it
			// should no longer hold are named there to forget (scope.go).
			e.opt.Logger.Info("device scope changed; pulling from the start", "limited", f.page.Scope != "")
			if err := e.store.InTx(ctx, func(tx *db.Tx) error {
				if err := tx.SetSyncScope(ctx, f.page.Scope); err != nil {
					return err
				}
				return tx.SetCursor(ctx, 0)
			}); err != nil {
				return err
			}
			scope = f.page.Scope
			next = e.fetchPage(ctx, c, 0, limit)
			continue
		}
		if errors.Is(f.err, client.ErrMustRefetch) {
			e.opt.Logger.Warn("registry asked to refetch; pulling from the start")
			if err := e.store.InTx(ctx, func(tx *db.Tx) error { return tx.SetCursor(ctx, 0) }); err != nil {
				return err
			}
			next = e.fetchPage(ctx, c, 0, limit)
			continue
		}
		if f.err != nil {
			return fmt.Errorf("engine: pull: %w", f.err)
		}
		page := f.page
		if page.More {
			next = e.fetchPage(ctx, c, page.Cursor, limit)
		}
		// A page that arrived is written even if the round is being
		// cancelled meanwhile (the app closing, the network cut): it is a
		// thousand rows at most, and a cut then loses only the page
		// fetched ahead.
		if err := e.applyPage(context.WithoutCancel(ctx), page, f.rows, page.Scope != scope); err != nil {
			return err
		}
		scope = page.Scope
		e.trace(TraceEvent{Step: TracePullApplied, Rows: len(page.Changes), Cursor: page.Cursor})
		if e.opt.OnApplied != nil && (len(page.Changes) > 0 || len(page.Forget) > 0) {
			e.opt.OnApplied()
		}
		if !page.More {
			return nil
		}
	}
}

// fetched is a page as it came back, with the registry's clock as the
// client had read it before asking.
type fetched struct {
	page   protocol.PullResponse
	rows   []db.RemoteRow // page.Changes made ready to apply (db.PrepareRemote)
	err    error
	before clockReading
	after  int64 // the cursor it was asked after
}

// fetchPage asks for the page of up to limit rows after cursor in the
// background.
func (e *Engine) fetchPage(ctx context.Context, c *client.Client, cursor int64, limit int) <-chan fetched {
	out := make(chan fetched, 1) // never blocks: a dropped page's goroutine ends anyway
	before := readClock(c)
	e.trace(TraceEvent{Step: TracePullRequest, Cursor: cursor})
	go func() {
		page, err := c.Pull(ctx, cursor, limit)
		var rows []db.RemoteRow
		if err == nil {
			// Encoding, sealing and decoding the rows needs no transaction:
			// done here, it runs while the writer applies the page before.
			rows = make([]db.RemoteRow, len(page.Changes))
			for i, ch := range page.Changes {
				row := make(merge.Row, len(ch.Fields))
				for k, f := range ch.Fields {
					row[k] = merge.Field{V: f.V, H: f.H}
				}
				rows[i] = e.store.PrepareRemote(ch.Entity, ch.EntityID, row)
			}
		}
		out <- fetched{page: page, rows: rows, err: err, before: before, after: cursor}
	}()
	return out
}

func (e *Engine) applyPage(ctx context.Context, page protocol.PullResponse, rows []db.RemoteRow, newScope bool) error {
	return e.store.ApplyInTx(ctx, func(tx *db.Tx) error {
		if err := e.applyScope(ctx, tx, page, newScope); err != nil {
			return err
		}
		// One bad row must not stop the office's data: it is skipped,
		// counted (Status.Skipped, shown in Synchronizacja) and logged
		// once per page, not once per row.
		var skipped map[string]int
		var first error
		var firstSeq int64
		keys := make([][2]string, len(page.Changes))
		for i, ch := range page.Changes {
			keys[i] = [2]string{ch.Entity, ch.EntityID}
		}
		if err := tx.PrefetchRowClocks(ctx, keys); err != nil {
			return err
		}
		for i, ch := range page.Changes {
			if _, err := tx.ApplyRemoteRow(ctx, rows[i]); err != nil {
				if errors.Is(err, db.ErrLocked) {
					return err // locked meanwhile: the page waits whole, cursor unmoved
				}
				if skipped == nil {
					skipped, first, firstSeq = map[string]int{}, err, ch.Seq
				}
				skipped[ch.Entity]++
			}
		}
		if n := countAll(skipped); n > 0 {
			e.opt.Logger.Error("changes from the registry could not be stored on this device", "count", n,
				"entities", fmt.Sprint(skipped), "firstSeq", firstSeq, "firstErr", first)
			if err := tx.AddSkipped(ctx, n); err != nil {
				return err
			}
		}
		e.trace(TraceEvent{Step: TracePullApply, Rows: len(page.Changes), Cursor: page.Cursor})
		return tx.SetCursor(ctx, page.Cursor)
	})
}

func countAll(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// finalizeSigns gives provisional cases numbers now held.
func (e *Engine) finalizeSigns(ctx context.Context) error {
	cases, err := e.store.ProvisionalCases(ctx, e.store.DeviceID())
	if err != nil || len(cases) == 0 {
		return err
	}
	ss, err := e.store.SyncState(ctx)
	if err != nil {
		return err
	}
	for _, cs := range cases {
		err := e.store.InTx(ctx, func(tx *db.Tx) error {
			no, err := tx.TakeNumber(ctx, ss.OfficeID, cs.Sign.Register, cs.ID)
			if err != nil {
				return err
			}
			if err := tx.FinalizeSign(ctx, ss.OfficeID, cs, no); err != nil {
				return err
			}
			return tx.AppendCaseEvent(ctx, signEvent(cs, no))
		})
		if errors.Is(err, db.ErrNoNumber) {
			continue // the next lease brings one
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Enroll links the device to a registry with a one-time code, replacing
// any demo data, and runs the first (initial) sync. The code may carry
// the registry certificate's fingerprint ("CODE@FINGERPRINT",
// protocol.ParseEnrolCode): the device then pins that certificate, from
// the enrolment request on and after every restart.
func (e *Engine) Enroll(ctx context.Context, url, code, deviceName string) (protocol.EnrollResponse, error) {
	return e.EnrollKeyed(ctx, url, code, deviceName, nil, nil)
}

// EnrollKeyed is Enroll with the device's data key, sent for the registry
// to keep (its escrow), and enrolled, run once the enrolment is stored and
// before the first round (the app writes the key file and unlocks).
func (e *Engine) EnrollKeyed(ctx context.Context, url, code, deviceName string, dataKey []byte, enrolled func() error) (protocol.EnrollResponse, error) {
	// A device with cases of its own cannot enrol, nor a locked one that
	// brings no new key (the token is kept sealed): say so before the
	// registry spends the one-time code.
	if enrolled == nil && !e.store.Unlocked() {
		return protocol.EnrollResponse{}, fmt.Errorf("engine: enrol: %w", db.ErrLocked)
	}
	if has, err := e.store.HasCases(ctx); err != nil {
		return protocol.EnrollResponse{}, err
	} else if has {
		return protocol.EnrollResponse{}, db.ErrHasCases
	}
	code, pin, err := protocol.ParseEnrolCode(code)
	if err != nil {
		return protocol.EnrollResponse{}, fmt.Errorf("engine: enrol: %w", err)
	}
	c := e.newClient(url, "", "", pin)
	req := protocol.EnrollRequest{Code: code, DeviceName: deviceName, DeviceID: e.store.DeviceID()}
	if dataKey != nil {
		req.DataKey = protocol.EncodeDataKey(dataKey)
	}
	resp, err := c.Enroll(ctx, req)
	if err != nil {
		return resp, err
	}
	// The new data key unlocks the store before the token is sealed
	// under it.
	if enrolled != nil {
		if err := enrolled(); err != nil {
			return resp, err
		}
	}
	err = e.store.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.ClearReferenceData(ctx); err != nil {
			return err
		}
		if err := tx.Enroll(ctx, url, resp.Token, resp.OfficeID); err != nil {
			return err
		}
		return tx.SetPin(ctx, pin)
	})
	if err != nil {
		return resp, err
	}
	e.mu.Lock()
	e.client = e.newClient(url, resp.Token, resp.OfficeID, pin)
	e.status.Enrolled, e.status.Revoked, e.status.RegistryURL = true, false, url
	e.mu.Unlock()
	return resp, e.Round(ctx)
}
