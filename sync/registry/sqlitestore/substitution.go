package sqlitestore

import (
	"context"
	"encoding/json"

	"okienko/sync/registry/sqlitestore/internal/rq"
	"okienko/sync/registry/store"
)

// SubstitutionsOf lists the periods naming any of staffIDs (absent or
// standing in), by rows_substitution_absent and _stand_in; a row this
// transaction wrote (held back until its end) is taken as written.
func (t *txn) SubstitutionsOf(ctx context.Context, staffIDs []string) ([]store.Row, error) {
	if len(staffIDs) == 0 {
		return nil, nil
	}
	ids, err := json.Marshal(staffIDs)
	if err != nil {
		return nil, wrap("substitutions", err)
	}
	rows, err := t.q.RowsSubstitutionsOf(ctx, rq.RowsSubstitutionsOfParams{OfficeID: t.office, StaffIds: string(ids)})
	if err != nil {
		return nil, wrap("substitutions", err)
	}
	out, err := decodeAll(rows)
	if err != nil {
		return nil, err
	}
	return store.OverlaySubstitutions(out, t.written, staffIDs), nil
}
