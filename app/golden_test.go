package app

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"okienko/app/cases"
	"okienko/app/demo"
	"okienko/app/pdf"
)

var update = flag.Bool("update", false, "rewrite the golden printouts in testdata/golden")

// placeholderLeft is a {name} that reached paper: always a bug.
var placeholderLeft = regexp.MustCompile(`\{[A-Za-z_][A-Za-z0-9_]*\}`)

// polishDate is a date written the Polish way, "r." and all.
var polishDate = regexp.MustCompile(`\d\d\.\d\d\.\d{4} ?r\.`)

// layoutText is what a client reads on a PDF: pdftotext -layout, each
// line's runs of spaces made one, blank lines dropped.
func layoutText(t testing.TB, raw []byte) string {
	t.Helper()
	cmd := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(raw)
	out, err := cmd.Output()
	if err != nil {
		t.Errorf("pdftotext: %v", err)
		return ""
	}
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			lines = append(lines, strings.Join(f, " "))
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// checkPrintout holds any printout's text to the rules every one must keep.
func checkPrintout(t *testing.T, name, lang, text string) {
	t.Helper()
	if m := placeholderLeft.FindString(text); m != "" {
		t.Errorf("%s: unfilled placeholder %s on paper", name, m)
	}
	if strings.Contains(text, "r..") {
		t.Errorf("%s: a date's \"r.\" doubled the full stop", name)
	}
	if lang != "pl" {
		// The binding Polish text of a call to supplement keeps its dates;
		// everything after the translation note must not.
		tr := text
		if i := strings.Index(text, "Tłumaczenie informacyjne – wiążący"); i >= 0 {
			tr = text[i+len("Tłumaczenie informacyjne – wiążący"):]
		}
		// The card's own steps are the office's Polish text, marked so.
		for _, h := range [][2]string{{"Good to know (from the service card, in Polish)", "Information on the processing"},
			{"Корисно знати (з картки послуги, польською мовою)", "Інформація про обробку"}} {
			if i := strings.Index(tr, h[0]); i >= 0 {
				if j := strings.Index(tr[i:], h[1]); j >= 0 {
					tr = tr[:i] + tr[i+j:]
				}
			}
		}
		if m := polishDate.FindString(tr); m != "" {
			t.Errorf("%s: a Polish date %q in a %s printout", name, m, lang)
		}
	}
}

// TestGoldenPrintouts renders, for every demo card, the receipt, the call
// to supplement and the card in Polish, English and Ukrainian, and
// compares each page's text with testdata/golden (go test -run Golden
// -update rewrites them; read the diff before committing it).
func TestGoldenPrintouts(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	e := newEnv(t)
	e.clock.mu.Lock()
	e.clock.t = time.Date(2026, 11, 23, 8, 30, 0, 0, time.UTC) // 09:30 in Warsaw, a Monday
	e.clock.mu.Unlock()
	e.core.NoAutoPrint = true
	e.signIn(t, "jnowak")
	ctx := context.Background()
	var file struct {
		Cards []struct {
			Code  string `json:"code"`
			Title string `json:"title"`
		} `json:"cards"`
	}
	if err := json.Unmarshal(demo.CatalogueJSON, &file); err != nil {
		t.Fatal(err)
	}
	// Cases are registered and sheets laid out in turn (the store is
	// one); rendering and pdftotext, the slow part, run on every core.
	type job struct {
		name, lang string
		sheet      pdf.Sheet
		raw        []byte
	}
	var jobs []job
	cards := file.Cards
	if raceDetector {
		// Under -race the point is the rendering goroutines below sharing
		// the font and pdftotext: one card's receipts, forms and cards in
		// three languages (some ten PDFs on every core) prove that as three
		// did, at a third of the cost. The run without -race (make test,
		// build/testsplit.txt) checks all 14 against the golden files.
		cards = cards[:1]
	}
	seen := map[string]bool{}
	for _, card := range cards {
		in := filledDraft(t, e, card.Title)
		v, err := e.store.Card(ctx, in.CardID)
		if err != nil || v.Card.Code != card.Code {
			t.Fatalf("card %s: found %s, %v", card.Code, v.Card.Code, err)
		}
		// One document is missing, so the case waits for it and its call to
		// supplement is printed too: the last one handed over (not only
		// shown), else the last one shown (an ID card left at home); one the
		// case needs (required, and its condition holds). The
		// first is the application itself, filled in the form this test
		// prints: a card with no other has nothing to call for.
		missing := -1
		for _, handed := range []bool{true, false} {
			for i := len(in.Checklist) - 1; i >= 1 && missing < 0; i-- {
				it := in.Checklist[i]
				if it.Required && it.Applies && (it.Presentation != "show") == handed {
					missing = i
				}
			}
		}
		if missing >= 0 {
			in.Checklist[missing].Mark = cases.Missing
		}
		res, err := NewIntakeService(e.core).Register(in)
		if err != nil || !res.OK {
			t.Fatalf("register %s: %+v %v", card.Code, res, err)
		}
		cc, err := e.core.loadCaseContext(ctx, res.CaseID)
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"pl", "en", "uk"} {
			cc.client.Lang = lang
			kinds := []string{PrintReceipt}
			if cc.cs.SupplementDue != "" {
				kinds = append(kinds, PrintSupplement)
			}
			if lang == "pl" {
				kinds = append(kinds, PrintForm) // signed: Polish only
			}
			for _, kind := range kinds {
				sheet, _, err := e.core.caseSheet(cc, kind)
				if err != nil {
					t.Fatalf("%s %s %s: %v", card.Code, kind, lang, err)
				}
				jobs = append(jobs, job{name: card.Code + "/" + kind + "." + lang, lang: lang, sheet: sheet})
			}
			raw, _, err := e.core.cardPDF(ctx, in.CardID, lang)
			if err != nil {
				t.Fatalf("%s card %s: %v", card.Code, lang, err)
			}
			jobs = append(jobs, job{name: card.Code + "/card." + lang, lang: lang, raw: raw})
		}
		seen[card.Code] = true
	}
	if len(seen) < 14 && !raceDetector {
		t.Errorf("only %d demo cards rendered", len(seen))
	}
	next := make(chan job)
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				raw := j.raw
				if raw == nil {
					var buf bytes.Buffer
					if err := pdf.Write(&buf, j.sheet); err != nil {
						t.Errorf("%s: %v", j.name, err)
						continue
					}
					raw = buf.Bytes()
				}
				dump(t, strings.ReplaceAll(j.name, "/", "-"), raw)
				golden(t, j.name, j.lang, layoutText(t, raw))
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
}

