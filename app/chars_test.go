package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"okienko/db"
)

// formMessages returns the form's problems by field, as the clerk reads them.
func formMessages(t *testing.T, svc *IntakeService, in DraftInput) map[string]string {
	t.Helper()
	chk, err := svc.Check(in)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range chk.Form {
		out[p.Field] = p.Message
	}
	return out
}

// TestFormMessagesAClerkCanActOn: the form's refusals name the field by
// its label and say what it should look like; never a JSON name, a
// regular expression or a placeholder left unreplaced.
func TestFormMessagesAClerkCanActOn(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	svc := NewIntakeService(e.core)
	in := filledDraft(t, e, "wpis do CEIDG")
	in.Client.BirthDate = ""
	delete(in.Answers, "dataRozpoczecia")
	in.Answers["pkdGlowne"] = "6201Z"
	in.Answers["rachunekBankowy"] = "3788880001202600000000000" // 25 digits
	got := formMessages(t, svc, in)
	want := map[string]string{
		"dataRozpoczecia": "Pole „Data rozpoczęcia działalności” jest wymagane.",
		"pkdGlowne":       "Pole „Przeważający rodzaj działalności (kod PKD)” ma inną postać niż wymagana: wpisz je tak jak w przykładzie „14.13.Z”.",
		"rachunekBankowy": "Pole „Numer rachunku bankowego firmy” musi mieć 26 znaków (wpisano 25).",
	}
	for field, msg := range want {
		if got[field] != msg {
			t.Errorf("%s: %q, want %q", field, got[field], msg)
		}
	}
	for field, msg := range got {
		if strings.ContainsAny(msg, "{}^$[]\\") || strings.Contains(msg, field) {
			t.Errorf("%s: %q shows a placeholder, a pattern or a JSON name", field, msg)
		}
	}
}

// TestIdentifiersTypedInGroups: an account typed in groups of four (as
// Okienko prints it), with or without PL, and a PESEL or NIP typed with
// spaces and dashes are accepted and stored as digits only.
func TestIdentifiersTypedInGroups(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	svc := NewIntakeService(e.core)
	for _, typed := range []string{"37 8888 0001 2026 0000 0000 0000", "PL37 8888 0001 2026 0000 0000 0000", "37-8888-0001-2026-0000-0000-0000"} {
		in := filledDraft(t, e, "wpis do CEIDG")
		in.Answers["rachunekBankowy"] = typed
		in.Answers["nip"] = "123-456-32-18"
		in.Client.PESEL = "022 708 036 24"
		if got := formMessages(t, svc, in); len(got) != 0 {
			t.Fatalf("%q refused: %v", typed, got)
		}
		res, err := svc.Register(in)
		if err != nil || !res.OK {
			t.Fatalf("%q: %+v %v", typed, res, err)
		}
		cs, _ := e.store.Case(context.Background(), res.CaseID)
		var answers map[string]any
		_ = json.Unmarshal(cs.Form, &answers)
		if answers["rachunekBankowy"] != "37888800012026000000000000" || answers["nip"] != "1234563218" || answers["pesel"] != "02270803624" {
			t.Fatalf("stored %v", answers)
		}
	}
}

// TestFormBadInput: what the printouts cannot draw or a field cannot hold
// is refused in that field; the draft keeps it as typed (the clerk may be
// mid-word) and registration refuses; invisible marks are dropped and
// accents composed in what is stored.
func TestFormBadInput(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	svc := NewIntakeService(e.core)
	for _, tc := range []struct {
		name, value, want string
	}{
		{"emoji", "Proszę o umowy 🙏", "Pole „Jakiej informacji dotyczy wniosek” zawiera znak „🙏”, którego nie można tu wpisać ani wydrukować: usuń go."},
		{"10,000 characters", strings.Repeat("x", 10000), "Pole „Jakiej informacji dotyczy wniosek” może mieć najwyżej 4000 znaków, a ma 10000: skróć je."},
		{"control character", "umowy\x1b[31m", "Pole „Jakiej informacji dotyczy wniosek” zawiera niewidoczny znak sterujący (U+001B), zwykle wklejony z innego programu: wpisz tę wartość jeszcze raz."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := filledDraft(t, e, "informacja publiczna")
			in.Answers["trescWniosku"] = tc.value
			if got := formMessages(t, svc, in)["trescWniosku"]; got != tc.want {
				t.Fatalf("message %q, want %q", got, tc.want)
			}
			res, err := svc.Register(in)
			if err != nil || res.OK {
				t.Fatalf("registered: %+v %v", res, err)
			}
			d, err := svc.OpenDraft(in.ID)
			if err != nil || d.Draft.Answers["trescWniosku"] != tc.value {
				t.Fatalf("the draft lost what was typed: %v", err)
			}
		})
	}
	in := filledDraft(t, e, "informacja publiczna")
	in.Answers["trescWniosku"] = "\u200fKopie umo\u0301w\u200b na odśnieżanie\r\ndróg"
	res, err := svc.Register(in)
	if err != nil || !res.OK {
		t.Fatalf("register: %+v %v", res, err)
	}
	cs, _ := e.store.Case(context.Background(), res.CaseID)
	var answers map[string]any
	_ = json.Unmarshal(cs.Form, &answers)
	if answers["trescWniosku"] != "Kopie umów na odśnieżanie\ndróg" {
		t.Fatalf("stored %q", answers["trescWniosku"])
	}
}

