package db

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf16"

	"github.com/pressly/goose/v3"

	"okienko/app/cases"
	"okienko/app/keys"
)

// secrets are the values no byte of the database may show.
var secrets = []string{"02270803624", "Żółkiewska", "Zolkiewska", "Ogrodowa", "600100200", "ABC123456", "tajemnica-formularza", "szkic-tajny"}

// encodings are the forms a value is looked for in: as it is, UTF-16LE,
// hex and base64.
func encodings(s string) [][]byte {
	u := utf16.Encode([]rune(s))
	le := make([]byte, 2*len(u))
	for i, r := range u {
		le[2*i], le[2*i+1] = byte(r), byte(r>>8)
	}
	return [][]byte{[]byte(s), le, []byte(hex.EncodeToString([]byte(s))), []byte(base64.StdEncoding.EncodeToString([]byte(s)))}
}

// leaks lists the secrets found in the database file, its WAL and journal.
func leaks(t *testing.T, path string) []string {
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
		for _, s := range secrets {
			for i, enc := range encodings(s) {
				if bytes.Contains(raw, enc) {
					found = append(found, fmt.Sprintf("%s (form %d) in %s", s, i, filepath.Base(p)))
				}
			}
		}
	}
	return found
}

// secretClient is a client carrying the secrets.
func secretClient() cases.Client {
	return cases.Client{ID: NewID(), Kind: cases.Person, FirstName: "Łucja", LastName: "Żółkiewska", PESEL: "02270803624",
		BirthDate: "2002-07-08", Street: "Ogrodowa", HouseNo: "5", PostalCode: "99-300", City: "Testowo", Phone: "600100200",
		DocType: "id-card", DocNumber: "ABC123456", Lang: "pl"}
}

// dropSyncCopies removes the outbox and row clock rows, which hold every
// synced value and are sealed by their own step (seal-sync, issue 13):
// this test looks at the columns db/seal_cases.go seals.
func dropSyncCopies(t *testing.T, s *Store) {
	t.Helper()
	if _, err := s.w.Exec("DELETE FROM outbox; DELETE FROM row_clock"); err != nil {
		t.Fatal(err)
	}
}

// TestSealedAtRest: a client, a case and a draft written through the
// store leave none of their personal values in the database file or its
// WAL, in any of the common encodings, while they read back whole and a
// name without diacritics, a PESEL and a document number find them.
func TestSealedAtRest(t *testing.T) {
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	ctx := context.Background()
	k := newCaseFixture(t, s, f)
	cl := secretClient()
	cs := k.newCase(f)
	cs.ID, cs.ClientID, cs.Sign.No = NewID(), cl.ID, 2
	cs.Form = []byte(`{"a":"tajemnica-formularza"}`)
	if err := s.InTx(ctx, func(tx *Tx) error {
		if err := tx.SaveClient(ctx, f.office.ID, cl); err != nil {
			return err
		}
		return tx.InsertCase(ctx, f.office.ID, cs)
	}); err != nil {
		t.Fatal(err)
	}
	d := cases.Draft{ID: NewID(), StaffID: f.staff.ID, CardID: k.cardID}
	d.Body.Answers = map[string]any{"uwagi": "szkic-tajny"}
	if err := s.SaveDraft(ctx, f.office.ID, d); err != nil {
		t.Fatal(err)
	}
	// The WAL still holds the outbox's and row clocks' frames as written;
	// the checkpoint that truncates it leaves the sealed rows alone.
	dropSyncCopies(t, s)
	if err := s.compact(ctx); err != nil {
		t.Fatal(err)
	}
	if found := leaks(t, s.Path()); len(found) > 0 {
		t.Errorf("after a checkpoint: %s", strings.Join(found, "; "))
	}
	got, err := s.Client(ctx, cl.ID)
	if err != nil || got != cl {
		t.Fatalf("client read back: %+v, %v", got, err)
	}
	c2, err := s.Case(ctx, cs.ID)
	if err != nil || string(c2.Form) != string(cs.Form) || len(c2.Checklist) != 1 {
		t.Fatalf("case read back: %+v, %v", c2, err)
	}
	drafts, err := s.Drafts(ctx, f.office.ID, f.staff.ID)
	if err != nil || len(drafts) != 1 || drafts[0].Body.Answers["uwagi"] != "szkic-tajny" {
		t.Fatalf("draft read back: %+v, %v", drafts, err)
	}
	for _, q := range []string{"zolkiewska", "ŻÓŁKIEWSKA Łucja", "02270803624", "ABC 123456", "abc-123456", "600100200"} {
		rows, err := s.Cases(ctx, f.office.ID, CaseFilter{Text: q})
		if err != nil {
			t.Fatalf("Cases(%q): %v", q, err)
		}
		var mine int
		for _, r := range rows {
			if r.ID == cs.ID {
				mine++
			}
		}
		if mine != 1 {
			t.Errorf("Cases(%q) = %d rows without the sealed client's case", q, len(rows))
		}
	}
	if rows, err := s.Cases(ctx, f.office.ID, CaseFilter{PESEL: "02270803624"}); err != nil || len(rows) != 2 {
		t.Errorf("by PESEL: %d rows, %v", len(rows), err)
	}
}

