package console_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"okienko/app/catalog"
	"okienko/sync/registry/console"
)

// TestConditionAndTranslationEdit: a fee's condition changed in the
// editor (one answer → a list of answers) and an English title are
// published and reach the stored version; a condition on a value its
// field cannot have, or on a field the form lacks, is refused with the
// problem's path naming the condition's part; a translation's step left
// empty is refused naming that step.
func TestConditionAndTranslationEdit(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		a := o.as(t, admin)
		const code = "odpis-aktu-stanu-cywilnego"
		var card catalog.Card
		a.decode(a.do("GET", "/console/api/catalogue/"+code, nil), &card)
		base := card.Version
		i := slices.IndexFunc(card.Fees, func(f catalog.Fee) bool { return f.ID == "oplata-odpis-wielojezyczny" })
		if i < 0 || card.Fees[i].When == nil || card.Fees[i].When.Field != "rodzajOdpisu" {
			t.Fatalf("the demo card's multilingual fee: %+v", card.Fees)
		}
		post := func(k catalog.Card) (int, console.CardCheck) {
			r := a.do("POST", "/console/api/catalogue/"+code, map[string]any{"base": base, "card": k})
			var chk console.CardCheck
			_ = json.Unmarshal(r.body, &chk)
			return r.code, chk
		}
		named := func(chk console.CardCheck, key, path string) bool {
			return slices.ContainsFunc(chk.Problems, func(p catalog.Problem) bool { return p.Key == key && p.Path == path })
		}
		// A value the field cannot have.
		bad := clone(t, card)
		bad.Fees[i].When = &catalog.Condition{Field: "rodzajOdpisu", In: []any{"skrócony", "dwujęzyczny"}}
		if code, chk := post(bad); code != http.StatusUnprocessableEntity || !named(chk, "catalog.conditionValue", "/fees/"+strconv.Itoa(i)+"/when/in/1") {
			t.Fatalf("a condition on a value the field cannot have: %d %+v", code, chk)
		}
		// A field the form lacks.
		bad = clone(t, card)
		bad.Documents[0].When = &catalog.Condition{Field: "nieMaTakiego", Equals: "x"}
		if code, chk := post(bad); code != http.StatusUnprocessableEntity || !named(chk, "catalog.unknownField", "/documents/0/when/field") {
			t.Fatalf("a condition on an unknown field: %d %+v", code, chk)
		}
		// Two operators at once: the file's schema refuses it there.
		bad = clone(t, card)
		bad.Steps[0].When = &catalog.Condition{Field: "rodzajOdpisu", Equals: "skrócony", In: []any{"zupełny"}}
		if code, chk := post(bad); code != http.StatusUnprocessableEntity || !slices.ContainsFunc(chk.Problems, func(p catalog.Problem) bool { return p.Path == "/steps/0/when" }) {
			t.Fatalf("a condition with two operators: %d %+v", code, chk)
		}
		// A translated step left empty.
		bad = clone(t, card)
		tr := bad.Translations["en"]
		tr.Steps[1] = ""
		bad.Translations["en"] = tr
		if code, chk := post(bad); code != http.StatusUnprocessableEntity || !slices.ContainsFunc(chk.Problems, func(p catalog.Problem) bool { return p.Path == "/translations/en/steps/1" }) {
			t.Fatalf("an empty translated step: %d %+v", code, chk)
		}
		good := clone(t, card)
		good.Fees[i].When = &catalog.Condition{Field: "rodzajOdpisu", In: []any{"skrócony", "wielojęzyczny"}}
		tr = good.Translations["en"]
		tr.Title = "Issuing a civil status record copy ZQX"
		good.Translations["en"] = tr
		if r := o.as(t, secretary).do("POST", "/console/api/catalogue/"+code, map[string]any{"base": base, "card": good}); r.code != http.StatusForbidden {
			t.Fatalf("the secretary published: %d", r.code)
		}
		// The good edit is published and stored as it was sent.
		if code, chk := post(good); code != http.StatusOK || chk.Published != base+1 {
			t.Fatalf("publishing the condition: %d %+v", code, chk)
		}
		var now catalog.Card
		a.decode(a.do("GET", "/console/api/catalogue/"+code, nil), &now)
		w := now.Fees[i].When
		if now.Version != base+1 || w == nil || w.Equals != nil || len(w.In) != 2 || w.In[0] != "skrócony" || w.In[1] != "wielojęzyczny" {
			t.Fatalf("stored v%d condition %+v", now.Version, w)
		}
		if now.Translations["en"].Title != "Issuing a civil status record copy ZQX" {
			t.Fatalf("stored English title %q", now.Translations["en"].Title)
		}
		// The stored version holds: the list's answers bring the fee.
		if !w.Holds(map[string]any{"rodzajOdpisu": "skrócony"}) || w.Holds(map[string]any{"rodzajOdpisu": "zupełny"}) {
			t.Fatalf("the stored condition does not hold as edited: %+v", w)
		}
	})
}

// clone is a deep copy of a card, as the editor would send an edit of it.
func clone(t *testing.T, k catalog.Card) catalog.Card {
	t.Helper()
	raw, err := json.Marshal(k)
	if err != nil {
		t.Fatal(err)
	}
	var out catalog.Card
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
