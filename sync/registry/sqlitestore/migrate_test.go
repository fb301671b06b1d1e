package sqlitestore

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/pressly/goose/v3"

	"okienko/sync/registry/storetest"
)

// TestVerifiersMoveOut: a registry whose staff rows carry password hashes
// (before migration 3) keeps them in its own table afterwards, and the
// rows devices pull no longer carry them.
func TestVerifiersMoveOut(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "registry.db"))
	if err != nil {
		t.Fatal(err)
	}
	sub, _ := fs.Sub(migrations, "migrations")
	p, err := goose.NewProvider(goose.DialectSQLite3, w, sub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 2); err != nil {
		t.Fatal(err)
	}
	l := storetest.NewLegacy(t)
	// The old schema's rows, written as that registry wrote them (the
	// test's own statements: no query of this version writes them so).
	for _, stmt := range []struct {
		q    string
		args []any
	}{
		{"INSERT INTO offices (id, name, teryt, seq, created_at) VALUES (?, ?, ?, 2, 0)", []any{"o", "Gmina", "1099012"}},
		{"INSERT INTO rows (office_id, entity, entity_id, fields, deleted, seq) VALUES ('o', 'staff', ?, ?, 0, 1)", []any{l.StaffID, string(l.Staff)}},
		{"INSERT INTO rows (office_id, entity, entity_id, fields, deleted, seq) VALUES ('o', 'client', ?, ?, 0, 2)", []any{l.ClientID, string(l.Client)}},
	} {
		if _, err := w.ExecContext(ctx, stmt.q, stmt.args...); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.CheckLegacyMigrated(t, s, "o", l)
}

// TestNodeMarksBackfilled: a store written before migration 17 gets its
// nodes' marks from the rows it holds, newest well-formed stamp per node.
func TestNodeMarksBackfilled(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "registry.db"))
	if err != nil {
		t.Fatal(err)
	}
	sub, _ := fs.Sub(migrations, "migrations")
	p, err := goose.NewProvider(goose.DialectSQLite3, w, sub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 16); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []struct {
		q    string
		args []any
	}{
		{"INSERT INTO offices (id, name, teryt, seq, created_at) VALUES (?, ?, ?, 2, 0)", []any{"o", "Gmina", "1099012"}},
		{"INSERT INTO rows (office_id, entity, entity_id, fields, deleted, seq) VALUES ('o', 'client', 'c1', ?, 0, 1)",
			[]any{`{"name":{"v":"Ala","h":"0000000000010000-devA"},"phone":{"v":{"h":"ffffffffffffffff-devA"},"h":"0000000000030000-devA"},"odd":{"v":1,"h":"FFFFFFFFFFFFFFFF-devB"}}`}},
		{"INSERT INTO rows (office_id, entity, entity_id, fields, deleted, seq) VALUES ('o', 'client', 'c2', ?, 0, 2)",
			[]any{`{"name":{"v":"Ola","h":"00000000000f0000-devB"}}`}},
	} {
		if _, err := w.ExecContext(ctx, stmt.q, stmt.args...); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.NodeMarks(ctx, "o")
	if err != nil || len(got) != 2 || got["devA"] != "0000000000030000-devA" || got["devB"] != "00000000000f0000-devB" {
		t.Fatalf("marks after the migration: %v (%v)", got, err)
	}
}
