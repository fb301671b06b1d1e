package demo

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"okienko/app/catalog"
)

// polishOnly are the letters English and Ukrainian do not use: one of them
// in an EN or UK text is a Polish word left untranslated.
var polishOnly = regexp.MustCompile(`[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]`)

// allowedPolish are the proper names and legal citations a translation
// keeps in Polish (the office's name, places, the law's own title marked
// as such), longest first so a longer name is removed before its part.
var allowedPolish = []string{
	// The office's units by their own names (office.json), glossing a
	// translated one: the name on the door.
	"Referat Gospodarki Komunalnej, Mieszkaniowej i Ochrony Środowiska", "Urząd Stanu Cywilnego",
	"Urząd Gminy Przykładowo", "Urzędu Gminy Przykładowo", "Przykładowo",
	"Łódź", "Łódzkie", "Łódzki", "Łódzkiego",
	// The service's Polish name, given once in brackets as the model
	// cards do, so that the client can ask for it at the counter.
	"pełnomocnik", "zaświadczenie o niezaleganiu", "zaświadczenie o zameldowaniu", "zameldowanie",
	"wymeldowanie", "dowód osobisty", "zażalenie", "dodatek mieszkaniowy",
	"Kodeks postępowania administracyjnego", "o opłacie skarbowej", "o ochronie przyrody",
	"o wychowaniu w trzeźwości i przeciwdziałaniu alkoholizmowi",
	"o dodatkach mieszkaniowych", "o planowaniu i zagospodarowaniu przestrzennym",
	"o podatkach i opłatach lokalnych", "Ordynacja podatkowa", "o dostępie do informacji publicznej",
	"o dowodach osobistych", "Prawo o aktach stanu cywilnego", "o ewidencji ludności",
	"Prawo przedsiębiorców", "o Centralnej Ewidencji i Informacji o Działalności Gospodarczej",
	"Biznes.gov.pl", "mObywatel", "e-Doręczenia", "Wójt", "Wójta", "gminy", "Dziennik Urzędowy",
}

// englishInUK are English words a Ukrainian text has no use for: left
// from the English version it was made from. A Polish service keeps its
// Polish name (e-Doręczenia), as the Polish card writes it.
var englishInUK = regexp.MustCompile(`(?i)(^|[^\p{L}-])(the|and|of|for|with|by|to|is|are|e-Delivery|delivery)($|[^\p{L}])`)

func stripAllowed(s string) string {
	for _, a := range allowedPolish {
		s = strings.ReplaceAll(s, a, "")
	}
	return s
}

var placeholder = regexp.MustCompile(`\{[a-z]+\}`)