// TestLockedAndWrongKey: while locked, every read and write of a sealed
// column is ErrLocked; under another key it is keys.ErrAuth, never a
// garbled value; the right key reads again.
func TestLockedAndWrongKey(t *testing.T) {
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	ctx := context.Background()
	k := newCaseFixture(t, s, f)
	d := cases.Draft{ID: NewID(), StaffID: f.staff.ID, CardID: k.cardID}
	if err := s.SaveDraft(ctx, f.office.ID, d); err != nil {
		t.Fatal(err)
	}
	right, _ := s.Cipher()
	reads := map[string]func() error{
		"Client": func() error { _, err := s.Client(ctx, k.client.ID); return err },
		"Case":   func() error { _, err := s.Case(ctx, k.cs.ID); return err },
		"Cases":  func() error { _, err := s.Cases(ctx, f.office.ID, CaseFilter{}); return err },
		"Drafts": func() error { _, err := s.Drafts(ctx, f.office.ID, f.staff.ID); return err },
		"Search": func() error { _, err := s.Cases(ctx, f.office.ID, CaseFilter{Text: "lucja"}); return err },
	}
	writes := map[string]func() error{
		"SaveClient": func() error {
			return s.InTx(ctx, func(tx *Tx) error { return tx.SaveClient(ctx, f.office.ID, k.client) })
		},
		"InsertCase": func() error {
			c := k.newCase(f)
			c.ID, c.Sign.No = NewID(), 9
			return s.InTx(ctx, func(tx *Tx) error { return tx.InsertCase(ctx, f.office.ID, c) })
		},
		"SaveDraft": func() error { return s.SaveDraft(ctx, f.office.ID, d) },
	}
	s.Lock()
	for name, fn := range reads {
		if err := fn(); !errors.Is(err, ErrLocked) {
			t.Errorf("locked %s: %v, want ErrLocked", name, err)
		}
	}
	for name, fn := range writes {
		if err := fn(); !errors.Is(err, ErrLocked) {
			t.Errorf("locked %s: %v, want ErrLocked", name, err)
		}
	}
	if err := s.Unlock(ctx, testCipher(t)); err != nil {
		t.Fatal(err)
	}
	for name, fn := range reads {
		if name == "Search" {
			continue // another key's tokens find nothing, which is no error
		}
		if err := fn(); !errors.Is(err, keys.ErrAuth) {
			t.Errorf("%s under another key: %v, want keys.ErrAuth", name, err)
		}
	}
	if err := s.Unlock(ctx, right); err != nil {
		t.Fatal(err)
	}
	for name, fn := range reads {
		if err := fn(); err != nil {
			t.Errorf("%s under the right key: %v", name, err)
		}
	}
}

// legacySchema is the last schema before sealing (migration 00012).
const legacySchema = 12

