package app

import (
	"context"
	"strings"
	"testing"
)

// TestCardViewInClientLanguage: in the English or Ukrainian interface every
// demo card reads in that language – its texts, documents with their notes
// and conditions, fees with cashier and exemptions, steps – and says so
// (TextLang, for the page's lang marks); the form table stays the card's
// Polish form, which is what is filled and signed.
func TestCardViewInClientLanguage(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	svc := NewCatalogService(e.core)
	cards, err := svc.Search("")
	if err != nil || len(cards) < 14 {
		t.Fatalf("search: %d cards, %v", len(cards), err)
	}
	o, err := e.store.Office(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// Proper names stay as the office writes them.
	names := []string{o.Name, "Przykładowo", "Łódź"}
	units, err := e.store.Units(context.Background(), o.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		names = append(names, u.Name)
	}
	for _, loc := range []string{"en", "uk"} {
		if _, err := NewSystemService(e.core).SetLocale(loc); err != nil {
			t.Fatal(err)
		}
		for _, c := range cards {
			d, err := svc.Card(c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if d.TextLang != loc {
				t.Errorf("%s in %s: texts in %q", d.Code, loc, d.TextLang)
			}
			texts := []string{d.Title, d.Category, d.Summary, d.WhoMayApply, d.WhereToFile, d.Delivery, d.Appeal, d.Notes, d.Deadline.Note}
			texts = append(texts, d.Steps...)
			for _, doc := range d.Documents {
				texts = append(texts, doc.Name, doc.Note, doc.Condition)
			}
			for _, f := range d.Fees {
				texts = append(texts, f.Name, f.Cashier, f.Exemptions, f.Condition)
			}
			for _, s := range texts {
				bare := s
				for _, n := range names {
					bare = strings.ReplaceAll(bare, n, "")
				}
				if polish(bare) {
					t.Errorf("%s in %s: Polish left in %q", d.Code, loc, s)
				}
			}
			for _, f := range d.Fields {
				if f.Label == "" || !polish(f.Label) && f.Name == "przezPelnomocnika" {
					t.Errorf("%s in %s: the form's field %s reads %q, not the card's Polish label", d.Code, loc, f.Name, f.Label)
				}
			}
		}
	}
}
