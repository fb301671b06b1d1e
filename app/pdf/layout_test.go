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
