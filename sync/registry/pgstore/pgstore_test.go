package pgstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"okienko/sync/merge"
	"okienko/sync/registry/store"
	"okienko/sync/registry/storetest"
)

// testDSN returns the server to test against, or skips: the PostgreSQL
// store is tested only where a server is provided (CI sets the variable).
func testDSN(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("OKIENKO_TEST_PG")
	if dsn == "" {
		t.Skip("OKIENKO_TEST_PG not set: PostgreSQL store not tested")
	}
	return dsn
}

// withSearchPath adds search_path to a URL or a key=value DSN.
func withSearchPath(dsn, schema string) string {
	if strings.Contains(dsn, "://") {
		if strings.Contains(dsn, "?") {
			return dsn + "&search_path=" + schema
		}
		return dsn + "?search_path=" + schema
	}
	return dsn + " search_path=" + schema
}

// freshSchema creates an empty schema, dropped when the test ends, and
// returns the DSN that opens a store in it. A set but unreachable server
// fails the test: CI sets the variable on purpose.
func freshSchema(t *testing.T) string {
	t.Helper()
	dsn := testDSN(t)
	ctx := context.Background()
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second) // a silent host must not hang the run
	admin, err := pgx.Connect(cctx, dsn)
	cancel()
	if err != nil {
		t.Fatalf("OKIENKO_TEST_PG is set but the server is unreachable: %v", err)
	}
	b := make([]byte, 8)
	rand.Read(b)
	schema := "okt_" + hex.EncodeToString(b)
	ident := pgx.Identifier{schema}.Sanitize()
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+ident); err != nil {
		admin.Close(ctx)
		t.Fatal(err)
	}
	// Registered before the store's own Close, so it runs after it.
	t.Cleanup(func() {
		if _, err := admin.Exec(ctx, "DROP SCHEMA "+ident+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close(ctx)
	})
	return withSearchPath(dsn, schema)
}

func open(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), freshSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStore(t *testing.T) {
	testDSN(t)
	storetest.Run(t, func(t *testing.T) store.Store { return open(t) })
}

// Opening a migrated schema again finds nothing to do.
func TestReopen(t *testing.T) {
	dsn := freshSchema(t)
	ctx := context.Background()
	for range 2 {
		s, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
}

// Every table carries a comment (the project's rule for schemas).
func TestTablesCommented(t *testing.T) {
	s := open(t)
	defer s.Close()
	rows, err := s.pool.Query(context.Background(), `
		SELECT c.relname FROM pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
		  AND c.relname <> 'goose_db_version' AND obj_description(c.oid, 'pg_class') IS NULL`)
	if err != nil {
		t.Fatal(err)
	}
	bare, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(bare) != 0 {
		t.Fatalf("tables without a comment: %v", bare)
	}
}

// PutRow on an office that does not exist reports ErrNotFound, as in
// sqlitestore (InTx itself does not check the office).
func TestMissingOffice(t *testing.T) {
	s := open(t)
	defer s.Close()
	ctx := context.Background()
	err := s.InTx(ctx, "nope", func(tx store.Tx) error {
		_, err := tx.PutRow(ctx, "client", "c1", merge.Row{}, false)
		return err
	})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
	if _, err := s.Seq(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("seq err = %v", err)
	}
}

// Transactions of one office are serialised from their first statement,
// not only from PutRow: a read-merge-write (what Push does) never loses a
// concurrent writer's update.
func TestReadMergeWriteSerialised(t *testing.T) {
	s := open(t)
	defer s.Close()
	ctx := context.Background()
	if err := s.CreateOffice(ctx, store.Office{ID: "o1", Name: "Urząd", TERYT: "1099012"}); err != nil {
		t.Fatal(err)
	}
	const writers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				err := s.InTx(ctx, "o1", func(tx store.Tx) error {
					row, _, err := tx.Row(ctx, "counter", "c")
					if err != nil {
						return err
					}
					n, _ := strconv.Atoi(string(row.Fields["n"].V))
					row.Fields["n"] = merge.Field{V: []byte(strconv.Itoa(n + 1)), H: "0000000000010000-d"}
					_, err = tx.PutRow(ctx, "counter", "c", row.Fields, false)
					return err
				})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	rows, err := s.RowsOf(ctx, "o1", "counter")
	if err != nil || len(rows) != 1 || string(rows[0].Fields["n"].V) != strconv.Itoa(writers*each) {
		t.Fatalf("counter = %+v, %v; want %d (an update was lost)", rows, err, writers*each)
	}
}
