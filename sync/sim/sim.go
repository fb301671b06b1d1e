// Package sim is a deterministic simulation of one office: five devices
// and a registry, a network that drops, cuts, duplicates and reorders
// requests, devices offline for long stretches, clocks up to a day wrong
// and set by hand, app restarts, and random clerk actions (registrations,
// bursts of them at a busy counter, client edits, status changes, two
// clerks on one case, conflict resolutions, sync rounds). When the faults stop and every device has
// synced until nothing moves, it checks that no acknowledged write was
// lost, nothing was applied twice, every replica equals the registry,
// every case sign is unique and final, and every register closes without
// a gap.
//
// With Options.Postgres the office has two registries on one PostgreSQL
// database instead of one on SQLite, each with its own connection pool,
// memory of recent changes, remembered sequence, token cache and write
// groups, as two `registry serve` processes behind a proxy; every request
// goes to one of them, and the same invariants must hold.
//
// Every choice the simulation makes comes from the seed: one goroutine
// drives the devices' engines round by round (never Engine.Run), the
// registry is served in-process (no sockets, no scheduler in the way), and
// every clock is simulated. Only ids (UUIDv7) differ between runs, so a
// failing seed replays the same story.
package sim

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver of openPG

	"okienko/app"
	"okienko/app/auth"
	"okienko/app/cases"
	"okienko/app/catalog"
	"okienko/app/demo"
	"okienko/app/i18n"
	"okienko/app/officeclock"
	"okienko/app/synth"
	"okienko/db"
	"okienko/sync/engine"
	"okienko/sync/merge"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/registry/pgstore"
	"okienko/sync/registry/sqlitestore"
	"okienko/sync/registry/store"
	"okienko/sync/snapshot"
	"okienko/sync/synctest"
)

// Options shape one run.
type Options struct {
	Seed    uint64
	Devices int // 5 if zero
	Steps   int // random actions; 60 if zero
	// LeaseSize is the registry's block of numbers; small blocks run out
	// at a busy counter, which is the point. 5 if zero.
	LeaseSize int
	// CloseYearLive has the registry close last year's registers shortly
	// after midnight in runs that cross the year, while devices whose
	// clocks are behind still register cases in the old year.
	CloseYearLive bool
	// Postgres, the DSN of an empty schema (synctest.FreshSchema), runs
	// two registries on that database, each opening its own pool, instead
	// of one on SQLite. Each request goes to one of them: the transports
	// are the proxy, some devices' alternating, the others' picking by
	// the seed.
	Postgres string
	// Restore replaces the registry, a third of the way through, by the
	// backup it took at the start of the run's second third... (see
	// restore.go): every op acknowledged since must come back from the
	// devices.
	Restore bool
}

// Result counts what a run did.
type Result struct {
	Seed                                   uint64
	Start                                  time.Time
	Registered, Provisional, Finalized     int
	StatusChanges, ClientEdits, Resolved   int
	Rounds, FailedRounds                   int
	Requests                               int
	Dropped, Cut, Duplicated, Delayed      int
	Replayed, Offline, ClockJumps          int
	Restarts                               int
	YearClosed                             bool // the registry closed a year during the run
	LateNumbers                            int  // numbers the closing cancelled and a device used afterwards
	Snapshots                              int  // snapshot downloads (the device enrolled at the end starts from one)
	Conflicts, RegistryOps, NumbersChecked int
	Years                                  []int
	Refusals                               []string // status changes the app refused, and why
	Served                                 [2]int   // requests each registry served (the second only with Postgres)
}

// Add sums results (for totals over seeds).
func (r *Result) Add(o Result) {
	r.Registered += o.Registered
	r.Provisional += o.Provisional
	r.Finalized += o.Finalized
	r.StatusChanges += o.StatusChanges
	r.ClientEdits += o.ClientEdits
	r.Resolved += o.Resolved
	r.Rounds += o.Rounds
	r.FailedRounds += o.FailedRounds
	r.Requests += o.Requests
	r.Dropped += o.Dropped
	r.Cut += o.Cut
	r.Duplicated += o.Duplicated
	r.Delayed += o.Delayed
	r.Replayed += o.Replayed
	r.Offline += o.Offline
	r.ClockJumps += o.ClockJumps
	r.Restarts += o.Restarts
	r.Conflicts += o.Conflicts
	r.LateNumbers += o.LateNumbers
	r.Snapshots += o.Snapshots
	r.RegistryOps += o.RegistryOps
	r.NumbersChecked += o.NumbersChecked
	r.Served[0] += o.Served[0]
	r.Served[1] += o.Served[1]
	r.Refusals = append(r.Refusals, o.Refusals...)
}

// Actions is every clerk action and sync round attempted.
func (r Result) Actions() int {
	return r.Registered + r.StatusChanges + r.ClientEdits + r.Resolved + r.Rounds
}

// The staff signed in on the devices; heads may resolve conflicts.
var logins = []struct {
	login string
	head  bool
}{{"kzielinska", true}, {"jnowak", false}, {"akowalska", false}, {"mwojcik", true}, {"lwozniak", false}}

