package console

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"sync"

	"okienko/app"
	"okienko/app/catalog"
	"okienko/app/i18n"
)

// Previews of a card as edited, unpublished edits included: the card PDF
// (Karta usługi) and a sample receipt, in pl, en or uk, laid out by the
// desktop's own printout code (app.RenderPreview) with the office's facts
// as the registry holds them. The edit travels in the POST body, the
// kind and language in the query; the sample receipt's client and case
// are made up. Whoever may see the editor may preview; the card must
// pass the import's checks first (the problems answer 422, as a check).

// bundle is the printouts' translations, read once.
var bundle = sync.OnceValues(i18n.Load)

func (c *Console) previewCard(w http.ResponseWriter, req *http.Request, who Who) {
	ctx := req.Context()
	code := req.PathValue("code")
	kind, lang := req.URL.Query().Get("kind"), req.URL.Query().Get("lang")
	if !slices.Contains([]string{app.PreviewCard, app.PreviewReceipt}, kind) || !slices.Contains([]string{"pl", "en", "uk"}, lang) {
		c.audit(ctx, who.OfficeID, who.StaffID, "card.preview", code, false)
		answer(w, http.StatusBadRequest, apiError{Error: "bad_request"})
		return
	}
	raw, probs, ok := c.prepare(w, req, who, "card.preview")
	if !ok {
		return
	}
	// An unchanged card is previewed as it is: only a publication must
	// change something.
	probs = slices.DeleteFunc(probs, func(p catalog.Problem) bool { return p.Key == "console.catalogue.unchanged" })
	if len(probs) > 0 {
		c.audit(ctx, who.OfficeID, who.StaffID, "card.preview", code, false)
		answer(w, http.StatusUnprocessableEntity, CardCheck{Problems: probs})
		return
	}
	var f catalog.File
	if err := json.Unmarshal(raw, &f); err != nil || len(f.Cards) != 1 {
		answer(w, http.StatusBadRequest, apiError{Error: "bad_request"})
		return
	}
	b, err := bundle()
	if err != nil {
		c.fail(w, err)
		return
	}
	facts := app.PreviewFacts{I18n: b}
	if facts.Office, facts.IOD, err = c.reg.PrintFacts(ctx, who.OfficeID); err != nil {
		c.fail(w, err)
		return
	}
	if facts.Staff, facts.Units, err = c.reg.StaffRows(ctx, who.OfficeID); err != nil {
		c.fail(w, err)
		return
	}
	if facts.Zone, err = c.reg.OfficeZone(ctx, who.OfficeID); err != nil {
		c.fail(w, err)
		return
	}
	if facts.Now, err = c.reg.OfficeNow(ctx, who.OfficeID); err != nil {
		c.fail(w, err)
		return
	}
	out, err := app.RenderPreview(facts, f.Cards[0], kind, lang)
	if err != nil {
		var e *i18n.Error
		if errors.As(err, &e) && e.Key == "print.unprintable" {
			// A character the font lacks: said as a problem of the card.
			c.log.Warn("console card preview refused", "office", who.OfficeID, "card", code, "err", err)
			c.audit(ctx, who.OfficeID, who.StaffID, "card.preview", code, false)
			answer(w, http.StatusUnprocessableEntity, CardCheck{Problems: []catalog.Problem{{Card: code, Key: "console.card.unprintable", Args: map[string]string{"char": e.Args["char"]}}}})
			return
		}
		c.fail(w, err)
		return
	}
	c.audit(ctx, who.OfficeID, who.StaffID, "card.preview", code+" "+kind+" "+lang, true)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `inline; filename="podglad-`+kind+"-"+lang+`.pdf"`)
	w.Write(out)
}
