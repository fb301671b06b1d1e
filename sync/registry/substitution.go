package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"okienko/app/office"
	"okienko/sync/entity"
	"okienko/sync/registry/store"
)

// Zastępstwa (issue 15): a person's periods of absence with their
// stand-in, written here only (the console's Urząd i ludzie) as the
// office's rows of entity substitution, which every device pulls like the
// staff rows; a device's op on them is refused (registry-only, check.go).
// A period is checked by meaning (office.ValidateSubstitution) against
// the office's people and units and, inside the writing transaction (the
// office's writes wait for it), against the periods of the people it
// names, so two periods for one person that overlap never both stand.

// ErrSubstitution refuses a period; errors.As finds its
// *SubstitutionError with the problems.
var ErrSubstitution = errors.New("registry: substitution refused")

// SubstitutionError is a refused period's problems, each with its field,
// i18n key and named arguments.
type SubstitutionError struct {
	Problems []office.Problem
}

func (e *SubstitutionError) Error() string {
	keys := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		keys[i] = p.Field + ": " + p.Key
	}
	return "registry: substitution refused: " + strings.Join(keys, ", ")
}

func (e *SubstitutionError) Unwrap() error { return ErrSubstitution }

// substitutionOf decodes a stored row (a field it lacks stays empty).
func substitutionOf(row store.Row) (office.Substitution, bool) {
	flat := make(map[string]json.RawMessage, len(row.Fields))
	for k, f := range row.Fields {
		flat[k] = f.V
	}
	raw, _ := json.Marshal(flat)
	var s office.Substitution
	if json.Unmarshal(raw, &s) != nil {
		return office.Substitution{}, false
	}
	s.ID = row.EntityID
	return s, true
}

// Substitutions lists the office's periods, withdrawn ones included, by
// their first day.
func (r *Registry) Substitutions(ctx context.Context, officeID string) ([]office.Substitution, error) {
	rows, err := r.st.RowsOf(ctx, officeID, "substitution")
	if err != nil {
		return nil, fmt.Errorf("registry: substitution rows: %w", err)
	}
	out := []office.Substitution{}
	for _, row := range rows {
		if s, ok := substitutionOf(row); ok && !row.Deleted {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b office.Substitution) int {
		return compareStrings(a.From+a.To+a.ID, b.From+b.To+b.ID)
	})
	return out, nil
}

// SaveSubstitution adds a period (s.ID "") or changes one (its absent
// person stays who it was). It answers the period as stored, a
// *SubstitutionError when refused, store.ErrNotFound for a changed period
// that is not the office's or was withdrawn.
func (r *Registry) SaveSubstitution(ctx context.Context, officeID string, s office.Substitution) (office.Substitution, error) {
	staff, units, err := r.StaffRows(ctx, officeID)
	if err != nil {
		return office.Substitution{}, err
	}
	now, err := r.OfficeNow(ctx, officeID)
	if err != nil {
		return office.Substitution{}, err
	}
	today := now.Format(time.DateOnly)
	s.CancelledAt = ""
	isNew := s.ID == ""
	if isNew {
		s.ID = newID()
	}
	err = r.inTx(ctx, officeID, func(tx store.Tx) error {
		cur, found, err := tx.Row(ctx, "substitution", s.ID)
		if err != nil {
			return err
		}
		if !isNew && !found {
			return fmt.Errorf("registry: substitution %s: %w", s.ID, store.ErrNotFound)
		}
		if found {
			was, ok := substitutionOf(cur)
			if !ok || cur.Deleted || !was.Live() {
				return fmt.Errorf("registry: substitution %s: %w", s.ID, store.ErrNotFound)
			}
			s.AbsentID = was.AbsentID
		}
		rows, err := tx.SubstitutionsOf(ctx, []string{s.AbsentID, s.StandInID})
		if err != nil {
			return err
		}
		var others []office.Substitution
		for _, row := range rows {
			if o, ok := substitutionOf(row); ok && !row.Deleted {
				others = append(others, o)
			}
		}
		if probs := office.ValidateSubstitution(s, others, staff, units, today); len(probs) > 0 {
			return &SubstitutionError{Problems: probs}
		}
		return r.write(ctx, tx, "substitution", s.ID, entity.Substitution{Substitution: s, OfficeID: officeID})
	})
	if err != nil {
		return office.Substitution{}, err
	}
	r.log.Info("substitution saved", "office", officeID, "substitution", s.ID)
	return s, nil
}

// CancelSubstitution withdraws a period at the registry's time: devices
// receive the row at their next sync and leave it out. A period already
// withdrawn keeps its first time; one that is not the office's is
// store.ErrNotFound.
func (r *Registry) CancelSubstitution(ctx context.Context, officeID, id string) (office.Substitution, error) {
	var s office.Substitution
	err := r.inTx(ctx, officeID, func(tx store.Tx) error {
		cur, found, err := tx.Row(ctx, "substitution", id)
		if err != nil {
			return err
		}
		var ok bool
		if s, ok = substitutionOf(cur); !found || !ok || cur.Deleted {
			return fmt.Errorf("registry: substitution %s: %w", id, store.ErrNotFound)
		}
		if !s.Live() {
			return nil
		}
		s.CancelledAt = r.now().UTC().Format(time.RFC3339)
		return r.write(ctx, tx, "substitution", id, entity.Substitution{Substitution: s, OfficeID: officeID})
	})
	if err != nil {
		return office.Substitution{}, err
	}
	r.log.Info("substitution withdrawn", "office", officeID, "substitution", id)
	return s, nil
}

// SubstitutionOf reads one period of the office (store.ErrNotFound).
func (r *Registry) SubstitutionOf(ctx context.Context, officeID, id string) (office.Substitution, error) {
	all, err := r.Substitutions(ctx, officeID)
	if err != nil {
		return office.Substitution{}, err
	}
	i := slices.IndexFunc(all, func(s office.Substitution) bool { return s.ID == id })
	if i < 0 {
		return office.Substitution{}, fmt.Errorf("registry: substitution %s: %w", id, store.ErrNotFound)
	}
	return all[i], nil
}