// Cards registered in the simulation: two registers of one unit (two cards
// share SO.5351) and one of another unit, so blocks run out per register.
var cardCodes = []string{"zaswiadczenie-o-zameldowaniu", "zameldowanie", "wymeldowanie", "odpis-aktu-stanu-cywilnego"}

const (
	hour       = int64(time.Hour / time.Millisecond)
	maxSkew    = 24 * hour
	roundLimit = 400 // requests one sync round may make before it counts as a livelock
)

type world struct {
	t    testing.TB
	ctx  context.Context
	opt  Options
	rng  *rand.Rand
	res  Result
	step int

	clock   atomic.Int64 // the true time, ms since the epoch
	closeAt time.Time    // when the registry closes last year's registers
	closed  bool

	reg       *synctest.Registry   // the registry, or the first of two (enrolment codes are made on it)
	regs      []*synctest.Registry // every registry serving the office
	snaps     *snapshot.Builder    // the registries' snapshots; one is published halfway
	regDB     *sql.DB              // the registries' database, read directly by the checks
	pg        bool                 // regDB is PostgreSQL ($n placeholders)
	handlers  []http.Handler
	adminTurn int // which registry the next admin command runs on
	devs      []*device
	cards     []string // card version ids
	cases     []*simCase
	clients   []string

	mu      sync.Mutex // the transports write the oracle
	answers []answer
	batches map[string]bool // batch ids served
	guarded []string        // guarded writes decided without a person, or conflicts without cause
	stuck   []string        // livelocks seen

	regDir  string           // the SQLite registry's directory
	regOpt  registry.Options // the registry's options (a restored one gets the same)
	restore restoreState     // Options.Restore (restore.go)
}

// device is one installation with its own clock and network.
type device struct {
	*synctest.Device
	n       int
	login   string
	head    bool
	skew    atomic.Int64 // ms its wall clock is off
	now     func() time.Time
	net     *transport
	raw     *sql.DB // a side connection: the op log trigger and the dumps
	offline int     // steps left offline
}

// simCase is what the simulation knows of a case it registered.
type simCase struct {
	id          string
	dev         int
	provisional bool
	events      int // history entries written for it, by whatever device
}

// answer is one op result the registry gave, delivered to the device or
// not: the registry answered, so the op is acknowledged.
type answer struct {
	dev    int
	batch  string
	op     protocol.Op
	status string
	reason string
}

func (w *world) now() time.Time { return time.UnixMilli(w.clock.Load()).UTC() }

func (w *world) fatalf(format string, args ...any) {
	w.t.Helper()
	w.t.Fatalf("step %d: %s", w.step, fmt.Sprintf(format, args...))
}

// seeded puts the seed in front of every failure and log line, including
// those of the synctest helpers.
type seeded struct {
	testing.TB
	prefix string
}

func (s seeded) Fatal(args ...any) { s.TB.Helper(); s.TB.Fatal(append([]any{s.prefix}, args...)...) }
func (s seeded) Error(args ...any) { s.TB.Helper(); s.TB.Error(append([]any{s.prefix}, args...)...) }
func (s seeded) Log(args ...any)   { s.TB.Helper(); s.TB.Log(append([]any{s.prefix}, args...)...) }
func (s seeded) Fatalf(format string, args ...any) {
	s.TB.Helper()
	s.TB.Fatalf(s.prefix+format, args...)
}
func (s seeded) Errorf(format string, args ...any) {
	s.TB.Helper()
	s.TB.Errorf(s.prefix+format, args...)
}
func (s seeded) Logf(format string, args ...any) {
	s.TB.Helper()
	s.TB.Logf(s.prefix+format, args...)
}

// scope runs a seed's cleanups when Run returns rather than when its test
// ends. testing keeps a finished test's cleanup functions reachable until
// its parent ends (runCleanup shortens the slice without clearing it), and
// runSeeds' seeds are parallel subtests of one parent: every seed's world
// (stores, registries, devices, their caches) stayed alive to the end of
// the run, about 6 MB a seed.
type scope struct {
	testing.TB
	mu  sync.Mutex
	fns []func()
}

// Cleanup registers f to run when the seed's run ends.
func (s *scope) Cleanup(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fns = append(s.fns, f)
}

// close runs the cleanups, last registered first, and forgets them.
func (s *scope) close() {
	for {
		s.mu.Lock()
		n := len(s.fns)
		if n == 0 {
			s.fns = nil
			s.mu.Unlock()
			return
		}
		f := s.fns[n-1]
		s.fns[n-1] = nil
		s.fns = s.fns[:n-1]
		s.mu.Unlock()
		f()
	}
}

