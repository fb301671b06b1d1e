package db

import (
	"context"

	"okienko/app/cases"
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

// TestBulkLoadTokensApart: during a first pull a new client's blind-index
// tokens wait apart (search_token_pending) and go into the index, sorted,
// when the pull ends; a client changed mid-pull keeps only its new
// tokens; a kill mid-pull leaves them to the repair at the next open.
// Afterwards the index is the one writing the clients one by one makes.
func TestBulkLoadTokensApart(t *testing.T) {
	ctx := context.Background()
	c := testCipher(t)
	clients := func(f fixture) []cases.Client {
		return []cases.Client{
			{ID: "01a24900-0000-7000-8000-000000000001", Kind: cases.Person, FirstName: "Łucja", LastName: "Żółkiewska", PESEL: "44051401359"},
			{ID: "01a24900-0000-7000-8000-000000000002", Kind: cases.Person, FirstName: "Jan", LastName: "Bąk", BirthDate: "1990-01-01"},
			{ID: "01a24900-0000-7000-8000-000000000003", Kind: cases.Person, FirstName: "Zofia", LastName: "Wróblewska", BirthDate: "1961-03-02"},
		}
	}
	renamed := clients(fixture{})[1]
	renamed.LastName = "Kowalczyk"
	count := func(s *Store, table string) int {
		var n int
		if err := s.w.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	index := func(s *Store) []string {
		rows, err := s.r.QueryContext(ctx, "SELECT token || ' ' || client_rowid FROM search_token ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var v string
			_ = rows.Scan(&v)
			out = append(out, v)
		}
		return out
	}
	f := newFixture()
	fill := func(s *Store, bulk bool) {
		if bulk {
			if began, err := s.BeginBulkLoad(ctx); err != nil || !began {
				t.Fatalf("bulk load: %v, %v", began, err)
			}
		}
		f.save(t, s)
		for _, cl := range append(clients(f), renamed) {
			if err := s.InTx(ctx, func(tx *Tx) error { return tx.SaveClient(ctx, f.office.ID, cl) }); err != nil {
				t.Fatal(err)
			}
		}
	}
	plain, err := Open(ctx, t.TempDir(), Options{Now: func() time.Time { return t0 }, Cipher: c})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	fill(plain, false)
	want := index(plain)

	for _, kill := range []bool{false, true} {
		dir := t.TempDir()
		s, err := Open(ctx, dir, Options{Now: func() time.Time { return t0 }, Cipher: c})
		if err != nil {
			t.Fatal(err)
		}
		fill(s, true)
		if n := count(s, "search_token_pending"); n == 0 || count(s, "search_token") == 0 {
			t.Fatalf("mid-pull: %d tokens apart, %d in the index; want the new clients' apart and the renamed one's in", n, count(s, "search_token"))
		}
		if kill {
			s.Close()
			if s, err = Open(ctx, dir, Options{Now: func() time.Time { return t0 }, Cipher: c}); err != nil {
				t.Fatal(err)
			}
		} else if err := s.EndBulkLoad(ctx); err != nil {
			t.Fatal(err)
		}
		if got := index(s); !slices.Equal(got, want) || count(s, "search_token_pending") != 0 {
			t.Errorf("killed %v: the index after the pull has %d tokens (%d apart), want %d as written one by one", kill, len(got), count(s, "search_token_pending"), len(want))
		}
		for q, n := range map[string]int{"kowalcz": 1, "bąk": 0, "żółk": 1, "wróbl": 1} {
			if got, err := s.FindClients(ctx, f.office.ID, q, 5); err != nil || len(got) != n {
				t.Errorf("killed %v: FindClients(%q) = %d, %v; want %d", kill, q, len(got), err, n)
			}
		}
		s.Close()
	}
}
