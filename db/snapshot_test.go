package db

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"modernc.org/sqlite/vfs"

	"okienko/sync/merge"
)

// TestSnapshotImport: a snapshot written from one store fills a fresh one
// with the same rows, row clocks and search index, and the cursor; a
// snapshot of another office, or a store that already holds rows, is
// refused with nothing written.
func TestSnapshotImport(t *testing.T) {
	ctx := context.Background()
	// The registry's copy of the office keeps plaintext; the device seals
	// as it copies.
	src := openPlain(t)
	f := newFixture()
	f.save(t, src)
	k := newCaseFixture(t, src, f)
	if err := src.InTx(ctx, func(tx *Tx) error { return tx.SetCursor(ctx, 42) }); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "snap.db")
	if err := src.WriteSnapshot(ctx, path); err != nil {
		t.Fatal(err)
	}

	other := openTest(t)
	if err := other.ImportSnapshot(ctx, os.DirFS(filepath.Dir(path)), filepath.Base(path), NewID(), 42, nil); !errors.Is(err, ErrSnapshotMismatch) {
		t.Fatalf("a snapshot of another office: %v", err)
	}
	if n, _ := other.CaseCount(ctx, f.office.ID); n != 0 {
		t.Fatalf("a refused snapshot left %d cases", n)
	}

	dst := openTest(t)
	if err := dst.CanTakeSnapshot(ctx); err != nil {
		t.Fatalf("an empty store cannot take a snapshot: %v", err)
	}
	if err := src.CanTakeSnapshot(ctx); !errors.Is(err, ErrSnapshotMismatch) {
		t.Fatalf("a store with an office may take a snapshot: %v", err)
	}
	if err := dst.ImportSnapshot(ctx, os.DirFS(filepath.Dir(path)), filepath.Base(path), f.office.ID, 42, nil); err != nil {
		t.Fatal(err)
	}
	// The checkpoint ran in the background and handed automatic
	// checkpoints back to the writer.
	dst.bg.Wait()
	var every int
	if err := dst.w.QueryRowContext(ctx, "PRAGMA wal_autocheckpoint").Scan(&every); err != nil || every != 1000 {
		t.Fatalf("writer checkpoints every %d pages (%v) after the copy, want 1000", every, err)
	}
	// And the writer's cache is its own again, given back in the background.
	var cache string
	if err := dst.w.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache); err != nil || cache != writerCacheSize {
		t.Fatalf("writer's cache %s (%v) after the copy, want %s", cache, err, writerCacheSize)
	}
	// The blind index holds each client's tokens, computed ahead or not.
	want := clientTokens(dst.lk.c, k.client)
	var got []string
	if err := dst.w.QueryRowContext(ctx, "SELECT coalesce(json_group_array(token), '[]') FROM (SELECT token FROM search_token ORDER BY token)").Scan(&cache); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(cache), &got); err != nil || !slices.Equal(got, want) {
		t.Fatalf("blind index after the copy: %d tokens (%v), want %d", len(got), err, len(want))
	}
	// Every index and trigger dropped for the copy is back as it was.
	if a, b := schemaOf(t, dst), schemaOf(t, openTest(t)); a != b {
		t.Fatalf("schema after the copy:\n%s\nwant:\n%s", a, b)
	}
	rows, err := dst.Cases(ctx, f.office.ID, CaseFilter{Text: "zolkiewska"})
	if err != nil || len(rows) != 1 || rows[0].ID != k.cs.ID {
		t.Fatalf("search on the copy: %+v, %v", rows, err)
	}
	ss, err := dst.SyncState(ctx)
	if err != nil || ss.Cursor != 42 {
		t.Fatalf("cursor %d (%v), want 42", ss.Cursor, err)
	}
	if dst.DeviceID() == src.DeviceID() {
		t.Fatal("the copy took the source's device id")
	}
	for _, key := range [][2]string{{"case_file", k.cs.ID}, {"client", k.client.ID}} {
		var a, b merge.Row
		_ = src.InTx(ctx, func(tx *Tx) error { a, err = tx.rowClock(ctx, key[0], key[1]); return err })
		_ = dst.InTx(ctx, func(tx *Tx) error { b, err = tx.rowClock(ctx, key[0], key[1]); return err })
		if len(a) == 0 || len(a) != len(b) {
			t.Fatalf("%s row clock: %d fields, copy %d", key[0], len(a), len(b))
		}
	}
	// The search index keeps working for rows written after the copy.
	if err := dst.InTx(ctx, func(tx *Tx) error {
		c := k.client
		c.ID, c.LastName, c.PESEL = NewID(), "Brzęczyszczykiewicz", ""
		return tx.SaveClient(ctx, f.office.ID, c)
	}); err != nil {
		t.Fatal(err)
	}
	if found, err := dst.FindClients(ctx, f.office.ID, "brzeczy", 5); err != nil || len(found) != 1 {
		t.Fatalf("a client added after the copy: %v, %v", found, err)
	}
	if err := dst.ImportSnapshot(ctx, os.DirFS(filepath.Dir(path)), filepath.Base(path), f.office.ID, 42, nil); !errors.Is(err, ErrSnapshotMismatch) {
		t.Fatalf("a second copy into a filled store: %v", err)
	}
}