// Run simulates one seed and checks every invariant; a violation fails t
// with the seed in the message.
func Run(t testing.TB, opt Options) Result {
	t.Helper()
	if opt.Devices <= 0 {
		opt.Devices = 5
	}
	if opt.Steps <= 0 {
		opt.Steps = 60
	}
	if opt.LeaseSize <= 0 {
		opt.LeaseSize = 5
	}
	sc := &scope{TB: t}
	defer sc.close()
	t = seeded{TB: sc, prefix: fmt.Sprintf("seed %d (OKIENKO_SIM_SEED=%d to replay): ", opt.Seed, opt.Seed)}
	w := &world{t: t, ctx: context.Background(), opt: opt, rng: rand.New(rand.NewPCG(opt.Seed, 0x6f6b69656e6b6f)),
		batches: map[string]bool{}}
	w.res.Seed = opt.Seed
	w.setup()
	for w.step = 1; w.step <= opt.Steps; w.step++ {
		w.restoreStep()
		w.act()
		if w.step == opt.Steps/2 {
			if _, ok, err := w.snaps.Refresh(w.ctx, w.reg.OfficeID); err != nil || !ok {
				w.fatalf("publish a snapshot: %v (published %v)", err, ok)
			}
		}
	}
	w.settle()
	for _, r := range w.regs {
		w.res.LateNumbers += int(r.Metrics().LateNumbers.Load())
		w.res.Snapshots += int(r.Metrics().SnapshotsServed.Load())
	}
	return w.res
}

// simZones are the machines' zones the devices run in, in turn.
var simZones = []*time.Location{time.UTC, officeclock.MustZone("Europe/Warsaw"), officeclock.MustZone("America/Los_Angeles"),
	officeclock.MustZone("Asia/Tokyo"), time.FixedZone("UTC-11", -11*3600)}

// ---- setup ----

