// Package db is Okienko's local store: one SQLite file opened with one
// writer connection and a pool of readers, embedded goose migrations, and
// domain-typed methods over the sqlc-generated queries. Every write to a
// synced table goes through a Tx method that also appends the outbox row,
// in the same transaction.
package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/google/uuid"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"okienko/app/keys"
	"okienko/app/officeclock"
	"okienko/db/internal/dbq"
	"okienko/sync/hlc"
)

// ErrNotFound is returned by lookups that find nothing.
var ErrNotFound = errors.New("db: not found")

// FileName is the database file inside the data directory.
const FileName = "okienko.db"

// Options tune a Store; the zero value is production.
type Options struct {
	Now    func() time.Time // the computer's wall clock, which OfficeClock corrects; time.Now if nil
	Logger *slog.Logger
	// OnCommit receives the events of a transaction after it committed, so
	// the UI never hears of a change that was rolled back.
	OnCommit func([]Event)
	// OnChange is called after a commit that wrote outbox ops, so the sync
	// engine pushes at once instead of at its next tick.
	OnChange func()
	Readers  int // size of the reader pool; 4 if zero
	// Cipher, when set, unlocks the store at open (tests, tools); the app
	// unlocks at a person's sign-in instead (Store.Unlock).
	Cipher *keys.Cipher
	// Plaintext is for the registry's snapshot builder only (sync/snapshot):
	// the registry keeps plaintext (its server's disk is its protection),
	// so "sealed" columns hold their plain bytes and no blind index is
	// written; the device seals each row as it imports the snapshot.
	Plaintext bool
}

// Event is a change the UI may want to hear about, queued inside a
// transaction and delivered only after its commit.
type Event struct {
	Name string
	Data any
}

// Store is the local database.
type Store struct {
	reader
	path     string
	w        *sql.DB
	r        *sql.DB
	qr       *dbq.Queries // prepared on the reader pool
	qw       *dbq.Queries // prepared on the writer
	pr, pw   *stmts       // their statements; the writer's are bound to each transaction
	now      func() time.Time
	log      *slog.Logger
	onCommit func([]Event)
	onChange func()
	clock    *hlc.Clock
	office   *officeclock.Clock // the office's clock: s.now reads it
	// clockSaved is how often an unchanged offset is written again;
	// clockKept is the reading last written.
	clockSaved time.Duration
	clockMu    sync.Mutex
	clockKept  officeclock.Reading
	seenMu     sync.Mutex
	seenSave   hlc.Timestamp // the clock's Observed as last saved
	deviceID   string
	bg         sync.WaitGroup // background work Close waits for (the checkpoint after a snapshot)
	lk         lock           // the unlocked data key's cipher (seal.go)
}

// writerCacheSize is the writer's page cache (KiB, negated as SQLite
// takes it): 64 MB.
const writerCacheSize = "-65536"

