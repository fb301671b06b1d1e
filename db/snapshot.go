package db

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"modernc.org/sqlite/vfs"

	"okienko/app/cases"
	"okienko/app/keys"
)

// A snapshot is a whole device database of one office as of a registry
// cursor, prepared by the registry (sync/snapshot) with this same package
// and copied into a fresh device in one transaction. Applying a large
// office's feed row by row costs the device some 130 µs a row (decoding,
// merging, the typed row, its row_clock, its indexes); SQLite copies a
// table into an empty one of identical schema record by record, nothing
// decoded or checked again (the "transfer optimisation"), which is what
// ImportSnapshot arranges.
//
// The statements here name an attached schema and tables chosen at run
// time, which sqlc cannot express; they are whole-table copies with no
// user input in them.

// snapshotTables are the synced tables, in the order they are copied, and
// row_clock, the device's view of every synced field. Local tables
// (device_meta, outbox, draft, login_throttle) are not in a snapshot's
// copy: they stay the device's own.
var snapshotTables = []string{"office", "unit", "staff", "substitution", "service_card", "setting", "audit_log",
	"client", "case_file", "case_event", "case_number", "callback", "presence", "visit", "visit_auth", "complaint", "letter", "survey_answer", "row_clock"}

// sealAhead starts the job that seals a snapshot's sealed columns ahead
// of the copy (precomputeSeals; a test gives it a job that falls short).
var sealAhead = precomputeSeals

// ErrSnapshotMismatch is a snapshot this device cannot take: another
// schema, another office, or a device that already holds synced rows.
var ErrSnapshotMismatch = errors.New("db: snapshot does not fit this device")

// WriteSnapshot writes a consistent copy of the whole database to path,
// which must not exist (VACUUM INTO: compact, and rowids kept, which the
// search index relies on). The copy carries no password verifier: any in
// the staff rows (a registry's older rows) is blanked here first, and
// VACUUM rebuilds the file from the rows, so no trace of one is left in
// a page either.
func (s *Store) WriteSnapshot(ctx context.Context, path string) error {
	if err := s.InTx(ctx, func(tx *Tx) error { return tx.forgetPasswordHashes(ctx) }); err != nil {
		return fmt.Errorf("db: write snapshot: %w", err)
	}
	if _, err := s.w.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("db: write snapshot: %w", err)
	}
	return nil
}

// SchemaVersion is the newest migration this build knows; a snapshot
// fits a device of the same version only.
func SchemaVersion() int64 {
	entries, _ := fs.ReadDir(migrations, "migrations")
	var v int64
	for _, e := range entries {
		var n int64
		if _, err := fmt.Sscanf(e.Name(), "%05d_", &n); err == nil && n > v {
			v = n
		}
	}
	return v
}

