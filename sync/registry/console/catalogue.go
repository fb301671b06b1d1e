package console

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"okienko/app/catalog"
)

// Katalog usług: the admin edits a card in forms and publishes it as the
// card's next version, checked by the same code as the catalogue import
// (catalog.Parse and catalog.PlanImport); devices receive it at their next
// sync. Everyone may read the catalogue.

// CardItem is a card in the catalogue's list: its newest version.
type CardItem struct {
	Code     string `json:"code"`
	Version  int    `json:"version"`
	Title    string `json:"title"`
	Unit     string `json:"unit"`
	Category string `json:"category"`
	Fees     int    `json:"fees"` // how many fees it asks
}

// newestCards reads the office's cards, the newest version of each code.
func (c *Console) newestCards(ctx context.Context, officeID string) (map[string]catalog.Card, error) {
	rows, err := c.st.RowsOf(ctx, officeID, "service_card")
	if err != nil {
		return nil, err
	}
	out := map[string]catalog.Card{}
	for _, r := range rows {
		var k catalog.Card
		if f, ok := r.Fields["card"]; ok && json.Unmarshal(f.V, &k) == nil && k.Code != "" {
			if cur, ok := out[k.Code]; !ok || k.Version > cur.Version {
				out[k.Code] = k
			}
		}
	}
	return out, nil
}

func (c *Console) catalogue(w http.ResponseWriter, req *http.Request, who Who) {
	cards, err := c.newestCards(req.Context(), who.OfficeID)
	if err != nil {
		c.fail(w, err)
		return
	}
	out := make([]CardItem, 0, len(cards))
	for _, k := range cards {
		out = append(out, CardItem{Code: k.Code, Version: k.Version, Title: k.Title, Unit: k.Unit, Category: k.Category, Fees: len(k.Fees)})
	}
	slices.SortFunc(out, func(a, b CardItem) int { return strings.Compare(a.Title, b.Title) })
	answer(w, http.StatusOK, out)
}

func (c *Console) card(w http.ResponseWriter, req *http.Request, who Who) {
	cards, err := c.newestCards(req.Context(), who.OfficeID)
	if err != nil {
		c.fail(w, err)
		return
	}
	k, ok := cards[req.PathValue("code")]
	if !ok {
		answer(w, http.StatusNotFound, apiError{Error: "not_found"})
		return
	}
	answer(w, http.StatusOK, k)
}

// cardEdit is a card as the editor sends it: the version it was edited
// from, and the whole card (the fields the form does not show come back
// as they were read).
type cardEdit struct {
	Base int          `json:"base"`
	Card catalog.Card `json:"card"`
}

// CardCheck is the editor's answer: the problems, each with its path in
// the card ("/fees/0/amountGrosze"), or the version published.
type CardCheck struct {
	Problems  []catalog.Problem `json:"problems"`
	Published int               `json:"published,omitempty"`
}

// maxCard bounds a card's body (the largest form schemas are a few KiB).
const maxCard = 512 << 10

// prepare reads an edit, checks it is of the newest version (or answers
// 409 stale), and validates it as the import would: it answers the file
// to import and the problems.
func (c *Console) prepare(w http.ResponseWriter, req *http.Request, who Who, action string) ([]byte, []catalog.Problem, bool) {
	ctx := req.Context()
	code := req.PathValue("code")
	var in cardEdit
	dec := json.NewDecoder(http.MaxBytesReader(w, req.Body, maxCard))
	if err := dec.Decode(&in); err != nil {
		answer(w, http.StatusBadRequest, apiError{Error: "bad_request"})
		return nil, nil, false
	}
	cards, err := c.newestCards(ctx, who.OfficeID)
	if err != nil {
		c.fail(w, err)
		return nil, nil, false
	}
	cur, ok := cards[code]
	if !ok {
		c.audit(ctx, who.OfficeID, who.StaffID, action, code, false)
		answer(w, http.StatusNotFound, apiError{Error: "not_found"})
		return nil, nil, false
	}
	if in.Base != cur.Version {
		// Another admin published meanwhile: nothing is overwritten.
		c.audit(ctx, who.OfficeID, who.StaffID, action, code, false)
		answer(w, http.StatusConflict, map[string]any{"error": "stale", "current": cur.Version})
		return nil, nil, false
	}
	in.Card.Code, in.Card.Version = code, cur.Version+1
	f := catalog.File{Format: catalog.Format, FormatVersion: catalog.FormatVersion, Cards: []catalog.Card{in.Card}}
	raw, err := json.Marshal(f)
	if err != nil {
		answer(w, http.StatusBadRequest, apiError{Error: "bad_request"})
		return nil, nil, false
	}
	units, err := c.reg.Store().RowsOf(ctx, who.OfficeID, "unit")
	if err != nil {
		c.fail(w, err)
		return nil, nil, false
	}
	env := catalog.Env{Units: map[string]bool{}}
	for _, u := range units {
		var sym string
		if json.Unmarshal(u.Fields["symbol"].V, &sym) == nil {
			env.Units[sym] = true
		}
	}
	_, probs := catalog.Parse(raw, env)
	if len(probs) == 0 && catalog.Hash(withVersion(in.Card, cur.Version)) == catalog.Hash(cur) {
		probs = []catalog.Problem{{Card: code, Key: "console.catalogue.unchanged"}}
	}
	return raw, inCard(probs), true
}

// withVersion is a card as it would be at another version number.
func withVersion(k catalog.Card, v int) catalog.Card {
	k.Version = v
	return k
}

// inCard turns the file's paths (/cards/0/…) into the card's (/…).
func inCard(probs []catalog.Problem) []catalog.Problem {
	out := make([]catalog.Problem, len(probs))
	for i, p := range probs {
		p.Path = strings.TrimPrefix(p.Path, "/cards/0")
		out[i] = p
	}
	return out
}

func (c *Console) checkCard(w http.ResponseWriter, req *http.Request, who Who) {
	_, probs, ok := c.prepare(w, req, who, "card.check")
	if !ok {
		return
	}
	c.audit(req.Context(), who.OfficeID, who.StaffID, "card.check", req.PathValue("code"), true)
	answer(w, http.StatusOK, CardCheck{Problems: probs})
}

func (c *Console) publishCard(w http.ResponseWriter, req *http.Request, who Who) {
	ctx := req.Context()
	code := req.PathValue("code")
	raw, probs, ok := c.prepare(w, req, who, "card.publish")
	if !ok {
		return
	}
	if len(probs) > 0 {
		c.audit(ctx, who.OfficeID, who.StaffID, "card.publish", code, false)
		answer(w, http.StatusUnprocessableEntity, CardCheck{Problems: probs})
		return
	}
	rep, err := c.reg.ImportCatalogue(ctx, who.OfficeID, raw)
	if err != nil {
		c.fail(w, err)
		return
	}
	if len(rep.Problems) > 0 || rep.Added != 1 {
		// The version was taken between the check and the write.
		c.audit(ctx, who.OfficeID, who.StaffID, "card.publish", code, false)
		answer(w, http.StatusConflict, map[string]any{"error": "stale"})
		return
	}
	var f catalog.File
	_ = json.Unmarshal(raw, &f)
	c.audit(ctx, who.OfficeID, who.StaffID, "card.publish", code+"@"+strconv.Itoa(f.Cards[0].Version), true)
	c.log.Info("console card published", "office", who.OfficeID, "staff", who.StaffID, "card", code, "version", f.Cards[0].Version)
	answer(w, http.StatusOK, CardCheck{Problems: []catalog.Problem{}, Published: f.Cards[0].Version})
}
