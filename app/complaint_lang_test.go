package app

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestComplaintPrintoutsInLanguage: a complainant's letters (the notice of
// forwarding under art. 231, the art. 36 notice, the answer) are in the
// language chosen at registration, from the locale files, with the
// office's own words (the competent body, the grounds, the signer) as it
// wrote them; no language chosen is Polish, as the case intake starts a
// client; an unknown one is refused in words, nothing saved.
func TestComplaintPrintoutsInLanguage(t *testing.T) {
	e := newEnv(t)
	officeNow(e, 10, 0) // Monday 23 November 2026
	e.signIn(t, "jnowak")
	s := NewComplaintService(e.core)
	base := ComplaintInput{Kind: "motion", Channel: "post", ReceivedOn: "2026-11-20", Name: "Olena Kovalenko",
		Address: "ul. Lipowa 7, 99-300 Przykładowo", Subject: "Ławki przy przystanku", Competent: true}

	if _, err := s.Register(ComplaintInput{Kind: "motion", Channel: "post", ReceivedOn: "2026-11-20", Name: "X Y",
		Address: "ul. Z 1", Subject: "S", Competent: true, Lang: "de"}); userKey(err) != "complaints.langUnknown" {
		t.Errorf("a language the app has not: %v", err)
	}
	pl, err := s.Register(base)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Lang != "pl" {
		t.Errorf("no language chosen: %q, want pl", pl.Lang)
	}

	// Ukrainian: forwarded, with its notice.
	uk := base
	uk.Lang, uk.Competent, uk.ForwardTo = "uk", false, "Zarząd Powiatu Gostynińskiego"
	d, err := s.Register(uk)
	if err != nil {
		t.Fatal(err)
	}
	if d.Lang != "uk" {
		t.Fatalf("lang %q, want uk", d.Lang)
	}
	if got, _ := s.Get(d.ID); got.Lang != "uk" {
		t.Errorf("read back: %q, want uk", got.Lang)
	}
	res, err := s.Forward(d.ID, ComplaintForwardInput{})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, res.Printout.Path)
	for _, want := range []string{"Повідомлення про передачу за компетенцією", "Повідомляємо, що 23.11.2026 Ваше звернення (пропозицію)", "передано на розгляд компетентному органу",
		"Zarząd Powiatu Gostynińskiego", "Olena Kovalenko", "ст. 231"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Ukrainian notice lacks %q:\n%s", want, text)
		}
	}
	for _, not := range []string{"Uprzejmie zawiadamiam", "Zawiadomienie o przekazaniu", "Adresat"} {
		if strings.Contains(text, not) {
			t.Errorf("the Ukrainian notice has Polish %q:\n%s", not, text)
		}
	}
	render(t, res.Printout.Path, "complaint-uk-notice")

	// English: put off under art. 36, then answered.
	en := base
	en.Lang = "en"
	d, err = s.Register(en)
	if err != nil {
		t.Fatal(err)
	}
	if d.RepeatNote == "" || strings.Contains(d.RepeatNote, "ponowienia") {
		t.Errorf("the art. 239 note offered for an English answer: %q", d.RepeatNote)
	}
	if _, err := s.Extend(d.ID, ComplaintExtendInput{NewDue: "2027-01-29", Reason: "Potrzebna opinia zarządcy drogi."}); err != nil {
		t.Fatal(err)
	}
	p, err := s.Reprint(d.ID, "extension")
	if err != nil {
		t.Fatal(err)
	}
	text = pdfText(t, p.Path)
	for _, want := range []string{"Notice that the matter cannot be settled in time", "Reason for the delay: Potrzebna opinia zarządcy drogi.",
		"Article 36 § 1", "Olena Kovalenko"} {
		if !strings.Contains(text, want) {
			t.Errorf("the English art. 36 notice lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Uprzejmie zawiadamiam") || strings.Contains(text, "Przyczyna zwłoki") {
		t.Errorf("the English art. 36 notice has Polish sentences:\n%s", text)
	}
	ans, err := s.Answer(d.ID, ComplaintAnswerInput{Outcome: "justified", AnsweredOn: "2026-11-23", Channel: "post",
		Answer: ComplaintAnswer{Body: "Wójt Gminy Przykładowo", GroundsFact: "Ławki ustawiono 20 listopada.",
			GroundsLaw: "art. 241 KPA", SignerName: "Jan Nowak", SignerPost: "Kierownik Referatu"}})
	if err != nil {
		t.Fatal(err)
	}
	text = pdfText(t, ans.Printout.Path)
	for _, want := range []string{"Notice of how the motion was settled", "The motion was taken up.", "Grounds in fact",
		"Wójt Gminy Przykładowo", "art. 241 KPA", "Jan Nowak, Kierownik Referatu"} {
		if !strings.Contains(text, want) {
			t.Errorf("the English answer lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Uzasadnienie faktyczne") || strings.Contains(text, "Wniosek uwzględniono") {
		t.Errorf("the English answer has Polish sentences:\n%s", text)
	}
	render(t, ans.Printout.Path, "complaint-en-answer")
}

// render writes a printout's first page as PNG to $OKIENKO_RENDER_DIR, for
// a person to look at.
func render(t *testing.T, path, name string) {
	t.Helper()
	dir := os.Getenv("OKIENKO_RENDER_DIR")
	if dir == "" {
		return
	}
	cmd := exec.Command("pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-", filepath.Join(dir, name))
	cmd.Stdin = bytes.NewReader(plainPDF(t, path))
	if err := cmd.Run(); err != nil {
		t.Log(err)
	}
}
