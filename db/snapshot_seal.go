package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"modernc.org/sqlite"

	"okienko/app/keys"
)

// A snapshot's sealed columns are sealed on another core, ahead of the
// copy: sealing in the copy's own statement (okienko_seal) took some
// 1.0 s of the import's single connection at 100,000 cases, most of it
// the 470,000 row clocks (the AES-GCM, the plaintext handed from SQLite
// to Go and back). A job on a read-only connection of its own to the
// snapshot reads each sealed table in rowid order, the order in which the
// copy's INSERT … SELECT reads it too, seals its columns and hands them
// over in batches; the copy takes each row's sealed values by its rowid
// (okienko_sealed). Only ciphertext crosses: the plaintext stays in the
// job's connection, in memory, as it does in the copy's.
//
// The job runs at most sealAheadBatches batches ahead of the copy, so a
// large office is never held sealed in memory whole. A table the job has
// not sealed (it failed, or a row differs from the copy's) is copied
// sealing as before: the copy's statement fails without a trace (its
// statement journal) and runs again with okienko_seal.

const (
	sealAheadBatch   = 512 // rows a batch
	sealAheadBatches = 64  // batches a table's job may run ahead
)

// sealJob seals the snapshot's sealed tables ahead of the copy.
type sealJob struct {
	tables  map[string]*sealStream
	cancel  context.CancelFunc
	done    chan struct{}
	stopped atomic.Bool // nothing more to take from it
}

// sealStream is one table's sealed rows, in rowid order.
type sealStream struct {
	ch chan []sealedRow
	// What the copy's statement holds (touched only by it).
	cur    []sealedRow
	i      int
	missed atomic.Bool // the copy asked for a row the job did not seal
}

// sealedRow is a row's sealed columns, in sealedColumns' order.
type sealedRow struct {
	rowid int64
	vals  [][]byte
}

// sealStreams lends the streams to okienko_sealed by handle, for one
// table's copy.
var (
	sealStreams  sync.Map // int64 → *sealStream
	sealHandleID atomic.Int64
)

func init() {
	sqlite.MustRegisterFunction("okienko_sealed", &sqlite.FunctionImpl{NArgs: 3, Scalar: sqlSealed, VolatileArgs: true})
}

// sqlSealed is okienko_sealed(handle, column, rowid): the column's value
// of the row sealed ahead, the column an index into the table's
// sealedColumns. A row the job has not sealed fails the statement.
func sqlSealed(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	h, _ := args[0].(int64)
	col, _ := args[1].(int64)
	rowid, _ := args[2].(int64)
	v, ok := sealStreams.Load(h)
	if !ok {
		return nil, errors.New("okienko_sealed: no rows sealed ahead")
	}
	s := v.(*sealStream)
	if r := s.row(rowid); r != nil && col >= 0 && int(col) < len(r.vals) {
		return r.vals[col], nil
	}
	s.missed.Store(true)
	return nil, fmt.Errorf("okienko_sealed: row %d not sealed ahead", rowid)
}

// row is the sealed row of rowid, or nil when the job has none: the rows
// come in rowid order, as the copy asks for them.
func (s *sealStream) row(rowid int64) *sealedRow {
	for {
		for ; s.i < len(s.cur); s.i++ {
			r := &s.cur[s.i]
			if r.rowid == rowid {
				return r
			}
			if r.rowid > rowid {
				return nil
			}
		}
		batch, ok := <-s.ch
		if !ok {
			return nil
		}
		s.cur, s.i = batch, 0
	}
}

