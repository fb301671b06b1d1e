package synctest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"okienko/sync/registry/pgstore"
	"okienko/sync/registry/sqlitestore"
	"okienko/sync/registry/store"
)

// StoreKinds are the registry stores a test runs on: SQLite always,
// PostgreSQL when OKIENKO_TEST_PG names a server.
func StoreKinds() []string {
	if os.Getenv("OKIENKO_TEST_PG") == "" {
		return []string{"sqlite"}
	}
	return []string{"sqlite", "postgres"}
}

// OpenStore opens an empty registry store of a kind (StoreKinds): SQLite
// in a temporary directory, PostgreSQL in a fresh schema of
// OKIENKO_TEST_PG, dropped when the test ends. A set but unreachable
// server fails the test: the variable is set on purpose.
func OpenStore(tb testing.TB, kind string) store.Store {
	tb.Helper()
	ctx := context.Background()
	if kind != "postgres" {
		st, err := sqlitestore.Open(ctx, tb.TempDir())
		if err != nil {
			tb.Fatal(err)
		}
		return st
	}
	dsn := os.Getenv("OKIENKO_TEST_PG")
	if dsn == "" {
		tb.Skip("OKIENKO_TEST_PG not set: PostgreSQL registry not tested")
	}
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	admin, err := pgx.Connect(cctx, dsn)
	cancel()
	if err != nil {
		tb.Fatalf("OKIENKO_TEST_PG is set but the server is unreachable: %v", err)
	}
	b := make([]byte, 8)
	rand.Read(b)
	schema := "okp_" + hex.EncodeToString(b)
	ident := pgx.Identifier{schema}.Sanitize()
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+ident); err != nil {
		admin.Close(ctx)
		tb.Fatal(err)
	}
	// Registered before the store's own Close (in NewRegistry), so it runs after it.
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
	st, err := pgstore.Open(ctx, dsn+sep+"search_path="+schema)
	if err != nil {
		tb.Fatal(err)
	}
	return st
}
