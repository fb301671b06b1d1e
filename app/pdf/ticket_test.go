package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestWriteTicket(t *testing.T) {
	tk := Ticket{Office: "Urząd Gminy Przykładowo", Group: "Meldunki i dowody osobiste", Label: "A012",
		Lines: []string{"Bilet pobrano 3 grudnia 2026 r. o 9:41.", "Przed Tobą czekają 3 osoby."}, Title: "Bilet A012"}
	for _, paper := range []string{PaperThermal80, PaperA4} {
		var buf bytes.Buffer
		if err := WriteTicket(&buf, tk, paper); err != nil {
			t.Fatalf("%s: %v", paper, err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF")) {
			t.Fatalf("%s: not a PDF", paper)
		}
		if _, err := exec.LookPath("pdftotext"); err != nil {
			continue
		}
		f := t.TempDir() + "/t.pdf"
		if err := os.WriteFile(f, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftotext", f, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"A012", "Meldunki i dowody", "Przed Tobą czekają 3 osoby."} {
			if !strings.Contains(string(out), want) {
				t.Errorf("%s: %q missing from %q", paper, want, out)
			}
		}
		if paper == PaperThermal80 {
			info, _ := exec.Command("pdfinfo", f).Output()
			if !strings.Contains(string(info), "226.77 x 226.77 pts") {
				t.Errorf("80 mm page size: %s", info)
			}
		}
	}
	if err := WriteTicket(&bytes.Buffer{}, tk, "letter"); err == nil {
		t.Error("an unknown paper was accepted")
	}
}
