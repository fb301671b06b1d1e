package app

import (
	"context"
	"strings"
	"testing"

	"okienko/app/cases"
)

// setValidUntil types an expiry date into every document that must be valid.
func setValidUntil(in *DraftInput, typed string) string {
	doc := ""
	for i, it := range in.Checklist {
		if it.MustBeValid {
			in.Checklist[i].ValidUntil, doc = typed, it.DocID
		}
	}
	return doc
}

func line(chk IntakeCheck, docID string) ChecklistLine {
	for _, l := range chk.Checklist {
		if l.DocID == docID {
			return l
		}
	}
	return ChecklistLine{}
}

// TestTypedDatesAtTheCounter: every date a clerk types (the birth date, a
// form's date field, a document's "ważny do") is read in the forms a Polish
// clerk types it, stored as YYYY-MM-DD, or refused with a sentence naming
// the field; an expiry date is never taken as valid unread.
func TestTypedDatesAtTheCounter(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	svc := NewIntakeService(e.core)
	ctx := context.Background()

	// Today is 23.11.2026: everything typed the Polish way registers.
	in := filledDraft(t, e, "zaswiadczenie o zameldowaniu")
	in.Client.BirthDate = "08.07.2002 r."
	in.Answers["dataUrodzenia"] = "8.7.2002"
	doc := setValidUntil(&in, "31.12.2030 r.")
	if doc == "" {
		t.Fatal("the card has no document that must be valid")
	}
	chk, err := svc.Check(in)
	if err != nil || !chk.CanRegister || !chk.Complete || len(chk.Client)+len(chk.Form) != 0 {
		t.Fatalf("Polish dates: %+v %v", chk, err)
	}
	// The screen gets the date back as typed: the clerk may still be typing.
	if l := line(chk, doc); l.ValidUntil != "31.12.2030 r." {
		t.Errorf("the check gave back %q for what the clerk typed", l.ValidUntil)
	}
	// The printed form shows the dates as people read them, however typed.
	p, err := svc.PrintForm(in)
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, p.Path); strings.Count(text, "08.07.2002 r.") != 2 || strings.Contains(text, "2002-07-08") {
		t.Errorf("printed form: %s", text)
	}
	res, err := svc.Register(in)
	if err != nil || !res.OK || !res.Complete {
		t.Fatalf("register: %+v %v", res, err)
	}
	if d, _ := NewCaseService(e.core).Case(res.CaseID); !hasAnswer(d, "08.07.2002\u00a0r.") {
		t.Errorf("the case shows its answers as %+v", d.Answers)
	}
	cc, err := e.core.loadCaseContext(ctx, res.CaseID)
	if err != nil {
		t.Fatal(err)
	}
	if cc.client.BirthDate != "2002-07-08" || !strings.Contains(string(cc.cs.Form), `"dataUrodzenia":"2002-07-08"`) {
		t.Errorf("stored: birth %q, form %s", cc.client.BirthDate, cc.cs.Form)
	}
	for _, it := range cc.cs.Checklist {
		if it.DocID == doc && it.ValidUntil != "2030-12-31" {
			t.Errorf("stored expiry date %q", it.ValidUntil)
		}
	}

	// An identity card that expired last year, typed as a clerk types it,
	// is expired: missing, and on the call to supplement.
	in = filledDraft(t, e, "zaswiadczenie o zameldowaniu")
	setValidUntil(&in, "31.12.2025")
	chk, _ = svc.Check(in)
	if l := line(chk, doc); !l.Missing || !strings.Contains(l.Problem, "31.12.2025") || !chk.CanRegister || chk.Complete {
		t.Fatalf("expired: %+v", chk)
	}
	res, err = svc.Register(in)
	if err != nil || !res.OK || res.Complete || res.Supplement.Path == "" {
		t.Fatalf("register expired: %+v %v", res, err)
	}
	if text := pdfText(t, res.Supplement.Path); !strings.Contains(text, line(chk, doc).Name) {
		t.Errorf("the call to supplement does not ask for %q: %s", line(chk, doc).Name, text)
	}
	// The client brings a valid card; its date is typed the Polish way.
	cs := NewCaseService(e.core)
	d, err := cs.Case(res.CaseID)
	if err != nil {
		t.Fatal(err)
	}
	var items []cases.Item
	for _, l := range d.Checklist {
		it := l.Item
		if it.DocID == doc {
			it.ValidUntil = "1.2.2035 r."
		}
		items = append(items, it)
	}
	if d, err = cs.Supplement(res.CaseID, items); err != nil || d.Status != "supplemented" {
		t.Fatalf("supplemented: %+v %v", d, err)
	}
	if cc, _ = e.core.loadCaseContext(ctx, res.CaseID); !hasValidUntil(cc.cs, doc, "2035-02-01") {
		t.Errorf("stored after supplement: %+v", cc.cs.Checklist)
	}

	// What cannot be read is refused, field by field, in a sentence.
	for _, tc := range []struct {
		set   func(*DraftInput)
		where string // client, form, doc
		want  string
	}{
		{func(in *DraftInput) { setValidUntil(in, "31.12.30") }, "doc",
			"Rok w polu „Ważny do” ma tylko dwie cyfry i nie wiadomo, z którego stulecia: wpisz go w całości, np. 31.12.2026."},
		{func(in *DraftInput) { setValidUntil(in, "31.02.2030") }, "doc",
			"W polu „Ważny do” wpisano dzień, którego nie ma w kalendarzu: sprawdź dzień i miesiąc (dzień.miesiąc.rok, np. 31.12.2026)."},
		{func(in *DraftInput) { setValidUntil(in, "bezterminowo") }, "doc",
			"Nie można odczytać daty w polu „Ważny do”: wpisz ją jako dzień.miesiąc.rok, np. 31.12.2026."},
		{func(in *DraftInput) { in.Client.BirthDate = "31.02.2002" }, "client",
			"W polu „Data urodzenia” wpisano dzień, którego nie ma w kalendarzu: sprawdź dzień i miesiąc (dzień.miesiąc.rok, np. 31.12.2026)."},
		{func(in *DraftInput) { in.Client.BirthDate = "8.7.02" }, "client",
			"Rok w polu „Data urodzenia” ma tylko dwie cyfry i nie wiadomo, z którego stulecia: wpisz go w całości, np. 31.12.2026."},
		{func(in *DraftInput) { in.Client.BirthDate = "24.11.2026" }, "client",
			"Data urodzenia jest późniejsza niż dzisiejsza: sprawdź rok."},
		// The form's birth date repeats the client's; typed on the form
		// only when step 1 left it empty.
		{func(in *DraftInput) { in.Client.BirthDate, in.Answers["dataUrodzenia"] = "", "8 lipca 02" }, "form",
			"Rok w polu „Data urodzenia” ma tylko dwie cyfry i nie wiadomo, z którego stulecia: wpisz go w całości, np. 31.12.2026."},
	} {
		in := filledDraft(t, e, "zaswiadczenie o zameldowaniu")
		tc.set(&in)
		chk, err := svc.Check(in)
		if err != nil || chk.CanRegister {
			t.Errorf("%s %s: registrable %+v %v", tc.where, tc.want, chk, err)
			continue
		}
		var got []string
		switch tc.where {
		case "doc":
			got = []string{line(chk, doc).Problem}
		case "client":
			for _, p := range chk.Client {
				got = append(got, p.Message)
			}
		case "form":
			for _, p := range chk.Form {
				got = append(got, p.Message)
			}
		}
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s: %q, want %q", tc.where, got, tc.want)
		}
		res, err := svc.Register(in)
		if err != nil || res.OK || len(res.Problems) == 0 {
			t.Errorf("%s %s: register %+v %v", tc.where, tc.want, res, err)
		}
	}
}

func hasValidUntil(cs cases.Case, doc, want string) bool {
	for _, it := range cs.Checklist {
		if it.DocID == doc {
			return it.ValidUntil == want
		}
	}
	return false
}

func hasAnswer(d CaseDetail, value string) bool {
	for _, a := range d.Answers {
		if a.Value == value {
			return true
		}
	}
	return false
}
