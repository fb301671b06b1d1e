package pgstore

import (
	"context"

	"okienko/sync/registry/pgstore/internal/pq"
	"okienko/sync/registry/store"
)

// SubstitutionsOf lists the periods naming any of staffIDs (absent or
// standing in), by rows_substitution_absent and _stand_in; a row this
// transaction wrote (held back until its end) is taken as written.
func (t *txn) SubstitutionsOf(ctx context.Context, staffIDs []string) ([]store.Row, error) {
	if len(staffIDs) == 0 {
		return nil, nil
	}
	rows, err := t.q.RowsSubstitutionsOf(ctx, pq.RowsSubstitutionsOfParams{OfficeID: t.office, StaffIds: staffIDs})
	if err != nil {
		return nil, wrap("substitutions", err)
	}
	out, err := decodeRows(rows)
	if err != nil {
		return nil, err
	}
	written := make(map[store.RowKey]store.Row, len(t.puts))
	for k := range t.puts {
		written[k] = t.rows[k].row
	}
	return store.OverlaySubstitutions(out, written, staffIDs), nil
}
