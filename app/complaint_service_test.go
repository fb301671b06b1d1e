package app

import (
	"context"
	"errors"
	"strings"
	"testing"

	"okienko/app/i18n"
)

const (
	idZielinska  = "01a20102-030b-7098-9cff-d421d3d56bf5" // head of SO, jnowak's superior
	idWisniewski = "01a20102-030b-7093-b876-1b30d89e8e92"
)

func userKey(err error) string {
	var ue *i18n.Error
	if errors.As(err, &ue) {
		return ue.Key
	}
	return ""
}

// TestComplaintAboutStaff: a complaint about a clerk goes to their
// superior, never to them (art. 227, 229); an answer missing an element
// of art. 238 is refused, recording nothing, with the element named;
// complete, it is recorded and printed with every element.
func TestComplaintAboutStaff(t *testing.T) {
	e := newEnv(t)
	officeNow(e, 10, 0)
	e.signIn(t, "jnowak")
	s := NewComplaintService(e.core)
	in := ComplaintInput{Kind: "complaint", Channel: "post", ReceivedOn: "2026-11-20", Name: "Zofia Wróblewska",
		Address: "ul. Lipowa 7, 99-300 Przykładowo", Subject: "Niegrzeczna obsługa przy wydaniu dowodu",
		ConcernsStaffID: idNowak, Competent: true}
	d, err := s.Register(in)
	if err != nil {
		t.Fatal(err)
	}
	if d.AssigneeID != idZielinska || d.Suggested != idZielinska {
		t.Errorf("a complaint about oneself went to %s (suggested %s), want the superior %s", d.AssigneeID, d.Suggested, idZielinska)
	}
	if d.DueOn != "2026-12-21" || d.Clock != "answer" { // 20 December 2026 is a Sunday
		t.Errorf("due %s clock %s, want 2026-12-21 answer", d.DueOn, d.Clock)
	}
	if _, err := s.Assign(d.ID, idNowak); userKey(err) != "complaints.assigneeConcerned" {
		t.Errorf("assigned to the person concerned: %v", err)
	}
	if _, err := s.Answer(d.ID, ComplaintAnswerInput{Outcome: "unjustified", Channel: "post"}); userKey(err) != "complaints.assigneeConcerned" {
		t.Errorf("answered by the person concerned: %v", err)
	}
	e.signIn(t, "kzielinska")
	ans := ComplaintAnswerInput{Outcome: "unjustified", Channel: "post", Answer: ComplaintAnswer{Body: "Wójt Gminy Przykładowo",
		GroundsFact: "Z wyjaśnień pracownika i nagrania kolejki wynika, że obsługa przebiegła uprzejmie.",
		GroundsLaw:  "art. 227 i 229 pkt 3 KPA", SignerName: "Katarzyna Zielińska", SignerPost: "Kierownik Referatu Spraw Obywatelskich"}}
	_, err = s.Answer(d.ID, ans)
	var ue *i18n.Error
	if !errors.As(err, &ue) || ue.Key != "complaints.answerMissing" || !strings.Contains(ue.Args["missing"], "pouczenia o ponowieniu") {
		t.Fatalf("an unjustified complaint's answer without the art. 239 note: %v", err)
	}
	msg := e.core.UI(ue.Key, "missing", ue.Args["missing"])
	if !strings.Contains(msg, "pouczenia o ponowieniu skargi") {
		t.Errorf("the message does not name the element: %s", msg)
	}
	if got, _ := s.Get(d.ID); got.Status != "registered" {
		t.Errorf("a refused answer was recorded: %s", got.Status)
	}
	ans.Answer.RepeatNote = "W przypadku ponowienia skargi bez nowych okoliczności organ może podtrzymać stanowisko (art. 239 § 1 KPA)."
	res, err := s.Answer(d.ID, ans)
	if err != nil {
		t.Fatal(err)
	}
	if res.Complaint.Status != "answered" || res.Complaint.Outcome != "unjustified" || res.Printout.Path == "" {
		t.Fatalf("answered: %+v", res.Complaint.ComplaintRow)
	}
	txt := pdfText(t, res.Printout.Path)
	for _, want := range []string{"Zawiadomienie o sposobie załatwienia skargi", "Wójt Gminy Przykładowo", "Skargę uznano za niezasadną",
		"Uzasadnienie faktyczne", "Uzasadnienie prawne", "art. 227 i 229 pkt 3 KPA", "Katarzyna Zielińska, Kierownik Referatu",
		"Pouczenie", "art. 239 § 1 KPA", "Zofia Wróblewska"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the answer lacks %q:\n%s", want, txt)
		}
	}
	if _, err := s.Answer(d.ID, ans); userKey(err) != "complaints.notOpen" {
		t.Errorf("answered twice: %v", err)
	}
}

