package app

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"

	"okienko/app/cases"
	"okienko/app/pdf"
)

// flat is text with its runs of white space made one space, as pdfText
// gives a printout's.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestComplaintLettersCarryRODONotice: every letter to a complainant (the
// art. 231 forwarding notice, the art. 36 notice, the answer), in each
// language, carries the RODO art. 13 notice the receipt of a case
// carries: the controller, the IOD's contact, the purpose, the
// recipients (and, forwarded, the body the letter went to), the
// retention, the rights, no art. 21 objection (art. 6(1)(c)), the
// complaint to the PUODO, the data a condition of handling the matter.
func TestComplaintLettersCarryRODONotice(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	e := newEnv(t)
	officeNow(e, 10, 0) // Monday 23 November 2026
	e.signIn(t, "jnowak")
	s := NewComplaintService(e.core)
	const body = "Zarząd Powiatu Gostynińskiego"
	for _, lang := range []string{"pl", "en", "uk"} {
		tr := e.core.tr(lang)
		want := []string{tr.T("receipt.rodoTitle"), "Urząd Gminy Przykładowo, ul. Rynek 1, 99-300 Przykładowo", "iod@przykladowo.example.pl",
			tr.T("rodo.recipients"), tr.T("rodo.retention.A"), tr.T("rodo.rights"), tr.T("rodo.objection.c"), tr.T("rodo.complaint"),
			tr.T("rodo.obligation.condition")}
		fwd, ext, answer := complaintLetters(t, s, lang, body, "Sekretarz Gminy")
		letters := map[string]string{"forwarding notice": pdfText(t, fwd), "art. 36 notice": pdfText(t, ext), "answer": pdfText(t, answer)}
		forwarded := flat(tr.T("complaints.rodo.forwarded", "body", body))
		for what, text := range letters {
			for _, w := range want {
				if !strings.Contains(text, flat(w)) {
					t.Errorf("%s %s lacks %q:\n%s", lang, what, w, text)
				}
			}
			if got := strings.Contains(text, forwarded); got != (what == "forwarding notice") {
				t.Errorf("%s %s: says the letter went to %s: %v", lang, what, body, got)
			}
		}
	}
}

// complaintLetters registers two complaints in lang and prints the three
// letters a complainant may receive: the art. 231 notice of one forwarded
// to forwardTo, and of the other the art. 36 notice and the answer, signed
// by a person of signerPost. It gives their files' paths.
func complaintLetters(t *testing.T, s *ComplaintService, lang, forwardTo, signerPost string) (forward, extension, answer string) {
	t.Helper()
	base := ComplaintInput{Kind: "complaint", Channel: "post", ReceivedOn: "2026-11-20", Name: "Olena Kovalenko",
		Address: "ul. Lipowa 7, 99-300 Przykładowo", Subject: "Ławki przy przystanku", Competent: true, Lang: lang}
	fw := base
	fw.Competent, fw.ForwardTo = false, forwardTo
	d, err := s.Register(fw)
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.Forward(d.ID, ComplaintForwardInput{})
	if err != nil {
		t.Fatal(err)
	}
	d, err = s.Register(base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Extend(d.ID, ComplaintExtendInput{NewDue: "2027-01-29", Reason: "Potrzebna opinia zarządcy drogi."}); err != nil {
		t.Fatal(err)
	}
	p, err := s.Reprint(d.ID, "extension")
	if err != nil {
		t.Fatal(err)
	}
	ans, err := s.Answer(d.ID, ComplaintAnswerInput{Outcome: "unjustified", AnsweredOn: "2026-11-23", Channel: "post",
		Answer: ComplaintAnswer{Body: "Wójt Gminy Przykładowo", GroundsFact: "Ławki ustawiono 20 listopada.",
			GroundsLaw: "art. 241 KPA", SignerName: "Jan Nowak", SignerPost: signerPost, RepeatNote: d.RepeatNote}})
	if err != nil {
		t.Fatal(err)
	}
	return f.Printout.Path, p.Path, ans.Printout.Path
}

// TestLettersOfACaseGiveTheSignOnce: the receipt, the call to supplement
// and the art. 36 notice name the case sign once at the top, under the
// title (a translation's page again, having no title of its own), and a
// later letter of the case points to the receipt's RODO notice, with
// the controller and the IOD's contact, in the client's language.
func TestLettersOfACaseGiveTheSignOnce(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	e := newEnv(t)
	officeNow(e, 10, 0)
	e.signIn(t, "jnowak")
	ctx := context.Background()
	in := filledDraft(t, e, "zaswiadczenie o zameldowaniu")
	for i := len(in.Checklist) - 1; i >= 1; i-- {
		if it := in.Checklist[i]; it.Required && it.Applies {
			in.Checklist[i].Mark = cases.Missing
			break
		}
	}
	res, err := NewIntakeService(e.core).Register(in)
	if err != nil || !res.OK {
		t.Fatalf("register: %+v %v", res, err)
	}
	if _, err := NewCaseDutiesService(e.core).RecordNotice(res.CaseID, "Konieczna opinia biegłego.", "15.12.2026"); err != nil {
		t.Fatal(err)
	}
	cc, err := e.core.loadCaseContext(ctx, res.CaseID)
	if err != nil {
		t.Fatal(err)
	}
	if cc.events, err = e.store.CaseEvents(ctx, res.CaseID); err != nil {
		t.Fatal(err)
	}
	if cc.cs.SupplementDue == "" {
		t.Fatal("the case waits for no document")
	}
	pl := e.core.tr("pl")
	note := pl.T("supplement.translationNote")
	for _, lang := range []string{"pl", "en", "uk"} {
		cc.client.Lang = lang
		tr := e.core.tr(lang)
		label := tr.T("receipt.sign")
		for _, kind := range []string{PrintReceipt, PrintSupplement, PrintNotice} {
			sheet, _, err := e.core.caseSheet(cc, kind)
			if err != nil {
				t.Fatalf("%s %s: %v", lang, kind, err)
			}
			var buf bytes.Buffer
			if err := pdf.Write(&buf, sheet); err != nil {
				t.Fatal(err)
			}
			text := flat(layoutText(t, buf.Bytes()))
			binding, translation, translated := strings.Cut(text, note)
			if kind == PrintReceipt {
				binding, translation, translated = text, "", false
			}
			bl := pl.T("receipt.sign")
			if kind == PrintReceipt {
				bl = label
			}
			if n := strings.Count(binding, bl); n != 1 {
				t.Errorf("%s %s: %q %d times:\n%s", lang, kind, bl, n, binding)
			}
			if translated {
				if strings.Count(translation, label) != 1 {
					t.Errorf("%s %s: the translation gives %q %d times:\n%s", lang, kind, label, strings.Count(translation, label), translation)
				}
			}
			if kind == PrintReceipt {
				continue
			}
			parts := [][2]string{{"pl", binding}}
			if lang != "pl" {
				parts = append(parts, [2]string{lang, translation})
			}
			for _, pt := range parts {
				part, txt := pt[0], pt[1]
				want := flat(e.core.tr(part).T("rodo.shortWhereWebsite", "sign", cc.cs.SignText(), "website", cc.office.Website))
				if !strings.Contains(txt, want) || !strings.Contains(txt, "iod@przykladowo.example.pl") {
					t.Errorf("%s %s (%s part): no short RODO notice %q:\n%s", lang, kind, part, want, txt)
				}
			}
		}
	}
}