// schemaOf is a store's whole schema, one definition a line.
func schemaOf(t *testing.T, s *Store) string {
	t.Helper()
	var out string
	if err := s.w.QueryRowContext(context.Background(),
		"SELECT group_concat(type || ' ' || name || ': ' || coalesce(sql, ''), char(10)) FROM (SELECT * FROM sqlite_schema ORDER BY type, name)").Scan(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSnapshotTokensAhead: the clients' tokens computed on a connection of
// their own while the tables copy are every client's, as the import would
// compute them itself.
func TestSnapshotTokensAhead(t *testing.T) {
	ctx := context.Background()
	src := openPlain(t)
	f := newFixture()
	f.save(t, src)
	k := newCaseFixture(t, src, f)
	path := filepath.Join(t.TempDir(), "snap.db")
	if err := src.WriteSnapshot(ctx, path); err != nil {
		t.Fatal(err)
	}
	name, fsys, err := vfs.New(os.DirFS(filepath.Dir(path)))
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	ci := testCipher(t)
	job := precomputeTokens(ctx, "file:"+(&url.URL{Path: filepath.Base(path)}).EscapedPath()+"?vfs="+name+"&mode=ro", ci)
	got := job.wait()
	var rowid int64
	if err := src.w.QueryRowContext(ctx, "SELECT rowid FROM client WHERE id = ?", k.client.ID).Scan(&rowid); err != nil {
		t.Fatal(err)
	}
	if want := jsonList(clientTokens(ci, k.client)); len(got) != 1 || got[rowid] != want {
		t.Fatalf("tokens computed ahead: %v, want client %d: %s", got, rowid, want)
	}
	// And sorted for the blind index, each token followed by its client.
	var sorted []string
	for _, tok := range clientTokens(ci, k.client) {
		sorted = append(sorted, tok+strconv.FormatInt(rowid, 10))
	}
	if want := jsonList(sorted); job.sorted != want || job.width != len(sorted[0])-len(strconv.FormatInt(rowid, 10)) {
		t.Fatalf("tokens sorted ahead: %s (width %d), want %s", job.sorted, job.width, want)
	}
	if got := precomputeTokens(ctx, "file:missing.db?vfs="+name+"&mode=ro", ci).wait(); got != nil {
		t.Fatalf("tokens of a snapshot that does not open: %v", got)
	}
}

// TestSortedTokens: the blind index's entries sorted ahead come in the
// order of its key, the token's bytes then the rowid, and tokens that do
// not fit the form (widths differ, a character JSON escapes) are left to
// the import's own sort.
func TestSortedTokens(t *testing.T) {
	got, width := sortedTokens([]tokenPair{{"bb", 2}, {"ab", 10}, {"bb", 1}, {"aZ", 3}})
	if want := `["aZ3","ab10","bb1","bb2"]`; got != want || width != 2 {
		t.Fatalf("sorted %s (width %d), want %s", got, width, want)
	}
	for _, pairs := range [][]tokenPair{{{"ab", 1}, {"abc", 2}}, {{"a\"", 1}}, {{"a\\", 1}}, nil} {
		if got, _ := sortedTokens(pairs); got != "" {
			t.Fatalf("%v sorted as %s, want left to the import", pairs, got)
		}
	}
}