// ImportSnapshot fills this device, enrolled in officeID and holding no
// synced rows yet, from a snapshot database, and sets the pull cursor to
// the snapshot's, all in one transaction: a process killed meanwhile
// leaves the device as it was. The snapshot must come from the same
// schema and hold only officeID's office. It is read from snap, a
// read-only file system holding it as name (the downloaded file opened
// through keys.FileReader.FS: no plaintext copy touches the disk), by
// SQLite's read-only VFS; what the device keeps sealed is sealed as it is
// copied. inTx, if given, runs inside the transaction once everything is
// copied (the engine traces there).
func (s *Store) ImportSnapshot(ctx context.Context, snap fs.FS, name, officeID string, cursor int64, inTx func() error) (err error) {
	if _, err := fs.Stat(snap, name); err != nil {
		return fmt.Errorf("db: snapshot: %w", err)
	}
	if !s.Unlocked() {
		return fmt.Errorf("db: snapshot: %w", ErrLocked)
	}
	vfsName, vfsFS, err := vfs.New(snap)
	if err != nil {
		return fmt.Errorf("db: snapshot: %w", err)
	}
	defer vfsFS.Close()
	// SQLite transfers records whole only with foreign keys off and no
	// triggers on the target; both are restored before anyone else gets
	// the connection.
	conn, release, err := s.writerWithoutFK(ctx)
	if err != nil {
		return err
	}
	defer release()
	uri := "file:" + (&url.URL{Path: name}).EscapedPath() + "?vfs=" + vfsName + "&mode=ro"
	if _, err := conn.ExecContext(ctx, "ATTACH DATABASE ? AS snap", uri); err != nil {
		return fmt.Errorf("db: open snapshot: %w", err)
	}
	defer func() {
		if _, derr := conn.ExecContext(context.Background(), "DETACH DATABASE snap"); derr != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	if err := sameSchema(ctx, conn); err != nil {
		return err
	}
	// The clients' blind-index tokens are computed meanwhile, from a
	// connection of their own to the snapshot, on another core.
	k, err := s.lk.cipher()
	if err != nil {
		return fmt.Errorf("db: snapshot: %w", err)
	}
	tokens := precomputeTokens(ctx, uri, k)
	defer tokens.wait()
	// So are the sealed columns' seals, on a third (snapshot_seal.go).
	seals := sealAhead(ctx, uri, k)
	defer seals.stop()
	// The copy's pages reach the database file by a checkpoint. Done at
	// the commit, as usual, it would hold the writer for seconds more
	// (half a gigabyte for a large office); it runs in the background
	// instead, on its own connection, and the writer checkpoints as
	// usual again once it is done.
	if _, err := conn.ExecContext(ctx, "PRAGMA wal_autocheckpoint = 0"); err != nil {
		return fmt.Errorf("db: checkpoint off: %w", err)
	}
	// The copy's transaction writes the whole office (half a gigabyte for
	// 100,000 cases), builds each table's indexes over it and sorts the
	// blind index's tokens: with a cache smaller than that, pages spill to
	// the WAL mid-transaction, each first copied into the spilling
	// statement's journal when an earlier statement dirtied it (0.7-0.8 s
	// of the import's 9 s of CPU at 100,000 cases, 5 December, with a
	// 256 MB cache). The cache holds the whole import (importCache) and
	// is the writer's again after it.
	// Giving the cache back frees its pages one by one, and the allocator
	// returns each to the system with a call of its own (madvise: 0.4 s of
	// CPU for 20,000 cases): after a copy that is done in the background
	// with the checkpoint, not while the engine waits.
	cache, err := importCache(ctx, conn)
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA cache_size = "+cache); err != nil {
		return fmt.Errorf("db: import cache: %w", err)
	}
	restore := func(conn interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	}) error {
		_, err := conn.ExecContext(context.Background(), "PRAGMA wal_autocheckpoint = 1000; PRAGMA cache_size = "+writerCacheSize)
		return err
	}
	err = s.run(ctx, func() (*sql.Tx, error) { return conn.BeginTx(ctx, nil) }, func(tx *Tx) error {
		if err := tx.importSnapshot(ctx, officeID, cursor, tokens, seals); err != nil {
			return err
		}
		if inTx != nil {
			return inTx()
		}
		return nil
	})
	if err != nil {
		if cerr := restore(conn); cerr != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		return err
	}
	s.bg.Add(1)
	go s.checkpoint(func() error { return restore(s.w) })
	return nil
}

// importCache is the page cache of the import's transaction (KiB,
// negated as SQLite takes it): room for all the pages it writes, half as
// much again as the snapshot (its rows sealed, the blind index, the case
// search index), between 256 MB and 1 GB. A transaction larger than its
// cache spills pages to the WAL mid-copy, and each page an earlier
// statement left dirty is first copied into the statement journal of the
// statement that spills it, as SQLite keeps a statement's rollback
// possible. The cache is given back after the commit.
func importCache(ctx context.Context, conn *sql.Conn) (string, error) {
	var pages, size int64
	if err := conn.QueryRowContext(ctx, "PRAGMA snap.page_count").Scan(&pages); err != nil {
		return "", fmt.Errorf("db: snapshot size: %w", err)
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA snap.page_size").Scan(&size); err != nil {
		return "", fmt.Errorf("db: snapshot size: %w", err)
	}
	kib := min(max(pages*size/1024*3/2, 256<<10), 1<<20)
	return strconv.FormatInt(-kib, 10), nil
}