// makeLegacy creates a database in dir as an older version left it: the
// schema of migration 00012 with n clients, each with a case, and a
// draft, all in the clear, and the FTS5 indexes filled. The first client
// is secretClient's values.
func makeLegacy(t testing.TB, dir string, n int) (officeID string, first cases.Client) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(dir, FileName)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := create(ctx, path); err != nil {
		t.Fatal(err)
	}
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.SetMaxOpenConns(1)
	old := fstest.MapFS{}
	entries, _ := fs.ReadDir(migrations, "migrations")
	for _, e := range entries {
		var v int
		if _, err := fmt.Sscanf(e.Name(), "%05d_", &v); err == nil && v <= legacySchema {
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
	officeID = NewID()
	first = secretClient()
	stmts := []string{"PRAGMA foreign_keys = OFF", "BEGIN",
		`INSERT INTO service_card (id, office_id, code, version, title, unit_id, jrwa, body, hash, created_at, updated_at)
		 VALUES ('card', '` + officeID + `', 'zameldowanie', 1, 'Zameldowanie', 'u', '5351', '{}', 'h', 1, 1)`}
	for i := range n {
		c := first
		c.ID = NewID()
		if i > 0 {
			c.LastName, c.PESEL, c.Street, c.Phone, c.DocNumber = fmt.Sprintf("Nazwisko%d", i), fmt.Sprintf("9%010d", i), "Polna", "", ""
		} else {
			first.ID = c.ID
		}
		stmts = append(stmts, fmt.Sprintf(`INSERT INTO client (id, office_id, kind, first_name, last_name, pesel, birth_date, street,
			house_no, postal_code, city, phone, doc_type, doc_number, name_key, created_at, updated_at)
			VALUES ('%s', '%s', 'person', '%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s', 1, 1)`,
			c.ID, officeID, c.FirstName, c.LastName, c.PESEL, c.BirthDate, c.Street, c.HouseNo, c.PostalCode, c.City, c.Phone,
			c.DocType, c.DocNumber, c.NameKey()),
			fmt.Sprintf(`INSERT INTO case_file (id, office_id, sign, unit_symbol, jrwa, reg_year, reg_no, card_id, client_id, status,
			submitted_on, due_on, form, checklist, registered_by, search_text, created_at, updated_at)
			VALUES ('%s', '%s', 'SO.5352.%d.2026', 'SO', '5352', 2026, %d, 'card', '%s', 'registered', '2026-11-23', '2026-11-30',
			'{"a":"tajemnica-formularza"}', '[]', 'staff', '%s', 1, 1)`,
				NewID(), officeID, i+1, i+1, c.ID, cases.SearchText(fmt.Sprintf("SO.5352.%d.2026", i+1), c.Name())))
	}
	stmts = append(stmts, `INSERT INTO draft (id, office_id, staff_id, card_id, body, saved_at)
		VALUES ('`+NewID()+`', '`+officeID+`', 'staff', 'card', '{"answers":{"uwagi":"szkic-tajny"}}', 1)`,
		"INSERT INTO case_fts (rowid, case_id, text) SELECT rowid, id, search_text FROM case_file",
		"INSERT INTO client_fts (rowid, client_id, text) SELECT rowid, id, name_key FROM client",
		"DELETE FROM fts_queue", "COMMIT", "PRAGMA foreign_keys = ON")
	for _, q := range stmts {
		if _, err := w.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return officeID, first
}

// TestLegacySealed: a database an older version left in the clear is
// upgraded, readable by nothing while locked, and sealed at the first
// unlock: its clients, cases and drafts read back whole, are found by
// name without diacritics, PESEL and sign, and no byte of the file or the
// WAL shows a PESEL, surname, street, phone, form answer or draft.
func TestLegacySealed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	officeID, first := makeLegacy(t, dir, 50)
	if found := leaks(t, filepath.Join(dir, FileName)); len(found) == 0 {
		t.Fatal("the legacy database holds no plaintext: the test would prove nothing")
	}
	s, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Client(ctx, first.ID); !errors.Is(err, ErrLocked) {
		t.Fatalf("a legacy client while locked: %v", err)
	}
	if err := s.Unlock(ctx, testCipher(t)); err != nil {
		t.Fatal(err)
	}
	got, err := s.Client(ctx, first.ID)
	if err != nil || got != first {
		t.Fatalf("sealed legacy client: %+v, %v", got, err)
	}
	for q, want := range map[string]int{"zolkiewska lucja": 1, "02270803624": 1, "nazwisko4": 11, // 4 and 40–49: a word longer than 8 letters is checked against the opened names
		"lucja": 50, "SO.5352.7.2026": 1, "so 5352": 50} {
		// Both ways to the cases of the clients found: each client's cases
		// looked up, and the cases walked newest first (many clients).
		for _, walk := range []int{2000, 0} {
			walkAbove = walk
			rows, err := s.Cases(ctx, officeID, CaseFilter{Text: q, Limit: 100})
			if err != nil || len(rows) != want {
				t.Errorf("Cases(%q), walk above %d = %d rows, %v; want %d", q, walk, len(rows), err, want)
			}
		}
		walkAbove = 2000
	}
	rows, err := s.Cases(ctx, officeID, CaseFilter{PESEL: first.PESEL})
	if err != nil || len(rows) != 1 {
		t.Fatalf("by PESEL: %v, %v", rows, err)
	}
	cs, err := s.Case(ctx, rows[0].ID)
	if err != nil || string(cs.Form) != `{"a":"tajemnica-formularza"}` {
		t.Fatalf("sealed legacy case: %+v, %v", cs, err)
	}
	if found := leaks(t, s.Path()); len(found) > 0 {
		t.Errorf("after sealing: %s", strings.Join(found, "; "))
	}
	var left int
	if err := s.w.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM legacy_client) + (SELECT count(*) FROM legacy_case) + (SELECT count(*) FROM legacy_draft)").Scan(&left); err != nil || left != 0 {
		t.Fatalf("%d legacy rows left (%v)", left, err)
	}
	// A later unlock finds nothing to seal.
	s.Lock()
	c, _ := keys.NewCipher(keys.NewDataKey())
	if err := s.Unlock(ctx, c); err != nil {
		t.Fatal(err)
	}
}
