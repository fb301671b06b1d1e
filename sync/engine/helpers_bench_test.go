package engine_test

// Helpers of the sync benchmarks (and of the resumable initial-sync test):
// registries on real stores served over loopback HTTP, devices with their
// own SQLite files and engines, realistic outbox contents, and a seeded
// registry of synthetic cases cached between runs. Nothing here runs
// unless a benchmark or test calls it, so `go test ./...` stays fast.

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"okienko/app/audit"
	"okienko/app/auth"
	"okienko/app/cases"
	"okienko/app/casesign"
	"okienko/app/catalog"
	"okienko/app/deadline"
	"okienko/app/demo"
	"okienko/app/keys"
	"okienko/app/synth"
	"okienko/db"
	"okienko/sync/engine"
	"okienko/sync/merge"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/registry/pgstore"
	"okienko/sync/registry/sqlitestore"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
)

// ---- registries ----

// serverTime adds up the time the registry's handler spends on requests:
// from the request reaching the handler to the answer written, without the
// client, the network or the device's own work.
type serverTime struct{ ns, n atomic.Int64 }

func (s *serverTime) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t := time.Now()
		h.ServeHTTP(w, r)
		s.ns.Add(int64(time.Since(t)))
		s.n.Add(1)
	})
}

// take returns the time and requests counted since the last take.
func (s *serverTime) take() (time.Duration, int64) {
	return time.Duration(s.ns.Swap(0)), s.n.Swap(0)
}

// benchRegistry is a registry on a real store serving HTTP on a real
// loopback listener (httptest).
type benchRegistry struct {
	*registry.Registry
	URL      string
	OfficeID string
	server   *serverTime
	once     sync.Once
	close    func()
}

// demoOffice is the demo office with cheaply hashed passwords.
func demoOffice(tb testing.TB) demo.Office {
	tb.Helper()
	o, err := demo.LoadOffice()
	if err != nil {
		tb.Fatal(err)
	}
	for i := range o.Staff {
		o.Staff[i].PasswordHash, _ = auth.Hash(demo.Password, synctest.Cheap)
	}
	return o
}