func dsn(path string, readOnly bool) string {
	// busy_timeout must come first: the later pragmas may already need the lock.
	q := "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"
	// Freed pages are zeroed and sorts and temporary tables stay in memory,
	// so no sealed row's former plaintext (an older version's, or a value
	// in a sort) lingers in the file, the WAL or a temporary file.
	q += "&_pragma=secure_delete(1)&_pragma=temp_store(2)"
	// A bigger page cache than SQLite's 2 MB: the writer applies pulled
	// pages of a thousand rows, and a cache that spills mid-transaction
	// writes and re-reads index pages (the initial sync of a large office).
	if readOnly {
		q += "&_pragma=query_only(1)&_pragma=cache_size(-16384)"
	} else {
		q += "&_txlock=immediate&_pragma=cache_size(" + writerCacheSize + ")"
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q
}

// Open opens (creating if needed) the database in dir and migrates it.
func Open(ctx context.Context, dir string, opt Options) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("db: create data dir: %w", err)
	}
	path := filepath.Join(dir, FileName)
	s := &Store{path: path, log: opt.Logger, onCommit: opt.OnCommit, onChange: opt.OnChange}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	// opt.Now is the computer's wall clock; rows, stamps and legal dates
	// take the office's time, which the registry corrects.
	s.office = officeclock.New(opt.Now, nil)
	s.now = s.office.Now
	s.clockSaved = 10 * time.Minute
	s.lk.c, s.lk.plain = opt.Cipher, opt.Plaintext
	created := false
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if err := create(ctx, path); err != nil {
			return nil, err
		}
		created = true
	}
	if err := private(path); err != nil {
		// Not the owner (a file made by another account): it opens as before.
		s.log.Warn("database files left as they were", "err", err)
	}
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("db: open writer: %w", err)
	}
	w.SetMaxOpenConns(1) // SQLite has one writer; queueing here beats SQLITE_BUSY
	w.SetConnMaxLifetime(0)
	s.w = w
	if err := repairBulkLoad(ctx, w); err != nil {
		w.Close()
		return nil, err
	}
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, err
	}
	if created {
		if err := forgetLegacyMarks(ctx, w); err != nil {
			w.Close()
			return nil, err
		}
	}
	// Keep the planner's statistics fresh enough (bounded work): without
	// them a filtered list may walk the wrong index of a 200k-case table.
	if _, err := w.ExecContext(ctx, "PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002"); err != nil {
		w.Close()
		return nil, fmt.Errorf("db: optimize: %w", err)
	}
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open readers: %w", err)
	}
	n := opt.Readers
	if n <= 0 {
		n = 4
	}
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s.r = r
	// The queries are prepared as each is first run (stmts.go).
	s.pr, s.pw = newStmts(r, &s.bg), newStmts(w, &s.bg)
	s.qr, s.qw = dbq.New(s.pr), dbq.New(s.pw)
	s.reader = reader{q: s.qr, lk: &s.lk}
	if err := s.initDevice(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.initClock(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if opt.Cipher != nil {
		// Unlocked at open: what an older version stored in the clear is
		// sealed now, as Unlock would.
		if err := s.sealLegacy(ctx); err != nil {
			s.Close()
			return nil, fmt.Errorf("db: open: %w", err)
		}
	}
	if opt.Plaintext {
		// The registry's copy moves an older layout's columns into the
		// sealed ones' places, in the clear (seal_sync.go).
		if _, err := s.sealLegacySync(ctx); err != nil {
			s.Close()
			return nil, fmt.Errorf("db: open: %w", err)
		}
		if _, err := s.sealLegacyAudit(ctx); err != nil {
			s.Close()
			return nil, fmt.Errorf("db: open: %w", err)
		}
	}
	return s, nil
}

// pageSize is 16 KB: fewer, fuller pages for the larger rows (a case's
// form and row clock), and a quarter of the writes when a fresh device
// copies a snapshot in. It is fixed when the file is created.
const pageSize = 16384

// create makes the database file with its page size, which SQLite fixes
// at the first write (and WAL mode then keeps).
func create(ctx context.Context, path string) error {
	// SQLite would make the file 0644 (less the umask), and its WAL and
	// shared-memory files take the database's mode: made empty here, 0600,
	// all three are the user's alone.
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("db: create: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("db: create: %w", err)
	}
	c, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath())
	if err != nil {
		return fmt.Errorf("db: create: %w", err)
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, fmt.Sprintf("PRAGMA page_size = %d; PRAGMA journal_mode = WAL", pageSize)); err != nil {
		return fmt.Errorf("db: create: %w", err)
	}
	return nil
}

// private makes the database and its WAL and shared-memory files, when
// there, readable by the user alone (an older version left them 0644, and
// a data directory given with --data may be open to others); a new WAL
// takes the database's mode.
func private(path string) error {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("db: file mode: %w", err)
		}
		if runtime.GOOS == "windows" || st.Mode().Perm()&0o077 == 0 {
			continue
		}
		if err := os.Chmod(p, st.Mode().Perm()&0o700); err != nil {
			return fmt.Errorf("db: file mode: %w", err)
		}
	}
	return nil
}

