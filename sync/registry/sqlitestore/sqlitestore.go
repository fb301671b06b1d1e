// Package sqlitestore is the registry's default store: one SQLite file,
// for a small office's registry on its own machine.
package sqlitestore

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"okienko/sync/merge"
	"okienko/sync/registry/sqlitestore/internal/rq"
	"okienko/sync/registry/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a registry store in one SQLite file.
type Store struct {
	w, r   *sql.DB
	qw, qr *rq.Queries
	file   string // the database file (Backup reads it on a connection of its own)

	// The WAL is folded into the database file beside the writer, not in
	// its commit: SQLite's own checkpoint after a commit that left more
	// than 1,000 pages in the WAL ran on the writer connection, inside the
	// push being answered (some 50 ms of a push of 10,000 ops, 16 MB of
	// rows). The writer's own stays, at a higher mark (walFallbackPages),
	// for a WAL the background one cannot keep small.
	ck        *sql.DB       // one connection, for checkpoints only
	kick      chan struct{} // a checkpoint is due (capacity 1)
	ckDone    chan struct{} // closed when the checkpointer has stopped
	walBytes  atomic.Int64  // rows' bytes written since the last kick
	closeOnce sync.Once
}

// Checkpoints beside the writer: one is asked for once the rows written
// since the last reach ckptBytes (about the 1,000 pages at which SQLite
// checkpoints by itself); the writer's own checkpoint waits for
// walFallbackPages.
const (
	ckptBytes        = 4 << 20
	walFallbackPages = 8000
)

var _ store.Store = (*Store)(nil)

// Open opens (creating and migrating) the registry database in dir.
func Open(ctx context.Context, dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("sqlitestore: %w", err)
	}
	return OpenFile(ctx, filepath.Join(dir, FileName))
}

// OpenFile opens (creating and migrating) the registry database file at
// file: a backup's copy, which restore gives a new generation.
func OpenFile(ctx context.Context, file string) (*Store, error) {
	path := (&url.URL{Path: file}).EscapedPath()
	q := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"
	w, err := sql.Open("sqlite", "file:"+path+"?"+q+"&_txlock=immediate"+fmt.Sprintf("&_pragma=wal_autocheckpoint(%d)", walFallbackPages))
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: %w", err)
	}
	w.SetMaxOpenConns(1)
	sub, _ := fs.Sub(migrations, "migrations")
	// Migration numbers are handed out to parallel work ahead of time, so
	// one may land below a store's newest (00012 after 00016): applied
	// then, not refused as missing.
	p, err := goose.NewProvider(goose.DialectSQLite3, w, sub, goose.WithAllowOutofOrder(true))
	if err == nil {
		err = store.NotNewer(ctx, p)
	}
	if err == nil {
		_, err = p.Up(ctx)
	}
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlitestore: migrate: %w", err)
	}
	r, err := sql.Open("sqlite", "file:"+path+"?"+q+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlitestore: %w", err)
	}
	r.SetMaxOpenConns(8)
	// Readers idle for a minute are closed (each holds its own page cache).
	r.SetConnMaxIdleTime(time.Minute)
	ck, err := sql.Open("sqlite", "file:"+path+"?"+q)
	if err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("sqlitestore: %w", err)
	}
	ck.SetMaxOpenConns(1)
	s := &Store{w: w, r: r, file: file, ck: ck, kick: make(chan struct{}, 1), ckDone: make(chan struct{})}
	go s.checkpointer()
	if s.qw, err = rq.Prepare(ctx, w); err == nil {
		s.qr, err = rq.Prepare(ctx, r)
	}
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlitestore: prepare: %w", err)
	}
	return s, nil
}

// checkpointer folds the WAL into the database file when kicked, until
// Close. PASSIVE: it never waits for the writer or readers, and copies
// what no reader still needs; what is left goes at the next kick.
func (s *Store) checkpointer() {
	defer close(s.ckDone)
	for range s.kick {
		if _, err := s.ck.Exec("PRAGMA wal_checkpoint(PASSIVE)"); err != nil {
			// Nothing is lost: the writer's own checkpoint remains.
			continue
		}
	}
}