// newRegistry serves a registry on st. With seed it creates the demo
// office first; without, st already holds it (a cached seeded store).
func newRegistry(tb testing.TB, st store.Store, opt registry.Options, seed bool) *benchRegistry {
	tb.Helper()
	ctx := context.Background()
	// BENCHLOG=1 shows the registry's log (a benchmark's 503 says why there).
	if opt.Logger == nil && os.Getenv("BENCHLOG") != "" {
		opt.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	r := registry.New(st, opt)
	o := demoOffice(tb)
	if seed {
		if err := r.SeedOffice(ctx, o, demo.CatalogueJSON); err != nil {
			tb.Fatal(err)
		}
	}
	br := &benchRegistry{Registry: r, OfficeID: o.Office.ID, server: &serverTime{}}
	srv := httptest.NewServer(br.server.wrap(r.Handler()))
	br.URL = srv.URL
	br.close = func() {
		br.once.Do(func() {
			srv.Close()
			st.Close()
		})
	}
	tb.Cleanup(br.close)
	return br
}

// openStore opens an empty registry store of a kind: "sqlite" in a
// temporary directory, "postgres" in a fresh schema of OKIENKO_TEST_PG.
func openStore(tb testing.TB, kind string) store.Store {
	tb.Helper()
	if kind == "postgres" {
		return freshPG(tb)
	}
	st, err := sqlitestore.Open(context.Background(), tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

// pgDSN returns the PostgreSQL server to benchmark against, or skips.
func pgDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv("OKIENKO_TEST_PG")
	if dsn == "" {
		tb.Skip("OKIENKO_TEST_PG not set: PostgreSQL registry not benchmarked")
	}
	return dsn
}

// freshPG opens a pgstore in a new schema, dropped at the end (as
// pgstore's own tests do). A set but unreachable server fails: the
// variable is set on purpose.
func freshPG(tb testing.TB) store.Store {
	tb.Helper()
	return freshPGWith(tb, "")
}

// freshPGWith is freshPG with more DSN parameters ("&pool_max_conns=2").
func freshPGWith(tb testing.TB, params string) store.Store {
	tb.Helper()
	dsn := pgDSN(tb)
	ctx := context.Background()
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	admin, err := pgx.Connect(cctx, dsn)
	cancel()
	if err != nil {
		tb.Fatalf("OKIENKO_TEST_PG is set but the server is unreachable: %v", err)
	}
	b := make([]byte, 8)
	rand.Read(b)
	schema := "okb_" + hex.EncodeToString(b)
	ident := pgx.Identifier{schema}.Sanitize()
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+ident); err != nil {
		admin.Close(ctx)
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec(ctx, "DROP SCHEMA "+ident+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close(ctx)
	})
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	st, err := pgstore.Open(ctx, dsn+sep+"search_path="+schema+params)
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

// ---- devices ----

// benchDevice is one installation: its own SQLite file and engine (no
// app core: the benchmarks write through the store's Tx API, as the app
// does).
type benchDevice struct {
	store  *db.Store
	eng    *engine.Engine
	dir    string
	cipher *keys.Cipher // its data key, unlocking the store
}

func newDevice(tb testing.TB, dir string, opt engine.Options) *benchDevice {
	tb.Helper()
	ctx := context.Background()
	ci := keys.TestCipher("sync-tests")
	st, err := db.Open(ctx, dir, db.Options{Cipher: ci})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	eng, err := engine.New(ctx, st, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return &benchDevice{store: st, eng: eng, dir: dir, cipher: ci}
}

// enrollCode makes a one-time code of the registry's office.
func (r *benchRegistry) enrollCode(tb testing.TB) string {
	tb.Helper()
	code, _, err := r.NewEnrollment(context.Background(), r.OfficeID, "bench device", synctest.DemoLogins(tb))
	if err != nil {
		tb.Fatal(err)
	}
	return code
}

// enroll links the device to the registry and runs its first sync.
func (d *benchDevice) enroll(tb testing.TB, r *benchRegistry) {
	tb.Helper()
	if _, err := d.eng.Enroll(context.Background(), r.URL, r.enrollCode(tb), "bench device"); err != nil {
		tb.Fatal(err)
	}
}

// officeID is the office the device is enrolled to.
func (d *benchDevice) officeID(tb testing.TB) string {
	tb.Helper()
	ss, err := d.store.SyncState(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return ss.OfficeID
}

// clientChanges writes n client changes through the store's Tx API, each
// one outbox op, as the intake does: a new client (every field) and then
// a correction of that client's phone (one field), in turn. It returns
// the new clients' ids.
func (d *benchDevice) clientChanges(tb testing.TB, r *mrand.Rand, n int) []string {
	tb.Helper()
	ctx := context.Background()
	office := d.officeID(tb)
	var ids []string
	for done := 0; done < n; {
		k := min(500, n-done)
		err := d.store.InTx(ctx, func(tx *db.Tx) error {
			var cl cases.Client
			for i := range k {
				if (done+i)%2 == 0 {
					cl = synth.Client(r)
					ids = append(ids, cl.ID)
				} else {
					cl.Phone = fmt.Sprintf("60%07d", r.IntN(10_000_000))
				}
				if err := tx.SaveClient(ctx, office, cl); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
		done += k
	}
	return ids
}

// editPhones corrects the phone of each client, one transaction each, as
// a clerk would.
func (d *benchDevice) editPhones(tb testing.TB, r *mrand.Rand, office string, ids []string) {
	tb.Helper()
	ctx := context.Background()
	for _, id := range ids {
		cl, err := d.store.Client(ctx, id)
		if err != nil {
			tb.Fatal(err)
		}
		cl.Phone = fmt.Sprintf("60%07d", r.IntN(10_000_000))
		if err := d.store.InTx(ctx, func(tx *db.Tx) error { return tx.SaveClient(ctx, office, cl) }); err != nil {
			tb.Fatal(err)
		}
	}
}

// registerCases registers n cases in one register of the device's office
// as a registration writes them (app/register.go), each in its own
// transaction: a leased number spent, the client, the case, the
// registration event, the audit entry; five outbox ops each. It returns
// how many ops it wrote.
func (d *benchDevice) registerCases(tb testing.TB, r *mrand.Rand, n int) int {
	tb.Helper()
	ctx := context.Background()
	office := d.officeID(tb)
	cards, err := d.store.CurrentCards(ctx, office)
	if err != nil || len(cards) == 0 {
		tb.Fatalf("no cards: %v", err)
	}
	card := cards[0]
	unit, err := d.store.Unit(ctx, card.UnitID)
	if err != nil {
		tb.Fatal(err)
	}
	staff, _, err := d.store.Credentials(ctx, "jnowak")
	if err != nil {
		tb.Fatal(err)
	}
	before, _ := d.store.PendingOps(ctx)
	today := time.Now()
	reg := casesign.Register{Unit: unit.Symbol, JRWA: card.Card.JRWA, Year: today.Year()}
	checklist := cases.BuildChecklist(card.Card, map[string]any{}, nil)
	for i := range checklist {
		checklist[i].Mark = cases.Original
	}
	for range n {
		cl := synth.Client(r)
		cs := cases.Case{ID: db.NewID(), CardID: card.ID, ClientID: cl.ID, Status: cases.Registered,
			SubmittedOn: today.Format(time.DateOnly), DueOn: dueOf(card.Card, today),
			Form: json.RawMessage(`{"adres":"ul. Polna 3, Przykładowo","cel":"do pracodawcy"}`), Checklist: checklist,
			Pauses: []cases.Pause{}, AssigneeID: staff.ID, RegisteredBy: staff.ID}
		err := d.store.InTx(ctx, func(tx *db.Tx) error {
			no, err := db.LeasedNumbers{}.Take(ctx, tx, office, reg, cs.ID)
			if err != nil {
				return err
			}
			cs.Sign = casesign.Sign{Register: reg, No: no}
			if err := tx.SaveClient(ctx, office, cl); err != nil {
				return err
			}
			if err := tx.InsertCase(ctx, office, cs); err != nil {
				return err
			}
			if err := tx.AppendCaseEvent(ctx, cases.Event{CaseID: cs.ID, Kind: cases.EventRegistered, To: cases.Registered, StaffID: staff.ID}); err != nil {
				return err
			}
			return tx.Audit(ctx, office, audit.Entry{StaffID: staff.ID, Action: audit.CaseRegister, ObjectType: "case_file", ObjectID: cs.ID})
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	after, _ := d.store.PendingOps(ctx)
	return after - before
}

// pendingFields counts the field values the outbox holds.
func (d *benchDevice) pendingFields(tb testing.TB) int {
	tb.Helper()
	ops, err := d.store.OutboxAfter(context.Background(), 0, 1<<30)
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	for _, op := range ops {
		var f map[string]json.RawMessage
		if err := json.Unmarshal(op.Payload, &f); err != nil {
			tb.Fatal(err)
		}
		n += len(f)
	}
	return n
}

// settled fails unless the outbox is empty and nothing was quarantined.
func (d *benchDevice) settled(tb testing.TB) {
	tb.Helper()
	ctx := context.Background()
	p, err := d.store.PendingOps(ctx)
	if err != nil || p != 0 {
		tb.Fatalf("%d ops still pending (%v)", p, err)
	}
	if q, _ := d.store.QuarantinedCount(ctx); q != 0 {
		ops, _ := d.store.Quarantined(ctx)
		tb.Fatalf("%d ops quarantined, first: %+v", q, ops[0])
	}
}

// ---- statistics ----

// percentile of durations, in milliseconds.
func percentile(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return float64(s[int(float64(len(s)-1)*p)]) / float64(time.Millisecond)
}

// ---- a registry seeded with synthetic cases ----

// seedVersion changes whenever seedRegistry produces other rows, so a
// cached store from an older generator is never reused.
const seedVersion = "1"

// registryStamp names a seeded registry by what shapes its bytes: the
// device schema and payloads (devices produce the rows), the registry
// schema, the protocol and the generator.
func registryStamp(tb testing.TB) string {
	tb.Helper()
	h := sha256.New()
	io.WriteString(h, db.SchemaHash()+"/"+strconv.Itoa(protocol.SchemaVersion)+"/"+seedVersion)
	files, _ := filepath.Glob("../registry/sqlitestore/migrations/*.sql")
	files = append(files, "../entity/entity.go")
	sort.Strings(files)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		h.Write(raw)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// cachedRegistry returns the directory of a SQLite registry store holding
// the demo office and n synthetic cases. It is generated on first use and
// kept in $OKIENKO_BENCH_DATA (default: the temp directory) under a name
// that changes with the schemas, like app's 200k case-search database.
func cachedRegistry(tb testing.TB, n int) string {
	tb.Helper()
	root := os.Getenv("OKIENKO_BENCH_DATA")
	if root == "" {
		root = os.TempDir()
	}
	dir := filepath.Join(root, fmt.Sprintf("okienko-bench-registry-%d-%s", n, registryStamp(tb)))
	if _, err := os.Stat(filepath.Join(dir, "registry.db")); err == nil {
		return dir
	}
	tmp := dir + ".tmp" + strconv.Itoa(os.Getpid())
	os.RemoveAll(tmp)
	tb.Logf("seeding a registry with %d synthetic cases in %s (kept for later runs)", n, dir)
	t := time.Now()
	seedRegistry(tb, tmp, n)
	if err := os.Rename(tmp, dir); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("seeded in %s", time.Since(t).Round(time.Second))
	return dir
}

// copyRegistry copies a closed registry store into a new directory, so a
// benchmark can enrol devices (which writes) without touching the cache.
func copyRegistry(tb testing.TB, from, to string) {
	tb.Helper()
	if err := os.MkdirAll(to, 0o700); err != nil {
		tb.Fatal(err)
	}
	for _, name := range []string{"registry.db", "registry.db-wal"} {
		src, err := os.Open(filepath.Join(from, name))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			tb.Fatal(err)
		}
		dst, err := os.Create(filepath.Join(to, name))
		if err == nil {
			_, err = io.Copy(dst, src)
			err = errors.Join(err, dst.Close())
		}
		src.Close()
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// seedRegistry fills a SQLite registry store in dir with the demo office
// and n cases exactly as devices produce them. A device enrolled to the
// registry (so it has the registry's cards, units and staff) registers
// them with app/synth through the store's Tx API: clients (people come
// back: about 0.7 per case), cases, registration events, register
// numbers; and, as every registration does, an audit entry per case.
// Its outbox is then applied to the store the way the registry applies a
// push: merged by HLC, one office sequence number per write, op ids
// recorded. Pushing over HTTP would take minutes and refuse the numbers
// synth reserves in the device's own register; here they are kept, and
// the registers and leases account for them as if the registry had
// leased them.
func seedRegistry(tb testing.TB, dir string, n int) {
	tb.Helper()
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, dir)
	if err != nil {
		tb.Fatal(err)
	}
	reg := newRegistry(tb, st, registry.Options{}, true)
	defer reg.close()
	devDir, err := os.MkdirTemp("", "okienko-seed-device-")
	if err != nil {
		tb.Fatal(err)
	}
	defer os.RemoveAll(devDir)
	dev := newDevice(tb, devDir, engine.Options{})
	defer dev.store.Close()
	dev.enroll(tb, reg)
	staff, _, err := dev.store.Credentials(ctx, "jnowak")
	if err != nil {
		tb.Fatal(err)
	}
	for done := 0; done < n; {
		k := min(5000, n-done)
		// Generated in slices, so each slice's cases get their audit
		// entries right after them, as a day of registrations would.
		if err := synth.Generate(ctx, dev.store, reg.OfficeID, synth.Options{Cases: k, Seed: uint64(done + 1),
			Today: time.Now(), StaffID: staff.ID, Batch: k}); err != nil {
			tb.Fatal(err)
		}
		var ids []string
		ops, err := dev.store.OutboxAfter(ctx, 0, 1<<30)
		if err != nil {
			tb.Fatal(err)
		}
		for _, op := range ops {
			if op.Entity == "case_file" {
				ids = append(ids, op.EntityID)
			}
		}
		err = dev.store.InTx(ctx, func(tx *db.Tx) error {
			for _, id := range ids {
				if err := tx.Audit(ctx, reg.OfficeID, audit.Entry{StaffID: staff.ID, Action: audit.CaseRegister,
					ObjectType: "case_file", ObjectID: id}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
		applyOutbox(tb, st, reg.OfficeID, dev)
		done += k
	}
}

// applyOutbox moves a device's outbox into the store as the registry's
// push would (without the HTTP round trips and the register checks), and
// then advances the registers past the numbers the device used and
// records them as leased to it.
func applyOutbox(tb testing.TB, st store.Store, officeID string, dev *benchDevice) {
	tb.Helper()
	ctx := context.Background()
	deviceID := dev.store.DeviceID()
	top := map[casesign.Register]int{}
	for {
		// 250 ops a transaction: the store's transactions have a 10 s
		// deadline (store.TxDeadline), which 5,000 missed on a loaded
		// machine and the seeding of 100,000 cases failed, and 1,000 under
		// the race detector at load 25 (TestInitialSyncResumes in CI).
		batch, ops, err := dev.store.NextBatch(ctx, 250)
		if err != nil {
			tb.Fatal(err)
		}
		if len(ops) == 0 {
			break
		}
		now := time.Now()
		err = st.InTx(ctx, officeID, func(tx store.Tx) error {
			for _, op := range ops {
				cur, _, err := tx.Row(ctx, op.Entity, op.EntityID)
				if err != nil {
					return err
				}
				m := merge.Apply(cur.Fields, merge.Change{Entity: op.Entity, Fields: op.Fields, HLC: op.HLC, Base: op.Base,
					Append: protocol.Entities[op.Entity] == protocol.Append})
				if m.Conflict() {
					return fmt.Errorf("seed: conflict on %s %s", op.Entity, op.EntityID)
				}
				if len(m.Changed) > 0 {
					if _, err := tx.PutRow(ctx, op.Entity, op.EntityID, m.Row, false); err != nil {
						return err
					}
				}
				if op.Entity == "case_number" {
					var reg casesign.Register
					var no int
					_ = json.Unmarshal(m.Row["unit"].V, &reg.Unit)
					_ = json.Unmarshal(m.Row["jrwa"].V, &reg.JRWA)
					_ = json.Unmarshal(m.Row["year"].V, &reg.Year)
					_ = json.Unmarshal(m.Row["no"].V, &no)
					top[reg] = max(top[reg], no)
				}
				if err := tx.RecordOp(ctx, op.OpID, deviceID, batch, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
		outcomes := make([]db.OpOutcome, len(ops))
		for i, op := range ops {
			outcomes[i] = db.OpOutcome{OpID: op.OpID, Done: true}
		}
		if err := dev.store.SettleBatch(ctx, outcomes); err != nil {
			tb.Fatal(err)
		}
	}
	leases, err := st.Leases(ctx, officeID)
	if err != nil {
		tb.Fatal(err)
	}
	leased := map[casesign.Register]int{}
	for _, l := range leases {
		r := casesign.Register{Unit: l.Unit, JRWA: l.JRWA, Year: l.Year}
		leased[r] = max(leased[r], l.Last)
	}
	err = st.InTx(ctx, officeID, func(tx store.Tx) error {
		for reg, no := range top {
			if no <= leased[reg] {
				continue
			}
			first, err := tx.NextNumbers(ctx, reg.Unit, reg.JRWA, reg.Year, no-leased[reg])
			if err != nil {
				return err
			}
			if err := tx.AddLease(ctx, store.Lease{DeviceID: deviceID, Unit: reg.Unit, JRWA: reg.JRWA, Year: reg.Year,
				First: first, Last: no}, time.Now()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// dueOf is a case's due date as the app sets it from its card's rule for a
// submission on day (the registry refuses a later one); the day itself
// when the rule cannot give one.
func dueOf(c catalog.Card, day time.Time) string {
	d := deadline.Day(day)
	due, _, err := deadline.Due(deadline.Rule{Kind: string(c.Deadline.Kind), N: c.Deadline.N}, d, nil)
	if err != nil {
		return d.Format(time.DateOnly)
	}
	return due.Format(time.DateOnly)
}
