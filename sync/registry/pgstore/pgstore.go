// Package pgstore is the registry's store in PostgreSQL, for a central
// office serving many offices from one server. It mirrors sqlitestore
// (same tables, same bytes, same errors) and passes the same suite.
package pgstore

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"okienko/sync/merge"
	"okienko/sync/registry/pgstore/internal/pq"
	"okienko/sync/registry/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a registry store in a PostgreSQL database.
type Store struct {
	pool *pgxpool.Pool
	q    *pq.Queries
}

var _ store.Store = (*Store)(nil)

// Options size the connection pool (registry serve --db-max-conns, --db-idle).
type Options struct {
	// MaxConns is the most connections the pool opens (DefaultMaxConns when 0).
	MaxConns int
	// IdleTimeout closes a connection idle this long (DefaultIdle when 0).
	IdleTimeout time.Duration
}

// Pool defaults: a registry's writes of one office are serialised, so a
// few connections serve many devices, and idle ones go back to the
// server within a minute for the next registry or `registry admin`.
const (
	DefaultMaxConns = 8
	DefaultIdle     = time.Minute
)

// Open connects to the database at dsn (URL or key=value; search_path picks the schema) and migrates it.
func Open(ctx context.Context, dsn string) (*Store, error) { return OpenWith(ctx, dsn, Options{}) }

// OpenWith is Open with a sized pool. pool_max_conns and
// pool_max_conn_idle_time written in the DSN win over opt: they were the
// only way to size the pool before the flags, and a DSN that says them
// says them on purpose. connect_timeout likewise wins over the 5 s default.
func OpenWith(ctx context.Context, dsn string, opt Options) (*Store, error) {
	cfg, err := poolConfig(dsn, opt)
	if err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	// The pool connects lazily; a wrong DSN or a server that is down
	// should fail here, not on the first request.
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("pgstore: connect: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("pgstore: migrate: %w", err)
	}
	return &Store{pool: pool, q: pq.New(pool)}, nil
}

// poolConfig parses dsn and applies opt where the DSN says nothing.
func poolConfig(dsn string, opt Options) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	if opt.MaxConns <= 0 {
		opt.MaxConns = DefaultMaxConns
	}
	if opt.IdleTimeout <= 0 {
		opt.IdleTimeout = DefaultIdle
	}
	if !strings.Contains(dsn, "pool_max_conns") {
		cfg.MaxConns = int32(min(opt.MaxConns, math.MaxInt32))
	}
	if !strings.Contains(dsn, "pool_max_conn_idle_time") {
		cfg.MaxConnIdleTime = opt.IdleTimeout
	}
	// The health check is what closes idle connections: run it often
	// enough that "idle for a minute" means about a minute.
	if !strings.Contains(dsn, "pool_health_check_period") {
		cfg.HealthCheckPeriod = min(cfg.MaxConnIdleTime/2, 30*time.Second)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = store.ConnectTimeout
	}
	return cfg, nil
}

func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	// goose speaks database/sql; this *sql.DB borrows the pool's
	// connections (and their search_path) and closing it keeps the pool.
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	// Several registry processes may start against one database at once:
	// an advisory lock lets one migrate while the others wait.
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
	if err != nil {
		return err
	}
	// Numbers handed out ahead of time may land below the store's newest
	// (00012 after 00016): applied then, not refused as missing.
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub, goose.WithSessionLocker(locker), goose.WithAllowOutofOrder(true))
	if err != nil {
		return err
	}
	if err := store.NotNewer(ctx, p); err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}

// Close closes the pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

func notFound(err error, what string) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("pgstore: %s: %w", what, store.ErrNotFound)
	}
	return fmt.Errorf("pgstore: %s: %w", what, err)
}

func wrap(what string, err error) error {
	if err != nil {
		return fmt.Errorf("pgstore: %s: %w", what, err)
	}
	return nil
}

// uniqueViolation is SQLSTATE 23505.
const uniqueViolation = "23505"

func isUnique(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == uniqueViolation
}

// begin runs fn in one read-committed transaction of at most
// store.TxDeadline (fn gets the context that carries it), rolled back when fn
// fails or panics (the deferred rollback runs while the panic unwinds,
// so the connection goes back to the pool clean).
func (s *Store) begin(ctx context.Context, fn func(context.Context, pgx.Tx) error) error {
	ctx, cancel := context.WithTimeout(ctx, store.TxDeadline)
	defer cancel()
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return wrap("begin", err)
	}
	defer tx.Rollback(ctx) // a no-op after Commit
	if err := fn(ctx, tx); err != nil {
		return err
	}
	return wrap("commit", tx.Commit(ctx))
}

