package pdf

import (
	"bytes"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// pages renders s and gives each page's text (pdftotext).
func pages(t *testing.T, s Sheet) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	var buf bytes.Buffer
	if err := Write(&buf, s); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = &buf
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(out), "\f"), "\f")
}

// TestHeadingKeepsItsFirstItem: a heading near the foot of a page whose
// first item is long goes to the next page with it, never alone.
func TestHeadingKeepsItsFirstItem(t *testing.T) {
	filler := strings.Repeat("Tekst wypełniający stronę, zdanie po zdaniu. ", 8)
	long := "Pierwsza pozycja. " + strings.Repeat("Długa pozycja listy, która zajmuje kilka wierszy. ", 9)
	for n := 30; n <= 44; n++ {
		var paras []string
		for range n {
			paras = append(paras, filler[:n*3])
		}
		s := Sheet{Title: "Karta", Footer: "Stopka", PageLabel: "Strona {n} z {nb}",
			Blocks: []Block{{Paragraphs: paras}, {Heading: "Opłaty", Items: []string{long}}}}
		for i, pg := range pages(t, s) {
			if strings.Contains(pg, "Opłaty") && !strings.Contains(pg, "Pierwsza pozycja") {
				t.Fatalf("%d paragraphs: the heading stands alone at the foot of page %d:\n%s", n, i+1, pg)
			}
		}
	}
}

// TestLongFooterLeavesPageLabel: a long card title in the footer is cut
// with an ellipsis and the page label stays readable beside it.
func TestLongFooterLeavesPageLabel(t *testing.T) {
	footer := "Urząd Gminy Przykładowo · Karta usługi · " + strings.Repeat("Bardzo długi tytuł karty usługi ", 6)
	pg := pages(t, Sheet{Title: "Karta", Footer: footer, PageLabel: "Strona {n} z {nb}"})[0]
	if !strings.Contains(pg, "Strona 1 z 1") {
		t.Errorf("page label run over by the footer:\n%s", pg)
	}
	if !strings.Contains(pg, "…") {
		t.Errorf("long footer not shortened:\n%s", pg)
	}
}

// TestLongFooterKeepsSign: a footer too long for its line loses part of
// its title, never part of the case sign.
func TestLongFooterKeepsSign(t *testing.T) {
	footer := "Urząd Gminy Przykładowo · Wezwanie do uzupełnienia braków formalnych · " + strings.Repeat("długi tytuł ", 6)
	pg := pages(t, Sheet{Title: "Wezwanie", Footer: footer, FooterSign: "GKM.7243.1.2026.SO", PageLabel: "Strona {n} z {nb}"})[0]
	if !strings.Contains(pg, "GKM.7243.1.2026.SO") {
		t.Errorf("case sign cut in the footer:\n%s", pg)
	}
	if !strings.Contains(pg, "…") || !strings.Contains(pg, "Strona 1 z 1") {
		t.Errorf("long footer not shortened before the sign, or page label lost:\n%s", pg)
	}
}

// filler is n paragraphs that push what follows towards a page's foot.
func filler(n int) []string {
	text := strings.Repeat("Tekst wypełniający stronę, zdanie po zdaniu. ", 8)
	var paras []string
	for range n {
		paras = append(paras, text[:n*3])
	}
	return paras
}

// TestDeclarationKeepsItsSignature: wherever the page ends, a declaration
// and the signature line under it are printed on one page.
func TestDeclarationKeepsItsSignature(t *testing.T) {
	for n := 30; n <= 46; n++ {
		s := Sheet{Title: "Wniosek", Footer: "Stopka", PageLabel: "Strona {n} z {nb}",
			Blocks: []Block{{Paragraphs: filler(n)}, {Paragraphs: []string{"Oświadczam, że dane podane we wniosku są zgodne z prawdą."}, Signature: "data i czytelny podpis"}}}
		for i, pg := range pages(t, s) {
			if strings.Contains(pg, "czytelny podpis") != strings.Contains(pg, "Oświadczam") {
				t.Fatalf("%d paragraphs: the declaration and its signature part on page %d:\n%s", n, i+1, pg)
			}
		}
	}
}

// TestHeadingKeepsTwoLines: a heading whose first item is one line long
// takes the second item with it to the next page, never one line alone.
func TestHeadingKeepsTwoLines(t *testing.T) {
	for n := 30; n <= 46; n++ {
		s := Sheet{Title: "Karta", Footer: "Stopka", PageLabel: "Strona {n} z {nb}",
			Blocks: []Block{{Paragraphs: filler(n)}, {Heading: "Co robić krok po kroku", Numbered: true,
				Items: []string{"Pierwszy krok.", "Drugi krok. " + strings.Repeat("Dłuższy opis drugiego kroku. ", 4), "Trzeci krok."}}}}
		for i, pg := range pages(t, s) {
			if strings.Contains(pg, "Co robić") && !strings.Contains(pg, "Drugi krok") {
				t.Fatalf("%d paragraphs: the heading keeps one line at the foot of page %d:\n%s", n, i+1, pg)
			}
		}
	}
}

