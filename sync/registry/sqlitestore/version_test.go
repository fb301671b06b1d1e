package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"okienko/sync/registry/store"
)

// TestRefusesNewerStore: a store a newer registry migrated (a migration
// this binary does not know in goose's table) is refused at start, with
// both versions in the message, and left as it was.
func TestRefusesNewerStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "registry.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, 1)`); err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, dir)
	if !errors.Is(err, store.ErrTooNew) || !strings.Contains(err.Error(), "99999") {
		t.Fatalf("opening a store at migration 99999: %v, want ErrTooNew naming it", err)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM goose_db_version WHERE version_id = 99999`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("the newer migration's row: %d, %v", n, err)
	}
}
