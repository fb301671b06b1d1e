package db

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestSnapshotCaseSearchCopied: a snapshot's case search index is taken
// as it is (its structure the registry's, not one rebuilt), finds every
// case by its sign, and keeps working on the device's writer after the
// copy: a case added then is found with the copied ones, and FTS5's own
// check passes. A snapshot whose index lacks a case has it rebuilt.
func TestSnapshotCaseSearchCopied(t *testing.T) {
	ctx := context.Background()
	src := openPlain(t)
	f := newFixture()
	f.save(t, src)
	k := newCaseFixture(t, src, f)
	// Cases in several transactions: the registry's index in segments.
	for no := 2; no <= 9; no++ {
		if err := src.InTx(ctx, func(tx *Tx) error {
			cs := k.newCase(f)
			cs.Sign.No = no
			return tx.InsertCase(ctx, f.office.ID, cs)
		}); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "snap.db")
	if err := src.WriteSnapshot(ctx, path); err != nil {
		t.Fatal(err)
	}
	structure := func(s *Store) []byte {
		var b []byte
		if err := s.w.QueryRowContext(ctx, "SELECT block FROM case_fts_data WHERE id = 10").Scan(&b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	find := func(s *Store, last int) {
		t.Helper()
		for no := 1; no <= last; no++ {
			rows, err := s.Cases(ctx, f.office.ID, CaseFilter{Text: fmt.Sprintf("SO.5352.%d.2026", no)})
			if err != nil || len(rows) != 1 || rows[0].Sign != fmt.Sprintf("SO.5352.%d.2026", no) {
				t.Errorf("case %d by its sign: %+v, %v", no, rows, err)
			}
		}
		if rows, err := s.Cases(ctx, f.office.ID, CaseFilter{Text: "so 5352"}); err != nil || len(rows) != last {
			t.Errorf("cases by the sign's words: %d (%v), want %d", len(rows), err, last)
		}
		if _, err := s.w.ExecContext(ctx, "INSERT INTO case_fts (case_fts) VALUES ('integrity-check')"); err != nil {
			t.Errorf("case search index: %v", err)
		}
	}

	dst := openTest(t)
	if err := dst.ImportSnapshot(ctx, os.DirFS(dir), "snap.db", f.office.ID, 1, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(structure(dst), structure(src)) {
		t.Fatal("the case search index was rebuilt, not copied")
	}
	find(dst, 9)
	if err := dst.InTx(ctx, func(tx *Tx) error {
		cs := k.newCase(f)
		cs.Sign.No = 10
		return tx.InsertCase(ctx, f.office.ID, cs)
	}); err != nil {
		t.Fatal(err)
	}
	find(dst, 10)

	// An index short of a case is not taken.
	if _, err := src.w.ExecContext(ctx, "DELETE FROM case_fts WHERE rowid = (SELECT max(rowid) FROM case_file)"); err != nil {
		t.Fatal(err)
	}
	short := filepath.Join(dir, "short.db")
	if err := src.WriteSnapshot(ctx, short); err != nil {
		t.Fatal(err)
	}
	dst = openTest(t)
	if err := dst.ImportSnapshot(ctx, os.DirFS(dir), "short.db", f.office.ID, 1, nil); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(structure(dst), structure(src)) {
		t.Fatal("an index short of a case was copied")
	}
	find(dst, 9)
}
