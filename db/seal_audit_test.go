package db

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/pressly/goose/v3"

	"okienko/app/audit"
)

// auditNote is a reason that names a client: no byte of the file may show it.
const auditNote = "wniosek Żółkiewskiej o wgląd 02270803624"

// noteLeaks lists where the note (or its surname and PESEL) shows in the
// database file, its WAL and journal, in any of the common encodings.
func noteLeaks(t *testing.T, path string) []string {
	t.Helper()
	var found []string
	for _, p := range []string{path, path + "-wal", path + "-journal"} {
		raw, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{auditNote, "Żółkiewskiej", "02270803624"} {
			for i, enc := range encodings(s) {
				if bytes.Contains(raw, enc) {
					found = append(found, fmt.Sprintf("%q (form %d) in %s", s, i, filepath.Base(p)))
				}
			}
		}
	}
	return found
}

// TestAuditNoteSealed: a break-the-glass reason written through the store
// leaves no byte of itself in the database file or its WAL (the outbox's
// and row clocks' copies included), reads back whole while unlocked and
// not at all while locked.
func TestAuditNoteSealed(t *testing.T) {
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	ctx := context.Background()
	caseID := NewID()
	if err := s.InTx(ctx, func(tx *Tx) error {
		return tx.Audit(ctx, f.office.ID, audit.Entry{StaffID: f.staff.ID, Action: audit.CaseOutside, ObjectType: "case_file", ObjectID: caseID, Note: auditNote})
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.compact(ctx); err != nil {
		t.Fatal(err)
	}
	if found := noteLeaks(t, s.Path()); len(found) > 0 {
		t.Errorf("the audit note in the clear: %v", found)
	}
	got, err := s.FindAudit(ctx, f.office.ID, audit.Filter{Outside: true})
	if err != nil || len(got) != 1 || got[0].Note != auditNote || got[0].ObjectID != caseID {
		t.Fatalf("the audit entry read back: %+v, %v", got, err)
	}
	s.Lock()
	if _, err := s.FindAudit(ctx, f.office.ID, audit.Filter{Outside: true}); !errors.Is(err, ErrLocked) {
		t.Fatalf("the note read while locked: %v", err)
	}
}

// TestAuditNoteLegacySealed: notes a version before migration 00024
// stored in the clear are in the file until the first unlock, which seals
// them: none is left in the file, the WAL or the note column, and each
// reads back whole.
func TestAuditNoteLegacySealed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := create(ctx, path); err != nil {
		t.Fatal(err)
	}
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	w.SetMaxOpenConns(1)
	old := fstest.MapFS{}
	entries, _ := fs.ReadDir(migrations, "migrations")
	for _, e := range entries {
		var v int
		if _, err := fmt.Sscanf(e.Name(), "%05d_", &v); err == nil && v < 24 {
			raw, _ := fs.ReadFile(migrations, "migrations/"+e.Name())
			old[e.Name()] = &fstest.MapFile{Data: raw}
		}
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, w, old)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	officeID, ids := NewID(), []string{NewID(), NewID()}
	for i, q := range []string{"PRAGMA foreign_keys = OFF",
		fmt.Sprintf(`INSERT INTO audit_log (id, office_id, staff_id, action, object_type, object_id, detail, note, created_at, updated_at)
			VALUES ('%s', '%s', NULL, 'case.outside_access', 'case_file', 'c1', '', '%s', 1, 1)`, ids[0], officeID, auditNote),
		fmt.Sprintf(`INSERT INTO audit_log (id, office_id, staff_id, action, object_type, object_id, detail, note, created_at, updated_at)
			VALUES ('%s', '%s', NULL, 'case.view', 'case_file', 'c1', '', '', 2, 2)`, ids[1], officeID)} {
		if _, err := w.ExecContext(ctx, q); err != nil {
			t.Fatalf("%d: %v", i, err)
		}
	}
	w.Close()
	if found := noteLeaks(t, path); len(found) == 0 {
		t.Fatal("the older database holds no note in the clear: the test would prove nothing")
	}
	s, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Unlock(ctx, testCipher(t)); err != nil {
		t.Fatal(err)
	}
	if found := noteLeaks(t, s.Path()); len(found) > 0 {
		t.Errorf("after the first unlock: %v", found)
	}
	var clear int
	if err := s.w.QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE note <> ''").Scan(&clear); err != nil || clear != 0 {
		t.Fatalf("%d notes left in the note column (%v)", clear, err)
	}
	got, err := s.FindAudit(ctx, officeID, audit.Filter{})
	if err != nil || len(got) != 2 {
		t.Fatalf("the older entries: %+v, %v", got, err)
	}
	notes := map[string]string{}
	for _, r := range got {
		notes[r.ID] = r.Note
	}
	if notes[ids[0]] != auditNote || notes[ids[1]] != "" {
		t.Fatalf("the notes read back: %v", notes)
	}
}
