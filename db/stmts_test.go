package db

import (
	"context"
	"testing"

	"okienko/db/internal/dbq"
)

// TestEveryQueryPrepares: every generated query prepares on the migrated
// schema, as the store did at each open before it prepared them lazily.
func TestEveryQueryPrepares(t *testing.T) {
	s := openTest(t)
	q, err := dbq.Prepare(context.Background(), s.w)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestStatementsPreparedOnFirstUse: none at open; a query run outside a
// transaction is prepared then and kept; one first run in a transaction
// is prepared in it for the rest of it, and on the pool once the
// transaction let the writer go, then bound to the next transactions.
func TestStatementsPreparedOnFirstUse(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	count := func(p *stmts) (n int) {
		p.m.Range(func(any, any) bool { n++; return true })
		return n
	}
	opened := count(s.pr) + count(s.pw)
	if opened > 20 { // of some 460
		t.Errorf("%d statements prepared at open; want them prepared when used", opened)
	}
	reads := count(s.pr)
	for i := 0; i < 2; i++ {
		if _, err := s.qr.OutboxCountQuarantined(ctx); err != nil {
			t.Fatal(err)
		}
		if n := count(s.pr); n != reads+1 {
			t.Fatalf("run %d: %d read statements, want %d", i, n, reads+1)
		}
	}
	// A transaction's own statements (its clock's) are prepared by the
	// first one, whatever it runs.
	if err := s.InTx(ctx, func(*Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	s.bg.Wait()
	writes := count(s.pw)
	for i := 0; i < 3; i++ {
		if err := s.InTx(ctx, func(tx *Tx) error {
			_, err := tx.q.OutboxCountQuarantined(ctx)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		s.bg.Wait()
		if n := count(s.pw); n != writes+1 {
			t.Fatalf("transaction %d: %d writer statements, want %d", i, n, writes+1)
		}
	}
}

// TestStatementBoundOncePerTransaction: a statement run many times in one
// transaction (a pulled page's rows) is bound to it, or prepared in it,
// once, whether the pool had it prepared or not.
func TestStatementBoundOncePerTransaction(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for _, pooled := range []bool{false, true} {
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		in := newStmtsInTx(s.pw, tx)
		q := dbq.New(in)
		for i := 0; i < 5; i++ {
			if _, err := q.OutboxCountQuarantined(ctx); err != nil {
				t.Fatal(err)
			}
			if err := q.DeviceMetaSet(ctx, dbq.DeviceMetaSetParams{Key: "test", Value: "x"}); err != nil {
				t.Fatal(err)
			}
		}
		if len(in.bound) != 2 {
			t.Errorf("pooled %v: %d statements bound in the transaction, want 2", pooled, len(in.bound))
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		s.bg.Wait() // prepared on the pool now
	}
}
