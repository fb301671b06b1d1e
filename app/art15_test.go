package app

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"okienko/app/audit"
)

// TestArt15InTheClientsLanguage: on a standalone office (no registry, so
// the device's log is the whole log and not partial), a client's art. 15
// copy is in their language, whole sentences with no Polish left in the
// English or Ukrainian one but the office's own names, and lists the
// USC clerk's access (break-the-glass) to an SO case; the JSON says the
// same. OKIENKO_GOLDEN_PDF=DIR keeps the PDFs to look at.
func TestArt15InTheClientsLanguage(t *testing.T) {
	for _, tc := range []struct {
		lang string
		want []string
		not  []string
	}{
		{"pl", []string{"Informacja o danych osobowych (art. 15 RODO)", "Sprawę {sign} wyświetlono (osoba: Piotr Lewandowski).", "art. 16 RODO",
			"W sprawie {sign} wydrukowano: potwierdzenie przyjęcia sprawy."}, nil},
		{"en", []string{"Information on your personal data (GDPR Art. 15)", "Case {sign} was viewed (by Piotr Lewandowski).", "GDPR Art. 16", "ID card or passport",
			"In case {sign} this was printed: confirmation of acceptance of the case."},
			[]string{"Sprawa", "wyświetlono", "RODO", " r."}},
		{"uk", []string{"Інформація про ваші персональні дані (ст. 15 GDPR)", "Справу {sign} переглянуто (особа: Piotr Lewandowski).", "ст. 16 GDPR"},
			[]string{"Sprawa", "wyświetlono", "RODO", " r."}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			e := newEnv(t)
			e.signIn(t, "jnowak")
			in := filledDraft(t, e, "Zaświadczenie o zameldowaniu")
			in.Client.Lang = tc.lang
			res, err := NewIntakeService(e.core).Register(in)
			if err != nil || !res.OK {
				t.Fatalf("register: %+v %v", res, err)
			}
			cs, err := e.store.Case(t.Context(), res.CaseID)
			if err != nil {
				t.Fatal(err)
			}
			sign := cs.SignText()
			out := t.TempDir()
			svc := NewAuditService(e.core, FixedFolder(out))
			e.signIn(t, "plewandowski") // USC
			if _, err := NewCaseService(e.core).Case(res.CaseID); keyOf(t, err) != "rights.reasonNeeded" {
				t.Fatalf("no reason asked: %v", err)
			}
			if _, err := svc.OpenOutside(res.CaseID, audit.ReasonClientAtCounter, ""); err != nil {
				t.Fatal(err)
			}
			e.signIn(t, "kzielinska")
			list, err := svc.Query(AuditQueryInput{Outside: true})
			if err != nil || list.Partial || len(list.Lines) != 1 || list.Lines[0].Staff != "Piotr Lewandowski" {
				t.Fatalf("a standalone office's list: %+v %v", list, err)
			}
			got, err := svc.ExportArt15(cs.ClientID)
			if err != nil || got.Partial || got.Cases != 1 {
				t.Fatalf("export: %+v %v", got, err)
			}
			text, err := exec.Command("pdftotext", "-layout", got.PDF, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			flat := strings.Join(strings.Fields(string(text)), " ")
			for _, w := range tc.want {
				if w = strings.ReplaceAll(w, "{sign}", sign); !strings.Contains(flat, w) {
					t.Errorf("%s printout lacks %q:\n%s", tc.lang, w, text)
				}
			}
			// The office's own names (its name, address, the card's
			// title where untranslated) stay Polish; the sentences do not.
			for _, w := range tc.not {
				if strings.Contains(flat, w) {
					t.Errorf("%s printout holds Polish %q:\n%s", tc.lang, w, text)
				}
			}
			var f Art15File
			if err := json.Unmarshal(mustReadFile(t, got.JSON), &f); err != nil || f.Source != "registry" && f.Source != "device" || len(f.Cases) != 1 || f.Client.Lang != tc.lang {
				t.Fatalf("json: %+v %v", f, err)
			}
			if dir := os.Getenv("OKIENKO_GOLDEN_PDF"); dir != "" {
				_ = os.WriteFile(filepath.Join(dir, "art15-"+tc.lang+".pdf"), mustReadFile(t, got.PDF), 0o644)
			}
		})
	}
}

func mustReadFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
