package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"okienko/app/catalog"
	"okienko/app/demo"
	"okienko/app/office"
	"okienko/sync/entity"
	"okienko/sync/merge"
	"okienko/sync/registry/store"
)

// write stores a payload as the registry's own write: every field stamped
// now, merged like any other change (so a newer device write is not
// overwritten by an older admin import).
func (r *Registry) write(ctx context.Context, tx store.Tx, ent, id string, payload any) error {
	fields, err := entity.Fields(payload)
	if err != nil {
		return fmt.Errorf("registry: %s: %w", ent, err)
	}
	cur, _, err := tx.Row(ctx, ent, id)
	if err != nil {
		return err
	}
	m := merge.Apply(cur.Fields, merge.Change{Entity: ent, Fields: fields, HLC: r.clock.Now().String()})
	if len(m.Changed) == 0 {
		return nil
	}
	_, err = tx.PutRow(ctx, ent, id, m.Row, false)
	return err
}

// SeedOffice creates an office from an office file (office, units, staff
// with password hashes, settings: the format of the demo office) and a
// catalogue file. Devices enrolled to it receive all of it but the
// password hashes, which the registry keeps apart (storeCredentials).
func (r *Registry) SeedOffice(ctx context.Context, o demo.Office, catalogue []byte) error {
	if err := o.Office.Validate(); err != nil {
		return fmt.Errorf("registry: office: %w", err)
	}
	if err := r.st.CreateOffice(ctx, store.Office{ID: o.Office.ID, Name: o.Office.Name, TERYT: o.Office.TERYT}); err != nil {
		return err
	}
	err := r.inTx(ctx, o.Office.ID, func(tx store.Tx) error {
		if err := r.write(ctx, tx, "office", o.Office.ID, o.Office); err != nil {
			return err
		}
		for _, u := range o.Units {
			if err := r.write(ctx, tx, "unit", u.ID, entity.Unit{Unit: u, OfficeID: o.Office.ID}); err != nil {
				return err
			}
		}
		for _, s := range o.Staff {
			if s.Competences == nil {
				s.Competences = []string{}
			}
			if err := r.write(ctx, tx, "staff", s.ID, entity.Staff{Staff: s.Staff, OfficeID: o.Office.ID}); err != nil {
				return err
			}
		}
		for k, v := range o.Settings {
			id := newID()
			if err := r.write(ctx, tx, "setting", id, entity.Setting{ID: id, OfficeID: o.Office.ID, Key: k, Value: v}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := r.storeCredentials(ctx, o.Office.ID, o.Staff); err != nil {
		return err
	}
	if len(catalogue) > 0 {
		rep, err := r.ImportCatalogue(ctx, o.Office.ID, catalogue)
		if err != nil {
			return err
		}
		if len(rep.Problems) > 0 {
			return fmt.Errorf("registry: catalogue has %d problems, first: %s", len(rep.Problems), rep.Problems[0])
		}
	}
	r.log.Info("office seeded", "office", o.Office.ID, "units", len(o.Units), "staff", len(o.Staff))
	return nil
}

// ImportReport is what a catalogue import did.
type ImportReport struct {
	Added     int
	Unchanged int
	Problems  []catalog.Problem
}

// ImportCatalogue validates a catalogue file against the office's units
// and stored versions and adds its new card versions. A file with any
// problem changes nothing.
func (r *Registry) ImportCatalogue(ctx context.Context, officeID string, raw []byte) (ImportReport, error) {
	units, err := r.st.RowsOf(ctx, officeID, "unit")
	if err != nil {
		return ImportReport{}, err
	}
	env := catalog.Env{Units: map[string]bool{}}
	unitID := map[string]string{}
	for _, u := range units {
		var sym, id string
		_ = json.Unmarshal(u.Fields["symbol"].V, &sym)
		_ = json.Unmarshal(u.Fields["id"].V, &id)
		env.Units[sym], unitID[sym] = true, id
	}
	f, probs := catalog.Parse(raw, env)
	if len(probs) > 0 {
		return ImportReport{Problems: probs}, nil
	}
	cards, err := r.st.RowsOf(ctx, officeID, "service_card")
	if err != nil {
		return ImportReport{}, err
	}
	stored := map[string][]catalog.Stored{}
	for _, row := range cards {
		var c catalog.Card
		if err := json.Unmarshal(row.Fields["card"].V, &c); err == nil {
			stored[c.Code] = append(stored[c.Code], catalog.Stored{Version: c.Version, Hash: catalog.Hash(c)})
		}
	}
	plan := catalog.PlanImport(f, stored)
	if len(plan.Problems) > 0 {
		return ImportReport{Problems: plan.Problems}, nil
	}
	err = r.inTx(ctx, officeID, func(tx store.Tx) error {
		for _, c := range plan.New {
			id := newID()
			if err := r.write(ctx, tx, "service_card", id, entity.Card{ID: id, OfficeID: officeID, UnitID: unitID[c.Unit], Card: c}); err != nil {
				return err
			}
		}
		return nil
	})
	return ImportReport{Added: len(plan.New), Unchanged: len(plan.Unchanged)}, err
}

// ImportStaff adds or updates the staff of an office file (the directory
// is the registry's: devices receive it; the password hashes stay at the
// registry, and reach only the devices their people may sign in on).
func (r *Registry) ImportStaff(ctx context.Context, officeID string, staff []demo.StaffAccount) (int, error) {
	n := 0
	err := r.inTx(ctx, officeID, func(tx store.Tx) error {
		for _, s := range staff {
			if err := s.Staff.Validate(); err != nil {
				return fmt.Errorf("registry: staff %s: %w", s.Login, err)
			}
			if s.Competences == nil {
				s.Competences = []string{}
			}
			if err := r.write(ctx, tx, "staff", s.ID, entity.Staff{Staff: s.Staff, OfficeID: officeID}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, r.storeCredentials(ctx, officeID, staff)
}

// SaveUnit adds or changes a unit of the office (the console's Urząd i
// ludzie): the registry's row, which devices receive at their next sync.
func (r *Registry) SaveUnit(ctx context.Context, officeID string, u office.Unit) error {
	if err := u.Validate(); err != nil {
		return fmt.Errorf("registry: unit %s: %w", u.Symbol, err)
	}
	return r.inTx(ctx, officeID, func(tx store.Tx) error {
		return r.write(ctx, tx, "unit", u.ID, entity.Unit{Unit: u, OfficeID: officeID})
	})
}

// ErrUnitStaffed refuses to retire a unit while active staff belong to
// it: they must be moved to another unit first (a person has one unit).
var ErrUnitStaffed = errors.New("registry: the unit still has active staff")

// RetireUnit retires a unit at the registry's time (issue 15 part 6): it
// takes no new cases, numbers or staff from then on, and devices receive
// the row at their next sync; its cases, signs and registers stay. It is
// refused while active staff belong to the unit (ErrUnitStaffed, with
// their logins). A unit already retired keeps its first time.
func (r *Registry) RetireUnit(ctx context.Context, officeID, unitID string) (office.Unit, []string, error) {
	staff, units, err := r.StaffRows(ctx, officeID)
	if err != nil {
		return office.Unit{}, nil, err
	}
	i := slices.IndexFunc(units, func(u office.Unit) bool { return u.ID == unitID })
	if i < 0 {
		return office.Unit{}, nil, fmt.Errorf("registry: unit %s: %w", unitID, store.ErrNotFound)
	}
	u := units[i]
	var left []string
	for _, s := range staff {
		if s.Active && s.UnitID == unitID {
			left = append(left, s.Login)
		}
	}
	if len(left) > 0 {
		return u, left, fmt.Errorf("registry: retire unit %s: %w", u.Symbol, ErrUnitStaffed)
	}
	if u.Retired() {
		return u, nil, nil
	}
	u.RetiredAt = r.now().UTC().Format(time.RFC3339)
	r.forgetUnits(officeID)
	return u, nil, r.SaveUnit(ctx, officeID, u)
}

// RestoreUnit puts a retired unit back in use.
func (r *Registry) RestoreUnit(ctx context.Context, officeID, unitID string) (office.Unit, error) {
	_, units, err := r.StaffRows(ctx, officeID)
	if err != nil {
		return office.Unit{}, err
	}
	i := slices.IndexFunc(units, func(u office.Unit) bool { return u.ID == unitID })
	if i < 0 {
		return office.Unit{}, fmt.Errorf("registry: unit %s: %w", unitID, store.ErrNotFound)
	}
	u := units[i]
	if !u.Retired() {
		return u, nil
	}
	u.RetiredAt = ""
	r.forgetUnits(officeID)
	return u, r.SaveUnit(ctx, officeID, u)
}
