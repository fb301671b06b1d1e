package app

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"okienko/app/cases"
	"okienko/app/catalog"
	"okienko/app/deadline"
)

// filledDraft starts an intake for the card whose title contains title,
// with the card's own filled examples as answers, a new client and every
// document marked as the card asks; missing lists documents left out.
func filledDraft(t testing.TB, e *env, title string, missing ...string) DraftInput {
	t.Helper()
	return draftWith(t, e, title, nil, missing...)
}

// proxyDraft is filledDraft with the matter handled by a proxy: the stamp
// duty on the power of attorney is paid on filing (catalog.FeeAtFiling),
// so the receipt asks for it.
func proxyDraft(t testing.TB, e *env, title string) DraftInput {
	t.Helper()
	return draftWith(t, e, title, map[string]any{"przezPelnomocnika": true})
}

// draftWith fills the draft with the card's examples, then answers.
func draftWith(t testing.TB, e *env, title string, answers map[string]any, missing ...string) DraftInput {
	t.Helper()
	res := e.core.search(title)
	if len(res) == 0 {
		t.Fatalf("no card %q", title)
	}
	open, err := NewIntakeService(e.core).StartDraft(res[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	in := open.Draft
	for _, f := range open.Form.Fields {
		if f.Example != nil {
			in.Answers[f.Name] = f.Example
		}
	}
	for k, v := range answers {
		in.Answers[k] = v
	}
	in.Client = cases.Client{Kind: cases.Person, FirstName: "Łucja", LastName: "Żółkiewska", PESEL: "02270803624",
		BirthDate: "2002-07-08", Sex: "K", Street: "ul. Polna", HouseNo: "3", PostalCode: "99-300", City: "Przykładowo"}
	v, _ := e.store.Card(context.Background(), in.CardID)
	in.Checklist = cases.BuildChecklist(v.Card, visibleAnswers(v.Card, in.Answers), nil)
	for i, it := range in.Checklist {
		switch {
		case contains(missing, it.DocID):
			in.Checklist[i].Mark = cases.Missing
		case it.Presentation == catalog.Show:
			in.Checklist[i].Mark = cases.Presented
		default:
			in.Checklist[i].Mark = cases.Original
		}
		if it.MustBeValid {
			in.Checklist[i].ValidUntil = "2031-01-01"
		}
		if it.Check == catalog.CheckIDCard {
			in.Checklist[i].Number = "ABS123456"
		}
	}
	return in
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func pdfText(t testing.TB, path string) string {
	t.Helper()
	out, err := pdftotextLayout(t, path)
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestRegisterCompleteCase(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	in := filledDraft(t, e, "zaswiadczenie o zameldowaniu")
	chk, err := NewIntakeService(e.core).Check(in)
	if err != nil {
		t.Fatal(err)
	}
	if !chk.CanRegister || !chk.Complete || len(chk.Client)+len(chk.Form) != 0 {
		t.Fatalf("check: %+v", chk)
	}
	res, err := NewIntakeService(e.core).Register(in)
	if err != nil || !res.OK {
		t.Fatalf("register: %+v %v", res, err)
	}
	year := e.clock.Now().Year()
	if res.Sign != "SO.5352.1."+itoa(year) || !res.Complete || res.Supplement.Path != "" {
		t.Fatalf("result: %+v", res)
	}
	// Submitted Monday 23.11.2026; 7 days (art. 217 § 3) end Monday 30.11.
	if res.DueOn != "30.11.2026\u00a0r." {
		t.Fatalf("due %q", res.DueOn)
	}
	text := pdfText(t, res.Receipt.Path)
	for _, want := range []string{"Potwierdzenie przyjęcia sprawy", "SO.5352.1.2026", "Łucja Żółkiewska", "PESEL 02•••••••24",
		"1. do 30.11.2026 r. Urząd załatwi sprawę", "Informacja o przetwarzaniu danych osobowych", "Jan Nowak"} {
		if !strings.Contains(text, want) {
			t.Errorf("receipt lacks %q", want)
		}
	}
	if strings.Contains(text, "02270803624") {
		t.Error("receipt shows the full PESEL")
	}
	// The stamp duty was paid before filing and its proof handed over
	// (catalog.FeeWithApplication): the receipt asks for no payment.
	if strings.Contains(text, "Opłata skarbowa za wydanie zaświadczenia") || strings.Contains(text, "Zapłać") {
		t.Errorf("receipt asks again for the stamp duty already paid")
	}
	if t.Failed() {
		t.Log(text)
	}
	// The draft is gone; the case, its history and its number are there.
	drafts, _ := NewIntakeService(e.core).Drafts()
	if len(drafts) != 0 {
		t.Fatalf("draft left after registration: %+v", drafts)
	}
	d, err := NewCaseService(e.core).Case(res.CaseID)
	if err != nil || d.Status != "registered" || len(d.Events) < 2 || d.Ident != "02•••••••24" {
		t.Fatalf("case: %+v %v", d, err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestRegisterIncompleteCaseStopsTheClock(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	in := filledDraft(t, e, "zaswiadczenie o zameldowaniu", "dowod-oplaty-skarbowej")
	if !hasDoc(in, "dowod-oplaty-skarbowej") {
		t.Fatal("demo card has no dowod-oplaty-skarbowej document")
	}
	res, err := NewIntakeService(e.core).Register(in)
	if err != nil || !res.OK || res.Complete {
		t.Fatalf("register: %+v %v", res, err)
	}
	// Call handed over on Monday 23.11.2026: 7 days end Monday 30.11 (art. 57 § 1).
	if res.SupplementDue != "30.11.2026\u00a0r." || res.DueOn != "" || res.Supplement.Path == "" {
		t.Fatalf("result: %+v", res)
	}
	text := pdfText(t, res.Supplement.Path)
	for _, want := range []string{"Wezwanie do uzupełnienia braków formalnych", "art. 64 § 2", "do dnia 30.11.2026 r. włącznie",
		"pozostawienie wniosku bez rozpoznania", "art. 35 § 5", "SO.5352.1.2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("call to supplement lacks %q", want)
		}
	}
	receipt := pdfText(t, res.Receipt.Path)
	if !strings.Contains(receipt, "do 30.11.2026 r. Dostarcz brakujący dokument") {
		t.Errorf("receipt lacks the missing-document step: %s", receipt)
	}
	// Its proof missing, the stamp duty may be unpaid: the receipt asks
	// for it by the call's term, and for the proof.
	if !strings.Contains(receipt, "1. do 30.11.2026 r. Opłata skarbowa za wydanie zaświadczenia: 17,00 zł. Jeżeli opłata nie została jeszcze wniesiona") ||
		!strings.Contains(receipt, "37 8888 0001 2026 0000 0000 0000") {
		t.Errorf("receipt lacks the payment while its proof is missing: %s", receipt)
	}
	cs := NewCaseService(e.core)
	d, _ := cs.Case(res.CaseID)
	if d.Status != "awaiting_supplement" || d.Flag != "paused" {
		t.Fatalf("case: %+v", d)
	}
	// Too early to leave it unexamined.
	if _, err := cs.ChangeStatus(res.CaseID, "left_unexamined"); keyOf(t, err) != "case.termRunning" {
		t.Fatalf("left unexamined during the term: %v", err)
	}
	// The documents come on Thursday 26.11: 3 paused days move the due date
	// from 30.11 to 3.12.2026 (Thursday).
	e.clock.Add(3 * 24 * time.Hour)
	e.signIn(t, "jnowak") // days later the screen has locked itself
	var items []cases.Item
	for _, l := range d.Checklist {
		it := l.Item
		if it.DocID == "dowod-oplaty-skarbowej" {
			it.Mark = cases.Copy
		}
		items = append(items, it)
	}
	d, err = cs.Supplement(res.CaseID, items)
	if err != nil || d.Status != "supplemented" || d.DueOn != "03.12.2026\u00a0r." {
		t.Fatalf("supplemented: %+v %v", d, err)
	}
	if _, err := cs.ChangeStatus(res.CaseID, "settled"); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.ChangeStatus(res.CaseID, "in_progress"); keyOf(t, err) != "case.badTransition" {
		t.Fatalf("reopen a settled case: %v", err)
	}
}

func hasDoc(in DraftInput, id string) bool {
	for _, it := range in.Checklist {
		if it.DocID == id {
			return true
		}
	}
	return false
}

func TestRegisterRefusesBadInputAndKeepsDraft(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	svc := NewIntakeService(e.core)
	in := filledDraft(t, e, "zaswiadczenie o zameldowaniu")
	in.Client.BirthDate = "1985-03-12"
	chk, _ := svc.Check(in)
	if len(chk.Client) != 1 || chk.Client[0].Message != "Data urodzenia zapisana w numerze PESEL (2002-07-08) różni się od podanej w polu „Data urodzenia”." {
		t.Fatalf("cross-check: %+v", chk.Client)
	}
	res, err := svc.Register(in)
	if err != nil || res.OK || len(res.Problems) == 0 {
		t.Fatalf("registered with a wrong birth date: %+v %v", res, err)
	}
	n, _ := e.store.CaseCount(context.Background(), e.core.OfficeID())
	drafts, _ := svc.Drafts()
	if n != 0 || len(drafts) != 1 || drafts[0].Initials != "Ł. Ż." {
		t.Fatalf("%d cases, drafts %+v", n, drafts)
	}
	// Unmarked documents and a form answer of the wrong kind also refuse.
	in = filledDraft(t, e, "zaswiadczenie o zameldowaniu")
	in.Checklist[0].Mark = cases.Unmarked
	v, _ := e.store.Card(context.Background(), in.CardID)
	for _, name := range v.Card.Form.UI.Order {
		if _, linked := clientFields[name]; v.Card.Form.UI.Fields[name].When == nil && !linked { // always shown, not the client's
			in.Answers[name] = []any{"x"}
			break
		}
	}
	chk, _ = svc.Check(in)
	if chk.CanRegister || len(chk.Form) == 0 {
		t.Fatalf("check: %+v", chk)
	}
}

func TestDraftsAreTheClerksOwn(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	svc := NewIntakeService(e.core)
	in := filledDraft(t, e, "zameldowanie")
	if _, err := svc.SaveDraft(in); err != nil {
		t.Fatal(err)
	}
	e.signIn(t, "akowalska")
	if _, err := svc.OpenDraft(in.ID); keyOf(t, err) != "intake.draftNotFound" {
		t.Fatalf("another clerk opened the draft: %v", err)
	}
	if ds, _ := svc.Drafts(); len(ds) != 0 {
		t.Fatalf("another clerk sees %d drafts", len(ds))
	}
	e.signIn(t, "jnowak")
	open, err := svc.OpenDraft(in.ID)
	if err != nil || open.Draft.Client.LastName != "Żółkiewska" || len(open.Draft.Answers) != len(in.Answers) {
		t.Fatalf("resume: %+v %v", open.Draft, err)
	}
}

func TestDuplicateClientsAndCaseSearch(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	svc := NewIntakeService(e.core)
	res, err := svc.Register(filledDraft(t, e, "zaswiadczenie o zameldowaniu"))
	if err != nil || !res.OK {
		t.Fatal(res, err)
	}
	in := filledDraft(t, e, "zameldowanie")
	chk, _ := svc.Check(in)
	if len(chk.Duplicates) != 1 || chk.Duplicates[0].Ident != "02•••••••24" {
		t.Fatalf("same PESEL: %+v", chk.Duplicates)
	}
	in.Client.PESEL = ""
	in.Client.Kind = cases.Foreigner
	in.Client.Citizenship, in.Client.DocType, in.Client.DocNumber = "UA", "passport", "FA1234567"
	chk, _ = svc.Check(in)
	if len(chk.Duplicates) != 1 {
		t.Fatalf("same name and birth date: %+v", chk.Duplicates)
	}
	hits, _ := svc.FindClients("zolkiew")
	if len(hits) != 1 || hits[0].Name != "Łucja Żółkiewska" {
		t.Fatalf("find: %+v", hits)
	}
	cs := NewCaseService(e.core)
	for _, q := range []string{"lucja zolkiewska", "SO.5352.1", "02270803624"} {
		rows, err := cs.Search(CaseQuery{Text: q})
		if err != nil || len(rows) != 1 || rows[0].Ident != "PESEL 02•••••••24" || rows[0].Flag != "" {
			t.Errorf("Search(%q) = %+v %v", q, rows, err)
		}
	}
	e.clock.Add(4 * 24 * time.Hour) // Friday 27.11: due Monday 30.11, 3 days left
	e.signIn(t, "jnowak")
	if rows, _ := cs.Search(CaseQuery{Due: "soon"}); len(rows) != 1 || rows[0].Flag != "soon" || rows[0].DaysLeft != 3 {
		t.Fatalf("soon: %+v", rows)
	}
	e.clock.Add(4 * 24 * time.Hour) // Tuesday 1.12: overdue
	e.signIn(t, "jnowak")
	if rows, _ := cs.Search(CaseQuery{Due: "overdue"}); len(rows) != 1 || rows[0].Flag != "overdue" || rows[0].DaysLeft != -1 {
		t.Fatalf("overdue: %+v", rows)
	}
	if rows, _ := cs.Search(CaseQuery{Status: "settled"}); len(rows) != 0 {
		t.Fatalf("status filter: %+v", rows)
	}
	full, err := cs.RevealIdentifier(res.CaseID)
	if err != nil || full != "02270803624" {
		t.Fatalf("reveal: %q %v", full, err)
	}
	recent, _ := e.store.RecentAudit(context.Background(), e.core.OfficeID(), 1)
	if recent[0].Action != "client.reveal_identifier" {
		t.Fatalf("reveal not audited: %+v", recent[0])
	}
}

func TestPrintFilledForm(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	in := filledDraft(t, e, "zaswiadczenie o zameldowaniu")
	p, err := NewIntakeService(e.core).PrintForm(in)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, p.Path)
	for _, want := range []string{"Wniosek: Zaświadczenie o zameldowaniu", "Łucja Żółkiewska", "02270803624", "podpis wnioskodawcy"} {
		if !strings.Contains(text, want) {
			t.Errorf("form lacks %q: %s", want, text)
		}
	}
	_ = deadline.D
}

func TestPrefillFromClient(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	svc := NewIntakeService(e.core)
	in := filledDraft(t, e, "zaswiadczenie o zameldowaniu")
	in.Answers = map[string]any{"imie": "Ewa", "celWydania": "do banku"} // the client's data wins; other answers stay
	out, err := svc.Prefill(in)
	if err != nil {
		t.Fatal(err)
	}
	if out.Answers["pesel"] != "02270803624" || out.Answers["nazwisko"] != "Żółkiewska" || out.Answers["imie"] != "Łucja" ||
		out.Answers["celWydania"] != "do banku" {
		t.Fatalf("prefill: %v", out.Answers)
	}
}

// TestClientAndFormStayOneValue: the surname corrected in step 1 after the
// form was filled is the surname on the form to sign and in the case, with
// or without the screen asking for a new prefill; the form shows such
// fields as the client's (FromClient).
func TestClientAndFormStayOneValue(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	svc := NewIntakeService(e.core)
	in := filledDraft(t, e, "zaswiadczenie o zameldowaniu")
	in, err := svc.Prefill(in)
	if err != nil || in.Answers["nazwisko"] != "Żółkiewska" {
		t.Fatalf("prefill: %v %v", in.Answers, err)
	}
	in.Client.LastName = "Żółkiewska-Nowak" // corrected in step 1, form not revisited
	p, err := svc.PrintForm(in)
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, p.Path); !strings.Contains(text, "Żółkiewska-Nowak") {
		t.Fatalf("the form to sign keeps the old surname: %s", text)
	}
	res, err := svc.Register(in)
	if err != nil || !res.OK {
		t.Fatalf("register: %+v %v", res, err)
	}
	cs, err := e.store.Case(context.Background(), res.CaseID)
	if err != nil {
		t.Fatal(err)
	}
	var answers map[string]any
	if err := json.Unmarshal(cs.Form, &answers); err != nil {
		t.Fatal(err)
	}
	if answers["nazwisko"] != "Żółkiewska-Nowak" || answers["imie"] != "Łucja" || answers["pesel"] != "02270803624" {
		t.Fatalf("the case's form: %v", answers)
	}
	open, _ := svc.StartDraft(in.CardID)
	linked := map[string]string{}
	for _, f := range open.Form.Fields {
		linked[f.Name] = f.FromClient
	}
	if linked["nazwisko"] != "lastName" || linked["pesel"] != "pesel" || linked["adresZameldowania"] != "" || linked["celWydania"] != "" {
		t.Fatalf("fromClient: %v", linked)
	}
}
