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
)

// PostgresDSN returns the PostgreSQL server tests run against
// (OKIENKO_TEST_PG), or skips the test saying why: the PostgreSQL store is
// tested only where a server is provided (.ci/run sets the variable).
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv("OKIENKO_TEST_PG")
	if dsn == "" {
		tb.Skip("OKIENKO_TEST_PG not set: no PostgreSQL server to test against")
	}
	return dsn
}

// FreshSchema creates an empty schema on the server at dsn, dropped when
// the test ends, and returns the DSN whose search_path is that schema, as
// the pgstore tests isolate themselves: every store opened on it (one per
// registry process) sees the same tables and no other test's. A set but
// unreachable server fails the test: the variable is set on purpose.
func FreshSchema(tb testing.TB, dsn string) string {
	tb.Helper()
	ctx := context.Background()
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second) // a silent host must not hang the run
	admin, err := pgx.Connect(cctx, dsn)
	cancel()
	if err != nil {
		tb.Fatalf("OKIENKO_TEST_PG is set but the server is unreachable: %v", err)
	}
	b := make([]byte, 8)
	rand.Read(b)
	schema := "okt_" + hex.EncodeToString(b)
	ident := pgx.Identifier{schema}.Sanitize()
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+ident); err != nil {
		admin.Close(ctx)
		tb.Fatal(err)
	}
	// Registered before the stores' own Close, so it runs after them.
	tb.Cleanup(func() {
		if _, err := admin.Exec(ctx, "DROP SCHEMA "+ident+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close(ctx)
	})
	switch {
	case !strings.Contains(dsn, "://"):
		return dsn + " search_path=" + schema
	case strings.Contains(dsn, "?"):
		return dsn + "&search_path=" + schema
	}
	return dsn + "?search_path=" + schema
}