// wrote notes n bytes of rows committed, and kicks the checkpointer when
// enough have gathered since the last kick.
func (s *Store) wrote(n int64) {
	if s.walBytes.Add(n) < ckptBytes {
		return
	}
	s.walBytes.Store(0)
	select {
	case s.kick <- struct{}{}:
	default: // one is due already
	}
}

// Close closes the database.
func (s *Store) Close() error {
	var errs []error
	s.closeOnce.Do(func() {
		close(s.kick)
		<-s.ckDone
		errs = append(errs, s.ck.Close())
	})
	for _, q := range []*rq.Queries{s.qr, s.qw} {
		if q != nil {
			errs = append(errs, q.Close())
		}
	}
	return errors.Join(append(errs, s.r.Close(), s.w.Close())...)
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
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqlitestore: %s: %w", what, store.ErrNotFound)
	}
	return fmt.Errorf("sqlitestore: %s: %w", what, err)
}

func wrap(what string, err error) error {
	if err != nil {
		return fmt.Errorf("sqlitestore: %s: %w", what, err)
	}
	return nil
}

// CreateOffice adds an office.
func (s *Store) CreateOffice(ctx context.Context, o store.Office) error {
	err := s.qw.OfficeInsert(ctx, rq.OfficeInsertParams{ID: o.ID, Name: o.Name, Teryt: o.TERYT, CreatedAt: time.Now().UnixMilli()})
	if err != nil && isUnique(err) {
		return fmt.Errorf("sqlitestore: office %s: %w", o.ID, store.ErrExists)
	}
	return wrap("create office", err)
}

// isUnique reports a UNIQUE or PRIMARY KEY violation by its extended code,
// not by the message text.
func isUnique(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// Office returns one office.
func (s *Store) Office(ctx context.Context, id string) (store.Office, error) {
	o, err := s.qr.OfficeGet(ctx, id)
	if err != nil {
		return store.Office{}, notFound(err, "office")
	}
	return store.Office{ID: o.ID, Name: o.Name, TERYT: o.Teryt}, nil
}

// Offices lists offices by name.
func (s *Store) Offices(ctx context.Context) ([]store.Office, error) {
	rows, err := s.qr.OfficeList(ctx)
	out := make([]store.Office, len(rows))
	for i, o := range rows {
		out[i] = store.Office{ID: o.ID, Name: o.Name, TERYT: o.Teryt}
	}
	return out, wrap("list offices", err)
}

// AddEnrollment stores a pending enrolment code and its people.
func (s *Store) AddEnrollment(ctx context.Context, e store.Enrollment) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return wrap("add enrolment", err)
	}
	defer tx.Rollback()
	q := s.qw.WithTx(tx)
	if err := q.EnrollmentInsert(ctx, rq.EnrollmentInsertParams{CodeHash: e.CodeHash, OfficeID: e.OfficeID,
		Name: e.Name, ExpiresAt: ms(e.ExpiresAt)}); err != nil {
		return wrap("add enrolment", err)
	}
	for _, id := range e.People {
		if err := q.EnrollmentPersonInsert(ctx, rq.EnrollmentPersonInsertParams{CodeHash: e.CodeHash, StaffID: id}); err != nil {
			return wrap("add enrolment", err)
		}
	}
	if err := enrolmentScope(ctx, q, e); err != nil {
		return err
	}
	return wrap("add enrolment", tx.Commit())
}

// enrolPeople gives a device the people of the code it enrolled with.
func enrolPeople(ctx context.Context, q *rq.Queries, deviceID, codeHash string) error {
	if err := q.DevicePeopleClear(ctx, deviceID); err != nil {
		return wrap("enrol people", err)
	}
	if err := q.DevicePeopleFromEnrollment(ctx, rq.DevicePeopleFromEnrollmentParams{DeviceID: deviceID, CodeHash: codeHash}); err != nil {
		return wrap("enrol people", err)
	}
	return enrolScope(ctx, q, deviceID, codeHash)
}