// checkpoint moves the WAL into the database file on a connection of its
// own, then gives the writer its automatic checkpoints and its own cache
// back (restore).
func (s *Store) checkpoint(restore func() error) {
	defer s.bg.Done()
	ctx := context.Background()
	if c, err := sql.Open("sqlite", dsn(s.path, false)); err == nil {
		if _, err := c.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)"); err != nil {
			s.log.Warn("checkpoint after the snapshot", "err", err)
		}
		c.Close()
	}
	if err := restore(); err != nil {
		s.log.Warn("checkpoints and the writer's cache back", "err", err)
	}
}

func (t *Tx) importSnapshot(ctx context.Context, officeID string, cursor int64, tokens *tokenJob, seals *sealJob) error {
	conn := t.sql
	var offices, ours int
	if err := conn.QueryRowContext(ctx, "SELECT count(*), count(*) FILTER (WHERE id = ?) FROM snap.office", officeID).Scan(&offices, &ours); err != nil {
		return fmt.Errorf("db: snapshot office: %w", err)
	}
	if offices != 1 || ours != 1 {
		return fmt.Errorf("%w: it holds %d offices, %d of them this device's", ErrSnapshotMismatch, offices, ours)
	}
	if err := holdsNoSyncedRows(ctx, conn); err != nil {
		return err
	}
	// The registry's snapshot is plaintext: each sealed column is sealed
	// as it is copied (okienko_seal) and the clients' blind index filled,
	// its tokens sorted first: keyed tokens are random, and inserting them
	// in their key's order appends to the index instead of splitting pages
	// all over it. The tokens were computed while the tables were copied
	// (tokens); a client they lack gets its own here.
	k, err := t.lk.cipher()
	if err != nil {
		return fmt.Errorf("db: snapshot: %w", err)
	}
	handle, release := sqlHandle(k)
	defer release()
	for _, table := range snapshotTables {
		if err := copyTable(ctx, conn, table, handle, seals); err != nil {
			return err
		}
	}
	if err := fillSearchTokens(ctx, conn, tokens, handle); err != nil {
		return err
	}
	copied, err := copyCaseSearch(ctx, conn)
	if err != nil {
		return err
	}
	if !copied {
		if err := t.q.SearchCaseRebuild(ctx); err != nil {
			return wrap("snapshot search index", err)
		}
	}
	return t.SetCursor(ctx, cursor)
}

// querier is a connection, pool or transaction.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// holdsNoSyncedRows refuses (ErrSnapshotMismatch) a device that holds
// synced rows: a snapshot fills an empty device only.
func holdsNoSyncedRows(ctx context.Context, q querier) error {
	for _, table := range snapshotTables {
		var has bool
		if err := q.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM main."+table+")").Scan(&has); err != nil {
			return fmt.Errorf("db: snapshot: %s: %w", table, err)
		}
		if has {
			return fmt.Errorf("%w: the device already holds %s rows", ErrSnapshotMismatch, table)
		}
	}
	return nil
}

// CanTakeSnapshot tells, before anything is downloaded, whether this
// device could take a snapshot: it holds no synced rows yet.
func (s *Store) CanTakeSnapshot(ctx context.Context) error {
	return holdsNoSyncedRows(ctx, s.r)
}

// sealedColumns are the columns a snapshot holds in the clear and the
// device seals as it copies them: each with the SQL of its row id (the
// seal's associated data). The rowids are copied too (search_token refers
// to clients by theirs).
var sealedColumns = map[string][][2]string{
	"client":        {{"person", "id"}},
	"case_file":     {{"form", "id"}, {"checklist", "id"}},
	"row_clock":     {{"fields", "entity || '/' || entity_id"}},
	"callback":      {{"sealed", "id"}},
	"presence":      {{"sealed", "id"}},
	"visit":         {{"sealed", "id"}},
	"visit_auth":    {{"sealed", "id"}},
	"complaint":     {{"sealed", "id"}},
	"case_event":    {{"sealed", "id"}},
	"letter":        {{"sealed", "id"}},
	"survey_answer": {{"sealed", "id"}},
	"audit_log":     {{"sealed", "id"}},
}