// TestComplaintForwarded: a complaint about another body is forwarded
// with the notice to the complainant (art. 231); after the 7 days it is
// refused until a note says why, then recorded with its lateness; "Dziś"
// shows the forwarding clock.
func TestComplaintForwarded(t *testing.T) {
	e := newEnv(t)
	officeNow(e, 10, 0) // Monday 23 November 2026
	e.signIn(t, "akowalska")
	s := NewComplaintService(e.core)
	in := ComplaintInput{Kind: "complaint", Channel: "email", ReceivedOn: "2026-11-16", Name: "Piotr Lis",
		Address: "ul. Krótka 2, 09-500 Gostynin", Subject: "Stan drogi powiatowej nr 2910W", Competent: false,
		ForwardTo: "Zarząd Powiatu Gostynińskiego"}
	d, err := s.Register(in)
	if err != nil {
		t.Fatal(err)
	}
	if d.Clock != "forward" || d.DueOn != "2026-11-23" || !d.Soon {
		t.Errorf("the forwarding clock: %s %s soon=%v", d.Clock, d.DueOn, d.Soon)
	}
	items, err := NewComplaintToday(e.core).TodayItems(context.Background(), idKowalska, "2026-11-24", e.core.Now())
	if err != nil || len(items) != 1 || items[0].Key != "today.complaint.forwardLate" || !items[0].Overdue {
		t.Errorf("Dziś the day after: %+v %v", items, err)
	}
	if _, err := s.Answer(d.ID, ComplaintAnswerInput{Outcome: "justified", Channel: "post"}); userKey(err) != "complaints.forwardFirst" {
		t.Errorf("answered while not competent: %v", err)
	}
	e.clock.Add(72 * 3600e9) // Thursday 26 November: 3 days late
	e.signIn(t, "akowalska")
	res, err := s.Forward(d.ID, ComplaintForwardInput{})
	var ue *i18n.Error
	if !errors.As(err, &ue) || ue.Key != "complaints.forwardLate" || ue.Args["days"] != "3" || res.Late != 3 {
		t.Fatalf("forwarded late without a note: %v %+v", err, res)
	}
	res, err = s.Forward(d.ID, ComplaintForwardInput{LateNote: "Ustalano zarządcę drogi."})
	if err != nil {
		t.Fatal(err)
	}
	if res.Late != 3 || res.Complaint.Status != "forwarded" || res.Complaint.Outcome != "forwarded" || res.Complaint.ForwardLateNote == "" {
		t.Errorf("forwarded: %+v", res)
	}
	txt := pdfText(t, res.Printout.Path)
	for _, want := range []string{"Zawiadomienie o przekazaniu skargi", "Piotr Lis", "Zarząd Powiatu Gostynińskiego", "art. 231",
		"Stan drogi powiatowej nr 2910W", "z dnia 16.11.2026 r.", "w dniu 26.11.2026 r."} {
		if !strings.Contains(txt, want) {
			t.Errorf("the notice lacks %q:\n%s", want, txt)
		}
	}
	if strings.Contains(txt, "Ustalano") {
		t.Error("the office's note on lateness is printed for the complainant")
	}
	// Anonymous: left without consideration (§ 8 of the 2002 regulation).
	a, err := s.Register(ComplaintInput{Kind: "complaint", Channel: "post", Anonymous: true, Subject: "Bałagan w urzędzie", Competent: true})
	if err != nil || a.Status != "left" || a.Outcome != "left" {
		t.Errorf("an anonymous complaint: %+v %v", a.ComplaintRow, err)
	}
	// A remark at the counter, without personal data (Płock VII).
	r, err := s.Register(ComplaintInput{Kind: "remark", Channel: "inPerson", Subject: "Za mało krzeseł w poczekalni"})
	if err != nil || r.Status != "noted" || r.Author != "bez danych osobowych" {
		t.Errorf("a remark: %+v %v", r.ComplaintRow, err)
	}
	p, err := s.PrintRegister(2026)
	if err != nil {
		t.Fatal(err)
	}
	reg := pdfText(t, p.Path)
	for _, want := range []string{"Rejestr skarg i wniosków – 2026 r.", "Piotr Lis", "Zarząd Powiatu Gostynińskiego", "anonimowa",
		"Za mało krzeseł", "16.11.2026 · Skarga · E-mailem", "Skarga – przekazana według", "Skarga – pozostawiona bez"} {
		if !strings.Contains(reg, want) {
			t.Errorf("the register lacks %q:\n%s", want, reg)
		}
	}
	counts, err := e.store.ComplaintCounts(context.Background(), "2026-01-01", "2027-01-01")
	if err != nil || len(counts) != 3 {
		t.Errorf("counts: %+v %v", counts, err)
	}
}

