package db

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"okienko/app/cases"
	"okienko/sync/merge"
)

// clientRowidOf is a case's client_rowid and its client's actual rowid (0
// when the client is not on the device).
func clientRowidOf(t *testing.T, s *Store, caseID string) (kept, actual int64) {
	t.Helper()
	var a sql.NullInt64
	if err := s.w.QueryRow(`SELECT client_rowid, (SELECT cl.rowid FROM client cl WHERE cl.id = case_file.client_id)
		FROM case_file WHERE id = ?`, caseID).Scan(&kept, &a); err != nil {
		t.Fatal(err)
	}
	return kept, a.Int64
}

// TestCaseClientRowidKept: case_file.client_rowid (migration 00026), which
// the case search by a common name walks by, names the case's client on
// every path: a registration, a pulled page bringing the case before its
// client or after it, a client gone, a snapshot; and the walk finds by
// it what the per-client lookup finds.
func TestCaseClientRowidKept(t *testing.T) {
	ctx := context.Background()
	a := openTest(t)
	f := newFixture()
	f.save(t, a)
	k := newCaseFixture(t, a, f)
	if kept, actual := clientRowidOf(t, a, k.cs.ID); kept == 0 || kept != actual {
		t.Fatalf("registered: client_rowid %d, the client's rowid %d", kept, actual)
	}
	found := func(s *Store, name string, want int) {
		t.Helper()
		defer func(w int) { walkAbove = w }(walkAbove)
		for _, walk := range []int{2000, 0} { // per client, and the walk
			walkAbove = walk
			for _, q := range []string{"zolk", "lucja zolkiewska", "żółkiewska łucja"} {
				rows, err := s.Cases(ctx, f.office.ID, CaseFilter{Text: q, Limit: 10})
				if err != nil || len(rows) != want {
					t.Errorf("%s: Cases(%q), walk above %d: %d rows, %v; want %d", name, q, walk, len(rows), err, want)
				}
			}
		}
	}
	found(a, "registered", 1)
	// Another client's case, newer: the walk passes it by.
	other := k.cs
	other.ID, other.Sign.No, other.ClientID = NewID(), 2, NewID()
	if err := a.InTx(ctx, func(tx *Tx) error {
		if err := tx.SaveClient(ctx, f.office.ID, cases.Client{ID: other.ClientID, Kind: cases.Person, FirstName: "Jan", LastName: "Nowak"}); err != nil {
			return err
		}
		return tx.InsertCase(ctx, f.office.ID, other)
	}); err != nil {
		t.Fatal(err)
	}
	found(a, "another case", 1)

	type key struct{ entity, id string }
	orders := map[string][]key{
		"pull, client first": {{"service_card", k.cardID}, {"client", k.client.ID}, {"case_file", k.cs.ID}},
		"pull, case first":   {{"service_card", k.cardID}, {"case_file", k.cs.ID}, {"client", k.client.ID}},
	}
	for name, order := range orders {
		b := openTest(t)
		f.save(t, b)
		for i, x := range order {
			var row merge.Row
			var err error
			if err := a.InTx(ctx, func(tx *Tx) error { row, err = tx.rowClock(ctx, x.entity, x.id); return err }); err != nil || len(row) == 0 {
				t.Fatalf("%s %s: %d fields, %v", x.entity, x.id, len(row), err)
			}
			if err := b.ApplyInTx(ctx, func(tx *Tx) error { _, err := tx.ApplyRemote(ctx, x.entity, x.id, row); return err }); err != nil {
				t.Fatalf("%s: apply %s: %v", name, x.entity, err)
			}
			if x.entity == "case_file" && i < len(order)-1 {
				if kept, _ := clientRowidOf(t, b, k.cs.ID); kept != 0 {
					t.Fatalf("%s: client_rowid %d before the client came", name, kept)
				}
			}
		}
		if kept, actual := clientRowidOf(t, b, k.cs.ID); kept == 0 || kept != actual {
			t.Fatalf("%s: client_rowid %d, the client's rowid %d", name, kept, actual)
		}
		found(b, name, 1)
		if name != "pull, case first" {
			continue
		}
		// The client goes (as a scope's forgetting would take it) and
		// comes back under another rowid.
		if err := b.ApplyInTx(ctx, func(tx *Tx) error {
			_, err := tx.sql.ExecContext(ctx, "DELETE FROM client WHERE id = ?", k.client.ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if kept, _ := clientRowidOf(t, b, k.cs.ID); kept != 0 {
			t.Fatalf("client gone: client_rowid %d", kept)
		}
		found(b, "client gone", 0)
		if err := b.InTx(ctx, func(tx *Tx) error { return tx.SaveClient(ctx, f.office.ID, k.client) }); err != nil {
			t.Fatal(err)
		}
		if kept, actual := clientRowidOf(t, b, k.cs.ID); kept == 0 || kept != actual {
			t.Fatalf("client back: client_rowid %d, the client's rowid %d", kept, actual)
		}
		found(b, "client back", 1)
	}

	// A fresh device imports a snapshot of the registry's plaintext store.
	src := openPlain(t)
	f.save(t, src)
	k2 := newCaseFixture(t, src, f)
	path := filepath.Join(t.TempDir(), "snap.db")
	if err := src.WriteSnapshot(ctx, path); err != nil {
		t.Fatal(err)
	}
	dst := openTest(t)
	if err := dst.ImportSnapshot(ctx, os.DirFS(filepath.Dir(path)), filepath.Base(path), f.office.ID, 1, nil); err != nil {
		t.Fatal(err)
	}
	if kept, actual := clientRowidOf(t, dst, k2.cs.ID); kept == 0 || kept != actual {
		t.Fatalf("snapshot: client_rowid %d, the client's rowid %d", kept, actual)
	}
	// The import's larger page cache is the writer's own again after it,
	// given back in the background with the checkpoint.
	dst.bg.Wait()
	var cache string
	if err := dst.w.QueryRow("PRAGMA cache_size").Scan(&cache); err != nil || cache != writerCacheSize {
		t.Fatalf("the writer's cache after the import: %s (%v), want %s", cache, err, writerCacheSize)
	}
	found(dst, "snapshot", 1)
}
