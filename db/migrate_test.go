package db

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
)

// TestNewerSchemaRefused: a database a newer version migrated (a schema
// version above this build's last migration) is refused at open, and the
// database is left as it was.
func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	raw, err := sql.Open("sqlite", filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	var newest int64
	if err := raw.QueryRow(`SELECT max(version_id) FROM goose_db_version`).Scan(&newest); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, 1)`, newest+1); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	_, err = Open(ctx, dir, Options{})
	var se *SchemaNewerError
	if !errors.Is(err, ErrSchemaNewer) || !errors.As(err, &se) || se.Have != newest+1 || se.Newest != newest {
		t.Fatalf("open newer data: %v", err)
	}
	raw, _ = sql.Open("sqlite", filepath.Join(dir, FileName))
	defer raw.Close()
	var have int64
	if err := raw.QueryRow(`SELECT max(version_id) FROM goose_db_version`).Scan(&have); err != nil || have != newest+1 {
		t.Fatalf("version after refusal %d, %v", have, err)
	}
}
