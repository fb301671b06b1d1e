package db

import (
	"context"
	"database/sql"
	"fmt"
)

// The case search index (case_fts, FTS5 over the signs' words) of a
// snapshot is the registry's, kept by the same triggers and flush as a
// device's, over the same rows and rowids: instead of rebuilding it over
// the copied cases (0.7 s of the import's connection at 100,000 cases:
// every sign tokenized again, its terms sorted and written), its five
// tables are copied as they are, record by record (SQLite's transfer, in
// order, no sort). It is taken only when it is whole (an entry for each
// case, nothing queued) and defined as the device's; otherwise it is
// rebuilt as before.
//
// FTS5 keeps the structure of its index in memory per connection, checked
// only against other connections' commits: the writer's own would be
// stale after its tables changed under it. The table is dropped and
// created again first, so the writer's FTS5 starts from nothing and reads
// the copied structure at its first use.

// caseSearchTables are case_fts's own tables, as FTS5 names them.
var caseSearchTables = []string{"case_fts_data", "case_fts_idx", "case_fts_content", "case_fts_docsize", "case_fts_config"}

// copyCaseSearch copies the snapshot's case search index, or reports
// false (nothing changed) when it cannot be taken as it is.
func copyCaseSearch(ctx context.Context, conn *sql.Tx) (bool, error) {
	var ours, theirs string
	const def = `SELECT group_concat(type || ' ' || name || ': ' || coalesce(sql, ''), char(10)) FROM
		(SELECT * FROM %s.sqlite_schema WHERE tbl_name = 'case_fts' OR tbl_name LIKE 'case\_fts\_%%' ESCAPE '\' ORDER BY type, name)`
	if err := conn.QueryRowContext(ctx, fmt.Sprintf(def, "main")).Scan(&ours); err != nil {
		return false, fmt.Errorf("db: snapshot: case search index: %w", err)
	}
	if err := conn.QueryRowContext(ctx, fmt.Sprintf(def, "snap")).Scan(&theirs); err != nil || ours != theirs {
		return false, nil
	}
	var whole bool
	if err := conn.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM snap.fts_queue)
		AND (SELECT count(*) FROM snap.case_fts_docsize) = (SELECT count(*) FROM snap.case_file)
		AND NOT EXISTS (SELECT 1 FROM snap.case_file c WHERE NOT EXISTS (SELECT 1 FROM snap.case_fts_docsize d WHERE d.id = c.rowid))`).Scan(&whole); err != nil || !whole {
		return false, nil
	}
	var create string
	if err := conn.QueryRowContext(ctx, "SELECT sql FROM main.sqlite_schema WHERE type = 'table' AND name = 'case_fts'").Scan(&create); err != nil {
		return false, fmt.Errorf("db: snapshot: case search index: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "DROP TABLE main.case_fts"); err != nil {
		return false, fmt.Errorf("db: snapshot: case search index: %w", err)
	}
	if _, err := conn.ExecContext(ctx, create); err != nil {
		return false, fmt.Errorf("db: snapshot: case search index: %w", err)
	}
	for _, table := range caseSearchTables {
		if _, err := conn.ExecContext(ctx, `DELETE FROM main."`+table+`"`); err != nil {
			return false, fmt.Errorf("db: snapshot: case search index: %w", err)
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO main."`+table+`" SELECT * FROM snap."`+table+`"`); err != nil {
			return false, fmt.Errorf("db: snapshot: case search index: %w", err)
		}
	}
	return true, nil
}
