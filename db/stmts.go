package db

import (
	"context"
	"database/sql"
	"sync"
)

// stmts prepares the generated queries on a pool when each is first run,
// and keeps them: modernc has no statement cache, and parsing a statement
// costs more than running it on a small table. Preparing all of them (some
// 230, on the reader pool and the writer) when the store opened cost some
// 40 ms of CPU before the window showed, for the dozen the sign-in screen
// runs (issue 16: cold start). TestEveryQueryPrepares keeps the check that
// they all prepare on the migrated schema.
type stmts struct {
	db *sql.DB
	m  sync.Map // query text → *sql.Stmt
	// pending: the queries a transaction ran unprepared, being prepared
	// once the writer is free (one goroutine each).
	pending sync.Map
	bg      *sync.WaitGroup
}

func newStmts(db *sql.DB, bg *sync.WaitGroup) *stmts { return &stmts{db: db, bg: bg} }

// stmt is query's statement, prepared on the pool if it is not yet.
func (p *stmts) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := p.m.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := p.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if prev, loaded := p.m.LoadOrStore(query, st); loaded {
		st.Close() // another goroutine prepared it meanwhile
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

func (p *stmts) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (p *stmts) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (p *stmts) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := p.stmt(ctx, query)
	if err != nil {
		// A *sql.Row cannot be made with an error: running it unprepared
		// reports the same one.
		return p.db.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

func (p *stmts) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return p.stmt(ctx, query)
}

// Close closes the statements prepared so far.
func (p *stmts) Close() error {
	var first error
	p.m.Range(func(k, v any) bool {
		if err := v.(*sql.Stmt).Close(); err != nil && first == nil {
			first = err
		}
		p.m.Delete(k)
		return true
	})
	return first
}

// stmtsInTx runs the writer's statements in tx: a statement already
// prepared on the pool is bound to the transaction (as sqlc's WithTx
// did), once per transaction; one not yet is prepared on the
// transaction's own connection for the rest of the transaction (a page of
// a pull runs each of its statements thousands of times), and on the pool
// after the transaction let the writer go (preparing there now would wait
// for the transaction that holds the one writer connection).
type stmtsInTx struct {
	p  *stmts
	tx *sql.Tx
	// bound are the statements bound to or prepared in tx, by query:
	// binding makes a statement of its own, which the transaction keeps
	// until it ends, at every call.
	bound map[string]*sql.Stmt
}

func newStmtsInTx(p *stmts, tx *sql.Tx) *stmtsInTx {
	return &stmtsInTx{p: p, tx: tx, bound: map[string]*sql.Stmt{}}
}

// stmt is query's statement in the transaction, or nil if it does not
// prepare (running it unprepared reports the error).
func (t *stmtsInTx) stmt(ctx context.Context, query string) *sql.Stmt {
	if st, ok := t.bound[query]; ok {
		return st
	}
	if st, ok := t.p.m.Load(query); ok {
		b := t.tx.StmtContext(ctx, st.(*sql.Stmt))
		t.bound[query] = b
		return b
	}
	if _, busy := t.p.pending.LoadOrStore(query, true); !busy {
		t.p.bg.Add(1)
		go func() {
			defer t.p.bg.Done()
			defer t.p.pending.Delete(query)
			_, _ = t.p.stmt(context.Background(), query)
		}()
	}
	st, err := t.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	t.bound[query] = st
	return st
}

func (t *stmtsInTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, query, args...)
}

func (t *stmtsInTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, query, args...)
}

func (t *stmtsInTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, query, args...)
}

func (t *stmtsInTx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return t.tx.PrepareContext(ctx, query)
}
