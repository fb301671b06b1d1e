package sqlitestore

import (
	"context"
	"os"
	"strings"
	"testing"
)

// TestRowsStoredSearchesByKey: the push group's question which of its
// rows are stored (queries/registry.sql, RowsStored) walks the keys and
// searches the rows' key index for each; with a plain JOIN the planner
// scanned the office's rows for every key (83 s for a push of 10,000 ops).
func TestRowsStoredSearchesByKey(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, err := s.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+querySQL(t, "RowsStored"), `[["client","a"]]`, "o")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	got := strings.Join(plan, "; ")
	if !strings.HasPrefix(got, "SCAN k") || !strings.Contains(got, "SEARCH r USING COVERING INDEX sqlite_autoindex_rows_1 (office_id=? AND entity=? AND entity_id=?)") {
		t.Errorf("plan %q", got)
	}
}

// querySQL is a named query of queries/registry.sql as SQLite takes it:
// comments dropped, sqlc.arg(keys) and sqlc.arg(office_id) as ?1 and ?2.
func querySQL(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("queries/registry.sql")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(b), "-- name: "+name+" ")
	if !ok {
		t.Fatalf("no query %s", name)
	}
	var sql []string
	for _, line := range strings.Split(after, "\n")[1:] {
		if strings.TrimSpace(line) == "" {
			break
		}
		if !strings.HasPrefix(line, "--") {
			sql = append(sql, line)
		}
	}
	return strings.NewReplacer("sqlc.arg(keys)", "?1", "sqlc.arg(office_id)", "?2").Replace(strings.Join(sql, "\n"))
}
