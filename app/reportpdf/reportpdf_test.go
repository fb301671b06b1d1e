package reportpdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"okienko/app/i18n"
	"okienko/app/report"
)

// TestWriteReport prints a small report and reads it back: the figures,
// a chart per breakdown (an image), the sections not yet recorded in words.
func TestWriteReport(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	p, _ := report.ParsePeriod("2026-01-01", "2026-12-31")
	r := report.Report{Period: p, Sections: []report.Section{
		// Groups named as the device and the registry name them (report.NameGroups).
		report.NameGroups(report.Queue([]report.Ticket{{Counter: "Stanowisko 1", Group: "A", Unit: "SO", Status: "served", CalledAt: 600000, DoneAt: 900000},
			{Counter: "Stanowisko 2", Group: "A", Status: "absent", CalledAt: 120000}}),
			func(code string) (string, bool) { return code + " – Meldunki i dowody osobiste", code == "A" }),
		report.Cases([]report.Case{{Unit: "SO", Service: "Zaświadczenie o zameldowaniu"}, {Unit: "USC", Service: "Odpis aktu stanu cywilnego", Closed: "2026-03-01"},
			{Unit: "BUD", Service: "Decision on development conditions (warunki zabudowy, WZ)"}}),
		{Key: report.SectionSurvey, State: report.StateNotRecorded},
	}}
	var buf bytes.Buffer
	meta := Meta{Office: "Urząd Gminy Przykładowo", Letterhead: []string{"Urząd Gminy Przykładowo", "ul. Rynek 1, 09-500 Przykładowo"}, ScopeText: "cały urząd", Source: "to stanowisko", Printed: time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)}
	if err := Write(&buf, r, b, "pl", meta); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "r.pdf")
	if err := os.WriteFile(f, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", f, "-").Output()
	if err != nil {
		t.Skip("pdftotext:", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Raport z monitoringu jakości obsługi", "Obsłużeni klienci 1", "Sprawy wszczęte w okresie 3",
		"Okienko jeszcze nie prowadzi tego rejestru", "Odpis aktu stanu cywilnego", "A – Meldunki i dowody"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
	imgs, err := exec.Command("pdfimages", "-list", f).Output()
	if err == nil && strings.Count(string(imgs), "png")+strings.Count(string(imgs), "image") < 5 {
		t.Errorf("fewer charts than breakdowns:\n%s", imgs)
	}
	if dst := os.Getenv("OKIENKO_REPORT_PDF"); dst != "" {
		_ = os.WriteFile(dst, buf.Bytes(), 0o644)
	}
}
