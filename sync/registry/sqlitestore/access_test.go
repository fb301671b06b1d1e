package sqlitestore

import (
	"context"
	"strings"
	"testing"
)

// TestAccessLogUsesIndexes: the access log's two queries (queries/access.sql)
// search the partial expression indexes of migration 00011 by both their
// columns, never the office's rows by the primary key (which the planner
// took without INDEXED BY on a store without statistics).
func TestAccessLogUsesIndexes(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for index, q := range map[string]string{
		"rows_audit_object": `SELECT * FROM rows INDEXED BY rows_audit_object WHERE office_id = ? AND entity = 'audit_log'
			AND json_extract(fields, '$.objectId.v') IN (SELECT j.value FROM json_each(?) j)`,
		"rows_case_client": `SELECT * FROM rows INDEXED BY rows_case_client WHERE office_id = ? AND entity = 'case_file'
			AND json_extract(fields, '$.clientId.v') = ?`,
	} {
		rows, err := s.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, "o", `["a","b"]`)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if got := strings.Join(plan, "; "); !strings.Contains(got, "SEARCH rows USING INDEX "+index+" (office_id=? AND <expr>=?") {
			t.Errorf("%s: plan %q", index, got)
		}
	}
}