// CreateOffice adds an office.
func (s *Store) CreateOffice(ctx context.Context, o store.Office) error {
	err := s.q.OfficeInsert(ctx, pq.OfficeInsertParams{ID: o.ID, Name: o.Name, Teryt: o.TERYT, CreatedAt: time.Now().UnixMilli()})
	if isUnique(err) {
		return fmt.Errorf("pgstore: office %s: %w", o.ID, store.ErrExists)
	}
	return wrap("create office", err)
}

// Office returns one office.
func (s *Store) Office(ctx context.Context, id string) (store.Office, error) {
	o, err := s.q.OfficeGet(ctx, id)
	if err != nil {
		return store.Office{}, notFound(err, "office")
	}
	return store.Office{ID: o.ID, Name: o.Name, TERYT: o.Teryt}, nil
}

// Offices lists offices by name.
func (s *Store) Offices(ctx context.Context) ([]store.Office, error) {
	rows, err := s.q.OfficeList(ctx)
	out := make([]store.Office, len(rows))
	for i, o := range rows {
		out[i] = store.Office{ID: o.ID, Name: o.Name, TERYT: o.Teryt}
	}
	return out, wrap("list offices", err)
}

// AddEnrollment stores a pending enrolment code and its people.
func (s *Store) AddEnrollment(ctx context.Context, e store.Enrollment) error {
	return s.begin(ctx, func(ctx context.Context, tx pgx.Tx) error {
		q := s.q.WithTx(tx)
		if err := q.EnrollmentInsert(ctx, pq.EnrollmentInsertParams{CodeHash: e.CodeHash, OfficeID: e.OfficeID,
			Name: e.Name, ExpiresAt: ms(e.ExpiresAt)}); err != nil {
			return wrap("add enrolment", err)
		}
		for _, id := range e.People {
			if err := q.EnrollmentPersonInsert(ctx, pq.EnrollmentPersonInsertParams{CodeHash: e.CodeHash, StaffID: id}); err != nil {
				return wrap("add enrolment", err)
			}
		}
		return enrolmentScope(ctx, q, e)
	})
}

// enrolPeople gives a device the people of the code it enrolled with.
func enrolPeople(ctx context.Context, q *pq.Queries, deviceID, codeHash string) error {
	if err := q.DevicePeopleClear(ctx, deviceID); err != nil {
		return wrap("enrol people", err)
	}
	if err := q.DevicePeopleFromEnrollment(ctx, pq.DevicePeopleFromEnrollmentParams{DeviceID: deviceID, CodeHash: codeHash}); err != nil {
		return wrap("enrol people", err)
	}
	return enrolScope(ctx, q, deviceID, codeHash)
}

// Enroll consumes a code and creates the device in one transaction.
func (s *Store) Enroll(ctx context.Context, codeHash string, d store.Device, now time.Time) (store.Device, error) {
	err := s.begin(ctx, func(ctx context.Context, tx pgx.Tx) error {
		q := s.q.WithTx(tx)
		// The UPDATE locks the code's row, so of two concurrent uses the
		// second sees it used and gets ErrExpired.
		row, err := q.EnrollmentUse(ctx, pq.EnrollmentUseParams{Now: ms(now), CodeHash: codeHash})
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("pgstore: enrol: %w", store.ErrExpired)
		}
		if err != nil {
			return wrap("enrol", err)
		}
		d.OfficeID, d.EnrolledAt = row.OfficeID, now
		// The name the office gave the laptop at enrolment (console, `device
		// enroll --name`) is how its people know it; the computer's own name
		// only when the enrolment gave none.
		if row.Name != "" {
			d.Name = row.Name
		}
		n, err := q.DeviceRebind(ctx, pq.DeviceRebindParams{Name: d.Name, TokenHash: d.TokenHash, EnrolledAt: ms(now), ID: d.ID, OfficeID: d.OfficeID})
		if err != nil {
			return wrap("enrol", err)
		}
		if n != 1 {
			err = q.DeviceInsert(ctx, pq.DeviceInsertParams{ID: d.ID, OfficeID: d.OfficeID, Name: d.Name, TokenHash: d.TokenHash, EnrolledAt: ms(now)})
			if isUnique(err) {
				return fmt.Errorf("pgstore: device %s: %w", d.ID, store.ErrExists)
			}
			if err != nil {
				return wrap("enrol", err)
			}
		}
		return enrolPeople(ctx, q, d.ID, codeHash)
	})
	if err != nil {
		return store.Device{}, err
	}
	return d, nil
}

func device(d pq.Device) store.Device {
	return store.Device{ID: d.ID, OfficeID: d.OfficeID, Name: d.Name, TokenHash: d.TokenHash, EnrolledAt: fromMS(d.EnrolledAt),
		RevokedAt: fromMS(d.RevokedAt), LastSeenAt: fromMS(d.LastSeenAt)}
}