// TestItemWithKeptNumberNotSplit: an item holding an account number
// joined by no-break spaces is measured as printed and never cut by a
// page break.
func TestItemWithKeptNumberNotSplit(t *testing.T) {
	// SplitText made this four lines; MultiCell prints five.
	item := "Yearly fee for using a category A licence (up to 4.5% alcohol, and beer): PLN\u00a0525.00 (when “Category A – beverages up to 4.5% alcohol, and beer” is ticked). Legal basis: art. 11¹ ust. 2 pkt 1 ustawy o wychowaniu w trzeźwości i przeciwdziałaniu alkoholizmowi. Pay to account " +
		strings.ReplaceAll("37 8888 0001 2026 0000 0000 0000", " ", "\u00a0") + " or at the cash desk: the Gmina Office, ground floor, room 4 (Mon–Thu 8:00–15:00, Fri 8:00–13:30)."
	for n := 30; n <= 46; n++ {
		s := Sheet{Title: "Karta", Footer: "Stopka", PageLabel: "Strona {n} z {nb}",
			Blocks: []Block{{Paragraphs: filler(n)}, {Items: []string{item}}}}
		for i, pg := range pages(t, s) {
			if strings.Contains(pg, "Yearly fee") != strings.Contains(pg, "8:00–13:30)") {
				t.Fatalf("%d paragraphs: the item is cut at the foot of page %d:\n%s", n, i+1, pg)
			}
		}
	}
}

// TestLongSignatureStaysInMargins: a signature's caption longer than the
// half page under its line (a head's name and post, "(podpis i
// pieczęć)") wraps there; no word of it runs past the right margin, and
// none is lost.
func TestLongSignatureStaysInMargins(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	caption := "Katarzyna Zielińska, Kierownik Referatu Spraw Obywatelskich i Gospodarki Komunalnej (podpis i pieczęć)"
	for n := 30; n <= 44; n += 2 {
		var buf bytes.Buffer
		s := Sheet{Title: "Upoważnienie", Footer: "Stopka", PageLabel: "Strona {n} z {nb}",
			Blocks: []Block{{Paragraphs: filler(n)}, {Paragraphs: []string{"Upoważnienie należy okazać klientowi."}, Signature: caption}}}
		if err := Write(&buf, s); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("pdftotext", "-bbox", "-", "-")
		cmd.Stdin = &buf
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		right := (pageW - margin) * 72 / 25.4
		words := regexp.MustCompile(`<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`).FindAllStringSubmatch(string(out), -1)
		var got []string
		for _, w := range words {
			if x, _ := strconv.ParseFloat(w[1], 64); x > right+1 {
				t.Errorf("%d paragraphs: %q ends at %.0f pt, past the margin at %.0f pt", n, w[2], x, right)
			}
			got = append(got, w[2])
		}
		if all := strings.Join(got, " "); !strings.Contains(all, caption) {
			t.Errorf("%d paragraphs: the caption is not whole on paper", n)
		}
		// The declaration and its signature stay on one page.
		for i, pg := range pages(t, s) {
			if strings.Contains(pg, "(podpis i") && !strings.Contains(pg, "okazać klientowi") {
				t.Errorf("%d paragraphs: the signature stands alone on page %d", n, i+1)
			}
		}
	}
}

// TestTranslationPagesHaveTheirFooter: a translation's page is named in
// its own language, the binding text's pages in Polish.
func TestTranslationPagesHaveTheirFooter(t *testing.T) {
	s := Sheet{Title: "Wezwanie", Footer: "Urząd · Wezwanie", FooterSign: "SO.5352.1.2026", PageLabel: "Strona {n} z {nb}",
		Blocks: []Block{{Paragraphs: []string{"Tekst wiążący."}},
			{NewPage: true, Footer: "Urząd · Call to remedy", PageLabel: "Page {n} of {nb}", Paragraphs: []string{"Translation."}}}}
	pg := pages(t, s)
	if len(pg) != 2 {
		t.Fatalf("%d pages, want 2", len(pg))
	}
	for i, want := range [][2]string{{"Urząd · Wezwanie · SO.5352.1.2026", "Strona 1 z 2"}, {"Urząd · Call to remedy · SO.5352.1.2026", "Page 2 of 2"}} {
		for _, w := range want {
			if !strings.Contains(pg[i], w) {
				t.Errorf("page %d lacks %q:\n%s", i+1, w, pg[i])
			}
		}
	}
	if strings.Contains(pg[1], "Wezwanie") || strings.Contains(pg[1], "Strona") {
		t.Errorf("the translation's page is named in Polish:\n%s", pg[1])
	}
}