func (w *world) setup() {
	t := w.t
	// Mostly a working day in spring to autumn; one seed in four starts on
	// New Year's Eve, so clocks a day apart straddle two registers' years.
	// Office hours and the turn of the year in the office's zone: 23:00 UTC
	// on 31 December is already the new year in Warsaw.
	waw := officeclock.MustZone(officeclock.DefaultZone)
	start := time.Date(2026, time.Month(3+w.rng.IntN(8)), 1+w.rng.IntN(28), 7+w.rng.IntN(3), 0, 0, 0, waw)
	newYear := w.rng.IntN(4) == 0 || w.opt.CloseYearLive // a live closing needs the turn of the year
	if newYear {
		start = time.Date(2026, 12, 31, 23, w.rng.IntN(40), 0, 0, waw)
	}
	w.res.Start = start
	w.clock.Store(start.UnixMilli())

	dir := t.TempDir()
	open := func() store.Store {
		var st store.Store
		var err error
		if w.opt.Postgres != "" {
			st, err = pgstore.Open(w.ctx, w.opt.Postgres)
		} else {
			st, err = sqlitestore.Open(w.ctx, dir)
		}
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	st := open()
	// The device enrolled at the end starts from a snapshot published
	// halfway through the faults, and pulls the rest as pages.
	var err error
	if w.snaps, err = snapshot.New(filepath.Join(dir, "snapshots"), st, snapshot.Options{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.snaps.Close() })
	// The registries remember the office's sequence by the simulated
	// clock, so a run replays (its real 1 s would make runs depend on the
	// machine's speed): after the other's writes, a registry's is stale
	// for the rest of the step, whose requests share one instant, and all
	// through the end, when the clock stands still. Devices converge all
	// the same: a pull that reaches the registry that wrote last, or that
	// names a later sequence (a cursor, or the device's last answer's),
	// reads it anew.
	// Verifiers stay cheap: at the default costs every person session
	// would rehash them (a quarter of a second each) and every sign-in on
	// a device verify at that cost.
	opt := registry.Options{Now: w.now, LeaseSize: w.opt.LeaseSize, Snapshots: w.snaps, CacheNow: w.now, PasswordParams: synctest.Cheap}
	w.regDir, w.regOpt = dir, opt
	w.reg = newRegistry(t, st, opt)
	w.regs = []*synctest.Registry{w.reg}
	if w.opt.Postgres != "" {
		// A second process on the same database: its own pool, and
		// nothing in memory shared with the first (the snapshots' files
		// aside, as on a shared volume).
		st2 := open()
		t.Cleanup(func() { st2.Close() })
		w.regs = append(w.regs, &synctest.Registry{Registry: registry.New(st2, opt), URL: w.reg.URL, OfficeID: w.reg.OfficeID})
		w.pg = true
		w.regDB = openPG(t, w.opt.Postgres)
	} else {
		w.regDB = openRaw(t, filepath.Join(dir, "registry.db"))
	}
	for _, r := range w.regs {
		w.handlers = append(w.handlers, r.Handler())
	}

	for i := 0; i < w.opt.Devices; i++ {
		d := w.newDevice(i)
		if i < len(logins) {
			d.login, d.head = logins[i].login, logins[i].head
		} else {
			d.login = logins[1+i%4].login
		}
		// Most clocks are off, some by nearly a day either way; on New
		// Year's Eve half of them by minutes, so they pass midnight at
		// different moments during the run.
		switch {
		case newYear && w.rng.IntN(2) == 0:
			d.skew.Store(w.rng.Int64N(hour+1) - hour/2)
		case w.rng.IntN(4) != 0:
			d.skew.Store(w.rng.Int64N(2*maxSkew+1) - maxSkew)
		}
		d.Enroll(t, w.reg)
		installOpLog(t, d.raw)
		d.SignIn(t, d.login)
		w.devs = append(w.devs, d)
	}
	versions, err := w.devs[0].Store.CurrentCards(w.ctx, w.reg.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range cardCodes {
		for _, v := range versions {
			if v.Card.Code == code {
				w.cards = append(w.cards, v.ID)
			}
		}
	}
	if len(w.cards) != len(cardCodes) {
		t.Fatalf("cards: found %d of %v", len(w.cards), cardCodes)
	}
	for _, d := range w.devs {
		d.net.faults = true
	}
	if newYear { // the New Year's Eve shift at a counter out of coverage
		w.devs[w.rng.IntN(len(w.devs))].offline = 15 + w.rng.IntN(30)
	}
}

// admin is the registry the next admin command (closing a year) runs on:
// with two, they take turns, starting with either as the seed says.
func (w *world) admin() *synctest.Registry {
	r := w.regs[(int(w.opt.Seed)+w.adminTurn)%len(w.regs)]
	w.adminTurn++
	return r
}

// newRegistry is synctest.NewRegistry with the catalogue cut to the cards
// the simulation files: every register in use is leased to every device
// and closed at the end, and thirteen of them would spend most of a seed
// shuffling numbers nobody uses. The registry is served in-process by the
// transports, so it needs no listener; its URL only routes.
func newRegistry(t testing.TB, st store.Store, opt registry.Options) *synctest.Registry {
	t.Helper()
	ctx := context.Background()
	t.Cleanup(func() { st.Close() })
	r := registry.New(st, opt)
	o, err := demo.LoadOffice()
	if err != nil {
		t.Fatal(err)
	}
	for i := range o.Staff {
		o.Staff[i].PasswordHash, _ = auth.Hash(demo.Password, synctest.Cheap)
	}
	// Screens lock after a working day idle, not five minutes: the clerks
	// of the simulation step away for minutes between actions, and
	// unlocking each time would fill the office's audit log with little to
	// sync but sign-ins.
	o.Settings["autoLockMinutes"] = "480"
	var file map[string]json.RawMessage
	var cards []struct {
		Code string `json:"code"`
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(demo.CatalogueJSON, &file); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(file["cards"], &cards); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(file["cards"], &raw); err != nil {
		t.Fatal(err)
	}
	var keep []json.RawMessage
	for i, c := range cards {
		if slices.Contains(cardCodes, c.Code) {
			keep = append(keep, raw[i])
		}
	}
	file["cards"], _ = json.Marshal(keep)
	catalogue, _ := json.Marshal(file)
	if err := r.SeedOffice(ctx, o, catalogue); err != nil {
		t.Fatal(err)
	}
	// A loopback address: devices talk plain http only to this computer
	// (client.CheckURL), and no request leaves the process anyway.
	return &synctest.Registry{Registry: r, URL: "http://127.0.0.1:8470", OfficeID: o.Office.ID}
}

// newDevice creates a device whose clock is the true time plus its skew
// and whose network is a faulty transport to the registry.
func (w *world) newDevice(n int) *device {
	d := &device{n: n}
	d.net = &transport{w: w, d: d, rng: rand.New(rand.NewPCG(w.opt.Seed, uint64(n)+1))}
	if len(w.handlers) > 1 {
		// Its own stream, so the faults are those of the same seed on
		// one registry; even devices alternate, odd ones pick at random.
		d.net.route = rand.New(rand.NewPCG(w.opt.Seed, uint64(n)+1001))
		d.net.alternate = n%2 == 0
		d.net.turn = d.net.route.IntN(len(w.handlers))
	}
	// Devices run in mixed time zones (a laptop left in another zone, a
	// machine set to UTC): every date they register must be the office's.
	zone := simZones[n%len(simZones)]
	d.now = func() time.Time { return time.UnixMilli(w.clock.Load() + d.skew.Load()).In(zone) }
	d.Device = synctest.NewDevice(w.t, synctest.DeviceOptions{Now: d.now, HTTP: &http.Client{Transport: d.net}, NoAutoPrint: true})
	d.raw = openRaw(w.t, d.Store.Path())
	return d
}

// openPG is a side connection to the registries' PostgreSQL database.
func openPG(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	h, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	h.SetMaxOpenConns(1)
	t.Cleanup(func() { h.Close() })
	return h
}

// q writes a query's ? placeholders as the registries' database takes them.
func (w *world) q(query string) string {
	if !w.pg {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func openRaw(t testing.TB, path string) *sql.DB {
	t.Helper()
	h, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	h.SetMaxOpenConns(1)
	t.Cleanup(func() { h.Close() })
	return h
}

// installOpLog keeps every outbox op the device ever records, so the end
// can tell an op that left the outbox without reaching the registry, with
// the device's view of the row as the op was written (its stamps), so the
// end can tell a write stamped older than what its writer already knew.
func installOpLog(t testing.TB, h *sql.DB) {
	t.Helper()
	_, err := h.Exec(`CREATE TABLE sim_oplog (op_id TEXT PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
  hlc TEXT NOT NULL, row BLOB NOT NULL) STRICT;
CREATE TRIGGER sim_oplog AFTER INSERT ON outbox BEGIN
  INSERT INTO sim_oplog (op_id, entity, entity_id, hlc, row) VALUES (NEW.op_id, NEW.entity, NEW.entity_id, NEW.hlc,
    coalesce((SELECT fields FROM row_clock WHERE entity = NEW.entity AND entity_id = NEW.entity_id), X''));
END;`)
	if err != nil {
		t.Fatal(err)
	}
}

// ---- the faulty network ----

var (
	errOffline = errors.New("sim: network unreachable")
	errDropped = errors.New("sim: connection reset before the request was sent")
	errCut     = errors.New("sim: connection reset after the request was sent")
	errTimeout = errors.New("sim: request timed out (it may still arrive)")
	errBudget  = errors.New("sim: round made too many requests")
)

// request is a captured request, replayable later.
type request struct {
	method, url string
	header      http.Header
	body        []byte
}

// transport is one device's network to the registry. The registry's
// handler runs in-process, so a request is served exactly when the
// simulation says, and the faults come from the device's own seeded RNG.
// With two registries it is also the proxy in front of them: each
// request, a late or duplicated copy too, goes to one of them.
type transport struct {
	w      *world
	d      *device
	rng    *rand.Rand
	faults bool
	held   []request // requests still in the network, delivered later
	calls  int       // requests in the current round

	route     *rand.Rand // picks the registry (nil with one)
	alternate bool       // take turns instead of picking at random
	turn      int        // the registry the next request goes to, when alternating
}

// next is the registry the next request goes to.
func (tr *transport) next() int {
	switch {
	case tr.route == nil:
		return 0
	case tr.alternate:
		i := tr.turn
		tr.turn = (tr.turn + 1) % len(tr.w.handlers)
		return i
	}
	return tr.route.IntN(len(tr.w.handlers))
}

func (tr *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := request{method: req.Method, url: req.URL.String(), header: req.Header.Clone()}
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		r.body = b
	}
	tr.calls++
	if tr.calls > roundLimit {
		tr.w.noteStuck(fmt.Sprintf("device %d made over %d requests in one round (last %s %s)", tr.d.n, roundLimit, r.method, r.url))
		return nil, errBudget
	}
	tr.w.res.Requests++
	if !tr.faults {
		return tr.serve(req.Context(), r), nil
	}
	if tr.d.offline > 0 {
		return nil, errOffline
	}
	// Something sent earlier arrives now, after newer requests.
	if len(tr.held) > 0 && tr.rng.IntN(4) == 0 {
		i := tr.rng.IntN(len(tr.held))
		old := tr.held[i]
		tr.held = slices.Delete(tr.held, i, i+1)
		tr.w.res.Replayed++
		tr.serve(context.Background(), old).Body.Close()
	}
	switch x := tr.rng.IntN(100); {
	case x < 7: // lost before the registry saw it
		tr.w.res.Dropped++
		return nil, errDropped
	case x < 14: // the registry committed; the answer is lost or cut short
		tr.w.res.Cut++
		res := tr.serve(req.Context(), r)
		body, _ := io.ReadAll(res.Body)
		if tr.rng.IntN(2) == 0 {
			return nil, errCut
		}
		res.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body[:tr.rng.IntN(len(body)+1)]), failReader{}))
		return res, nil
	case x < 19: // sent twice (a proxy retrying); the device sees one answer
		tr.w.res.Duplicated++
		first := tr.serve(req.Context(), r)
		second := tr.serve(req.Context(), r)
		if tr.rng.IntN(2) == 0 {
			first, second = second, first
		}
		first.Body.Close()
		return second, nil
	case x < 23: // stuck in the network: the device gives up, it arrives later
		tr.w.res.Delayed++
		tr.hold(r)
		return nil, errTimeout
	case x < 27: // delivered now, and a stray copy arrives later
		tr.w.res.Delayed++
		tr.hold(r)
	}
	return tr.serve(req.Context(), r), nil
}

func (tr *transport) hold(r request) {
	if len(tr.held) >= 6 {
		tr.w.res.Replayed++
		tr.serve(context.Background(), tr.held[0]).Body.Close()
		tr.held = tr.held[1:]
	}
	tr.held = append(tr.held, r)
}

// flush delivers everything still in the network.
func (tr *transport) flush() {
	for _, r := range tr.held {
		tr.w.res.Replayed++
		tr.serve(context.Background(), r).Body.Close()
	}
	tr.held = nil
}

type failReader struct{}

func (failReader) Read([]byte) (int, error) { return 0, errCut }

// serve runs the request through the registry's handler and notes the
// answer to a push in the oracle, whoever ends up receiving it.
func (tr *transport) serve(ctx context.Context, r request) *http.Response {
	req, err := http.NewRequestWithContext(ctx, r.method, r.url, bytes.NewReader(r.body))
	if err != nil {
		tr.w.t.Fatal(err)
	}
	req.Header = r.header.Clone()
	req.RequestURI = req.URL.RequestURI()
	push := r.method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/push")
	var batch protocol.PushRequest
	var before map[string]merge.Row
	if push {
		if err := protocol.Decode(r.body, r.header.Get("Content-Encoding"), &batch); err != nil {
			tr.w.t.Fatalf("sim: decode push: %v", err)
		}
		before = tr.w.rowsBefore(batch)
	}
	rec := httptest.NewRecorder()
	i := tr.next()
	tr.w.res.Served[i]++
	tr.w.handlers[i].ServeHTTP(rec, req)
	if push && rec.Code == http.StatusOK {
		tr.w.notePush(tr.d.n, batch, before, rec)
	}
	return rec.Result()
}

// rowsBefore reads, straight from the registry's database, the rows that
// the batch's based guarded writes go to, as they are before it is served.
func (w *world) rowsBefore(batch protocol.PushRequest) map[string]merge.Row {
	out := map[string]merge.Row{}
	for _, op := range batch.Ops {
		key := op.Entity + "/" + op.EntityID
		if len(op.Base) == 0 {
			continue
		}
		var raw string
		err := w.regDB.QueryRow(w.q("SELECT fields FROM rows WHERE office_id = ? AND entity = ? AND entity_id = ?"),
			w.reg.OfficeID, op.Entity, op.EntityID).Scan(&raw)
		row := merge.Row{}
		if err == nil {
			err = json.Unmarshal([]byte(raw), &row)
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			w.t.Fatalf("sim: registry row %s: %v", key, err)
		}
		out[key] = row
	}
	return out
}

func (w *world) notePush(dev int, req protocol.PushRequest, before map[string]merge.Row, rec *httptest.ResponseRecorder) {
	var resp protocol.PushResponse
	if err := protocol.DecodeLenient(rec.Body.Bytes(), rec.Header().Get("Content-Encoding"), &resp); err != nil {
		w.t.Fatalf("sim: decode push answer: %v", err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(resp.Results) != len(req.Ops) {
		w.stuck = append(w.stuck, fmt.Sprintf("push answer of batch %s has %d results for %d ops", req.BatchID, len(resp.Results), len(req.Ops)))
		return
	}
	replay := w.batches[req.BatchID]
	w.batches[req.BatchID] = true
	seen := map[string]bool{}
	for i, res := range resp.Results {
		op := req.Ops[i]
		w.answers = append(w.answers, answer{dev: dev, batch: req.BatchID, op: op, status: res.Status, reason: res.Reason})
		// Guarded fields are never auto-resolved: a write based on a
		// value no longer in force, changing it to something else, is a
		// conflict; one based on the value in force is not. Only the
		// batch's first write to a row is judged (the row before it is
		// known), and only the first time the batch is served.
		key := op.Entity + "/" + op.EntityID
		if replay || seen[key] || len(op.Base) == 0 || res.Status != protocol.Applied && res.Status != protocol.Conflict {
			seen[key] = true
			continue
		}
		seen[key] = true
		cur := before[key]
		clash := ""
		for f, base := range op.Base {
			if merge.IsGuarded(op.Entity, f) && base != cur[f].H && !sameJSON(cur[f].V, op.Fields[f]) {
				clash = fmt.Sprintf("%s was %s@%s, the device changed %s@%s to %s", f, cur[f].V, cur[f].H, f, base, op.Fields[f])
				break
			}
		}
		switch {
		case clash != "" && res.Status != protocol.Conflict:
			w.guarded = append(w.guarded, fmt.Sprintf("op %s on %s answered %s, yet %s: a guarded field was decided without a person", op.ID, key, res.Status, clash))
		case clash == "" && res.Status == protocol.Conflict:
			w.guarded = append(w.guarded, fmt.Sprintf("op %s on %s answered conflict, yet it changed only the values in force", op.ID, key))
		}
	}
}

func (w *world) noteStuck(s string) {
	w.mu.Lock()
	w.stuck = append(w.stuck, s)
	w.mu.Unlock()
}

// ---- actions ----

func (w *world) advance(d time.Duration) { w.clock.Add(int64(d / time.Millisecond)) }

func (w *world) act() {
	w.advance(time.Duration(5+w.rng.IntN(115)) * time.Second)
	for _, d := range w.devs {
		if d.offline > 0 {
			d.offline--
		}
	}
	// A job closes last year's registers shortly after midnight, while
	// clocks a day off still show the old year.
	// The office's year, in its zone: in Warsaw the year turns an hour or
	// two before it does in UTC.
	waw := officeclock.MustZone(officeclock.DefaultZone)
	if y := w.now().In(waw).Year(); w.opt.CloseYearLive && w.closeAt.IsZero() && w.res.Start.In(waw).Year() < y {
		w.closeAt = w.now().Add(time.Duration(5+w.rng.IntN(30)) * time.Minute)
	}
	if !w.closeAt.IsZero() && !w.closed && !w.now().Before(w.closeAt) {
		if _, err := w.admin().CloseYear(w.ctx, w.reg.OfficeID, w.res.Start.In(waw).Year()); err != nil {
			w.fatalf("close year: %v", err)
		}
		w.closed = true
		w.res.YearClosed = true
	}
	d := w.devs[w.rng.IntN(len(w.devs))]
	x := w.rng.IntN(100)
	if d.offline > 0 && w.rng.IntN(4) == 0 {
		x = 13 // the counter stays open while the network is down
	}
	switch {
	case x < 13:
		w.register(d, w.rng.IntN(4) == 0)
	case x < 16: // a queue at the counter
		for range 3 + w.rng.IntN(6) {
			w.register(d, w.rng.IntN(4) == 0)
			w.advance(time.Duration(30+w.rng.IntN(120)) * time.Second)
		}
	case x < 35:
		w.changeStatus(d, w.pickCase(d))
	case x < 39:
		w.clash()
	case x < 49:
		w.editClient(d, "")
	case x < 54:
		w.resolve()
	case x < 92:
		w.round(d)
	case x < 96:
		d.offline = 10 + w.rng.IntN(60)
		w.res.Offline++
	case x < 98:
		w.restart(d)
	default: // someone sets the wall clock by hand
		s := d.skew.Load() + w.rng.Int64N(8*hour+1) - 4*hour
		d.skew.Store(max(-maxSkew, min(maxSkew, s)))
		w.res.ClockJumps++
	}
}

// session makes sure the device's clerk is signed in and unlocked (the
// screen locks after five idle minutes).
func (w *world) session(d *device) {
	auth := app.NewAuthService(d.Core)
	s, err := auth.Touch()
	if err == nil && s.State == "active" {
		return
	}
	if s.State == "locked" {
		if _, err := auth.Unlock(demo.Password); err == nil {
			d.Core.Persons.Has(w.ctx) // one asked for at unlock comes back before the simulation goes on
			return
		}
	}
	d.SignIn(w.t, d.login)
}

// register files a case at the device's counter, for a new client or one
// the office knows; one in five lacks a document.
func (w *world) register(d *device, returning bool) {
	w.session(d)
	card := w.cards[w.rng.IntN(len(w.cards))]
	client, clientID := synth.Client(w.rng), ""
	if returning && len(w.clients) > 0 {
		id := w.clients[w.rng.IntN(len(w.clients))]
		if c, err := d.Store.Client(w.ctx, id); err == nil {
			client, clientID = c, id
		}
	}
	incomplete := w.rng.IntN(5) == 0
	open, err := d.Intake.StartDraft(card)
	if err != nil {
		w.fatalf("device %d: start draft: %v", d.n, err)
	}
	in := open.Draft
	for _, f := range open.Form.Fields {
		if f.Example != nil {
			in.Answers[f.Name] = f.Example
		}
	}
	in.Client, in.ClientID = client, clientID
	v, err := d.Store.Card(w.ctx, in.CardID)
	if err != nil {
		w.fatalf("device %d: card: %v", d.n, err)
	}
	in.Checklist = cases.BuildChecklist(v.Card, in.Answers, nil)
	missing := false
	for i, it := range in.Checklist {
		in.Checklist[i].Mark = cases.Original
		if it.Presentation == catalog.Show {
			in.Checklist[i].Mark = cases.Presented
		}
		if it.MustBeValid {
			in.Checklist[i].ValidUntil, in.Checklist[i].Number = "2031-01-01", "ABS123456"
		}
		if incomplete && !missing && it.Required && it.Applies {
			in.Checklist[i].Mark, missing = cases.Missing, true
		}
	}
	// The clerk confirms the date shown when the office's time cannot be
	// trusted (a clock far off the registry's).
	in.ConfirmedDate = d.Store.OfficeClock().Today().Format(time.DateOnly)
	res, err := d.Intake.Register(in)
	if err != nil || !res.OK {
		w.fatalf("device %d: register %s: %v %+v", d.n, card, err, res.Problems)
	}
	cs, err := d.Store.Case(w.ctx, res.CaseID)
	if err != nil {
		w.fatalf("device %d: registered case: %v", d.n, err)
	}
	evs, err := d.Store.CaseEvents(w.ctx, res.CaseID)
	if err != nil {
		w.fatalf("device %d: events: %v", d.n, err)
	}
	w.cases = append(w.cases, &simCase{id: res.CaseID, dev: d.n, provisional: res.Provisional, events: len(evs)})
	if clientID == "" {
		w.clients = append(w.clients, cs.ClientID)
	}
	w.res.Registered++
	if res.Provisional {
		w.res.Provisional++
	}
}

// pickCase picks a case, preferring one the device already holds.
func (w *world) pickCase(d *device) *simCase {
	if len(w.cases) == 0 {
		return nil
	}
	var c *simCase
	for range 3 {
		c = w.cases[w.rng.IntN(len(w.cases))]
		if _, err := d.Store.Case(w.ctx, c.id); err == nil {
			break
		}
	}
	return c
}

// changeStatus moves a case the device holds along the status machine.
func (w *world) changeStatus(d *device, c *simCase) {
	if c == nil {
		return
	}
	cs, err := d.Store.Case(w.ctx, c.id)
	if err != nil {
		return // not on this device yet
	}
	var next []cases.Status
	for _, s := range cases.Next(cs.Status) {
		if s != cases.LeftUnexamined { // needs the 7-day term to pass
			next = append(next, s)
		}
	}
	if len(next) == 0 {
		return
	}
	w.session(d)
	to := next[w.rng.IntN(len(next))]
	if _, err := d.Cases.ChangeStatus(c.id, string(to)); err != nil {
		// A refusal writes nothing; say why, so a refusal the clerk
		// should never see shows up in the summary.
		w.res.Refusals = append(w.res.Refusals, fmt.Sprintf("%s -> %s: %v", cs.Status, to, err))
		return
	}
	c.events++
	w.res.StatusChanges++
}

// clash has two clerks act on the same case before either syncs: both
// move its status (a conflict for a person) or both edit its client (the
// newer stamp wins, field by field).
func (w *world) clash() {
	c := w.pickCase(w.devs[w.rng.IntN(len(w.devs))])
	if c == nil {
		return
	}
	var holders []*device
	for _, d := range w.devs {
		if _, err := d.Store.Case(w.ctx, c.id); err == nil {
			holders = append(holders, d)
		}
	}
	if len(holders) < 2 {
		return
	}
	i := w.rng.IntN(len(holders))
	j := (i + 1 + w.rng.IntN(len(holders)-1)) % len(holders)
	if w.rng.IntN(3) == 0 {
		cs, _ := holders[i].Store.Case(w.ctx, c.id)
		w.editClient(holders[i], cs.ClientID)
		w.editClient(holders[j], cs.ClientID)
		return
	}
	w.changeStatus(holders[i], c)
	w.advance(time.Duration(1+w.rng.IntN(30)) * time.Second)
	w.changeStatus(holders[j], c)
}

var streets = []string{"ul. Polna", "ul. Leśna", "ul. Kwiatowa", "ul. Szkolna", "Rynek", "ul. Długa"}

// editClient changes a client's phone, address or both, as in the
// client form: the given one, or any the device holds.
func (w *world) editClient(d *device, id string) {
	if id == "" && len(w.clients) > 0 {
		id = w.clients[w.rng.IntN(len(w.clients))]
	}
	if id == "" {
		return
	}
	cl, err := d.Store.Client(w.ctx, id)
	if err != nil {
		return
	}
	what := w.rng.IntN(3)
	if what != 1 {
		cl.Phone = fmt.Sprintf("5%08d", w.rng.IntN(100_000_000))
	}
	if what != 0 {
		cl.Street, cl.HouseNo = streets[w.rng.IntN(len(streets))], fmt.Sprint(1+w.rng.IntN(99))
	}
	err = d.Store.InTx(w.ctx, func(tx *db.Tx) error { return tx.SaveClient(w.ctx, d.Core.OfficeID(), cl) })
	if err != nil {
		w.fatalf("device %d: save client: %v", d.n, err)
	}
	w.res.ClientEdits++
}

// resolve has a head decide one open conflict (online: it may fail).
func (w *world) resolve() {
	var heads []*device
	for _, d := range w.devs {
		if d.head {
			heads = append(heads, d)
		}
	}
	if len(heads) == 0 {
		return
	}
	d := heads[w.rng.IntN(len(heads))]
	w.session(d)
	d.net.calls = 0
	if !d.Core.Persons.Has(w.ctx) {
		// The registry decides who may resolve, by a person session it
		// issued at sign-in; without one (the sign-in was offline, or its
		// answer lost), the head does what the app tells them: signs out
		// and in again while connected.
		if _, err := app.NewAuthService(d.Core).SignOut(); err != nil {
			w.fatalf("device %d: sign out: %v", d.n, err)
		}
		d.SignIn(w.t, d.login)
	}
	svc := app.NewSyncService(d.Core)
	lines, err := svc.Conflicts()
	if err != nil || len(lines) == 0 {
		return
	}
	choice := "kept"
	if w.rng.IntN(2) == 0 {
		choice = "rejected"
	}
	if _, err := svc.Resolve(lines[w.rng.IntN(len(lines))].ID, choice); err == nil {
		w.res.Resolved++
	}
}

// restart closes the device's store and starts the app again on the same
// file, as after a reboot: what the engine and the clock kept in memory
// (the offset learned from the registry too) is gone, the clerk signs in
// again, and Bootstrap closes past years' registers.
func (w *world) restart(d *device) {
	if err := d.Store.Close(); err != nil {
		w.fatalf("device %d: close: %v", d.n, err)
	}
	st, err := db.Open(w.ctx, d.Dir, db.Options{Now: d.now, Cipher: d.Cipher})
	if err != nil {
		w.fatalf("device %d: reopen: %v", d.n, err)
	}
	w.t.Cleanup(func() { st.Close() })
	// The exact mark, as synctest's devices have before a restart: a
	// spread mark comes from the device's id, which is random, and a
	// seed must replay exactly.
	eng, err := engine.New(w.ctx, st, engine.Options{Now: d.now, HTTP: &http.Client{Transport: d.net}, LeaseLow: 5, LeaseSpread: -1})
	if err != nil {
		w.fatalf("device %d: engine: %v", d.n, err)
	}
	bundle, err := i18n.Load()
	if err != nil {
		w.fatalf("i18n: %v", err)
	}
	core := app.NewCore(app.Deps{Store: st, I18n: bundle, Log: slog.New(slog.DiscardHandler), Sync: eng, Opener: &app.NoOpener{},
		DataDir: d.Dir, Version: "sim", PasswordParams: synctest.Cheap})
	if err := core.Bootstrap(w.ctx, false); err != nil {
		w.fatalf("device %d: bootstrap after restart: %v", d.n, err)
	}
	d.Device = &synctest.Device{Store: st, Core: core, Engine: eng, Intake: app.NewIntakeService(core), Cases: app.NewCaseService(core), Dir: d.Dir, Cipher: d.Cipher}
	w.res.Restarts++
}

// round runs one sync round on the device, as its timer would.
func (w *world) round(d *device) error {
	d.net.calls = 0
	w.res.Rounds++
	err := d.Engine.Round(w.ctx)
	if err != nil {
		w.res.FailedRounds++
	}
	return err
}