// TestComplaintFromCard: registering through the "Skarga lub wniosek"
// card enters the register too, with the form's kind, the author (the
// client's data, which the form's applicant fields always carry), subject,
// linked to the case, its answer due in a month.
func TestComplaintFromCard(t *testing.T) {
	e := newEnv(t)
	officeNow(e, 10, 0)
	e.signIn(t, "akowalska")
	in := draftWith(t, e, "Skarga lub wniosek", map[string]any{"rodzaj": "wniosek", "imieNazwisko": "Ewa Sowa",
		"adres": "ul. Polna 3, 99-300 Przykładowo", "przedmiot": "Ławki przed urzędem", "tresc": "Proszę o ławki."})
	res, err := NewIntakeService(e.core).Register(in)
	if err != nil || !res.OK {
		t.Fatalf("register: %+v %v", res, err)
	}
	list, err := e.store.ComplaintsOfCase(context.Background(), res.CaseID)
	if err != nil || len(list) != 1 {
		t.Fatalf("the register's entries of the case: %+v %v", list, err)
	}
	c := list[0]
	if c.Kind != "motion" || c.Name != "Łucja Żółkiewska" || c.Subject != "Ławki przed urzędem" || c.AssigneeID != idKowalska ||
		c.DueOn != "2026-12-23" || c.ReceivedOn != "2026-11-23" || c.Channel != "inPerson" {
		t.Errorf("the entry: %+v", c)
	}
}

// TestComplaintToSuperiorsOnly: a complaint about a clerk registered at
// the counter by a colleague of another unit goes to the clerk's head;
// it may be handed only to a superior (the head of the unit, the office's
// administrator), never to a colleague or another unit's head; the
// counter's clerk sees it but neither puts its answer off nor answers it.
func TestComplaintToSuperiorsOnly(t *testing.T) {
	const idWojcik = "01a20102-030b-7099-a435-5f193d5e10d6" // head of USC
	e := newEnv(t)
	officeNow(e, 10, 0)
	e.signIn(t, "akowalska")
	s := NewComplaintService(e.core)
	d, err := s.Register(ComplaintInput{Kind: "complaint", Channel: "post", ReceivedOn: "2026-11-20", Name: "Zofia Wróblewska",
		Address: "ul. Lipowa 7, 99-300 Przykładowo", Subject: "Niegrzeczna obsługa", ConcernsStaffID: idNowak, Competent: true})
	if err != nil {
		t.Fatal(err)
	}
	if d.AssigneeID != idZielinska || d.MayDecide {
		t.Errorf("registered by the counter's clerk: assignee %s, may decide %v; want the head %s, no", d.AssigneeID, d.MayDecide, idZielinska)
	}
	if got := strings.Join(d.Assignable, ","); !strings.Contains(got, idZielinska) || !strings.Contains(got, idWisniewski) || len(d.Assignable) != 2 {
		t.Errorf("assignable %v, want the head and the administrator", d.Assignable)
	}
	for _, who := range []string{idWozniak, idKowalska, idWojcik} {
		if _, err := s.Assign(d.ID, who); userKey(err) != "complaints.assigneeNotSuperior" {
			t.Errorf("handed to %s: %v", who, err)
		}
	}
	if _, err := s.Extend(d.ID, ComplaintExtendInput{NewDue: "2027-01-15", Reason: "Świadkowie na urlopie."}); userKey(err) != "complaints.mayNotDecide" {
		t.Errorf("put off by the counter's clerk: %v", err)
	}
	if _, err := s.Register(ComplaintInput{Kind: "complaint", Channel: "post", ReceivedOn: "2026-11-20", Name: "Jan Lis",
		Address: "ul. Polna 1, 99-300 Przykładowo", Subject: "Obsługa", ConcernsStaffID: idNowak, AssigneeID: idWozniak, Competent: true}); userKey(err) != "complaints.assigneeNotSuperior" {
		t.Errorf("registered for a colleague to consider: %v", err)
	}
	if _, err := s.Assign(d.ID, idWisniewski); err != nil {
		t.Errorf("handed to the administrator: %v", err)
	}
	e.signIn(t, "mwojcik")
	if got, _ := s.Get(d.ID); got.MayDecide {
		t.Error("another unit's head may decide it")
	}
	e.signIn(t, "kzielinska")
	if got, _ := s.Get(d.ID); !got.MayDecide {
		t.Error("the clerk's own head may not decide it")
	}
}
