package pgstore

import (
	"context"
	"io/fs"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"okienko/sync/registry/pgstore/internal/pq"
	"okienko/sync/registry/store"
	"okienko/sync/registry/storetest"
)

// TestVerifiersMoveOut: a registry whose staff rows carry password hashes
// (before migration 3) keeps them in its own table afterwards, and the
// rows devices pull no longer carry them; other rows keep their bytes.
func TestVerifiersMoveOut(t *testing.T) {
	ctx := context.Background()
	dsn := freshSchema(t)
	pool, p := migrationsOn(t, dsn)
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
		{"INSERT INTO offices (id, name, teryt, seq, created_at) VALUES ($1, $2, $3, 2, 0)", []any{"o", "Gmina", "1099012"}},
		{"INSERT INTO rows (office_id, entity, entity_id, fields, deleted, seq) VALUES ('o', 'staff', $1, $2, FALSE, 1)", []any{l.StaffID, string(l.Staff)}},
		{"INSERT INTO rows (office_id, entity, entity_id, fields, deleted, seq) VALUES ('o', 'client', $1, $2, FALSE, 2)", []any{l.ClientID, string(l.Client)}},
	} {
		if _, err := pool.Exec(ctx, stmt.q, stmt.args...); err != nil {
			t.Fatal(err)
		}
	}
	pool.Close()
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.CheckLegacyMigrated(t, s, "o", l)
}

// TestReportTriggerDown: migration 00021 drops the trigger rows_report and
// its functions, and its Down brings them back (and the trigger again
// keeps report_cases as rows are written).
func TestReportTriggerDown(t *testing.T) {
	ctx := context.Background()
	pool, p := migrationsOn(t, freshSchema(t))
	triggers := func() int {
		var n int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM pg_trigger WHERE tgname = 'rows_report' AND tgrelid = 'rows'::regclass`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if n := triggers(); n != 0 {
		t.Fatalf("after Up: %d triggers rows_report", n)
	}
	if _, err := p.DownTo(ctx, 20); err != nil {
		t.Fatal(err)
	}
	if n := triggers(); n != 1 {
		t.Fatalf("after Down: %d triggers rows_report", n)
	}
	for _, q := range []string{
		"INSERT INTO offices (id, name, teryt, seq, created_at) VALUES ('o', 'Gmina', '', 1, 0)",
		`INSERT INTO rows (office_id, entity, entity_id, fields, deleted, seq) VALUES ('o', 'case_file', 'c', '{"unit": {"v": "SO", "h": "x"}}', FALSE, 1)`,
	} {
		if _, err := pool.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	var unit string
	if err := pool.QueryRow(ctx, "SELECT unit FROM report_cases WHERE office_id = 'o' AND case_id = 'c'").Scan(&unit); err != nil || unit != "SO" {
		t.Fatalf("the trigger again: unit %q, %v", unit, err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if n := triggers(); n != 0 {
		t.Fatalf("after Up again: %d triggers rows_report", n)
	}
}

// TestRefsMigrated: rows stored before migration 00022 are found by the
// ref columns after it (filled from their JSON once), and its Down brings
// the expression indexes back.
func TestRefsMigrated(t *testing.T) {
	ctx := context.Background()
	pool, p := migrationsOn(t, freshSchema(t))
	if _, err := p.UpTo(ctx, 21); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"INSERT INTO offices (id, name, teryt, seq, created_at) VALUES ('o', 'Gmina', '', 4, 0)",
		`INSERT INTO rows (office_id, entity, entity_id, fields, deleted, seq) VALUES
			('o', 'audit_log', 'a1', '{"objectId": {"v": "k1", "h": "x"}}', FALSE, 1),
			('o', 'case_file', 'c1', '{"clientId": {"v": "k1", "h": "x"}}', FALSE, 2),
			('o', 'substitution', 's1', '{"absentId": {"v": "s-anna", "h": "x"}, "standInId": {"v": "s-jan", "h": "x"}}', FALSE, 3),
			('o', 'client', 'k1', '{"objectId": {"v": "k1", "h": "x"}}', FALSE, 4)`,
	} {
		if _, err := pool.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	s := &Store{pool: pool, q: pq.New(pool)}
	audit, err := s.AuditOfObjects(ctx, "o", []string{"k1"})
	if err != nil || len(audit) != 1 || audit[0].EntityID != "a1" {
		t.Errorf("audit of k1 = %+v, %v", audit, err)
	}
	cases, err := s.CasesOfClient(ctx, "o", "k1")
	if err != nil || len(cases) != 1 || cases[0].EntityID != "c1" {
		t.Errorf("cases of k1 = %+v, %v", cases, err)
	}
	for _, staff := range []string{"s-anna", "s-jan"} {
		err = s.InTx(ctx, "o", func(tx store.Tx) error {
			subs, err := tx.SubstitutionsOf(ctx, []string{staff})
			if err == nil && (len(subs) != 1 || subs[0].EntityID != "s1") {
				t.Errorf("substitutions of %s = %+v", staff, subs)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.DownTo(ctx, 21); err != nil {
		t.Fatal(err)
	}
	var n int
	// The schema's own indexes are found first and only their definitions
	// read: pg_indexes may read the definition of an index that another
	// test's schema is dropping meanwhile ("cache lookup failed", seen in
	// a clean-clone run).
	if err := pool.QueryRow(ctx, `WITH mine AS MATERIALIZED (
		SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind = 'i'
		  AND c.relname IN ('rows_audit_object', 'rows_case_client', 'rows_substitution_absent', 'rows_substitution_stand_in'))
		SELECT count(*) FROM mine WHERE pg_get_indexdef(oid) LIKE '%jsonb%'`).Scan(&n); err != nil || n != 4 {
		t.Errorf("expression indexes after Down: %d, %v", n, err)
	}
}

// migrationsOn opens a pool on dsn and a goose provider of the store's
// migrations over it, for a test to step through them; both are closed
// when the test ends (closing the pool again is harmless).
func migrationsOn(t *testing.T, dsn string) (*pgxpool.Pool, *goose.Provider) {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDBFromPool(pool)
	t.Cleanup(func() { db.Close(); pool.Close() })
	sub, _ := fs.Sub(migrations, "migrations")
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub, goose.WithAllowOutofOrder(true))
	if err != nil {
		t.Fatal(err)
	}
	return pool, p
}