// copySealed copies a table with sealed columns row by row, each sealed
// value taken from the job that sealed them ahead (seals) or, for a table
// it did not seal whole, sealed here (okienko_seal with the cipher's
// handle). A copy that finds a row not sealed ahead is undone by its
// statement's journal, and the table copied again sealing here.
func copySealed(ctx context.Context, conn *sql.Tx, table, cols string, sealed [][2]string, handle string, seals *sealJob) error {
	insert := "INSERT INTO main." + table + " (rowid, " + cols + ") SELECT "
	h, s, release := seals.stream(table)
	defer release()
	if h != 0 {
		sel, _ := sealedSelect(table, cols, sealed, h, handle)
		_, err := conn.ExecContext(ctx, insert+sel+" FROM snap."+table+" ORDER BY rowid")
		if err == nil {
			return nil
		}
		if !s.missed.Load() {
			return fmt.Errorf("db: snapshot: copy %s: %w", table, err)
		}
		// The job lost a row or stopped: this table and the rest are
		// sealed here.
		seals.stop()
	}
	sel, args := sealedSelect(table, cols, sealed, 0, handle)
	if _, err := conn.ExecContext(ctx, insert+sel+" FROM snap."+table, args...); err != nil {
		return fmt.Errorf("db: snapshot: copy %s: %w", table, err)
	}
	return nil
}

// copyTable copies one table whole, with its triggers (the search index
// queue) dropped meanwhile and put back as they were. A table without
// sealed columns is copied by SQLite's whole-record transfer, which
// copies its indexes' entries too, in their order (the snapshot's indexes
// are the device's: sameSchema). A table with sealed columns is copied
// row by row, the sealed columns sealed on the way, with its own indexes
// dropped meanwhile and built once over the copied rows (a sort, then
// pages filled in order: a fraction of keeping them up row by row, some
// ten index inserts a case in random order). The search index is rebuilt
// in one statement afterwards.
func copyTable(ctx context.Context, conn *sql.Tx, table, handle string, seals *sealJob) error {
	// A table copied as it is keeps its indexes: SQLite then transfers
	// their entries too, record by record in their order, with no sort.
	sealed := sealedColumns[table]
	kinds := "'trigger', 'index'"
	if sealed == nil {
		kinds = "'trigger'"
	}
	rows, err := conn.QueryContext(ctx, "SELECT name, sql FROM main.sqlite_schema WHERE type IN ("+kinds+") AND sql IS NOT NULL AND tbl_name = ? ORDER BY type = 'trigger'", table)
	if err != nil {
		return fmt.Errorf("db: snapshot: indexes and triggers of %s: %w", table, err)
	}
	var dropped [][2]string // the table's own indexes, then its triggers: name, SQL
	for rows.Next() {
		var name, sqlText string
		if err := rows.Scan(&name, &sqlText); err != nil {
			rows.Close()
			return fmt.Errorf("db: snapshot: indexes and triggers of %s: %w", table, err)
		}
		dropped = append(dropped, [2]string{name, sqlText})
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("db: snapshot: indexes and triggers of %s: %w", table, err)
	}
	for _, tr := range dropped {
		kind := "TRIGGER"
		if !strings.HasPrefix(strings.ToUpper(tr[1]), "CREATE TRIGGER") {
			kind = "INDEX"
		}
		if _, err := conn.ExecContext(ctx, `DROP `+kind+` main."`+tr[0]+`"`); err != nil {
			return fmt.Errorf("db: snapshot: drop %s: %w", tr[0], err)
		}
	}
	cols, generated, err := storedColumns(ctx, conn, table)
	if err != nil {
		return err
	}
	stmt := "INSERT INTO main." + table + " SELECT * FROM snap." + table
	if generated {
		stmt = "INSERT INTO main." + table + " (" + cols + ") SELECT " + cols + " FROM snap." + table
	}
	if sealed == nil {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("db: snapshot: copy %s: %w", table, err)
		}
	} else if err := copySealed(ctx, conn, table, cols, sealed, handle, seals); err != nil {
		return err
	}
	for _, tr := range dropped {
		if _, err := conn.ExecContext(ctx, tr[1]); err != nil {
			return fmt.Errorf("db: snapshot: restore %s: %w", tr[0], err)
		}
	}
	return nil
}

