package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
)

// TestBusyIsUnavailable: SQLITE_BUSY (another process holds the file
// past the timeout) is an outage; a constraint violation is not.
func TestBusyIsUnavailable(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	path := "file:" + filepath.Join(dir, "registry.db")
	holder, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	conn, err := holder.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK")
	other, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, err = other.ExecContext(ctx, "BEGIN IMMEDIATE")
	if err == nil || !s.IsUnavailable(err) {
		t.Fatalf("a write while another holds the file: %v, want an outage", err)
	}
	if s.IsUnavailable(errors.New("constraint failed: UNIQUE")) || s.IsUnavailable(context.Canceled) {
		t.Fatal("a request's own error taken for an outage")
	}
	if !s.IsUnavailable(context.DeadlineExceeded) {
		t.Fatal("a transaction deadline met is not taken for an outage")
	}
}
