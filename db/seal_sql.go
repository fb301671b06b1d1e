package db

import (
	"database/sql/driver"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"weak"

	"modernc.org/sqlite"
)

// okienko_seal(store, table, column, row id, value) seals a value inside
// SQLite, so a bulk copy (a snapshot taken in, the legacy rows sealed at
// the first unlock) stays one INSERT ... SELECT or UPDATE instead of a
// round trip per row. SQLite's functions are registered for the whole
// process, so the first argument names the store whose cipher seals
// (Store.sqlHandle); a store that is locked makes the statement fail
// with ErrLocked. Not deterministic: every seal takes a fresh nonce. A
// NULL value stays NULL; a text value is sealed as its bytes.
func init() {
	sqlite.MustRegisterScalarFunction("okienko_seal", 5, sqlSeal)
}

var (
	handles    sync.Map // int64 -> weak.Pointer[Store]
	nextHandle atomic.Int64
)

// sqlHandle is the number okienko_seal knows this store by. The table
// holds the store weakly: a store that is dropped takes its entry with it.
func (s *Store) sqlHandle() int64 {
	s.lk.once.Do(func() {
		h := nextHandle.Add(1)
		s.lk.handle = h
		handles.Store(h, weak.Make(s))
		runtime.AddCleanup(s, func(h int64) { handles.Delete(h) }, h)
	})
	return s.lk.handle
}

func sqlSeal(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	h, ok := args[0].(int64)
	if !ok {
		return nil, fmt.Errorf("okienko_seal: store handle %T", args[0])
	}
	wp, ok := handles.Load(h)
	if !ok {
		return nil, fmt.Errorf("okienko_seal: no store %d", h)
	}
	st := wp.(weak.Pointer[Store]).Value()
	if st == nil {
		return nil, fmt.Errorf("okienko_seal: store %d closed", h)
	}
	table, _ := args[1].(string)
	column, _ := args[2].(string)
	id, _ := args[3].(string)
	var plain []byte
	switch v := args[4].(type) {
	case nil:
		return nil, nil
	case []byte:
		plain = v
	case string:
		plain = []byte(v)
	default:
		return nil, fmt.Errorf("okienko_seal: %s.%s of type %T", table, column, v)
	}
	return st.lk.seal(table, column, id, plain)
}
