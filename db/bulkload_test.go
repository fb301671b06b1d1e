package db

import (
	"context"
	"slices"
	"testing"
	"time"
)

// schemaIndexes lists the store's index names and SQL, sorted.
func schemaIndexes(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.r.QueryContext(context.Background(), "SELECT name || ': ' || sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// TestBulkLoadDropsAndRebuildsIndexes: a first pull on an empty device
// drops the listed indexes and no other; ending it, or reopening the
// store after a kill mid-pull, builds exactly the same indexes again; a
// device that holds synced rows never drops them.
func TestBulkLoadDropsAndRebuildsIndexes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c := testCipher(t)
	s, err := Open(ctx, dir, Options{Now: func() time.Time { return t0 }, Cipher: c})
	if err != nil {
		t.Fatal(err)
	}
	full := schemaIndexes(t, s)
	began, err := s.BeginBulkLoad(ctx)
	if err != nil || !began {
		t.Fatalf("bulk load on an empty device: %v, %v; want it begun", began, err)
	}
	during := schemaIndexes(t, s)
	if got, want := len(full)-len(during), len(bulkIndexes); got != want {
		t.Fatalf("%d indexes dropped, want %d (%v)", got, want, bulkIndexes)
	}
	for _, ix := range during {
		for _, name := range bulkIndexes {
			if len(ix) > len(name) && ix[:len(name)+1] == name+":" {
				t.Fatalf("%s still there during the bulk load", name)
			}
		}
	}
	if again, err := s.BeginBulkLoad(ctx); err != nil || again {
		t.Fatalf("a second bulk load while one is under way: %v, %v; want none begun", again, err)
	}
	// Killed mid-pull: the next open builds them before anything else.
	s.Close()
	s, err = Open(ctx, dir, Options{Now: func() time.Time { return t0 }, Cipher: c})
	if err != nil {
		t.Fatal(err)
	}
	if got := schemaIndexes(t, s); !slices.Equal(got, full) {
		t.Fatalf("after reopening, indexes %v, want %v", got, full)
	}
	if v, err := s.meta(ctx, metaBulk); err != nil || v != "" {
		t.Fatalf("bulk mark after the repair: %q, %v", v, err)
	}
	// Begun and ended in one process.
	if began, err := s.BeginBulkLoad(ctx); err != nil || !began {
		t.Fatalf("bulk load again: %v, %v", began, err)
	}
	if err := s.EndBulkLoad(ctx); err != nil {
		t.Fatal(err)
	}
	if got := schemaIndexes(t, s); !slices.Equal(got, full) {
		t.Fatalf("after the bulk load ended, indexes %v, want %v", got, full)
	}
	if err := s.EndBulkLoad(ctx); err != nil {
		t.Fatalf("ending with none under way: %v", err)
	}
	// A device holding synced rows keeps its indexes.
	newFixture().save(t, s)
	if began, err := s.BeginBulkLoad(ctx); err != nil || began {
		t.Fatalf("bulk load on a device with rows: %v, %v; want none", began, err)
	}
	if got := schemaIndexes(t, s); !slices.Equal(got, full) {
		t.Fatalf("a device with rows lost indexes: %v", got)
	}
	s.Close()
}