// TestEveryTextFieldHasALimit: each text field of every demo card shows a
// limit (the card's maxLength or the default), and the client step's
// fields have theirs.
func TestEveryTextFieldHasALimit(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	for _, hit := range e.core.search("") {
		v, err := e.store.Card(context.Background(), hit.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range formSpec(v).Fields {
			if f.Type == "string" && len(f.Enum) == 0 && f.Format != "date" && f.MaxLength == 0 {
				t.Errorf("%s: %s has no limit", hit.Title, f.Name)
			}
		}
	}
}

// TestPrintFailureIsSaidAndRetried: a receipt that cannot be made after
// the case is committed is reported as not printed, with the reason, and
// is printed by a retry once the cause is gone.
func TestPrintFailureIsSaidAndRetried(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	svc := NewIntakeService(e.core)
	block := filepath.Join(e.dir, "sprawy")
	if err := os.WriteFile(block, []byte("not a directory"), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := svc.Register(filledDraft(t, e, "zaswiadczenie o zameldowaniu", "dowod-oplaty-skarbowej"))
	if err != nil || !res.OK {
		t.Fatalf("register: %+v %v", res, err)
	}
	want := "Sprawa jest zarejestrowana, ale wydruku nie przygotowano. Nie udało się zapisać dokumentu „potwierdzenie przyjęcia sprawy” na dysku: sprawdź, czy jest na nim wolne miejsce, i spróbuj ponownie."
	if !res.PrintFailed || res.Receipt.Path != "" || res.Supplement.Path != "" || res.Warning != want {
		t.Fatalf("after a failed print: %+v", res)
	}
	if err := os.Remove(block); err != nil {
		t.Fatal(err)
	}
	again, err := svc.RetryPrint(res)
	if err != nil || again.PrintFailed || again.Warning != "" || again.Receipt.Path == "" || again.Supplement.Path == "" {
		t.Fatalf("retry: %+v %v", again, err)
	}
	if text := pdfText(t, again.Receipt.Path); !strings.Contains(text, res.Sign) {
		t.Fatalf("receipt: %s", text)
	}
}

// TestReprintOfUnprintableDataIsExplained: a case stored before validation
// refused emoji (or pulled from an older device) is not printed, and the
// clerk reads which character stops it, not "unexpected error".
func TestReprintOfUnprintableDataIsExplained(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	res, err := NewIntakeService(e.core).Register(filledDraft(t, e, "zaswiadczenie o zameldowaniu"))
	if err != nil || !res.OK {
		t.Fatalf("register: %+v %v", res, err)
	}
	ctx := context.Background()
	cs, _ := e.store.Case(ctx, res.CaseID)
	cl, _ := e.store.Client(ctx, cs.ClientID)
	cl.LastName = "Żółkiewska 😀"
	if err := e.store.InTx(ctx, func(tx *db.Tx) error { return tx.SaveClient(ctx, e.core.OfficeID(), cl) }); err != nil {
		t.Fatal(err)
	}
	_, err = NewCaseService(e.core).Print(res.CaseID, PrintReceipt)
	if keyOf(t, err) != "print.unprintable" {
		t.Fatalf("reprint: %v", err)
	}
	want := "Nie można wydrukować dokumentu „potwierdzenie przyjęcia sprawy”: dane sprawy zawierają znak „😀”, którego nie ma w czcionce wydruku. Zgłoś to administratorowi, który poprawi dane."
	if msg := e.core.userError(err).Message; msg != want {
		t.Fatalf("message %q", msg)
	}
}

// TestDocumentNumberMessage: a document number of the wrong length says
// the count expected and typed, not "(oczekiwano {detail})".
func TestDocumentNumberMessage(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	svc := NewIntakeService(e.core)
	in := filledDraft(t, e, "zaswiadczenie o zameldowaniu")
	for i, it := range in.Checklist {
		if it.DocID == "dokument-tozsamosci" {
			in.Checklist[i].Number = "ABS12345"
		}
	}
	chk, err := svc.Check(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range chk.Checklist {
		if l.DocID == "dokument-tozsamosci" && l.Problem != "Pole „Numer dokumentu” musi mieć 9 znaków (wpisano 8)." {
			t.Fatalf("problem %q", l.Problem)
		}
	}
}
