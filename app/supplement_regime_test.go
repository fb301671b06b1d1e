package app

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"okienko/app/cases"
	"okienko/app/demo"
	"okienko/app/pdf"
)

// sheetText is every text of a sheet's blocks, one line each.
func sheetText(sh pdf.Sheet) string {
	parts := []string{sh.Title, sh.Footer, sh.FooterSign}
	for _, b := range sh.Blocks {
		parts = append(parts, b.Heading, b.Signature)
		parts = append(parts, b.Paragraphs...)
		parts = append(parts, b.Items...)
		for _, p := range b.Pairs {
			parts = append(parts, p[0], p[1])
		}
	}
	return strings.Join(parts, "\n")
}

// TestSupplementCitesItsRegime: a call to supplement cites the articles of
// the law its card's regime names, and none of another: a tax matter the
// Ordynacja podatkowa (term art. 12, authorization art. 143), the CEIDG
// call its own act (no art. 64 § 2 or 35 § 5 KPA), a tree notification a
// postanowienie under art. 83f u.o.p. ending in a sprzeciw, the rest the
// KPA. The translation quotes the Polish authorization as Polish.
func TestSupplementCitesItsRegime(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	var file struct {
		Cards []struct{ Code, Title string } `json:"cards"`
	}
	if err := json.Unmarshal(demo.CatalogueJSON, &file); err != nil {
		t.Fatal(err)
	}
	title := map[string]string{}
	for _, c := range file.Cards {
		title[c.Code] = c.Title
	}
	for _, tc := range []struct {
		code      string
		has, lack []string
	}{
		{"zaswiadczenie-o-niezaleganiu", []string{"art. 169 § 1", "art. 12 Ordynacji podatkowej", "Z upoważnienia (art. 143 Ordynacji podatkowej)"}, []string{"KPA"}},
		{"ceidg-wpis", []string{"Na podstawie przepisów ustawy z dnia 6 marca 2018 r. o Centralnej Ewidencji", "7 dni roboczych"}, []string{"64 § 2", "35 § 5"}},
		{"wycinka-drzew", []string{"Postanowienie o nałożeniu obowiązku uzupełnienia zgłoszenia", "art. 83f ust. 7", "wniesie sprzeciw", "odbioru postanowienia"}, []string{"bez rozpoznania", "64 § 2", "braków wniosku"}},
		{"zameldowanie", []string{"art. 64 § 2", "art. 57 KPA", "art. 268a KPA", "(do wglądu)"}, []string{"Ordynacji", "(okazanie)"}},
	} {
		t.Run(tc.code, func(t *testing.T) {
			in := filledDraft(t, e, title[tc.code])
			for i := len(in.Checklist) - 1; i >= 1; i-- {
				if it := in.Checklist[i]; it.Required && it.Applies {
					in.Checklist[i].Mark = cases.Missing
					break
				}
			}
			res, err := NewIntakeService(e.core).Register(in)
			if err != nil || !res.OK {
				t.Fatalf("register: %+v %v", res, err)
			}
			cc, err := e.core.loadCaseContext(context.Background(), res.CaseID)
			if err != nil {
				t.Fatal(err)
			}
			sheet, _, err := e.core.caseSheet(cc, PrintSupplement)
			if err != nil {
				t.Fatal(err)
			}
			text := sheetText(sheet)
			for _, s := range tc.has {
				if !strings.Contains(text, s) {
					t.Errorf("letter lacks %q:\n%s", s, text)
				}
			}
			for _, s := range tc.lack {
				if strings.Contains(text, s) {
					t.Errorf("letter cites %q:\n%s", s, text)
				}
			}
			cc.client.Lang = "en"
			sheet, _, err = e.core.caseSheet(cc, PrintSupplement)
			if err != nil {
				t.Fatal(err)
			}
			en := sheetText(sheet)
			if i := strings.LastIndex(en, "upoważnienie Wójta"); i < 0 || !strings.Contains(en[:i], "reads in Polish: ") {
				t.Errorf("translation gives the authorization not quoted as Polish:\n%s", en)
			}
		})
	}
}