// Enroll consumes a code and creates the device in one transaction; a
// device that never used its credential (the answer was lost) gets a new one.
func (s *Store) Enroll(ctx context.Context, codeHash string, d store.Device, now time.Time) (store.Device, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return store.Device{}, wrap("enrol", err)
	}
	defer tx.Rollback()
	q := s.qw.WithTx(tx)
	row, err := q.EnrollmentUse(ctx, rq.EnrollmentUseParams{Now: ms(now), CodeHash: codeHash})
	if errors.Is(err, sql.ErrNoRows) {
		return store.Device{}, store.ErrExpired
	}
	if err != nil {
		return store.Device{}, wrap("enrol", err)
	}
	d.OfficeID, d.EnrolledAt = row.OfficeID, now
	// The name the office gave the laptop at enrolment (console, `device
	// enroll --name`) is how its people know it; the computer's own name
	// only when the enrolment gave none.
	if row.Name != "" {
		d.Name = row.Name
	}
	n, err := q.DeviceRebind(ctx, rq.DeviceRebindParams{Name: d.Name, TokenHash: d.TokenHash, EnrolledAt: ms(now), ID: d.ID, OfficeID: d.OfficeID})
	if err != nil {
		return store.Device{}, wrap("enrol", err)
	}
	if n == 1 {
		if err := enrolPeople(ctx, q, d.ID, codeHash); err != nil {
			return store.Device{}, err
		}
		return d, wrap("enrol", tx.Commit())
	}
	if err := q.DeviceInsert(ctx, rq.DeviceInsertParams{ID: d.ID, OfficeID: d.OfficeID, Name: d.Name, TokenHash: d.TokenHash, EnrolledAt: ms(now)}); err != nil {
		if isUnique(err) {
			return store.Device{}, fmt.Errorf("sqlitestore: device %s: %w", d.ID, store.ErrExists)
		}
		return store.Device{}, wrap("enrol", err)
	}
	if err := enrolPeople(ctx, q, d.ID, codeHash); err != nil {
		return store.Device{}, err
	}
	return d, wrap("enrol", tx.Commit())
}

func device(d rq.Device) store.Device {
	return store.Device{ID: d.ID, OfficeID: d.OfficeID, Name: d.Name, TokenHash: d.TokenHash, EnrolledAt: fromMS(d.EnrolledAt),
		RevokedAt: fromMS(d.RevokedAt), LastSeenAt: fromMS(d.LastSeenAt)}
}

// DeviceByToken finds the device holding a credential.
func (s *Store) DeviceByToken(ctx context.Context, tokenHash string) (store.Device, error) {
	d, err := s.qr.DeviceByToken(ctx, tokenHash)
	if err != nil {
		return store.Device{}, notFound(err, "device")
	}
	return device(d), nil
}

// Device returns one device.
func (s *Store) Device(ctx context.Context, id string) (store.Device, error) {
	d, err := s.qr.DeviceGet(ctx, id)
	if err != nil {
		return store.Device{}, notFound(err, "device")
	}
	return device(d), nil
}

// Devices lists an office's devices.
func (s *Store) Devices(ctx context.Context, officeID string) ([]store.Device, error) {
	rows, err := s.qr.DeviceList(ctx, officeID)
	out := make([]store.Device, len(rows))
	for i, d := range rows {
		out[i] = device(d)
	}
	return out, wrap("list devices", err)
}

// RevokeDevice withdraws a device's credential and drops the escrow of
// its data key, in one transaction.
func (s *Store) RevokeDevice(ctx context.Context, id string, now time.Time) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return wrap("revoke", err)
	}
	defer tx.Rollback()
	q := s.qw.WithTx(tx)
	n, err := q.DeviceRevoke(ctx, rq.DeviceRevokeParams{RevokedAt: ms(now), ID: id})
	if err != nil {
		return wrap("revoke", err)
	}
	if n == 0 {
		return fmt.Errorf("sqlitestore: revoke %s: %w", id, store.ErrNotFound)
	}
	if err := q.DeviceKeyDelete(ctx, id); err != nil {
		return wrap("revoke: drop the device key", err)
	}
	return wrap("revoke", tx.Commit())
}

// TouchDevice records that a device was seen.
func (s *Store) TouchDevice(ctx context.Context, id string, now time.Time) error {
	return wrap("touch device", s.qw.DeviceTouch(ctx, rq.DeviceTouchParams{LastSeenAt: ms(now), ID: id}))
}

