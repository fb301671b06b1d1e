package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"okienko/db/internal/dbq"
)

// A first pull page by page (a fresh device whose registry has no
// snapshot for it, or one whose snapshot did not fit) writes every case of
// the office into empty tables. Kept up row by row, the case's secondary
// indexes cost some ten random B-tree inserts a case, each dirtying a page
// that the statement journal copies and the commit writes again; built
// once over the pulled rows, an index is a sort and pages filled in order
// (the snapshot import does the same, snapshot.go). So a pull that starts
// on an empty device drops the indexes below and builds them again when
// it ends.
//
// Only plain secondary indexes are dropped: never a unique one (an
// upsert's conflict target, a guarantee), nor one a trigger reads through
// (case_file_client, case_event_case: without them each pulled row would
// scan the table). Indexes change no result, only speed, so a query run
// meanwhile is right, only slower. Their SQL is kept in device_meta in the
// transaction that drops them; a process killed mid-pull builds them again
// when the store is next opened, before its migrations run.
var bulkIndexes = []string{
	"case_file_due", "case_file_status", "case_file_assignee", "case_file_assignee_due",
	"case_file_assignee_supplement", "case_file_unit", "case_file_submitted", "case_file_due_on",
	"case_event_finalized", "case_event_duty", "case_event_supplement", "case_event_notice",
	"audit_log_created", "audit_log_object", "audit_log_staff",
	"case_number_free", "case_number_case",
}

// metaBulk holds the dropped indexes' names and SQL while a first pull runs.
const metaBulk = "bulk_indexes"

// BeginBulkLoad drops the bulk indexes when this device holds no synced
// rows yet and reports whether it did. EndBulkLoad builds them again.
func (s *Store) BeginBulkLoad(ctx context.Context) (bool, error) {
	began := false
	err := s.InTx(ctx, func(t *Tx) error {
		began = false
		if cur, err := t.meta(ctx, metaBulk); err != nil || cur != "" {
			return err // one under way already (a round that failed): it goes on
		}
		if err := holdsNoSyncedRows(ctx, t.sql); err != nil {
			if errors.Is(err, ErrSnapshotMismatch) {
				return nil
			}
			return err
		}
		kept, err := indexSQL(ctx, t.sql, bulkIndexes)
		if err != nil {
			return err
		}
		if len(kept) == 0 {
			return nil
		}
		raw, err := json.Marshal(kept)
		if err != nil {
			return fmt.Errorf("db: bulk load: %w", err)
		}
		if err := t.setMeta(ctx, metaBulk, string(raw)); err != nil {
			return err
		}
		for _, ix := range kept {
			if _, err := t.sql.ExecContext(ctx, `DROP INDEX main."`+ix[0]+`"`); err != nil {
				return fmt.Errorf("db: bulk load: drop %s: %w", ix[0], err)
			}
		}
		began = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("db: bulk load: %w", err)
	}
	if began {
		// The pull's pages insert at random places in the row clocks, the
		// blind index and the tables' keys, a working set larger than the
		// writer's 64 MB cache: pages were read back from the WAL. And an
		// automatic checkpoint every 1,000 WAL pages wrote many pages to
		// the database file several times. For the pull the cache is 256
		// MB, as for a snapshot's import, and the WAL is checkpointed once,
		// after it (EndBulkLoad). Both are the connection's settings: a
		// process killed meanwhile opens with the usual ones.
		if _, err := s.w.ExecContext(ctx, "PRAGMA cache_size = -262144"); err != nil {
			return true, fmt.Errorf("db: bulk load: cache: %w", err)
		}
		if _, err := s.w.ExecContext(ctx, "PRAGMA wal_autocheckpoint = 0"); err != nil {
			return true, fmt.Errorf("db: bulk load: checkpoint off: %w", err)
		}
	}
	return began, nil
}

// EndBulkLoad builds the indexes a bulk load dropped, if any, and clears
// its mark, in one transaction; then gives the writer its usual cache
// back and checkpoints the WAL in the background, as after a snapshot's
// import (Store.checkpoint), which turns automatic checkpoints back on.
func (s *Store) EndBulkLoad(ctx context.Context) error {
	err := s.InTx(ctx, func(t *Tx) error { return t.endBulkLoad(ctx) })
	if _, cerr := s.w.ExecContext(ctx, "PRAGMA cache_size = "+writerCacheSize); cerr != nil {
		err = errors.Join(err, fmt.Errorf("db: bulk load: cache: %w", cerr))
	}
	s.bg.Add(1)
	go s.checkpoint(func() error {
		_, err := s.w.ExecContext(context.Background(), "PRAGMA wal_autocheckpoint = 1000")
		return err
	})
	return err
}

func (t *Tx) endBulkLoad(ctx context.Context) error {
	cur, err := t.meta(ctx, metaBulk)
	if err != nil || cur == "" {
		return err
	}
	var kept [][2]string
	if err := json.Unmarshal([]byte(cur), &kept); err != nil {
		return fmt.Errorf("db: bulk load: dropped indexes: %w", err)
	}
	for _, ix := range kept {
		if !strings.HasPrefix(strings.ToUpper(ix[1]), "CREATE INDEX ") {
			return fmt.Errorf("db: bulk load: %s is not an index's SQL", ix[0])
		}
		q := "CREATE INDEX IF NOT EXISTS " + ix[1][len("CREATE INDEX "):]
		if _, err := t.sql.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("db: bulk load: build %s: %w", ix[0], err)
		}
	}
	return t.setMeta(ctx, metaBulk, "")
}

// indexSQL reads the SQL of the named indexes that exist.
func indexSQL(ctx context.Context, tx *sql.Tx, names []string) ([][2]string, error) {
	list, err := json.Marshal(names)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM main.sqlite_schema
		WHERE type = 'index' AND sql IS NOT NULL AND name IN (SELECT value FROM json_each(?)) ORDER BY name`, string(list))
	if err != nil {
		return nil, fmt.Errorf("db: bulk load: indexes: %w", err)
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var ix [2]string
		if err := rows.Scan(&ix[0], &ix[1]); err != nil {
			return nil, fmt.Errorf("db: bulk load: indexes: %w", err)
		}
		out = append(out, ix)
	}
	return out, rows.Err()
}

// repairBulkLoad builds the indexes of a bulk load that a killed process
// left dropped. It runs on the writer before the migrations, which may
// change those indexes, and before anyone reads.
func repairBulkLoad(ctx context.Context, w *sql.DB) error {
	cur, err := dbq.New(w).DeviceMetaGet(ctx, metaBulk)
	switch {
	case errors.Is(err, sql.ErrNoRows), err != nil && strings.Contains(err.Error(), "no such table"):
		return nil // none under way, or a store older than device_meta
	case err != nil:
		return fmt.Errorf("db: bulk load: %w", err)
	case cur == "":
		return nil
	}
	sqlTx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: bulk load: %w", err)
	}
	tq := dbq.New(sqlTx)
	t := &Tx{reader: reader{q: tq}, q: tq, sql: sqlTx}
	if err := t.endBulkLoad(ctx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("db: bulk load: %w", err)
	}
	return nil
}
