package registry

import (
	"encoding/json"

	"okienko/app/catalog"
	"okienko/sync/entity"
)

// checkIdentifiers holds a new case (or one moved to another client) to
// what its card asks of the client (catalog.Card.Needs, cases.Client
// Required): a client row alone is taken when some card could take it
// (a complaint's client gives no PESEL), so a case under a card that asks
// a PESEL is refused here when its client has none. The client is read as
// it stands after this batch's earlier ops.
func checkIdentifiers(c *rowCheck, k entity.Case) (string, error) {
	if c.found && !c.changed("clientId") {
		return "", nil
	}
	needs, why, err := c.r.cardNeeds(c, k.CardID)
	if err != nil || why != "" || needs == "" {
		return why, err // no card: the reference check's refusal
	}
	row, found, err := c.tx.Row(c.ctx, "client", k.ClientID)
	if err != nil || !found {
		return "", err
	}
	var cl entity.Client
	decodeFields(row, &cl)
	if probs := cl.Client.Required(needs); len(probs) > 0 {
		return refused("case: its card asks the client's %s", probs[0].Field), nil
	}
	return "", nil
}

// cardNeeds is what a card version asks of its client, remembered per
// office and card: a version is immutable (a changed card is a new one),
// and reading and decoding a whole card for every new case was a fifth of
// the registry's time under 200 pushing devices. "" with no reason: the
// card does not exist.
func (r *Registry) cardNeeds(c *rowCheck, cardID string) (catalog.Identifiers, string, error) {
	k := liveKey{c.dev.OfficeID, "service_card", cardID}
	r.refs.mu.Lock()
	needs, ok := r.refs.needs[k]
	r.refs.mu.Unlock()
	if ok {
		return needs, "", nil
	}
	card, found, err := c.tx.Row(c.ctx, "service_card", cardID)
	if err != nil || !found {
		return "", "", err
	}
	var cv catalog.Card
	if f, ok := card.Fields["card"]; !ok || json.Unmarshal(f.V, &cv) != nil {
		return "", "case: its card cannot be read", nil
	}
	needs = cv.Needs()
	r.refs.mu.Lock()
	if r.refs.needs == nil || len(r.refs.needs) >= refCacheMax {
		r.refs.needs = map[liveKey]catalog.Identifiers{}
	}
	r.refs.needs[k] = needs
	r.refs.mu.Unlock()
	return needs, "", nil
}
