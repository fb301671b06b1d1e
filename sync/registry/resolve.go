package registry

import (
	"context"
	"fmt"
	"slices"

	"okienko/app/office"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// resolveFor settles a conflict for a person of a device: the admin any
// of the office's, a head only a case of their own unit, as the console
// shows them (a head of another unit was let through here).
func (r *Registry) resolveFor(ctx context.Context, officeID string, p Person, req protocol.ResolveRequest) error {
	var unit string
	if p.Role == office.RoleHead {
		var err error
		if unit, err = r.unitOf(ctx, officeID, p.StaffID); err != nil {
			return err
		}
	}
	return r.resolve(ctx, officeID, p.StaffID, req, func(tx store.Tx, c store.Conflict) error {
		if p.Role != office.RoleHead {
			return nil
		}
		cur, ok, err := tx.Row(ctx, c.Entity, c.EntityID)
		if err != nil {
			return err
		}
		if c.Entity != "case_file" || !ok || unit == "" || str(cur.Fields, "unit") != unit {
			return fmt.Errorf("%w: a conflict outside the head's unit", ErrRole)
		}
		return nil
	})
}

// unitOf is the symbol of a staff member's unit ("" if none).
func (r *Registry) unitOf(ctx context.Context, officeID, staffID string) (string, error) {
	staff, units, err := r.StaffRows(ctx, officeID)
	if err != nil {
		return "", err
	}
	if i := slices.IndexFunc(staff, func(s office.Staff) bool { return s.ID == staffID }); i >= 0 {
		if j := slices.IndexFunc(units, func(u office.Unit) bool { return u.ID == staff[i].UnitID }); j >= 0 {
			return units[j].Symbol, nil
		}
	}
	return "", nil
}