// DeviceByToken finds the device holding a credential.
func (s *Store) DeviceByToken(ctx context.Context, tokenHash string) (store.Device, error) {
	d, err := s.q.DeviceByToken(ctx, tokenHash)
	if err != nil {
		return store.Device{}, notFound(err, "device")
	}
	return device(d), nil
}

// Device returns one device.
func (s *Store) Device(ctx context.Context, id string) (store.Device, error) {
	d, err := s.q.DeviceGet(ctx, id)
	if err != nil {
		return store.Device{}, notFound(err, "device")
	}
	return device(d), nil
}

// Devices lists an office's devices.
func (s *Store) Devices(ctx context.Context, officeID string) ([]store.Device, error) {
	rows, err := s.q.DeviceList(ctx, officeID)
	out := make([]store.Device, len(rows))
	for i, d := range rows {
		out[i] = device(d)
	}
	return out, wrap("list devices", err)
}

// RevokeDevice withdraws a device's credential and drops the escrow of
// its data key, in one transaction.
func (s *Store) RevokeDevice(ctx context.Context, id string, now time.Time) error {
	return s.begin(ctx, func(ctx context.Context, tx pgx.Tx) error {
		q := s.q.WithTx(tx)
		n, err := q.DeviceRevoke(ctx, pq.DeviceRevokeParams{RevokedAt: ms(now), ID: id})
		if err != nil {
			return wrap("revoke", err)
		}
		if n == 0 {
			return fmt.Errorf("pgstore: revoke %s: %w", id, store.ErrNotFound)
		}
		return wrap("revoke: drop the device key", q.DeviceKeyDelete(ctx, id))
	})
}

// TouchDevice records that a device was seen.
func (s *Store) TouchDevice(ctx context.Context, id string, now time.Time) error {
	return wrap("touch device", s.q.DeviceTouch(ctx, pq.DeviceTouchParams{LastSeenAt: ms(now), ID: id}))
}

// InTx runs fn in one transaction holding the office's row lock, so the office's writers run one at a time.
func (s *Store) InTx(ctx context.Context, officeID string, fn func(store.Tx) error) error {
	return s.begin(ctx, func(ctx context.Context, tx pgx.Tx) error {
		q := s.q.WithTx(tx)
		// Locking first, as SQLite's single writer does, makes sequences
		// commit in order without gaps, register numbers unique, and the
		// read-merge-write of a row (Push) see the previous writer's result:
		// read committed takes a fresh snapshot per statement, after the
		// lock. FOR NO KEY UPDATE rather than FOR UPDATE, so inserts that
		// only reference the office (devices, enrolments) are not held up.
		// A missing office locks nothing; PutRow reports it, as in
		// sqlitestore.
		seq, err := q.OfficeLock(ctx, officeID)
		if errors.Is(err, pgx.ErrNoRows) {
			seq = -1
		} else if err != nil {
			return wrap("lock office", err)
		}
		t := &txn{q: q, office: officeID, seq: seq, seq0: seq, rows: map[store.RowKey]cachedRow{}, applied: map[string]bool{},
			batches: map[store.BatchKey]*store.StoredBatch{}, puts: map[store.RowKey]int{}, registers: map[register]int64{}}
		if err := fn(t); err != nil {
			return err
		}
		return t.flush(ctx)
	})
}

func decodeRow(r pq.Row) (store.Row, error) {
	out := store.Row{Entity: r.Entity, EntityID: r.EntityID, Deleted: r.Deleted, Seq: r.Seq}
	if err := json.Unmarshal([]byte(r.Fields), &out.Fields); err != nil {
		return out, fmt.Errorf("pgstore: row %s/%s: %w", r.Entity, r.EntityID, err)
	}
	return out, nil
}

