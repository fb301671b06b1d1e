package app

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestComplaintExtensionNotice: a motion that cannot be answered within
// art. 237 § 1's month gets a new date with its reason (art. 36 § 1 by
// art. 237 § 4): the register's clock runs to the new date, and the
// printed notice names the complainant, the letter, the old and new date,
// the reason and the right to a ponaglenie; before any extension the
// notice is refused in words.
func TestComplaintExtensionNotice(t *testing.T) {
	e := newEnv(t)
	officeNow(e, 10, 0)
	e.signIn(t, "jnowak")
	s := NewComplaintService(e.core)
	d, err := s.Register(ComplaintInput{Kind: "motion", Channel: "post", ReceivedOn: "2026-11-20", Name: "Zofia Wróblewska",
		Address: "ul. Lipowa 7, 99-300 Przykładowo", Subject: "Ławki przy przystanku", Competent: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Reprint(d.ID, "extension"); userKey(err) != "complaints.notExtended" {
		t.Errorf("a notice before any extension: %v", err)
	}
	ext, err := s.Extend(d.ID, ComplaintExtendInput{NewDue: "2027-01-29", Reason: "Potrzebna opinia zarządcy drogi powiatowej."})
	if err != nil {
		t.Fatal(err)
	}
	if ext.DueOn != "2027-01-29" || ext.ExtendedTo != "2027-01-29" {
		t.Errorf("the register's clock runs to %s (extended to %s), want the new date", ext.DueOn, ext.ExtendedTo)
	}
	p, err := s.Reprint(d.ID, "extension")
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, p.Path)
	for _, want := range []string{"Zawiadomienie o niezałatwieniu sprawy w terminie", "Zofia Wróblewska", "ul. Lipowa 7",
		"pismo z dnia 20.11.2026 r. w sprawie: Ławki przy przystanku", "do dnia 21.12.2026 r.",
		"Przyczyna zwłoki: Potrzebna opinia zarządcy drogi powiatowej.", "Nowy termin załatwienia sprawy: 29.01.2027 r.",
		"art. 36 § 1 w związku z art. 237 § 4", "ponaglenia"} {
		if !strings.Contains(text, want) {
			t.Errorf("the art. 36 notice lacks %q:\n%s", want, text)
		}
	}
	// Dated the day it is printed, by the office's clock: printed two days
	// after the extension, the notice bears that day, not the day the
	// letter came nor the day the date was put off.
	e.clock.Add(48 * time.Hour)
	e.signIn(t, "jnowak")
	later, err := s.Reprint(d.ID, "extension")
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, later.Path); !strings.Contains(text, ", 25.11.2026") || strings.Contains(text, ", 23.11.2026") || strings.Contains(text, ", 20.11.2026") {
		t.Errorf("the art. 36 notice printed on 25.11.2026 is not dated that day:\n%s", text)
	}
	if dir := os.Getenv("OKIENKO_RENDER_DIR"); dir != "" { // rendered once, for a person to look at
		cmd := exec.Command("pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-", filepath.Join(dir, "complaint-art36"))
		cmd.Stdin = bytes.NewReader(plainPDF(t, p.Path)) // the printout is sealed at rest
		if err := cmd.Run(); err != nil {
			t.Log(err)
		}
	}
}
