package db

import (
	"context"

	"okienko/app/office"
	"okienko/db/internal/dbq"
	"okienko/sync/entity"
)

// substitutionPayload is the synced form of a period of absence
// (zastępstwo): the registry writes it, devices only store what they pull.
type substitutionPayload = entity.Substitution

func (t *Tx) writeSubstitution(ctx context.Context, p substitutionPayload) error {
	n := ms(t.now)
	return wrap("save substitution", t.q.SubstitutionUpsert(ctx, dbq.SubstitutionUpsertParams{
		ID: p.ID, OfficeID: p.OfficeID, AbsentID: p.AbsentID, StandInID: p.StandInID, FromDay: p.From, ToDay: p.To,
		UnitID: p.UnitID, Reason: string(p.Reason), CancelledAt: p.CancelledAt, CreatedAt: n, UpdatedAt: n,
	}))
}

func writeSubstitutionJSON(t *Tx, ctx context.Context, raw []byte) error {
	var p substitutionPayload
	if err := decodeInto(raw, &p); err != nil {
		return err
	}
	return t.writeSubstitution(ctx, p)
}

// SubstitutionsOn lists the office's standing periods of absence that
// cover day (YYYY-MM-DD, the office's), by absent person.
func (r reader) SubstitutionsOn(ctx context.Context, officeID, day string) ([]office.Substitution, error) {
	rows, err := r.q.SubstitutionsCovering(ctx, dbq.SubstitutionsCoveringParams{OfficeID: officeID, Day: day})
	if err != nil {
		return nil, wrap("list substitutions", err)
	}
	out := make([]office.Substitution, len(rows))
	for i, x := range rows {
		out[i] = office.Substitution{ID: x.ID, AbsentID: x.AbsentID, StandInID: x.StandInID, From: x.FromDay, To: x.ToDay,
			UnitID: x.UnitID, Reason: office.Reason(x.Reason), CancelledAt: x.CancelledAt}
	}
	return out, nil
}
