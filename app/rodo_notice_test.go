package app

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"

	"okienko/app/cases"
	"okienko/app/pdf"
)

// TestMinimisationAndRODONotice: a complaint (a card asking a name and an
// address) registers a person without a PESEL, and its receipt, in every
// printout language, names the controller, the IOD's contact, the purpose
// and legal basis, the recipients, the retention of category A in words,
// the rights of art. 15-18 and 21, the complaint to the PUODO and whether
// the data is obligatory. A card asking a PESEL refuses the same person.
func TestMinimisationAndRODONotice(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	e := newEnv(t)
	e.signIn(t, "jnowak")
	ctx := context.Background()
	noPESEL := cases.Client{Kind: cases.Person, FirstName: "Halina", LastName: "Wróblewska", Street: "ul. Lipowa", HouseNo: "7",
		PostalCode: "99-300", City: "Przykładowo"}

	in := filledDraft(t, e, "Zaświadczenie o zameldowaniu")
	in.Client = noPESEL
	res, err := NewIntakeService(e.core).Register(in)
	if err != nil {
		t.Fatal(err)
	}
	if res.OK || !hasField(res.Problems, "pesel") {
		t.Fatalf("a card asking a PESEL registered a person without one: %+v", res.Problems)
	}

	in = filledDraft(t, e, "Skarga lub wniosek")
	in.Client = noPESEL
	res, err = NewIntakeService(e.core).Register(in)
	if err != nil || !res.OK {
		t.Fatalf("complaint without PESEL: %+v %v", res, err)
	}
	cc, err := e.core.loadCaseContext(ctx, res.CaseID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"pl": {"Administratorem Twoich danych osobowych jest Urząd Gminy Przykładowo, ul. Rynek 1, 99-300 Przykładowo.",
			"z inspektorem ochrony danych (Marta Przykładowa) pod adresem e-mail iod@przykladowo.example.pl",
			"aby załatwić sprawę „Skarga lub wniosek (dział VIII KPA)”, na podstawie art. 6 ust. 1 lit. c RODO",
			"Kodeks postępowania administracyjnego", "Europejskiego Obszaru Gospodarczego",
			"przechowujemy wieczyście jako materiał archiwalny (kategoria archiwalna A)",
			"(art. 15 RODO)", "(art. 16 RODO)", "(art. 17 RODO)", "(art. 18 RODO)", "Prawo sprzeciwu (art. 21 RODO) nie przysługuje",
			"skargę do Prezesa Urzędu Ochrony Danych Osobowych", "Podanie danych nie jest wymogiem ustawowym, ale jest warunkiem załatwienia sprawy"},
		"en": {"The controller of your personal data is Urząd Gminy Przykładowo", "data protection officer (Marta Przykładowa) by e-mail at iod@przykladowo.example.pl",
			"Article 6(1)(c) GDPR", "permanently as archival material (archival category A)", "(Article 15 GDPR)", "(Article 18 GDPR)",
			"The right to object (Article 21 GDPR) does not apply", "President of the Personal Data Protection Office",
			"Providing the data is not a statutory requirement, but it is a condition of handling the matter"},
		"uk": {"Адміністратором ваших персональних даних є Urząd Gminy Przykładowo", "iod@przykladowo.example.pl", "ст. 6(1)(c) GDPR",
			"безстроково як архівний матеріал (архівна категорія A)", "(ст. 15 GDPR)", "Право на заперечення (ст. 21 GDPR) не застосовується",
			"Голови Управління захисту персональних даних", "не є вимогою закону, але є умовою розгляду справи"},
	}
	for lang, ss := range want {
		cc.client.Lang = lang
		sheet, _, err := e.core.caseSheet(cc, PrintReceipt)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		var buf bytes.Buffer
		if err := pdf.Write(&buf, sheet); err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(layoutText(t, buf.Bytes())), " ")
		for _, s := range ss {
			if !strings.Contains(text, s) {
				t.Errorf("%s receipt lacks %q:\n%s", lang, s, text)
			}
		}
		if strings.Contains(text, "PESEL") {
			t.Errorf("%s: a complaint's receipt speaks of a PESEL", lang)
		}
	}
}

func hasField(ps []FieldProblem, field string) bool {
	for _, p := range ps {
		if p.Field == field {
			return true
		}
	}
	return false
}
