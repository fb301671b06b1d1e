package console_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"okienko/app/catalog"
	"okienko/app/i18n"
	"okienko/sync/registry/console"
)

// pdfText is a PDF's text by pdftotext, its whitespace folded to spaces.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// keep writes a preview into $OKIENKO_PREVIEW_DIR, when set, to be looked at.
func keep(t *testing.T, name string, pdf []byte) {
	if dir := os.Getenv("OKIENKO_PREVIEW_DIR"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name+".pdf"), pdf, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// feeCard is a card of the demo office that asks a fee, as the editor
// reads it.
func feeCard(t *testing.T, b *browser) catalog.Card {
	t.Helper()
	var list []console.CardItem
	b.decode(b.do("GET", "/console/api/catalogue", nil), &list)
	i := slices.IndexFunc(list, func(k console.CardItem) bool { return k.Fees > 0 })
	if i < 0 {
		t.Fatalf("no card with a fee among %d", len(list))
	}
	var card catalog.Card
	b.decode(b.do("GET", "/console/api/catalogue/"+list[i].Code, nil), &card)
	return card
}

// TestCardPreview: the card PDF and a sample receipt of a card as edited,
// not published, in pl, en and uk, say the edited title and fee; the
// sample receipt's client is the made-up one; the secretary and a head
// may preview what they may read; the card stays unpublished.
func TestCardPreview(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		a := o.as(t, admin)
		card := feeCard(t, a)
		base := card.Version
		card.Title = "Zaświadczenie podglądowe ZQX"
		titles := map[string]string{"pl": card.Title, "en": "Preview certificate ZQX", "uk": "Довідка для перегляду ZQX"}
		for lang, tr := range card.Translations {
			tr.Title = titles[lang]
			card.Translations[lang] = tr
		}
		card.Fees[0].AmountGrosze = 12345
		card.Fees[0].When = nil
		edit := map[string]any{"base": base, "card": card}
		for _, lang := range []string{"pl", "en", "uk"} {
			title := titles[lang]
			if _, ok := card.Translations[lang]; !ok {
				title = titles["pl"] // an untranslated card prints its Polish title
			}
			money := i18n.Money(lang, 12345)
			r := a.do("POST", "/console/api/catalogue/"+card.Code+"/preview?kind=card&lang="+lang, edit)
			if r.code != http.StatusOK || r.hdr.Get("Content-Type") != "application/pdf" {
				t.Fatalf("card preview %s: %d %s %s", lang, r.code, r.hdr.Get("Content-Type"), r.body)
			}
			keep(t, "card-"+lang, r.body)
			text := pdfText(t, r.body)
			for _, want := range []string{title, strings.Join(strings.Fields(money), " ")} {
				if !strings.Contains(text, want) {
					t.Errorf("card preview %s lacks %q:\n%s", lang, want, text)
				}
			}
			r = a.do("POST", "/console/api/catalogue/"+card.Code+"/preview?kind=receipt&lang="+lang, edit)
			if r.code != http.StatusOK || r.hdr.Get("Content-Type") != "application/pdf" {
				t.Fatalf("receipt preview %s: %d %s", lang, r.code, r.body)
			}
			keep(t, "receipt-"+lang, r.body)
			text = pdfText(t, r.body)
			// The clerk's position is printed in the receipt's language, as
			// the desktop prints a real clerk's (office.Staff.PositionIn).
			position := map[string]string{"pl": "inspektor", "en": "inspector", "uk": "інспектор"}[lang]
			for _, want := range []string{title, "Jan Przykładowy", "Anna Przykładowa, " + position} {
				if !strings.Contains(text, want) {
					t.Errorf("receipt preview %s lacks %q:\n%s", lang, want, text)
				}
			}
		}
		// Whoever reads the catalogue may preview; nothing is published.
		for _, login := range []string{secretary, headSO} {
			b := o.as(t, login)
			if r := b.do("POST", "/console/api/catalogue/"+card.Code+"/preview?kind=card&lang=pl", edit); r.code != http.StatusOK {
				t.Fatalf("%s preview: %d %s", login, r.code, r.body)
			}
		}
		b := o.as(t, secretary)
		b.csrf = false
		if r := b.do("POST", "/console/api/catalogue/"+card.Code+"/preview?kind=card&lang=pl", edit); r.code != http.StatusForbidden {
			t.Fatalf("a preview without the CSRF token: %d", r.code)
		}
		if r := a.do("POST", "/console/api/catalogue/"+card.Code+"/preview?kind=card&lang=de", edit); r.code != http.StatusBadRequest {
			t.Fatalf("a preview in German: %d", r.code)
		}
		var now catalog.Card
		a.decode(a.do("GET", "/console/api/catalogue/"+card.Code, nil), &now)
		if now.Version != base || now.Title == card.Title {
			t.Fatalf("a preview published: v%d %q", now.Version, now.Title)
		}
	})
}

// TestFormFieldEdit: a field added to the card's form with no label is
// refused with its name in the problem's path, by the check, the preview
// and the publication; once labelled, given an example, it is published
// and the secretary cannot publish a field.
func TestFormFieldEdit(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		a := o.as(t, admin)
		card := feeCard(t, a)
		base := card.Version
		var schema map[string]any
		if err := json.Unmarshal(card.Form.Schema, &schema); err != nil {
			t.Fatal(err)
		}
		schema["properties"].(map[string]any)["numerDzialki"] = map[string]any{"type": "string", "maxLength": 20}
		schema["required"] = append(schema["required"].([]any), "numerDzialki")
		card.Form.Schema, _ = json.Marshal(schema)
		card.Form.UI.Order = append(card.Form.UI.Order, "numerDzialki")
		card.Form.UI.Fields["numerDzialki"] = catalog.FieldUI{Label: "", Example: "123/4"}
		edit := map[string]any{"base": base, "card": card}
		for _, path := range []string{"/check", "", "/preview?kind=card&lang=pl"} {
			r := a.do("POST", "/console/api/catalogue/"+card.Code+path, edit)
			var chk console.CardCheck
			_ = json.Unmarshal(r.body, &chk)
			named := slices.ContainsFunc(chk.Problems, func(p catalog.Problem) bool {
				return strings.HasPrefix(p.Path, "/form/ui/fields/numerDzialki/label")
			})
			if !named || (path != "/check" && r.code != http.StatusUnprocessableEntity) {
				t.Fatalf("%q of an unlabelled field: %d %s", path, r.code, r.body)
			}
		}
		card.Form.UI.Fields["numerDzialki"] = catalog.FieldUI{Label: "Numer działki", Help: "Jak w wypisie z ewidencji gruntów.", Example: "123/4"}
		if r := o.as(t, secretary).do("POST", "/console/api/catalogue/"+card.Code, edit); r.code != http.StatusForbidden {
			t.Fatalf("the secretary published: %d", r.code)
		}
		var chk console.CardCheck
		a.decode(a.do("POST", "/console/api/catalogue/"+card.Code, map[string]any{"base": base, "card": card}), &chk)
		var now catalog.Card
		a.decode(a.do("GET", "/console/api/catalogue/"+card.Code, nil), &now)
		if now.Version != base+1 || now.Form.UI.Fields["numerDzialki"].Label != "Numer działki" || now.Form.UI.Order[len(now.Form.UI.Order)-1] != "numerDzialki" {
			t.Fatalf("after publishing: v%d %+v", now.Version, now.Form.UI.Fields["numerDzialki"])
		}
	})
}
