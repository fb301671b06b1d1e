package app

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestReprintShowsTheCaseNow: a receipt printed again later has a file of
// its own (the first stays as the client got it) and says what holds now:
// a payment day that passed asks for the fee only if not yet paid, and a
// settled case's receipt says it is settled, with nothing left to pay.
func TestReprintShowsTheCaseNow(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	res, err := NewIntakeService(e.core).Register(proxyDraft(t, e, "zaswiadczenie o zameldowaniu"))
	if err != nil || !res.OK || res.Receipt.Path == "" {
		t.Fatalf("register: %+v %v", res, err)
	}
	first, err := os.ReadFile(res.Receipt.Path)
	if err != nil {
		t.Fatal(err)
	}
	svc := NewCaseService(e.core)

	e.clock.Add(3 * 24 * time.Hour)
	e.signIn(t, "jnowak") // the screen locked meanwhile
	again, err := svc.Print(res.CaseID, PrintReceipt)
	if err != nil {
		t.Fatal(err)
	}
	if again.Path == res.Receipt.Path {
		t.Fatalf("the reprint overwrote the first receipt %s", again.Path)
	}
	text := pdfText(t, again.Path)
	for _, want := range []string{"Wydruk ponowny", "teraz Opłata skarbowa", "Jeżeli opłata nie została jeszcze wniesiona"} {
		if !strings.Contains(text, want) {
			t.Errorf("open case's reprint lacks %q:\n%s", want, text)
		}
	}

	for _, to := range []string{"in_progress", "settled"} {
		if _, err := svc.ChangeStatus(res.CaseID, to); err != nil {
			t.Fatalf("to %s: %v", to, err)
		}
	}
	settled, err := svc.Print(res.CaseID, PrintReceipt)
	if err != nil {
		t.Fatal(err)
	}
	text = pdfText(t, settled.Path)
	if !strings.Contains(text, "Sprawa została załatwiona 26.11.2026 r. Nie musisz") {
		t.Errorf("settled case's receipt does not say it is settled:\n%s", text)
	}
	for _, bad := range []string{"Zapłać", "Urząd załatwi sprawę", "r.."} {
		if strings.Contains(text, bad) {
			t.Errorf("settled case's receipt still says %q:\n%s", bad, text)
		}
	}
	if now, _ := os.ReadFile(res.Receipt.Path); string(now) != string(first) {
		t.Error("the first receipt's file changed")
	}
}

// TestReceiptInClientsLanguage: a client who reads English or Ukrainian
// gets the receipt in that language, with the language's dates and money.
func TestReceiptInClientsLanguage(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	for lang, want := range map[string][]string{
		"en": {"Confirmation of acceptance of the case", "by 23 November 2026", "PLN 17.00", "What next"},
		"uk": {"Підтвердження прийняття справи", "до 23.11.2026", "17,00 зл", "Що далі"},
	} {
		in := proxyDraft(t, e, "zaswiadczenie o zameldowaniu")
		in.Client.Lang = lang
		res, err := NewIntakeService(e.core).Register(in)
		if err != nil || !res.OK {
			t.Fatalf("register: %+v %v", res, err)
		}
		text := pdfText(t, res.Receipt.Path)
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s receipt lacks %q:\n%s", lang, w, text)
			}
		}
		for _, pl := range []string{"Potwierdzenie przyjęcia", "Co dalej", "23.11.2026 r."} {
			if strings.Contains(text, pl) {
				t.Errorf("%s receipt says %q in Polish", lang, pl)
			}
		}
		if !strings.HasSuffix(res.Receipt.Path, "potwierdzenie-"+lang+".pdf.okef") {
			t.Errorf("%s receipt file %s", lang, res.Receipt.Path)
		}
	}
}

// TestCardStepsFilled: no card shows a raw {placeholder}, on screen or in
// its PDF, in any language.
func TestCardStepsFilled(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	for _, s := range e.core.search("") {
		d, err := e.catalog.Card(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range d.Steps {
			if m := placeholderLeft.FindString(st); m != "" {
				t.Errorf("%s: step shows %s: %s", d.Code, m, st)
			}
		}
	}
}