// precomputeSeals starts sealing, with k, every sealed column of the
// snapshot at uri (read-only, through its VFS) on a connection of its
// own, table by table in the copy's order. A nil k (a plaintext store)
// seals nothing; the copy then copies as before.
func precomputeSeals(ctx context.Context, uri string, k *keys.Cipher) *sealJob {
	j := &sealJob{tables: map[string]*sealStream{}, done: make(chan struct{})}
	ctx, j.cancel = context.WithCancel(ctx)
	var order []string
	var streams []*sealStream // the job's own list: it reads no map the copy reads
	for _, table := range snapshotTables {
		if sealedColumns[table] != nil {
			s := &sealStream{ch: make(chan []sealedRow, sealAheadBatches)}
			j.tables[table] = s
			order = append(order, table)
			streams = append(streams, s)
		}
	}
	if k == nil {
		j.stopped.Store(true)
		for _, s := range streams {
			close(s.ch)
		}
		close(j.done)
		return j
	}
	go func() {
		defer close(j.done)
		sealedWhole := 0
		defer func() {
			// The copy has the rows sent so far; a table not sealed
			// whole ends short and is copied sealing as before.
			for _, s := range streams[sealedWhole:] {
				close(s.ch)
			}
		}()
		c, err := sql.Open("sqlite", uri)
		if err != nil {
			return
		}
		defer c.Close()
		c.SetMaxOpenConns(1)
		for i, table := range order {
			if sealTableAhead(ctx, c, k, table, streams[i]) != nil {
				return
			}
			close(streams[i].ch)
			sealedWhole++
		}
	}()
	return j
}

// sealTableAhead seals one table's columns, batch by batch into s.
func sealTableAhead(ctx context.Context, c *sql.DB, k *keys.Cipher, table string, s *sealStream) error {
	cols := sealedColumns[table]
	// The row id of each sealed column (the seal's associated data), then
	// its value, in the order the copy reads the table.
	sel := "rowid"
	for _, col := range cols {
		sel += ", " + col[1] + `, "` + col[0] + `"`
	}
	rows, err := c.QueryContext(ctx, "SELECT "+sel+" FROM "+table+" ORDER BY rowid")
	if err != nil {
		return err
	}
	defer rows.Close()
	dest := make([]any, 1+2*len(cols))
	var rowid int64
	ids := make([]string, len(cols))
	plain := make([]sql.RawBytes, len(cols))
	dest[0] = &rowid
	for i := range cols {
		dest[1+2*i], dest[2+2*i] = &ids[i], &plain[i]
	}
	batch := make([]sealedRow, 0, sealAheadBatch)
	send := func() error {
		select {
		case s.ch <- batch:
		case <-ctx.Done():
			return ctx.Err()
		}
		batch = make([]sealedRow, 0, sealAheadBatch)
		return nil
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		r := sealedRow{rowid: rowid, vals: make([][]byte, len(cols))}
		for i, col := range cols {
			// As okienko_seal: nothing to seal stays empty (an empty
			// value scans as nil; the columns are NOT NULL).
			r.vals[i] = []byte{}
			if len(plain[i]) > 0 {
				r.vals[i] = k.Seal(table, col[0], ids[i], plain[i])
			}
		}
		batch = append(batch, r)
		if len(batch) == sealAheadBatch {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(batch) > 0 {
		return send()
	}
	return nil
}

// stream lends table's sealed rows to okienko_sealed until release, or
// gives 0 when the job seals nothing for it.
func (j *sealJob) stream(table string) (int64, *sealStream, func()) {
	s := j.tables[table]
	if s == nil || j.stopped.Load() {
		return 0, nil, func() {}
	}
	h := sealHandleID.Add(1)
	sealStreams.Store(h, s)
	return h, s, func() { sealStreams.Delete(h) }
}

// stop ends the job and waits for it: once the copy is done, or after a
// table the copy could not take from it (the job may be waiting to hand
// that table more rows).
func (j *sealJob) stop() {
	j.stopped.Store(true)
	j.cancel()
	<-j.done
}

// sealedSelect is the SELECT list of a sealed table's copy: its columns
// (cols, as storedColumns gives them) with each sealed column taken from
// the job (handle h), or sealed in the statement (okienko_seal with the
// cipher's handle, in args) when h is 0.
func sealedSelect(table, cols string, sealed [][2]string, h int64, handle string) (string, []any) {
	sel := "rowid, " + cols
	var args []any
	for i, c := range sealed {
		expr := "okienko_seal(?, '" + table + "', '" + c[0] + "', " + c[1] + `, "` + c[0] + `")`
		if h != 0 {
			expr = fmt.Sprintf("okienko_sealed(%d, %d, rowid)", h, i)
		} else {
			args = append(args, handle)
		}
		sel = strings.Replace(sel, `"`+c[0]+`"`, expr, 1)
	}
	return sel, args
}
