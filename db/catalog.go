package db

import (
	"context"
	"encoding/json"
	"fmt"

	"okienko/app/catalog"
	"okienko/db/internal/dbq"
)

// CurrentCards lists the newest version of every card, by title.
func (r reader) CurrentCards(ctx context.Context, officeID string) ([]catalog.Version, error) {
	rows, err := r.q.ServiceCardListCurrent(ctx, officeID)
	if err != nil {
		return nil, fmt.Errorf("db: list cards: %w", err)
	}
	out := make([]catalog.Version, len(rows))
	for i, row := range rows {
		if out[i], err = cardFromRow(row); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Card returns one stored card version by id.
func (r reader) Card(ctx context.Context, id string) (catalog.Version, error) {
	row, err := r.q.ServiceCardGet(ctx, id)
	if err != nil {
		return catalog.Version{}, notFound(err, "card")
	}
	return cardFromRow(row)
}

// StoredVersions returns the stored versions of every card by code, for
// planning an import.
func (r reader) StoredVersions(ctx context.Context, officeID string) (map[string][]catalog.Stored, error) {
	rows, err := r.q.ServiceCardListVersions(ctx, officeID)
	if err != nil {
		return nil, fmt.Errorf("db: list card versions: %w", err)
	}
	out := map[string][]catalog.Stored{}
	for _, row := range rows {
		out[row.Code] = append(out[row.Code], catalog.Stored{Version: int(row.Version), Hash: row.Hash})
	}
	return out, nil
}

// CardCount counts stored card versions.
func (r reader) CardCount(ctx context.Context, officeID string) (int, error) {
	n, err := r.q.ServiceCardCount(ctx, officeID)
	if err != nil {
		return 0, fmt.Errorf("db: count cards: %w", err)
	}
	return int(n), nil
}

func cardFromRow(row dbq.ServiceCard) (catalog.Version, error) {
	v := catalog.Version{ID: row.ID, UnitID: row.UnitID, StoredAt: fromMS(row.CreatedAt)}
	if err := json.Unmarshal([]byte(row.Body), &v.Card); err != nil {
		return catalog.Version{}, fmt.Errorf("db: card %s body: %w", row.ID, err)
	}
	return v, nil
}

// AddCardVersion stores a new, immutable card version and returns its id.
func (t *Tx) AddCardVersion(ctx context.Context, officeID, unitID string, c catalog.Card) (string, error) {
	p := cardPayload{ID: newID(), OfficeID: officeID, UnitID: unitID, Card: c}
	if err := t.writeCard(ctx, p, false); err != nil {
		return "", err
	}
	return p.ID, t.record(ctx, "service_card", p.ID, p)
}