func decodeRows(rows []pq.Row) ([]store.Row, error) {
	out := make([]store.Row, 0, len(rows))
	for _, r := range rows {
		row, err := decodeRow(r)
		if err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	return out, nil
}

// Changes returns rows changed after seq.
func (s *Store) Changes(ctx context.Context, officeID string, after int64, limit int) ([]store.Row, error) {
	rows, err := s.ChangesEncoded(ctx, officeID, after, limit)
	if err != nil {
		return nil, err
	}
	return store.DecodeFields(rows)
}

// ChangesEncoded returns rows changed after seq with their fields as stored.
func (s *Store) ChangesEncoded(ctx context.Context, officeID string, after int64, limit int) ([]store.Row, error) {
	lim := int64(limit)
	if lim < 0 {
		lim = math.MaxInt64 // SQLite reads a negative LIMIT as none; PostgreSQL rejects it
	}
	rows, err := s.q.RowsAfter(ctx, pq.RowsAfterParams{OfficeID: officeID, After: after, Lim: lim})
	if err != nil {
		return nil, wrap("changes", err)
	}
	out := make([]store.Row, len(rows))
	for i, r := range rows {
		out[i] = store.Row{Entity: r.Entity, EntityID: r.EntityID, Encoded: json.RawMessage(r.Fields), Deleted: r.Deleted, Seq: r.Seq}
	}
	return out, nil
}

// Seq is the office's current sequence.
func (s *Store) Seq(ctx context.Context, officeID string) (int64, error) {
	n, err := s.q.OfficeSeq(ctx, officeID)
	if err != nil {
		return 0, notFound(err, "office seq")
	}
	return n, nil
}

func conflict(c pq.Conflict) (store.Conflict, error) {
	out := store.Conflict{ID: c.ID, OfficeID: c.OfficeID, Entity: c.Entity, EntityID: c.EntityID, DeviceID: c.DeviceID,
		CreatedAt: fromMS(c.CreatedAt), ResolvedAt: fromMS(c.ResolvedAt), ResolvedBy: c.ResolvedBy, Choice: c.Choice}
	if err := json.Unmarshal([]byte(c.Kept), &out.Kept); err != nil {
		return out, fmt.Errorf("pgstore: conflict %s: %w", c.ID, err)
	}
	if err := json.Unmarshal([]byte(c.Rejected), &out.Rejected); err != nil {
		return out, fmt.Errorf("pgstore: conflict %s: %w", c.ID, err)
	}
	return out, nil
}

// Conflicts lists an office's conflicts.
func (s *Store) Conflicts(ctx context.Context, officeID string, openOnly bool) ([]store.Conflict, error) {
	rows, err := s.q.ConflictList(ctx, pq.ConflictListParams{OfficeID: officeID, OpenOnly: openOnly})
	if err != nil {
		return nil, wrap("conflicts", err)
	}
	out := make([]store.Conflict, 0, len(rows))
	for _, c := range rows {
		x, err := conflict(c)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

// RowsOf lists an office's rows of one entity.
func (s *Store) RowsOf(ctx context.Context, officeID, entity string) ([]store.Row, error) {
	rows, err := s.q.RowsOfEntity(ctx, pq.RowsOfEntityParams{OfficeID: officeID, Entity: entity})
	if err != nil {
		return nil, wrap("rows", err)
	}
	return decodeRows(rows)
}

// RowsOfEncoded lists an office's rows of one entity, fields as stored.
func (s *Store) RowsOfEncoded(ctx context.Context, officeID, entity string) ([]store.Row, error) {
	rows, err := s.q.RowsOfEntity(ctx, pq.RowsOfEntityParams{OfficeID: officeID, Entity: entity})
	if err != nil {
		return nil, wrap("rows", err)
	}
	out := make([]store.Row, len(rows))
	for i, r := range rows {
		out[i] = store.Row{Entity: r.Entity, EntityID: r.EntityID, Encoded: json.RawMessage(r.Fields), Deleted: r.Deleted, Seq: r.Seq}
	}
	return out, nil
}

// Leases lists an office's leases.
func (s *Store) Leases(ctx context.Context, officeID string) ([]store.Lease, error) {
	rows, err := s.q.LeaseList(ctx, officeID)
	out := make([]store.Lease, len(rows))
	for i, l := range rows {
		out[i] = store.Lease{OfficeID: l.OfficeID, DeviceID: l.DeviceID, Unit: l.Unit, JRWA: l.Jrwa, Year: int(l.Year), First: int(l.FirstNo), Last: int(l.LastNo)}
	}
	return out, wrap("leases", err)
}

// txn is one transaction on one office. A statement that fails aborts
// the whole PostgreSQL transaction, so after an error the caller must
// give up (InTx then rolls back); SQLite would let it carry on.
//
// A push writes a few rows per op, and a round trip per statement would
// cost more than the statements (10,000 ops took 8 s on loopback). So
// what a push reads comes in one statement (Prefetch), what a
// transaction writes (rows, op ids, batch answers, registers, leases,
// the office's sequence) is held back and sent in one statement when fn
// returns (flush), and what it wrote or read ahead is answered from
// memory: the office lock makes this transaction the only writer of the
// office's rows, op ids, batches and registers, so memory and database
// cannot disagree. Errors of the held
// back writes surface from InTx, which rolls everything back.
type txn struct {
	q      *pq.Queries
	office string

	seq, seq0 int64 // the office's sequence: now, and as locked; -1 if the office is missing
	rows      map[store.RowKey]cachedRow
	applied   map[string]bool                       // op id → applied before (prefetched) or in this transaction
	batches   map[store.BatchKey]*store.StoredBatch // a batch as stored, nil when none (prefetched or saved here)
	puts      map[store.RowKey]int
	registers map[register]int64         // a register's next free number, once read
	leases    map[register][]store.Lease // a register's leases, once read (LeaseHolder)
	live      map[store.RowKey]bool      // rows referred to, once read (RowLive)
	regOrder  []register                 // registers given numbers here, in order
	w         pq.TxWriteParams           // the held-back writes
	marks     map[string]string          // node → newest stamp written here (store.NoteMarks), written with the rows
}

// register names a case register of the office.
type register struct {
	unit, jrwa string
	year       int
}

// cachedRow is a row as this transaction knows it (found false: absent).
type cachedRow struct {
	row   store.Row
	found bool
}

var (
	_ store.Prefetcher     = (*txn)(nil)
	_ store.EncodedPutter  = (*txn)(nil)
	_ store.DeferredPutter = (*txn)(nil)
)

// Prefetch loads the batch answers, op ids and rows pushes are about to
// look up, in one statement.
func (t *txn) Prefetch(ctx context.Context, batchKeys []store.BatchKey, opIDs []string, keys []store.RowKey) error {
	ids := make([]string, 0, len(opIDs))
	for _, id := range opIDs {
		if _, known := t.applied[id]; !known {
			ids = append(ids, id)
		}
	}
	var ents, eids []string
	for _, k := range keys {
		if _, known := t.rows[k]; !known {
			ents, eids = append(ents, k.Entity), append(eids, k.ID)
		}
	}
	var bdevs, bids []string
	for _, k := range batchKeys {
		if _, known := t.batches[k]; !known {
			bdevs, bids = append(bdevs, k.DeviceID), append(bids, k.BatchID)
		}
	}
	got, err := t.q.PushRead(ctx, pq.PushReadParams{OfficeID: t.office, BatchDevices: bdevs, BatchIds: bids, OpIds: ids, Entities: ents, EntityIds: eids})
	if err != nil {
		return wrap("prefetch", err)
	}
	for i := range bids {
		t.batches[store.BatchKey{DeviceID: bdevs[i], BatchID: bids[i]}] = nil
	}
	for _, id := range ids {
		t.applied[id] = false
	}
	for i := range ents {
		k := store.RowKey{Entity: ents[i], ID: eids[i]}
		t.rows[k] = cachedRow{row: store.Row{Entity: k.Entity, EntityID: k.ID, Fields: merge.Row{}}}
	}
	for _, r := range got {
		switch r.Kind {
		case "b":
			t.batches[store.BatchKey{DeviceID: r.Entity, BatchID: r.ID}] = &store.StoredBatch{Answer: r.Data, Digest: r.Digest}
		case "o":
			t.applied[r.ID] = true
		case "r":
			row, err := decodeRow(pq.Row{OfficeID: t.office, Entity: r.Entity, EntityID: r.ID, Fields: string(r.Data), Deleted: r.Deleted, Seq: r.Seq})
			if err != nil {
				return err
			}
			t.rows[store.RowKey{Entity: r.Entity, ID: r.ID}] = cachedRow{row: row, found: true}
		}
	}
	return nil
}

// flush sends the held-back writes in one statement.
func (t *txn) flush(ctx context.Context) error {
	for _, r := range t.regOrder {
		t.w.RegUnits = append(t.w.RegUnits, r.unit)
		t.w.RegJrwas = append(t.w.RegJrwas, r.jrwa)
		t.w.RegYears = append(t.w.RegYears, int64(r.year))
		t.w.RegNext = append(t.w.RegNext, t.registers[r])
	}
	for node, stamp := range t.marks {
		t.w.MarkNodes = append(t.w.MarkNodes, node)
		t.w.MarkStamps = append(t.w.MarkStamps, stamp)
	}
	clear(t.marks)
	if len(t.w.Entities)+len(t.w.OpIds)+len(t.w.BatchIds)+len(t.w.RegUnits)+len(t.w.LeaseDevices) == 0 && t.seq == t.seq0 {
		return nil
	}
	for i, f := range t.w.Fields {
		if f == "" {
			// Written with PutRowDeferred and never given its JSON.
			return fmt.Errorf("pgstore: row %s/%s: no JSON", t.w.Entities[i], t.w.EntityIds[i])
		}
	}
	t.w.OfficeID, t.w.Seq = t.office, t.seq
	o := t.derived()
	if err := t.q.TxWrite(ctx, t.w); err != nil {
		return wrap("write", err)
	}
	if err := t.fromJSON(ctx, o); err != nil {
		return err
	}
	t.w, t.puts, t.regOrder, t.seq0 = pq.TxWriteParams{}, map[store.RowKey]int{}, nil, t.seq
	return nil
}

func (t *txn) Batch(ctx context.Context, key store.BatchKey) (store.StoredBatch, bool, error) {
	if b, known := t.batches[key]; known {
		if b == nil {
			return store.StoredBatch{}, false, nil
		}
		return *b, true, nil
	}
	b, err := t.q.BatchGet(ctx, pq.BatchGetParams{OfficeID: t.office, DeviceID: key.DeviceID, BatchID: key.BatchID})
	if errors.Is(err, pgx.ErrNoRows) {
		return store.StoredBatch{}, false, nil
	}
	return store.StoredBatch{Answer: b.Answer, Digest: b.OpsDigest}, err == nil, wrap("batch", err)
}

func (t *txn) SaveBatch(ctx context.Context, key store.BatchKey, b store.StoredBatch, now time.Time) error {
	if known := t.batches[key]; known != nil {
		// The primary key would refuse it at the flush; refuse it now.
		return fmt.Errorf("pgstore: save batch %s: %w", key.BatchID, store.ErrExists)
	}
	if b.Answer == nil {
		b.Answer = []byte{}
	}
	t.batches[key] = &b
	t.w.BatchIds = append(t.w.BatchIds, key.BatchID)
	t.w.BatchDevices = append(t.w.BatchDevices, key.DeviceID)
	t.w.BatchDigests = append(t.w.BatchDigests, b.Digest)
	t.w.Answers = append(t.w.Answers, b.Answer)
	t.w.BatchTimes = append(t.w.BatchTimes, ms(now))
	return nil
}

func (t *txn) OpApplied(ctx context.Context, opID string) (bool, error) {
	if seen, known := t.applied[opID]; known {
		return seen, nil
	}
	seen, err := t.q.OpExists(ctx, pq.OpExistsParams{OfficeID: t.office, OpID: opID})
	return seen, wrap("op", err)
}

func (t *txn) RecordOp(ctx context.Context, opID, deviceID, batchID string, now time.Time) error {
	if t.applied[opID] {
		// The primary key would refuse it at the flush; refuse it now.
		return fmt.Errorf("pgstore: record op %s: %w", opID, store.ErrExists)
	}
	t.applied[opID] = true
	t.w.OpIds = append(t.w.OpIds, opID)
	t.w.OpDevices = append(t.w.OpDevices, deviceID)
	t.w.OpBatches = append(t.w.OpBatches, batchID)
	t.w.OpTimes = append(t.w.OpTimes, ms(now))
	return nil
}

func (t *txn) Row(ctx context.Context, entity, id string) (store.Row, bool, error) {
	if c, known := t.rows[store.RowKey{Entity: entity, ID: id}]; known {
		row := c.row
		row.Fields = row.Fields.Clone() // the caller may change its copy
		return row, c.found, nil
	}
	r, err := t.q.RowGet(ctx, pq.RowGetParams{OfficeID: t.office, Entity: entity, EntityID: id})
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Row{Entity: entity, EntityID: id, Fields: merge.Row{}}, false, nil
	}
	if err != nil {
		return store.Row{}, false, wrap("row", err)
	}
	row, err := decodeRow(r)
	return row, true, err
}

func (t *txn) PutRow(ctx context.Context, entity, id string, fields merge.Row, deleted bool) (int64, error) {
	raw, err := fields.AppendJSON(nil)
	if err != nil {
		return 0, fmt.Errorf("pgstore: row: %w", err)
	}
	return t.PutRowEncoded(ctx, entity, id, fields, raw, deleted)
}

// PutRowEncoded is PutRow with the fields' JSON given.
func (t *txn) PutRowEncoded(ctx context.Context, entity, id string, fields merge.Row, raw []byte, deleted bool) (int64, error) {
	if t.seq < 0 {
		return 0, fmt.Errorf("pgstore: office seq: %w", store.ErrNotFound)
	}
	// The office row is locked (InTx), so the next number is ours; it is
	// written with the rows when fn returns and rolls back with them. A
	// row put again replaces its held-back write (its earlier number is
	// then no row's, as after any later write of a row).
	t.seq++
	k := store.RowKey{Entity: entity, ID: id}
	if i, again := t.puts[k]; again {
		t.w.Fields[i], t.w.Deleted[i], t.w.Seqs[i] = string(raw), deleted, t.seq
	} else {
		t.puts[k] = len(t.w.Entities)
		t.w.Entities = append(t.w.Entities, entity)
		t.w.EntityIds = append(t.w.EntityIds, id)
		t.w.Fields = append(t.w.Fields, string(raw))
		t.w.Deleted = append(t.w.Deleted, deleted)
		t.w.Seqs = append(t.w.Seqs, t.seq)
	}
	if t.marks == nil {
		t.marks = map[string]string{}
	}
	store.NoteMarks(t.marks, fields)
	t.rows[store.RowKey{Entity: entity, ID: id}] = cachedRow{found: true,
		row: store.Row{Entity: entity, EntityID: id, Fields: fields.Clone(), Deleted: deleted, Seq: t.seq}}
	return t.seq, nil
}

// PutRowDeferred is PutRow with the fields' JSON given later (SetRowJSON).
func (t *txn) PutRowDeferred(ctx context.Context, entity, id string, fields merge.Row, deleted bool) (int64, error) {
	return t.PutRowEncoded(ctx, entity, id, fields, nil, deleted)
}

// SetRowJSON gives the JSON of the row's last write, held back in w.
func (t *txn) SetRowJSON(entity, id string, encoded []byte) {
	if i, ok := t.puts[store.RowKey{Entity: entity, ID: id}]; ok {
		t.w.Fields[i] = string(encoded)
	}
}

func (t *txn) AddConflict(ctx context.Context, c store.Conflict) error {
	// sqlitestore ignores these errors and would store an empty string
	// that no later read can decode; refusing the write is safer.
	kept, err := json.Marshal(c.Kept)
	if err != nil {
		return fmt.Errorf("pgstore: add conflict: %w", err)
	}
	rej, err := json.Marshal(c.Rejected)
	if err != nil {
		return fmt.Errorf("pgstore: add conflict: %w", err)
	}
	return wrap("add conflict", t.q.ConflictInsert(ctx, pq.ConflictInsertParams{ID: c.ID, OfficeID: t.office, Entity: c.Entity,
		EntityID: c.EntityID, Kept: string(kept), Rejected: string(rej), DeviceID: c.DeviceID, CreatedAt: ms(c.CreatedAt)}))
}

func (t *txn) Conflict(ctx context.Context, id string) (store.Conflict, error) {
	c, err := t.q.ConflictGet(ctx, id)
	if err != nil {
		return store.Conflict{}, notFound(err, "conflict")
	}
	if c.OfficeID != t.office {
		return store.Conflict{}, fmt.Errorf("pgstore: conflict %s: %w", id, store.ErrNotFound)
	}
	return conflict(c)
}

func (t *txn) ResolveConflict(ctx context.Context, id, by, choice string, now time.Time) error {
	n, err := t.q.ConflictResolve(ctx, pq.ConflictResolveParams{ResolvedAt: ms(now), ResolvedBy: by, Choice: choice, ID: id})
	if err != nil {
		return wrap("resolve", err)
	}
	if n == 0 {
		return fmt.Errorf("pgstore: resolve %s: %w", id, store.ErrNotFound)
	}
	return nil
}

func (t *txn) NextNumbers(ctx context.Context, unit, jrwa string, year, count int) (int, error) {
	if count < 1 {
		// A zero or negative count would hand out a number already given.
		return 0, fmt.Errorf("pgstore: next numbers: count %d < 1", count)
	}
	// The office lock makes this transaction the register's only writer:
	// it is read once, counted on in memory and written at the flush.
	r := register{unit, jrwa, year}
	next, known := t.registers[r]
	if !known {
		n, err := t.q.RegisterGet(ctx, pq.RegisterGetParams{OfficeID: t.office, Unit: unit, Jrwa: jrwa, Year: int64(year)})
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			n = 1
		case err != nil:
			return 0, wrap("next numbers", err)
		}
		next = n
	}
	if !slices.Contains(t.regOrder, r) {
		t.regOrder = append(t.regOrder, r)
	}
	t.registers[r] = next + int64(count)
	return int(next), nil
}

func (t *txn) AddLease(ctx context.Context, l store.Lease, now time.Time) error {
	t.w.LeaseDevices = append(t.w.LeaseDevices, l.DeviceID)
	t.w.LeaseUnits = append(t.w.LeaseUnits, l.Unit)
	t.w.LeaseJrwas = append(t.w.LeaseJrwas, l.JRWA)
	t.w.LeaseYears = append(t.w.LeaseYears, int64(l.Year))
	t.w.LeaseFirsts = append(t.w.LeaseFirsts, int64(l.First))
	t.w.LeaseLasts = append(t.w.LeaseLasts, int64(l.Last))
	t.w.LeaseTimes = append(t.w.LeaseTimes, ms(now))
	return nil
}

// LeaseHolder reads a register's leases once per transaction: a group
// of pushes registering cases checks many numbers of few registers.
// Leases held back in this transaction count too.
func (t *txn) LeaseHolder(ctx context.Context, unit, jrwa string, year, no int) (store.Lease, bool, error) {
	r := register{unit, jrwa, year}
	ls, known := t.leases[r]
	if !known {
		rows, err := t.q.LeasesOfRegister(ctx, pq.LeasesOfRegisterParams{OfficeID: t.office, Unit: unit, Jrwa: jrwa, Year: int64(year)})
		if err != nil {
			return store.Lease{}, false, wrap("lease holder", err)
		}
		for _, l := range rows {
			ls = append(ls, store.Lease{OfficeID: t.office, DeviceID: l.DeviceID, Unit: unit, JRWA: jrwa, Year: year, First: int(l.FirstNo), Last: int(l.LastNo)})
		}
		if t.leases == nil {
			t.leases = map[register][]store.Lease{}
		}
		t.leases[r] = ls
	}
	for _, l := range ls {
		if no >= l.First && no <= l.Last {
			return l, true, nil
		}
	}
	for i, d := range t.w.LeaseDevices {
		if t.w.LeaseUnits[i] == unit && t.w.LeaseJrwas[i] == jrwa && int(t.w.LeaseYears[i]) == year &&
			int64(no) >= t.w.LeaseFirsts[i] && int64(no) <= t.w.LeaseLasts[i] {
			return store.Lease{OfficeID: t.office, DeviceID: d, Unit: unit, JRWA: jrwa, Year: year, First: int(t.w.LeaseFirsts[i]), Last: int(t.w.LeaseLasts[i])}, true, nil
		}
	}
	return store.Lease{}, false, nil
}

// RowLive answers from what this transaction wrote or read, else asks
// once: a group of registrations refers to the same few cards and staff.
func (t *txn) RowLive(ctx context.Context, entity, id string) (bool, error) {
	k := store.RowKey{Entity: entity, ID: id}
	if c, known := t.rows[k]; known {
		return c.found && !c.row.Deleted, nil
	}
	if live, known := t.live[k]; known {
		return live, nil
	}
	deleted, err := t.q.RowDeleted(ctx, pq.RowDeletedParams{OfficeID: t.office, Entity: entity, EntityID: id})
	live := err == nil && !deleted
	if errors.Is(err, pgx.ErrNoRows) {
		err = nil
	}
	if err != nil {
		return false, wrap("row live", err)
	}
	if t.live == nil {
		t.live = map[store.RowKey]bool{}
	}
	t.live[k] = live
	return live, nil
}

// DateFlags lists an office's date flags in order of arrival.
func (s *Store) DateFlags(ctx context.Context, officeID string, openOnly bool) ([]store.DateFlag, error) {
	rows, err := s.q.DateFlagList(ctx, pq.DateFlagListParams{OfficeID: officeID, OpenOnly: openOnly})
	if err != nil {
		return nil, wrap("date flags", err)
	}
	out := make([]store.DateFlag, len(rows))
	for i, f := range rows {
		out[i] = store.DateFlag{ID: f.ID, OfficeID: f.OfficeID, CaseID: f.CaseID, DeviceID: f.DeviceID, SubmittedOn: f.SubmittedOn,
			RegistryDate: f.RegistryDate, Reason: f.Reason, ArrivedAt: fromMS(f.ArrivedAt), CheckedBy: f.CheckedBy, CheckedAt: fromMS(f.CheckedAt)}
	}
	return out, nil
}

func (t *txn) AddDateFlag(ctx context.Context, f store.DateFlag) error {
	return wrap("add date flag", t.q.DateFlagInsert(ctx, pq.DateFlagInsertParams{ID: f.ID, OfficeID: t.office, CaseID: f.CaseID,
		DeviceID: f.DeviceID, SubmittedOn: f.SubmittedOn, RegistryDate: f.RegistryDate, Reason: f.Reason, ArrivedAt: ms(f.ArrivedAt)}))
}

func (t *txn) CheckDateFlag(ctx context.Context, id, by string, now time.Time) error {
	n, err := t.q.DateFlagCheck(ctx, pq.DateFlagCheckParams{CheckedAt: ms(now), CheckedBy: by, ID: id, OfficeID: t.office})
	if err != nil {
		return wrap("check date flag", err)
	}
	if n == 0 {
		return fmt.Errorf("pgstore: date flag %s: %w", id, store.ErrNotFound)
	}
	return nil
}

func (t *txn) CloseYear(ctx context.Context, year int, now time.Time) error {
	return wrap("close year", t.q.YearCloseInsert(ctx, pq.YearCloseInsertParams{OfficeID: t.office, Year: int64(year), ClosedAt: ms(now)}))
}

func (t *txn) YearClosed(ctx context.Context, year int) (bool, error) {
	closed, err := t.q.YearClosed(ctx, pq.YearClosedParams{OfficeID: t.office, Year: int64(year)})
	return closed, wrap("year closed", err)
}