// Close closes both pools and their prepared statements.
func (s *Store) Close() error {
	s.bg.Wait()
	var errs []error
	for _, p := range []*stmts{s.pr, s.pw} {
		if p != nil {
			errs = append(errs, p.Close())
		}
	}
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	if _, err := s.w.Exec("PRAGMA optimize"); err != nil {
		errs = append(errs, fmt.Errorf("db: optimize: %w", err))
	}
	return errors.Join(append(errs, s.w.Close())...)
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// DeviceID is this installation's UUIDv7, created on first open.
func (s *Store) DeviceID() string { return s.deviceID }

// Clock is the device's hybrid logical clock.
func (s *Store) Clock() *hlc.Clock { return s.clock }

const (
	metaDeviceID = "device_id"
	metaHLC      = "hlc_last"
	metaObserved = "hlc_observed" // the clock's Observed: Rebase never goes below it, across restarts too
	metaOfficeID = "office_id"
)

func (s *Store) initDevice(ctx context.Context) error {
	q := dbq.New(s.w)
	id, err := q.DeviceMetaGet(ctx, metaDeviceID)
	if errors.Is(err, sql.ErrNoRows) {
		id = newID()
		err = q.DeviceMetaSet(ctx, dbq.DeviceMetaSetParams{Key: metaDeviceID, Value: id})
	}
	if err != nil {
		return fmt.Errorf("db: device id: %w", err)
	}
	s.deviceID = id
	s.clock = hlc.New(id, s.now)
	if last, err := q.DeviceMetaGet(ctx, metaHLC); err == nil {
		if ts, err := hlc.Parse(last); err == nil {
			s.clock.Restore(ts)
		}
	}
	if seen, err := q.DeviceMetaGet(ctx, metaObserved); err == nil {
		if ts, err := hlc.Parse(seen); err == nil {
			s.clock.RestoreObserved(ts)
			s.seenSave = ts
		}
	}
	return nil
}

func (s *Store) seenSavedGet() hlc.Timestamp {
	s.seenMu.Lock()
	defer s.seenMu.Unlock()
	return s.seenSave
}

func (s *Store) seenSavedSet(t hlc.Timestamp) {
	s.seenMu.Lock()
	defer s.seenMu.Unlock()
	s.seenSave = t
}

// newID returns a UUIDv7: time-ordered, so B-tree inserts stay local.
func newID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// NewID exposes the id generator to callers that build records (e.g. the
// demo loader) before saving them.
func NewID() string { return newID() }

func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("db: %s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("db: %s: %w", what, err)
}

// Tx is a write transaction. All writes go through its methods; each write
// to a synced table appends its outbox row before returning.
type Tx struct {
	reader
	s        *Store
	q        *dbq.Queries
	sql      *sql.Tx // for the snapshot copy, whose statements sqlc cannot express
	now      time.Time
	events   []Event
	stamped  bool // the HLC advanced: persist it
	recorded bool // an outbox op was written: wake the sync engine
	// ahead holds the sealed row clocks PrefetchRowClocks read for the
	// ApplyRemote calls that follow, by "entity/id" (nil: not stored).
	ahead map[string][]byte
}

// InTx runs fn in one immediate write transaction. If fn returns an error
// or panics, nothing is written. Events queued with Emit are delivered
// after the commit.
func (s *Store) InTx(ctx context.Context, fn func(*Tx) error) error {
	return s.run(ctx, func() (*sql.Tx, error) { return s.w.BeginTx(ctx, nil) }, fn)
}

// ApplyInTx is InTx for rows received from the registry, with foreign
// keys not enforced while they are written. The registry's feed is in the
// order rows last changed, not in the order they refer to each other: a
// client edited after its case was filed comes after the case, a case
// whose status changed comes after its history and its register number.
// Enforcing the reference when the child arrives would drop it for good
// (or, for the deferred register reference, fail the page on every round
// and stop the device's sync); the parent is later in the same pull, since
// the registry holds it.
func (s *Store) ApplyInTx(ctx context.Context, fn func(*Tx) error) error {
	conn, release, err := s.writerWithoutFK(ctx)
	if err != nil {
		return err
	}
	defer release()
	return s.run(ctx, func() (*sql.Tx, error) { return conn.BeginTx(ctx, nil) }, fn)
}

// writerWithoutFK takes the writer connection with foreign keys off;
// release turns them on again before the connection goes back to the
// pool, or discards it: a connection that skips the checks is never
// handed out.
func (s *Store) writerWithoutFK(ctx context.Context) (*sql.Conn, func(), error) {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("db: writer: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("db: foreign keys off: %w", err)
	}
	return conn, func() {
		if _, err := conn.ExecContext(context.Background(), "PRAGMA foreign_keys = ON"); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}, nil
}

func (s *Store) run(ctx context.Context, begin func() (*sql.Tx, error), fn func(*Tx) error) (err error) {
	sqlTx, err := begin()
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	q := dbq.New(newStmtsInTx(s.pw, sqlTx))
	tx := &Tx{reader: reader{q: q, lk: &s.lk}, s: s, q: q, sql: sqlTx, now: s.now()}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := tx.flushSearchIndex(ctx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if tx.stamped {
		// Persist the clock so stamps stay monotonic across restarts.
		if err := tx.q.DeviceMetaSet(ctx, dbq.DeviceMetaSetParams{Key: metaHLC, Value: s.clock.Last().String()}); err != nil {
			_ = sqlTx.Rollback()
			return fmt.Errorf("db: save clock: %w", err)
		}
		// Saved with Last, so a Rebase after a restart keeps above it;
		// only when it moved, as most writes observe nothing.
		if seen := s.clock.Observed(); !seen.IsZero() && seen != s.seenSavedGet() {
			if err := tx.q.DeviceMetaSet(ctx, dbq.DeviceMetaSetParams{Key: metaObserved, Value: seen.String()}); err != nil {
				_ = sqlTx.Rollback()
				return fmt.Errorf("db: save clock: %w", err)
			}
			defer func() {
				if err == nil {
					s.seenSavedSet(seen)
				}
			}()
		}
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	if len(tx.events) > 0 && s.onCommit != nil {
		s.onCommit(tx.events)
	}
	if tx.recorded && s.onChange != nil {
		s.onChange()
	}
	return nil
}

// flushSearchIndex indexes the rows the transaction added or changed
// (noted in fts_queue by triggers) in one statement per index: FTS5
// flushes its pending terms at every statement, so entries written row by
// row cost a segment and a merge each.
func (t *Tx) flushSearchIndex(ctx context.Context) error {
	pending, err := t.q.SearchQueuePending(ctx)
	if err != nil || !pending {
		return wrap("search index", err)
	}
	for _, step := range []func(context.Context) error{t.q.SearchCaseAdd, t.q.SearchQueueClear} {
		if err := step(ctx); err != nil {
			return wrap("search index", err)
		}
	}
	return nil
}

// Emit queues an event for delivery after the commit.
func (t *Tx) Emit(name string, data any) {
	t.events = append(t.events, Event{Name: name, Data: data})
}

// Now is the transaction's timestamp; every row written in it carries it.
func (t *Tx) Now() time.Time { return t.now }

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v) }

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
