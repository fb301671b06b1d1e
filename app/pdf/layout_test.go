package pdf

import (
	"bytes"
	"os/exec"
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
		strings.ReplaceAll("37 8888 0001 2026 0000 0000 0000", " ", "\u00a0") + " or at the cash desk: the Gmina Office, ground floor, room 4 (Mon–Fri 8:00–15:00)."
	for n := 30; n <= 46; n++ {
		s := Sheet{Title: "Karta", Footer: "Stopka", PageLabel: "Strona {n} z {nb}",
			Blocks: []Block{{Paragraphs: filler(n)}, {Items: []string{item}}}}
		for i, pg := range pages(t, s) {
			if strings.Contains(pg, "Yearly fee") != strings.Contains(pg, "8:00–15:00)") {
				t.Fatalf("%d paragraphs: the item is cut at the foot of page %d:\n%s", n, i+1, pg)
			}
		}
	}
}
