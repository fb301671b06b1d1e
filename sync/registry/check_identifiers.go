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
	card, found, err := c.tx.Row(c.ctx, "service_card", k.CardID)
	if err != nil || !found {
		return "", err // a missing card is the reference check's refusal
	}
	var cv struct {
		Card catalog.Card `json:"card"`
	}
	if f, ok := card.Fields["card"]; !ok || json.Unmarshal(f.V, &cv.Card) != nil {
		return "case: its card cannot be read", nil
	}
	row, found, err := c.tx.Row(c.ctx, "client", k.ClientID)
	if err != nil || !found {
		return "", err
	}
	var cl entity.Client
	decodeFields(row, &cl)
	if probs := cl.Client.Required(cv.Card.Needs()); len(probs) > 0 {
		return refused("case: its card asks the client's %s", probs[0].Field), nil
	}
	return "", nil
}
