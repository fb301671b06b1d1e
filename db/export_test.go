package db

import "okienko/db/internal/dbq"

// unitParams lets the negative-control test write a unit behind the
// store's back, as a buggy method would.
func unitParams(f fixture) dbq.UnitUpsertParams {
	return dbq.UnitUpsertParams{ID: f.unit.ID, OfficeID: f.office.ID, Symbol: f.unit.Symbol, Name: "obejście", CreatedAt: 1, UpdatedAt: 1}
}