// InTx runs fn in one immediate transaction (SQLite has one writer, so
// offices are serialised too).
func (s *Store) InTx(ctx context.Context, officeID string, fn func(store.Tx) error) error {
	// database/sql rolls the transaction back when its context ends: a
	// writer that hangs gives the single connection back within the
	// deadline.
	ctx, cancel := context.WithTimeout(ctx, store.TxDeadline)
	defer cancel()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return wrap("begin", err)
	}
	// A panic must not leave the single writer connection inside an open
	// transaction: net/http recovers handler panics, and every later write
	// would then wait forever.
	done := false
	defer func() {
		if !done {
			tx.Rollback()
		}
	}()
	t := &txn{q: s.qw.WithTx(tx), office: officeID}
	if err := fn(t); err != nil {
		return err
	}
	if err := t.flushRows(ctx); err != nil {
		return err
	}
	if err := t.flushOps(ctx); err != nil {
		return err
	}
	if err := t.saveSeq(ctx); err != nil {
		return err
	}
	if err := t.saveMarks(ctx); err != nil {
		return err
	}
	done = true
	if err := tx.Commit(); err != nil {
		return wrap("commit", err)
	}
	s.wrote(t.bytes)
	return nil
}

func decodeRow(r rq.Row) (store.Row, error) {
	out := store.Row{Entity: r.Entity, EntityID: r.EntityID, Deleted: r.Deleted == 1, Seq: r.Seq}
	if err := json.Unmarshal([]byte(r.Fields), &out.Fields); err != nil {
		return out, fmt.Errorf("sqlitestore: row %s/%s: %w", r.Entity, r.EntityID, err)
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
	rows, err := s.qr.RowsAfter(ctx, rq.RowsAfterParams{OfficeID: officeID, Seq: after, Limit: int64(limit)})
	if err != nil {
		return nil, wrap("changes", err)
	}
	out := make([]store.Row, len(rows))
	for i, r := range rows {
		out[i] = store.Row{Entity: r.Entity, EntityID: r.EntityID, Encoded: json.RawMessage(r.Fields), Deleted: r.Deleted != 0, Seq: r.Seq}
	}
	return out, nil
}

// Seq is the office's current sequence.
func (s *Store) Seq(ctx context.Context, officeID string) (int64, error) {
	n, err := s.qr.OfficeSeq(ctx, officeID)
	if err != nil {
		return 0, notFound(err, "office seq")
	}
	return n, nil
}

func conflict(c rq.Conflict) (store.Conflict, error) {
	out := store.Conflict{ID: c.ID, OfficeID: c.OfficeID, Entity: c.Entity, EntityID: c.EntityID, DeviceID: c.DeviceID,
		CreatedAt: fromMS(c.CreatedAt), ResolvedAt: fromMS(c.ResolvedAt), ResolvedBy: c.ResolvedBy, Choice: c.Choice}
	if err := json.Unmarshal([]byte(c.Kept), &out.Kept); err != nil {
		return out, fmt.Errorf("sqlitestore: conflict %s: %w", c.ID, err)
	}
	if err := json.Unmarshal([]byte(c.Rejected), &out.Rejected); err != nil {
		return out, fmt.Errorf("sqlitestore: conflict %s: %w", c.ID, err)
	}
	return out, nil
}

// Conflicts lists an office's conflicts.
func (s *Store) Conflicts(ctx context.Context, officeID string, openOnly bool) ([]store.Conflict, error) {
	open := int64(0)
	if openOnly {
		open = 1
	}
	rows, err := s.qr.ConflictList(ctx, rq.ConflictListParams{OfficeID: officeID, OpenOnly: open})
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
	rows, err := s.qr.RowsOfEntity(ctx, rq.RowsOfEntityParams{OfficeID: officeID, Entity: entity})
	if err != nil {
		return nil, wrap("rows", err)
	}
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

// RowsOfEncoded lists an office's rows of one entity, fields as stored.
func (s *Store) RowsOfEncoded(ctx context.Context, officeID, entity string) ([]store.Row, error) {
	rows, err := s.qr.RowsOfEntity(ctx, rq.RowsOfEntityParams{OfficeID: officeID, Entity: entity})
	if err != nil {
		return nil, wrap("rows", err)
	}
	out := make([]store.Row, len(rows))
	for i, r := range rows {
		out[i] = store.Row{Entity: r.Entity, EntityID: r.EntityID, Encoded: json.RawMessage(r.Fields), Deleted: r.Deleted == 1, Seq: r.Seq}
	}
	return out, nil
}

// Leases lists an office's leases.
func (s *Store) Leases(ctx context.Context, officeID string) ([]store.Lease, error) {
	rows, err := s.qr.LeaseList(ctx, officeID)
	out := make([]store.Lease, len(rows))
	for i, l := range rows {
		out[i] = store.Lease{OfficeID: l.OfficeID, DeviceID: l.DeviceID, Unit: l.Unit, JRWA: l.Jrwa, Year: int(l.Year), First: int(l.FirstNo), Last: int(l.LastNo)}
	}
	return out, wrap("leases", err)
}

// txn is one transaction on one office.
type txn struct {
	q      *rq.Queries
	office string

	seq               int64 // the last sequence number given out (nextSeq)
	seqRead, seqDirty bool
	marks             map[string]string // node → newest stamp written here (store.NoteMarks), saved at commit

	// written holds the rows this transaction wrote, as written: the
	// single writer connection holds the database, so they are what a
	// read would find, and a push that edits a row it made earlier in
	// the same group (a new client, then its phone) reads it back without
	// a query and a JSON decode.
	written map[store.RowKey]store.Row
	// puts holds the row writes back to the end of the transaction
	// (flushRows), one per row: a row written twice in a group (a new
	// client, then its phone) is written once, with its last sequence
	// number, as pgstore does. Every read of a row in a transaction goes
	// through written first, so nothing reads the table in between.
	puts  []rq.RowPutParams
	putAt map[store.RowKey]int
	bytes int64 // the rows' JSON written (flushRows), for the checkpointer

	// Read ahead by Prefetch for the group's pushes: whether each op id
	// was applied before, and the rows not stored (a new row is read
	// from memory as absent instead of asked for).
	aheadOps map[string]bool
	absent   map[store.RowKey]bool
	// The ops RecordOp noted, written at the end (flushOps).
	recorded map[string]bool
	ops      [][4]any
}

var (
	_ store.Prefetcher     = (*txn)(nil)
	_ store.DeferredPutter = (*txn)(nil)
)

// Prefetch asks which of a push group's op ids were applied before, and
// which of its rows are stored, in one statement each instead of one per
// op: a row not stored is then known absent without a read (a push of
// new clients and cases reads nothing). The stored rows are read as they
// come: one statement for all (a join of the keys, tried) cost more than
// the reads one by one, and a row the group wrote is read back from
// memory. The batches are few (one per push) and looked up as they come
// too.
func (t *txn) Prefetch(ctx context.Context, _ []store.BatchKey, opIDs []string, keys []store.RowKey) error {
	if err := t.prefetchAbsent(ctx, keys); err != nil {
		return err
	}
	if len(opIDs) > 0 {
		ids, err := json.Marshal(opIDs)
		if err != nil {
			return fmt.Errorf("sqlitestore: prefetch: %w", err)
		}
		applied, err := t.q.OpsApplied(ctx, rq.OpsAppliedParams{OfficeID: t.office, Ids: string(ids)})
		if err != nil {
			return wrap("prefetch ops", err)
		}
		t.aheadOps = make(map[string]bool, len(opIDs))
		for _, id := range opIDs {
			t.aheadOps[id] = false
		}
		for _, id := range applied {
			t.aheadOps[id] = true
		}
	}
	return nil
}

// prefetchAbsent notes which of keys are not stored (absent).
func (t *txn) prefetchAbsent(ctx context.Context, keys []store.RowKey) error {
	if len(keys) == 0 {
		return nil
	}
	absent := make(map[store.RowKey]bool, len(keys))
	pairs := make([][2]string, 0, len(keys))
	for _, k := range keys {
		if !absent[k] { // a row a push writes twice (a new client, then its phone) is asked for once
			absent[k] = true
			pairs = append(pairs, [2]string{k.Entity, k.ID})
		}
	}
	arg, err := json.Marshal(pairs)
	if err != nil {
		return fmt.Errorf("sqlitestore: prefetch: %w", err)
	}
	stored, err := t.q.RowsStored(ctx, rq.RowsStoredParams{Keys: string(arg), OfficeID: t.office})
	if err != nil {
		return wrap("prefetch rows", err)
	}
	for _, r := range stored {
		delete(absent, store.RowKey{Entity: r.Entity, ID: r.EntityID})
	}
	t.absent = absent
	return nil
}

func (t *txn) Batch(ctx context.Context, key store.BatchKey) (store.StoredBatch, bool, error) {
	b, err := t.q.BatchGet(ctx, rq.BatchGetParams{OfficeID: t.office, DeviceID: key.DeviceID, BatchID: key.BatchID})
	if errors.Is(err, sql.ErrNoRows) {
		return store.StoredBatch{}, false, nil
	}
	return store.StoredBatch{Answer: b.Answer, Digest: b.OpsDigest}, err == nil, wrap("batch", err)
}

func (t *txn) SaveBatch(ctx context.Context, key store.BatchKey, b store.StoredBatch, now time.Time) error {
	return wrap("save batch", t.q.BatchInsert(ctx, rq.BatchInsertParams{BatchID: key.BatchID, OfficeID: t.office, DeviceID: key.DeviceID,
		OpsDigest: b.Digest, Answer: b.Answer, CreatedAt: ms(now)}))
}

func (t *txn) OpApplied(ctx context.Context, opID string) (bool, error) {
	if t.recorded[opID] {
		return true, nil
	}
	if applied, ok := t.aheadOps[opID]; ok {
		return applied, nil
	}
	n, err := t.q.OpExists(ctx, rq.OpExistsParams{OfficeID: t.office, OpID: opID})
	return n > 0, wrap("op", err)
}

// RecordOp notes an applied op, written with the others at the end of
// the transaction (flushOps) in one statement.
func (t *txn) RecordOp(ctx context.Context, opID, deviceID, batchID string, now time.Time) error {
	if t.aheadOps[opID] || t.recorded[opID] {
		// The primary key would refuse it at the flush; refuse it now.
		return fmt.Errorf("sqlitestore: record op %s: %w", opID, store.ErrExists)
	}
	if t.recorded == nil {
		t.recorded = map[string]bool{}
	}
	t.recorded[opID] = true
	t.ops = append(t.ops, [4]any{opID, deviceID, batchID, ms(now)})
	return nil
}

// flushOps writes the ops RecordOp noted.
func (t *txn) flushOps(ctx context.Context) error {
	if len(t.ops) == 0 {
		return nil
	}
	ops, err := json.Marshal(t.ops)
	if err != nil {
		return fmt.Errorf("sqlitestore: record ops: %w", err)
	}
	if err := t.q.OpInsertMany(ctx, rq.OpInsertManyParams{OfficeID: t.office, Ops: string(ops)}); err != nil {
		return wrap("record ops", err)
	}
	t.ops = nil
	return nil
}

func (t *txn) Row(ctx context.Context, entity, id string) (store.Row, bool, error) {
	if w, ok := t.written[store.RowKey{Entity: entity, ID: id}]; ok {
		w.Fields = w.Fields.Clone() // the caller may change its copy
		return w, true, nil
	}
	if t.absent[store.RowKey{Entity: entity, ID: id}] {
		// Not stored when the group began, nor written since (written).
		return store.Row{Entity: entity, EntityID: id, Fields: merge.Row{}}, false, nil
	}
	r, err := t.q.RowGet(ctx, rq.RowGetParams{OfficeID: t.office, Entity: entity, EntityID: id})
	if errors.Is(err, sql.ErrNoRows) {
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
		return 0, fmt.Errorf("sqlitestore: row: %w", err)
	}
	return t.PutRowEncoded(ctx, entity, id, fields, raw, deleted)
}

// PutRowEncoded is PutRow with the fields' JSON given.
func (t *txn) PutRowEncoded(ctx context.Context, entity, id string, fields merge.Row, raw []byte, deleted bool) (int64, error) {
	seq, err := t.nextSeq(ctx)
	if err != nil {
		return 0, err
	}
	del := int64(0)
	if deleted {
		del = 1
	}
	k := store.RowKey{Entity: entity, ID: id}
	p := rq.RowPutParams{OfficeID: t.office, Entity: entity, EntityID: id, Fields: string(raw), Deleted: del, Seq: seq}
	if i, again := t.putAt[k]; again {
		t.puts[i] = p // its earlier number is then no row's, as after any later write
	} else {
		if t.putAt == nil {
			t.putAt = map[store.RowKey]int{}
		}
		t.putAt[k] = len(t.puts)
		t.puts = append(t.puts, p)
	}
	if t.marks == nil {
		t.marks = map[string]string{}
	}
	store.NoteMarks(t.marks, fields)
	if t.written == nil {
		t.written = map[store.RowKey]store.Row{}
	}
	t.written[store.RowKey{Entity: entity, ID: id}] = store.Row{Entity: entity, EntityID: id, Fields: fields.Clone(), Deleted: deleted, Seq: seq}
	return seq, nil
}

// PutRowDeferred is PutRow with the fields' JSON given later (SetRowJSON).
func (t *txn) PutRowDeferred(ctx context.Context, entity, id string, fields merge.Row, deleted bool) (int64, error) {
	return t.PutRowEncoded(ctx, entity, id, fields, nil, deleted)
}

// SetRowJSON gives the JSON of the row's last write, held back in puts.
func (t *txn) SetRowJSON(entity, id string, encoded []byte) {
	if i, ok := t.putAt[store.RowKey{Entity: entity, ID: id}]; ok {
		t.puts[i].Fields = string(encoded)
	}
}

// flushRows writes the rows held back (puts), one statement each.
func (t *txn) flushRows(ctx context.Context) error {
	for _, p := range t.puts {
		if p.Fields == "" {
			// Written with PutRowDeferred and never given its JSON.
			return fmt.Errorf("sqlitestore: row %s/%s: no JSON", p.Entity, p.EntityID)
		}
		if err := t.q.RowPut(ctx, p); err != nil {
			return wrap("put row", err)
		}
		t.bytes += int64(len(p.Fields))
	}
	t.puts, t.putAt = nil, nil
	return nil
}

// nextSeq numbers the transaction's row writes from the office's sequence
// read once: the single writer connection holds the database, so nobody
// else numbers meanwhile, and one UPDATE at the end (saveSeq) replaces one
// per row.
func (t *txn) nextSeq(ctx context.Context) (int64, error) {
	if !t.seqRead {
		seq, err := t.q.OfficeSeq(ctx, t.office)
		if err != nil {
			return 0, notFound(err, "office seq")
		}
		t.seq, t.seqRead = seq, true
	}
	t.seq++
	t.seqDirty = true
	return t.seq, nil
}

// saveMarks raises the office's node marks to what the transaction wrote:
// a statement per node (a push names one or two), not per row.
func (t *txn) saveMarks(ctx context.Context) error {
	for node, stamp := range t.marks {
		if err := t.q.NodeMarkRaise(ctx, rq.NodeMarkRaiseParams{OfficeID: t.office, Node: node, Stamp: stamp}); err != nil {
			return wrap("node marks", err)
		}
	}
	return nil
}

func (t *txn) saveSeq(ctx context.Context) error {
	if !t.seqDirty {
		return nil
	}
	return wrap("office seq", t.q.OfficeSetSeq(ctx, rq.OfficeSetSeqParams{Seq: t.seq, ID: t.office}))
}

func (t *txn) AddConflict(ctx context.Context, c store.Conflict) error {
	kept, _ := json.Marshal(c.Kept)
	rej, _ := json.Marshal(c.Rejected)
	return wrap("add conflict", t.q.ConflictInsert(ctx, rq.ConflictInsertParams{ID: c.ID, OfficeID: t.office, Entity: c.Entity,
		EntityID: c.EntityID, Kept: string(kept), Rejected: string(rej), DeviceID: c.DeviceID, CreatedAt: ms(c.CreatedAt)}))
}

func (t *txn) Conflict(ctx context.Context, id string) (store.Conflict, error) {
	c, err := t.q.ConflictGet(ctx, id)
	if err != nil {
		return store.Conflict{}, notFound(err, "conflict")
	}
	if c.OfficeID != t.office {
		return store.Conflict{}, fmt.Errorf("sqlitestore: conflict %s: %w", id, store.ErrNotFound)
	}
	return conflict(c)
}

func (t *txn) ResolveConflict(ctx context.Context, id, by, choice string, now time.Time) error {
	n, err := t.q.ConflictResolve(ctx, rq.ConflictResolveParams{ResolvedAt: ms(now), ResolvedBy: by, Choice: choice, ID: id})
	if err != nil {
		return wrap("resolve", err)
	}
	if n == 0 {
		return fmt.Errorf("sqlitestore: resolve %s: %w", id, store.ErrNotFound)
	}
	return nil
}

func (t *txn) NextNumbers(ctx context.Context, unit, jrwa string, year, count int) (int, error) {
	if count < 1 {
		// A zero or negative count would hand out a number already given.
		return 0, fmt.Errorf("sqlitestore: next numbers: count %d < 1", count)
	}
	next, err := t.q.RegisterNext(ctx, rq.RegisterNextParams{OfficeID: t.office, Unit: unit, Jrwa: jrwa, Year: int64(year), NextNo: int64(count + 1)})
	if err != nil {
		return 0, wrap("next numbers", err)
	}
	return int(next) - count, nil
}

func (t *txn) AddLease(ctx context.Context, l store.Lease, now time.Time) error {
	return wrap("add lease", t.q.LeaseInsert(ctx, rq.LeaseInsertParams{OfficeID: t.office, DeviceID: l.DeviceID, Unit: l.Unit,
		Jrwa: l.JRWA, Year: int64(l.Year), FirstNo: int64(l.First), LastNo: int64(l.Last), CreatedAt: ms(now)}))
}

func (t *txn) LeaseHolder(ctx context.Context, unit, jrwa string, year, no int) (store.Lease, bool, error) {
	ls, err := t.q.LeaseHolding(ctx, rq.LeaseHoldingParams{OfficeID: t.office, Unit: unit, Jrwa: jrwa, Year: int64(year), No: int64(no)})
	if err != nil {
		return store.Lease{}, false, wrap("lease holder", err)
	}
	for _, l := range ls {
		if int64(no) >= l.FirstNo && int64(no) <= l.LastNo { // as asked; kept as a guard
			return store.Lease{OfficeID: t.office, DeviceID: l.DeviceID, Unit: unit, JRWA: jrwa, Year: year, First: int(l.FirstNo), Last: int(l.LastNo)}, true, nil
		}
	}
	return store.Lease{}, false, nil
}

func (t *txn) RowLive(ctx context.Context, entity, id string) (bool, error) {
	if w, ok := t.written[store.RowKey{Entity: entity, ID: id}]; ok {
		return !w.Deleted, nil
	}
	if t.absent[store.RowKey{Entity: entity, ID: id}] {
		return false, nil
	}
	deleted, err := t.q.RowDeleted(ctx, rq.RowDeletedParams{OfficeID: t.office, Entity: entity, EntityID: id})
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil && deleted == 0, wrap("row live", err)
}

// DateFlags lists an office's date flags in order of arrival.
func (s *Store) DateFlags(ctx context.Context, officeID string, openOnly bool) ([]store.DateFlag, error) {
	open := int64(0)
	if openOnly {
		open = 1
	}
	rows, err := s.qr.DateFlagList(ctx, rq.DateFlagListParams{OfficeID: officeID, OpenOnly: open})
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
	return wrap("add date flag", t.q.DateFlagInsert(ctx, rq.DateFlagInsertParams{ID: f.ID, OfficeID: t.office, CaseID: f.CaseID,
		DeviceID: f.DeviceID, SubmittedOn: f.SubmittedOn, RegistryDate: f.RegistryDate, Reason: f.Reason, ArrivedAt: ms(f.ArrivedAt)}))
}

func (t *txn) CheckDateFlag(ctx context.Context, id, by string, now time.Time) error {
	n, err := t.q.DateFlagCheck(ctx, rq.DateFlagCheckParams{CheckedAt: ms(now), CheckedBy: by, ID: id, OfficeID: t.office})
	if err != nil {
		return wrap("check date flag", err)
	}
	if n == 0 {
		return fmt.Errorf("sqlitestore: date flag %s: %w", id, store.ErrNotFound)
	}
	return nil
}

func (t *txn) CloseYear(ctx context.Context, year int, now time.Time) error {
	return wrap("close year", t.q.YearCloseInsert(ctx, rq.YearCloseInsertParams{OfficeID: t.office, Year: int64(year), ClosedAt: ms(now)}))
}

func (t *txn) YearClosed(ctx context.Context, year int) (bool, error) {
	closed, err := t.q.YearClosed(ctx, rq.YearClosedParams{OfficeID: t.office, Year: int64(year)})
	return closed, wrap("year closed", err)
}
