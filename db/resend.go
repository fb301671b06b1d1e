package db

import (
	"context"
	"fmt"

	"okienko/db/internal/dbq"
	"okienko/sync/hlc"
	"okienko/sync/merge"
)

// metaGeneration is the registry's generation this device last synced
// with: a restored registry has another, and the device sends it again
// what it lacks (sync/engine, resend).
const metaGeneration = "sync_generation"

// Generation is the registry generation this device last synced with, ""
// before any.
func (r reader) Generation(ctx context.Context) (string, error) { return r.meta(ctx, metaGeneration) }

// SetGeneration records the registry generation the device synced with;
// with pullFrom ≥ 0 the pull cursor goes back to it (never forward), so
// the device pulls again what a restored registry wrote after its copy.
func (t *Tx) SetGeneration(ctx context.Context, generation string, pullFrom int64) error {
	if pullFrom >= 0 {
		ss, err := t.SyncState(ctx)
		if err != nil {
			return err
		}
		if ss.Cursor > pullFrom {
			if err := t.SetCursor(ctx, pullFrom); err != nil {
				return err
			}
		}
	}
	return t.setMeta(ctx, metaGeneration, generation)
}

// ResendRow is a synced row as this device holds it, each field with its
// stamp.
type ResendRow struct {
	Entity, ID string
	Fields     merge.Row
}

// registryOnly are the synced tables only the registry writes: a device
// never sends them, again or not.
var registryOnly = map[string]bool{"office": true, "unit": true, "staff": true, "substitution": true, "service_card": true, "setting": true}

// ResendRows calls fn with every row a restored registry may lack: every
// row, of the tables devices write, holding a field stamped after the
// mark of the stamp's node (marks: node → newest stamp of it the
// registry holds; a node without one: all its fields), whole, its own
// and those pulled from other devices alike. Rows go in pages of the
// device's row clock, read outside any write transaction.
func (s *Store) ResendRows(ctx context.Context, marks map[string]string, fn func(ResendRow) error) error {
	var entity, id string
	for {
		rows, err := s.qr.RowClockPage(ctx, dbq.RowClockPageParams{Entity: entity, EntityID: id, Lim: 1000})
		if err != nil {
			return fmt.Errorf("db: resend rows: %w", err)
		}
		if len(rows) == 0 {
			return nil
		}
		for _, r := range rows {
			entity, id = r.Entity, r.EntityID
			if registryOnly[r.Entity] {
				continue
			}
			plain, err := s.lk.open("row_clock", "fields", r.Entity+"/"+r.EntityID, r.Fields)
			if err != nil {
				return fmt.Errorf("db: resend %s/%s: %w", r.Entity, r.EntityID, err)
			}
			row, err := DecodeRowClock(plain)
			if err != nil {
				return fmt.Errorf("db: resend %s/%s: %w", r.Entity, r.EntityID, err)
			}
			if !pastMarks(row, marks) {
				continue
			}
			if err := fn(ResendRow{Entity: r.Entity, ID: r.EntityID, Fields: row}); err != nil {
				return err
			}
		}
	}
}

// pastMarks reports whether a field of row was stamped after its node's
// mark (or by a node without one).
func pastMarks(row merge.Row, marks map[string]string) bool {
	for _, f := range row {
		ts, err := hlc.Parse(f.H)
		if err != nil {
			return true // sent, and the registry judges it
		}
		if mark, ok := marks[ts.Node]; !ok || f.H > mark {
			return true
		}
	}
	return false
}