// dump writes the PDF into $OKIENKO_GOLDEN_PDF, when set, for a person to
// look at (pdftoppm) and for the README's images.
func dump(t *testing.T, name string, raw []byte) {
	if dir := os.Getenv("OKIENKO_GOLDEN_PDF"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name+".pdf"), raw, 0o644); err != nil {
			t.Error(err)
		}
	}
}

func golden(t *testing.T, name, lang, text string) {
	t.Helper()
	checkPrintout(t, name, lang, text)
	if strings.HasSuffix(name, "/form.pl") {
		checkForm(t, name, text)
	}
	if strings.Contains(name, "/receipt.") {
		// The receipt is for a case already filed: no card step that tells
		// the client to fill in or file it, and no term that reads
		// "do liczony od dnia…".
		for _, bad := range []string{"Złóż wniosek", "Wypełnij", "Zgłoś się z", "do liczony", "do niezwłocznie"} {
			if strings.Contains(text, bad) {
				t.Errorf("%s: the receipt says %q", name, bad)
			}
		}
	}
	path := filepath.Join("testdata", "golden", name+".txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Error(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Error(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("%s: no golden file (run go test -run Golden -update): %v", name, err)
		return
	}
	if string(want) != text {
		t.Errorf("%s differs from %s:\n%s", name, path, lineDiff(string(want), text))
	}
}

// lineDiff shows the first lines that differ, enough to see what moved.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var sb strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 6; i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			sb.WriteString("  line " + itoa(i+1) + "\n    want: " + a + "\n    got:  " + b + "\n")
			shown++
		}
	}
	return sb.String()
}

// isoDate is a date as stored, never as printed.
var isoDate = regexp.MustCompile(`\b\d{4}-\d\d-\d\d\b`)

// checkForm: the form to sign names each heading once, starts its labels
// with a capital and writes dates as people do.
func checkForm(t *testing.T, name, text string) {
	t.Helper()
	if n := strings.Count(text, "Dane wnioskodawcy"); n > 1 {
		t.Errorf("%s: \"Dane wnioskodawcy\" printed %d times", name, n)
	}
	if m := isoDate.FindString(text); m != "" {
		t.Errorf("%s: ISO date %s on the form", name, m)
	}
	for _, low := range []string{"data urodzenia ", "numer dokumentu ", "telefon ", "e-mail "} {
		for _, line := range strings.Split(text, "\n") {
			if strings.HasPrefix(line, low) {
				t.Errorf("%s: lower-case label %q", name, line)
			}
		}
	}
}