// sameSchema checks that the snapshot's copied tables and their indexes
// are defined exactly as this device's, so rows copy as they are.
func sameSchema(ctx context.Context, conn *sql.Conn) error {
	var mine, theirs int64
	if err := conn.QueryRowContext(ctx, "SELECT max(version_id) FROM main.goose_db_version").Scan(&mine); err != nil {
		return fmt.Errorf("db: schema version: %w", err)
	}
	if err := conn.QueryRowContext(ctx, "SELECT max(version_id) FROM snap.goose_db_version").Scan(&theirs); err != nil {
		return fmt.Errorf("%w: no schema version: %v", ErrSnapshotMismatch, err)
	}
	if mine != theirs {
		return fmt.Errorf("%w: schema %d, this device has %d", ErrSnapshotMismatch, theirs, mine)
	}
	const q = `SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM %s.sqlite_schema
		WHERE type IN ('table', 'index') AND tbl_name IN (SELECT value FROM json_each(?)) ORDER BY type, name`
	list, _ := json.Marshal(snapshotTables)
	read := func(schema string) ([]string, error) {
		rows, err := conn.QueryContext(ctx, fmt.Sprintf(q, schema), string(list))
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, rows.Err()
	}
	a, err := read("main")
	if err != nil {
		return fmt.Errorf("db: schema: %w", err)
	}
	b, err := read("snap")
	if err != nil {
		return fmt.Errorf("%w: %v", ErrSnapshotMismatch, err)
	}
	if len(a) != len(b) {
		return fmt.Errorf("%w: %d tables and indexes, this device has %d", ErrSnapshotMismatch, len(b), len(a))
	}
	for i := range a {
		if a[i] != b[i] {
			return fmt.Errorf("%w: %q differs", ErrSnapshotMismatch, b[i])
		}
	}
	return nil
}

// storedColumns lists a table's columns other than generated ones, which
// take no values (case_file.due_key).
func storedColumns(ctx context.Context, conn *sql.Tx, table string) (string, bool, error) {
	rows, err := conn.QueryContext(ctx, "SELECT name, hidden FROM pragma_table_xinfo(?, 'main') ORDER BY cid", table)
	if err != nil {
		return "", false, fmt.Errorf("db: snapshot: columns of %s: %w", table, err)
	}
	defer rows.Close()
	var cols string
	generated := false
	for rows.Next() {
		var name string
		var hidden int
		if err := rows.Scan(&name, &hidden); err != nil {
			return "", false, fmt.Errorf("db: snapshot: columns of %s: %w", table, err)
		}
		if hidden != 0 {
			generated = true
			continue
		}
		if cols != "" {
			cols += ", "
		}
		cols += `"` + name + `"`
	}
	if err := rows.Err(); err != nil || cols == "" {
		return "", false, fmt.Errorf("db: snapshot: columns of %s: %v", table, err)
	}
	return cols, generated, nil
}

// fillSearchTokens fills the clients' blind index. Keyed tokens are
// random, so they are inserted in the index's order, which appends to it
// instead of splitting pages all over it. Sorting them in SQL (ORDER BY
// over some 700,000 tokens of 70,000 clients) took 0.75 s of the import's
// connection; the job that computed them on another core sorts them
// there too (sorted), and they are inserted as they come. When the job
// does not cover every client of the snapshot, the tokens are sorted here,
// the job's used for the clients it has and the others computed.
func fillSearchTokens(ctx context.Context, conn *sql.Tx, tokens *tokenJob, handle string) error {
	done := tokens.wait()
	if tokens.sorted != "" {
		var clients int
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM snap.client").Scan(&clients); err != nil {
			return fmt.Errorf("db: snapshot: clients: %w", err)
		}
		if clients == len(done) {
			// Each element is a token, all of width tokens.width, then the
			// client's rowid in decimal.
			if _, err := conn.ExecContext(ctx, `INSERT OR IGNORE INTO main.search_token (token, client_rowid)
				SELECT substr(value, 1, ?1), CAST(substr(value, ?1 + 1) AS INTEGER) FROM json_each(?2)`, tokens.width, tokens.sorted); err != nil {
				return fmt.Errorf("db: snapshot: client search index: %w", err)
			}
			return nil
		}
	}
	if done != nil {
		sqlTokensDone.Store(handle, done)
		defer sqlTokensDone.Delete(handle)
	}
	if _, err := conn.ExecContext(ctx, `INSERT OR IGNORE INTO main.search_token (token, client_rowid)
		SELECT j.value, c.rowid FROM snap.client c, json_each(okienko_client_tokens(?, c.person, c.rowid)) j ORDER BY 1, 2`, handle); err != nil {
		return fmt.Errorf("db: snapshot: client search index: %w", err)
	}
	return nil
}

