package db

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/pressly/goose/v3"
)

func ticketUnits(t testing.TB, q interface {
	Query(string, ...any) (*sql.Rows, error)
}) map[string]string {
	t.Helper()
	rows, err := q.Query(`SELECT label, unit_symbol FROM queue_ticket`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]string{}
	for rows.Next() {
		var l, u string
		if err := rows.Scan(&l, &u); err != nil {
			t.Fatal(err)
		}
		got[l] = u
	}
	return got
}

// TestTicketUnitKept: a ticket's unit_symbol is its case's unit on every
// path (migration 00028's triggers): a ticket issued for a case, a case
// registered for a ticket already issued, a case that reaches the device
// after its ticket (pulled), a case moved to another unit, a case gone.
func TestTicketUnitKept(t *testing.T) {
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	k := newCaseFixture(t, s, f)
	b, c := NewID(), NewID()
	rawCase(t, s, f, k, b, 2, "2026-11-02", "2026-11-10", "settled")
	rawTicket(t, s, f, "2026-11-09", "A001", "served", "Stanowisko 1", b, 1, 2, 3)  // for a case
	rawTicket(t, s, f, "2026-11-09", "A002", "served", "Stanowisko 1", "", 1, 2, 3) // none yet
	rawTicket(t, s, f, "2026-11-09", "A003", "served", "Stanowisko 1", c, 1, 2, 3)  // its case not here yet
	rawTicket(t, s, f, "2026-11-09", "A004", "absent", "Stanowisko 1", "", 1, 2, 0) // none ever
	if _, err := s.w.Exec(`UPDATE queue_ticket SET case_id = ? WHERE label = 'A002'`, k.cs.ID); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"A001": "SO", "A002": "SO", "A003": "", "A004": ""}
	if got := ticketUnits(t, s.w); !equalMaps(got, want) {
		t.Fatalf("units %v, want %v", got, want)
	}
	rawCase(t, s, f, k, c, 3, "2026-11-09", "2026-12-09", "registered") // pulled later
	if _, err := s.w.Exec(`UPDATE case_file SET unit_symbol = 'USC' WHERE id = ?`, b); err != nil {
		t.Fatal(err)
	}
	want = map[string]string{"A001": "USC", "A002": "SO", "A003": "SO", "A004": ""}
	if got := ticketUnits(t, s.w); !equalMaps(got, want) {
		t.Fatalf("units %v, want %v", got, want)
	}
	if _, err := s.w.Exec(`UPDATE queue_ticket SET case_id = '' WHERE label = 'A001'`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec(`PRAGMA foreign_keys = OFF; DELETE FROM case_file WHERE id = ?; PRAGMA foreign_keys = ON`, c); err != nil {
		t.Fatal(err)
	}
	want = map[string]string{"A001": "", "A002": "SO", "A003": "", "A004": ""}
	if got := ticketUnits(t, s.w); !equalMaps(got, want) {
		t.Fatalf("units %v, want %v", got, want)
	}
}

// TestTicketUnitFilled: tickets a device kept before migration 00028 take
// their cases' units when it runs.
func TestTicketUnitFilled(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	if err := create(ctx, path); err != nil {
		t.Fatal(err)
	}
	w, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	sub, _ := fs.Sub(migrations, "migrations")
	p, err := goose.NewProvider(goose.DialectSQLite3, w, sub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 25); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO case_file (id, office_id, sign, unit_symbol, jrwa, reg_year, reg_no, card_id, client_id, status, submitted_on, due_on,
		  form, checklist, registered_by, search_text, created_at, updated_at)
		  VALUES ('c1', 'o1', 'FN.1.2026', 'FN', '1', 2026, 1, 'k1', 'p1', 'registered', '2026-01-02', '', CAST('{}' AS BLOB), CAST('[]' AS BLOB), 's1', '', 0, 0)`,
		`INSERT INTO queue_ticket (id, office_id, day, grp, number, label, priority, status, counter, issued_at, case_id, ahead, offline)
		  VALUES ('t1', 'o1', '2026-01-02', 'A', 1, 'A001', 0, 'served', 'S1', 1, 'c1', 0, 0),
		         ('t2', 'o1', '2026-01-02', 'A', 2, 'A002', 0, 'served', 'S1', 1, '', 0, 0),
		         ('t3', 'o1', '2026-01-02', 'A', 3, 'A003', 0, 'served', 'S1', 1, 'gone', 0, 0)`,
	} {
		if _, err := w.Exec(`PRAGMA foreign_keys = OFF`); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"A001": "FN", "A002": "", "A003": ""}
	if got := ticketUnits(t, w); !equalMaps(got, want) {
		t.Fatalf("units %v, want %v", got, want)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
