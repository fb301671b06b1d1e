package console_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"okienko/app/catalog"
	"okienko/sync/registry/console"
)

// TestItemsAddedAndRemoved: the editor adds a document (with a note and
// its English note) and a fee (with its exemptions and cash desk, and
// their English texts) and removes a step with its translations; the
// published version is stored as such. A new document without a name, a
// new fee without a legal basis and a step removed while its translations
// keep it are refused, each at the path the editor shows it beside.
func TestItemsAddedAndRemoved(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		a := o.as(t, admin)
		const code = "odpis-aktu-stanu-cywilnego"
		var card catalog.Card
		a.decode(a.do("GET", "/console/api/catalogue/"+code, nil), &card)
		base := card.Version
		if len(card.Steps) != 4 || len(card.Translations["en"].Steps) != 4 || len(card.Translations["uk"].Steps) != 4 {
			t.Fatalf("the demo card's steps: %d", len(card.Steps))
		}
		post := func(k catalog.Card) (int, console.CardCheck) {
			r := a.do("POST", "/console/api/catalogue/"+code, map[string]any{"base": base, "card": k})
			var chk console.CardCheck
			_ = json.Unmarshal(r.body, &chk)
			return r.code, chk
		}
		at := func(chk console.CardCheck, path string) bool {
			return slices.ContainsFunc(chk.Problems, func(p catalog.Problem) bool { return p.Path == path })
		}
		nd, nf := len(card.Documents), len(card.Fees)
		doc := catalog.Document{ID: "dokument-6", Name: "Akt urodzenia dziecka ZQD", Presentation: catalog.Copy, Required: false,
			Note: "Tylko gdy odpis dotyczy dziecka."}
		fee := catalog.Fee{ID: "oplata-5", Name: "Opłata za poświadczenie ZQF", AmountGrosze: 500, LegalBasis: "część I ust. 1 załącznika",
			Cashier: "Kasa w holu", Exemptions: "Zwolnieni są kombatanci."}

		// The editor's new items with its defaults: no name, no basis.
		bad := clone(t, card)
		bad.Documents = append(bad.Documents, catalog.Document{ID: "dokument-6", Presentation: catalog.Original, Required: true})
		bad.Fees = append(bad.Fees, catalog.Fee{ID: "oplata-5"})
		if code, chk := post(bad); code != http.StatusUnprocessableEntity || !at(chk, "/documents/5/name") || !at(chk, "/fees/4/name") || !at(chk, "/fees/4/legalBasis") {
			t.Fatalf("new items left empty: %d %+v", code, chk)
		}
		// A step removed from the card but not from its translations.
		bad = clone(t, card)
		bad.Steps = slices.Delete(bad.Steps, 2, 3)
		if code, chk := post(bad); code != http.StatusUnprocessableEntity || !at(chk, "/translations/en/steps") || !at(chk, "/translations/uk/steps") {
			t.Fatalf("a step removed only from the card: %d %+v", code, chk)
		}

		good := clone(t, card)
		good.Documents = append(good.Documents, doc)
		good.Fees = append(good.Fees, fee)
		good.Steps = slices.Delete(good.Steps, 2, 3)
		for _, l := range []string{"en", "uk"} {
			tr := good.Translations[l]
			tr.Steps = slices.Delete(tr.Steps, 2, 3)
			good.Translations[l] = tr
		}
		en := good.Translations["en"]
		en.DocumentNotes["dokument-6"] = "Only when the copy concerns a child."
		en.FeeExemptions["oplata-5"] = "Veterans are exempt."
		en.Cashiers["oplata-5"] = "the cash desk in the hall"
		good.Translations["en"] = en
		if code, chk := post(good); code != http.StatusOK || chk.Published != base+1 {
			t.Fatalf("publishing the added and removed items: %d %+v", code, chk)
		}
		var now catalog.Card
		a.decode(a.do("GET", "/console/api/catalogue/"+code, nil), &now)
		if now.Version != base+1 || len(now.Documents) != nd+1 || now.Documents[nd] != doc {
			t.Fatalf("stored v%d documents %+v", now.Version, now.Documents)
		}
		if len(now.Fees) != nf+1 || now.Fees[nf] != fee {
			t.Fatalf("stored fees %+v", now.Fees)
		}
		if len(now.Steps) != 3 || now.Steps[2].Text != card.Steps[3].Text || now.Steps[1].Text != card.Steps[1].Text {
			t.Fatalf("stored steps %+v", now.Steps)
		}
		for _, l := range []string{"en", "uk"} {
			if s := now.Translations[l].Steps; len(s) != 3 || s[2] != card.Translations[l].Steps[3] {
				t.Fatalf("stored %s steps %q", l, s)
			}
		}
		// The English card reads the new texts.
		inEn, _ := now.In("en")
		if inEn.Documents[nd].Note != "Only when the copy concerns a child." || inEn.Fees[nf].Exemptions != "Veterans are exempt." || inEn.Fees[nf].Cashier != "the cash desk in the hall" {
			t.Fatalf("the English card's new texts: %+v %+v", inEn.Documents[nd], inEn.Fees[nf])
		}
	})
}