// tokenJob computes the blind-index tokens of a snapshot's clients in
// the background (precomputeTokens).
type tokenJob struct {
	done chan struct{}
	out  map[int64]string // client rowid → its tokens as a JSON array
	// sorted is every (token, client rowid) of out in the blind index's
	// order, a JSON array of strings: the token, of width characters,
	// then the rowid. Empty when the tokens do not fit that form.
	sorted string
	width  int
}

// precomputeTokens starts computing the tokens of every client of the
// snapshot at uri (read-only, through its VFS) with k, on a connection
// of its own: the copy's connection spends that time copying tables.
// Any failure leaves the job's map short, and the import computes what
// it lacks.
func precomputeTokens(ctx context.Context, uri string, k *keys.Cipher) *tokenJob {
	j := &tokenJob{done: make(chan struct{})}
	if k == nil {
		close(j.done)
		return j
	}
	go func() {
		defer close(j.done)
		c, err := sql.Open("sqlite", uri)
		if err != nil {
			return
		}
		defer c.Close()
		rows, err := c.QueryContext(ctx, "SELECT rowid, person FROM client")
		if err != nil {
			return
		}
		defer rows.Close()
		out := map[int64]string{}
		var pairs []tokenPair
		for rows.Next() {
			var id int64
			var person []byte
			var cl cases.Client
			if rows.Scan(&id, &person) != nil || json.Unmarshal(person, &cl) != nil {
				return
			}
			toks := clientTokens(k, cl)
			out[id] = jsonList(toks)
			for _, t := range toks {
				pairs = append(pairs, tokenPair{t, id})
			}
		}
		if rows.Err() == nil {
			j.out = out
			j.sorted, j.width = sortedTokens(pairs)
		}
	}()
	return j
}

// tokenPair is one entry of the blind index: a token and its client.
type tokenPair struct {
	token string
	rowid int64
}

// sortedTokens sorts the pairs in the order of search_token's key (the
// token's bytes, as SQLite's BINARY collation compares them, then the
// rowid) and writes them as a JSON array of "<token><rowid>" strings. It
// gives "" when the tokens are not all of one width or need escaping in
// JSON, which the keyed tokens (unpadded base64url) never do.
func sortedTokens(pairs []tokenPair) (string, int) {
	if len(pairs) == 0 {
		return "", 0
	}
	width := len(pairs[0].token)
	for _, p := range pairs {
		if len(p.token) != width || strings.ContainsFunc(p.token, func(r rune) bool { return r < 0x20 || r == '"' || r == '\\' || r > 0x7e }) {
			return "", 0
		}
	}
	slices.SortFunc(pairs, func(a, b tokenPair) int {
		return cmp.Or(strings.Compare(a.token, b.token), cmp.Compare(a.rowid, b.rowid))
	})
	var b strings.Builder
	b.Grow(len(pairs) * (width + 12))
	b.WriteByte('[')
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(p.token)
		b.WriteString(strconv.FormatInt(p.rowid, 10))
		b.WriteByte('"')
	}
	b.WriteByte(']')
	return b.String(), width
}

// wait waits for the job and returns its tokens (nil if it failed).
func (j *tokenJob) wait() map[int64]string {
	<-j.done
	return j.out
}