// TestDemoCardsTranslated: every demo card reaches an English or Ukrainian
// client whole: each client-facing text the card has is translated (steps
// one for one with the same placeholders, every document, fee, note and
// condition's field), and no Polish word is left outside names and legal
// citations.
func TestDemoCardsTranslated(t *testing.T) {
	var f catalog.File
	if err := json.Unmarshal(CatalogueJSON, &f); err != nil {
		t.Fatal(err)
	}
	for _, c := range f.Cards {
		for _, lang := range []string{"en", "uk"} {
			tr, ok := c.Translations[lang]
			if !ok {
				t.Errorf("%s: no %s translation", c.Code, lang)
				continue
			}
			where := c.Code + "/" + lang
			texts := map[string]string{}
			need := func(name, pl, text string) {
				if strings.TrimSpace(pl) == "" {
					return
				}
				if strings.TrimSpace(text) == "" {
					t.Errorf("%s: %s not translated", where, name)
				}
				texts[name] = text
			}
			need("title", c.Title, tr.Title)
			need("category", c.Category, tr.Category)
			need("summary", c.Summary, tr.Summary)
			need("whoMayApply", c.WhoMayApply, tr.WhoMayApply)
			need("whereToFile", c.WhereToFile, tr.WhereToFile)
			need("delivery", c.Delivery, tr.Delivery)
			need("appeal", c.Appeal.Text, tr.Appeal)
			need("notes", c.Notes, tr.Notes)
			need("deadlineNote", c.Deadline.Note, tr.DeadlineNote)
			need("supplementBasis", c.SupplementBasis, tr.SupplementBasis)
			if len(tr.Steps) != len(c.Steps) {
				t.Errorf("%s: %d steps translated, the card has %d", where, len(tr.Steps), len(c.Steps))
			} else {
				for i, s := range c.Steps {
					need("steps/"+string(rune('0'+i)), s.Text, tr.Steps[i])
					want, got := placeholder.FindAllString(s.Text, -1), placeholder.FindAllString(tr.Steps[i], -1)
					slices.Sort(want)
					slices.Sort(got)
					if !slices.Equal(want, got) {
						t.Errorf("%s: step %d has placeholders %v, the card's %v", where, i+1, got, want)
					}
				}
			}
			for _, d := range c.Documents {
				need("documents/"+d.ID, d.Name, tr.Documents[d.ID])
				need("documentNotes/"+d.ID, d.Note, tr.DocumentNotes[d.ID])
			}
			for _, fee := range c.Fees {
				need("fees/"+fee.ID, fee.Name, tr.Fees[fee.ID])
				need("feeExemptions/"+fee.ID, fee.Exemptions, tr.FeeExemptions[fee.ID])
				need("cashiers/"+fee.ID, fee.Cashier, tr.Cashiers[fee.ID])
			}
			// A condition on paper names its form field.
			var conds []*catalog.Condition
			for _, d := range c.Documents {
				conds = append(conds, d.When)
			}
			for _, fee := range c.Fees {
				conds = append(conds, fee.When)
			}
			for _, s := range c.Steps {
				conds = append(conds, s.When)
			}
			for _, w := range conds {
				if w == nil {
					continue
				}
				need("fields/"+w.Field, c.Form.UI.Fields[w.Field].Label, tr.Fields[w.Field])
				// A quoted answer ("when the kind is 'short'") too.
				vals := w.In
				if _, isBool := w.Equals.(bool); w.Equals != nil && !isBool {
					vals = append(vals, w.Equals)
				}
				for _, v := range vals {
					pl := fmt.Sprint(v)
					need("values/"+pl, pl, tr.Values[pl])
				}
			}
			for name, text := range texts {
				if m := polishOnly.FindString(stripAllowed(text)); m != "" {
					t.Errorf("%s: %s has the Polish letter %q: %q", where, name, m, text)
				}
				if m := englishInUK.FindString(text); lang == "uk" && m != "" {
					t.Errorf("%s: %s has the English %q: %q", where, name, m, text)
				}
			}
		}
	}
}

// unitWordInUK is a Ukrainian word for a unit other than "підрозділ": a
// civil registry office (відділ реєстрації актів цивільного стану) is an
// institution's name, not the office's word for its units.
var unitWordInUK = regexp.MustCompile(`відділ\p{L}*( реєстрації актів цивільного стану)?`)

// TestDemoUnitsByTheirNames: a unit the Polish card names by its own name
// (office.json) is named so in the card's translations too, beside the
// translation (the receipt and the card view print the unit's own name),
// and a translation calls units by the one word the locale files use:
// "unit", "підрозділ".
func TestDemoUnitsByTheirNames(t *testing.T) {
	o, err := LoadOffice()
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Cards []map[string]any `json:"cards"`
	}
	if err := json.Unmarshal(CatalogueJSON, &f); err != nil {
		t.Fatal(err)
	}
	names := []string{"Referat Organizacyjny"} // the counter's unit, as the cards shorten it
	for _, u := range o.Units {
		names = append(names, u.Name)
	}
	for _, c := range f.Cards {
		trs, _ := c["translations"].(map[string]any)
		for field, v := range c {
			pl, ok := v.(string)
			if !ok {
				continue
			}
			for _, name := range names {
				if !strings.Contains(pl, name) {
					continue
				}
				for lang, tr := range trs {
					text, _ := tr.(map[string]any)[field].(string)
					if !strings.Contains(text, name) {
						t.Errorf("%s %s %s does not name %q: %s", c["code"], lang, field, name, text)
					}
				}
			}
		}
		for lang, tr := range trs {
			raw, _ := json.Marshal(tr)
			text := string(raw)
			if lang == "en" && regexp.MustCompile(`(?i)department|division`).MatchString(text) {
				t.Errorf("%s en calls a unit a department or division", c["code"])
			}
			if lang == "uk" {
				for _, m := range unitWordInUK.FindAllStringSubmatch(text, -1) {
					if m[1] == "" {
						t.Errorf("%s uk calls a unit %q, not підрозділ", c["code"], m[0])
					}
				}
			}
		}
	}
}
