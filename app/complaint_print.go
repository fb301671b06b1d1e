package app

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"okienko/app/audit"
	"okienko/app/catalog"
	"okienko/app/complaints"
	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/app/pdf"
	"okienko/app/registerpdf"
)

// The letters to the complainant (the notices of art. 231 and art. 36,
// the answer) are in the complainant's language, chosen at registration
// (e.Lang, as a client's on a case); the office's name and the bodies,
// signers and grounds the office typed stay as written. The year's
// register is the office's own record, in Polish.

// print lays out and writes an entry's notice of forwarding or answer.
func (s *ComplaintService) print(ctx context.Context, st office.Staff, e complaints.Entry, kind string) (Printout, error) {
	var sheet pdf.Sheet
	var err error
	var name string
	switch kind {
	case "notice":
		if e.Status != complaints.Forwarded {
			return Printout{}, i18n.E("complaints.notForwarded", fmt.Errorf("app: notice of %s: %s", e.ID, e.Status))
		}
		sheet, err = s.noticeSheet(ctx, e)
		name = "zawiadomienie-art231"
	case "answer":
		if e.Status != complaints.Answered {
			return Printout{}, i18n.E("complaints.notAnswered", fmt.Errorf("app: answer of %s: %s", e.ID, e.Status))
		}
		sheet, err = s.answerSheet(ctx, e)
		name = "odpowiedz"
	case "extension":
		if e.ExtendedTo == "" {
			return Printout{}, i18n.E("complaints.notExtended", fmt.Errorf("app: art. 36 notice of %s: no new date", e.ID))
		}
		sheet, err = s.extensionSheet(ctx, e)
		name = "zawiadomienie-art36"
	default:
		return Printout{}, i18n.E("case.unknownPrintout", fmt.Errorf("app: complaint printout %q", kind))
	}
	if err != nil {
		return Printout{}, err
	}
	return s.write(ctx, st, e, name, sheet)
}

// write renders a sheet and seals it under skargi/<year>/<id>/.
func (s *ComplaintService) write(ctx context.Context, st office.Staff, e complaints.Entry, name string, sheet pdf.Sheet) (Printout, error) {
	var buf bytes.Buffer
	if err := pdf.Write(&buf, sheet); err != nil {
		if ch := unprintable(sheet); ch != "" {
			return Printout{}, i18n.E("print.unprintable", fmt.Errorf("app: complaint %s: %w", e.ID, err),
				"char", ch, "printout", "@complaints.printout."+name)
		}
		return Printout{}, s.c.internal("render complaint printout", err)
	}
	dir := fmt.Sprintf("skargi/%s/%s", e.ReceivedOn[:4], e.ID)
	p, err := s.c.writeNewOutput(dir, name, buf.Bytes())
	if err != nil {
		return Printout{}, saveFailed(err, "printout", "@complaints.printout."+name)
	}
	s.c.auditDetail(ctx, st.ID, audit.ComplaintPrint, "complaint", e.ID, name)
	if err := s.c.Opener.Open(p.Path); err != nil {
		s.c.Log.Warn("open printout", "err", err)
	}
	return p, nil
}

// rodoBlock is the RODO art. 13 notice a letter to the complainant
// carries, as the receipt of a case carries it: the controller and its
// IOD from the office, the matter from the card the entry was
// registered under (the case's, else the catalogue's card of complaints
// and motions; else the law's own words: dział VIII KPA, art. 6(1)(c),
// given as a condition of handling the matter, the period the office's
// JRWA sets).
func (s *ComplaintService) rodoBlock(ctx context.Context, t *pr, e complaints.Entry, recipients ...string) (pdf.Block, error) {
	o, err := s.c.Store.Office(ctx)
	if err != nil {
		return pdf.Block{}, s.c.internal("load office", err)
	}
	iod, err := loadIOD(ctx, s.c.Store, o.ID)
	if err != nil {
		return pdf.Block{}, s.c.internal("load the IOD", err)
	}
	card, err := s.complaintCardOf(ctx, e)
	if err != nil {
		return pdf.Block{}, err
	}
	if card.Code == "" {
		card = catalog.Card{Title: t.T("complaints.rodo.matter"), LegalBasis: []string{t.T("complaints.rodo.basis")},
			RodoBasis: "c", DataObligation: "condition"}
	}
	card, _ = card.In(t.lang)
	return t.rodoNotice(o, iod, card, recipients...), nil
}

// complaintCardOf is the card an entry was registered under: its case's,
// else the catalogue's current card of complaints and motions; none (a
// zero Card) when the catalogue has no such card.
func (s *ComplaintService) complaintCardOf(ctx context.Context, e complaints.Entry) (catalog.Card, error) {
	if e.CaseID != "" {
		cs, err := s.c.Store.Case(ctx, e.CaseID)
		if err == nil {
			v, err := s.c.Store.Card(ctx, cs.CardID)
			if err == nil {
				return v.Card, nil
			}
		}
	}
	list, err := s.c.Store.CurrentCards(ctx, s.c.officeID)
	if err != nil {
		return catalog.Card{}, s.c.internal("load the catalogue", err)
	}
	for _, v := range list {
		if v.Card.Code == complaintCard {
			return v.Card, nil
		}
	}
	return catalog.Card{}, nil
}

// letter is the frame of a letter to the complainant: the office, the
// place and day, the addressee.
func (s *ComplaintService) letter(ctx context.Context, t *pr, e complaints.Entry, title, day string) (pdf.Sheet, error) {
	o, err := s.c.Store.Office(ctx)
	if err != nil {
		return pdf.Sheet{}, s.c.internal("load office", err)
	}
	sh := pdf.Sheet{
		Header:    t.header(o),
		HeaderR:   []string{o.City + ", " + t.date(day)},
		Title:     title,
		Footer:    o.Name + " · " + title,
		PageLabel: t.T("pdf.page", "n", "{n}", "nb", "{nb}"),
		Author:    o.Name,
	}
	to := []string{e.Name, e.Address}
	if e.Contact != "" {
		to = append(to, e.Contact)
	}
	sh.Blocks = append(sh.Blocks, pdf.Block{Heading: t.T("complaints.pdf.to"), Paragraphs: []string{strings.Join(to, "\n")}})
	return sh, nil
}

// kindWord is the entry's kind as the letter's sentences name it.
func kindWord(t *pr, k complaints.Kind) string { return t.T("complaints.pdf.kindWord." + string(k)) }

// noticeSheet is the notice to the complainant that the complaint went to
// the competent body (art. 231 KPA).
func (s *ComplaintService) noticeSheet(ctx context.Context, e complaints.Entry) (pdf.Sheet, error) {
	t := s.c.tr(e.Lang)
	sh, err := s.letter(ctx, t, e, t.T("complaints.pdf.noticeTitle"), e.ForwardedOn)
	if err != nil {
		return sh, err
	}
	sh.Blocks = append(sh.Blocks, pdf.Block{Paragraphs: []string{
		t.T("complaints.pdf.noticeBody", "kind", kindWord(t, e.Kind), "received", t.date(e.ReceivedOn),
			"subject", e.Subject, "forwarded", t.date(e.ForwardedOn), "body", e.ForwardTo),
		t.T("complaints.pdf.noticeNext", "body", e.ForwardTo),
	}})
	sh.Blocks = append(sh.Blocks, pdf.Block{Signature: t.T("complaints.pdf.signature")})
	rodo, err := s.rodoBlock(ctx, t, e, t.T("complaints.rodo.forwarded", "body", e.ForwardTo))
	if err != nil {
		return sh, err
	}
	sh.Blocks = append(sh.Blocks, rodo)
	if t.err != nil {
		return sh, s.c.internal("compose notice", t.err)
	}
	return sh, nil
}

// extensionSheet is the notice that the entry cannot be settled within
// art. 237 § 1's month (art. 36 § 1 applied by art. 237 § 4 KPA): the
// reason for the delay, the new date recorded in the register and the
// right to a ponaglenie (art. 37). It is dated the day it is printed.
func (s *ComplaintService) extensionSheet(ctx context.Context, e complaints.Entry) (pdf.Sheet, error) {
	t := s.c.tr(e.Lang)
	sh, err := s.letter(ctx, t, e, t.T("complaints.pdf.extendTitle"), s.c.Today().Format(time.DateOnly))
	if err != nil {
		return sh, err
	}
	sh.Blocks = append(sh.Blocks, pdf.Block{Paragraphs: []string{
		t.T("complaints.pdf.extendBody", "received", t.date(e.ReceivedOn), "subject", e.Subject, "due", t.date(e.DueOn)),
		t.T("complaints.pdf.extendReason", "reason", e.ExtendReason),
		t.T("complaints.pdf.extendNew", "date", t.date(e.ExtendedTo)),
		t.T("complaints.pdf.extendRight"),
	}})
	sh.Blocks = append(sh.Blocks, pdf.Block{Signature: t.T("complaints.pdf.signature")})
	rodo, err := s.rodoBlock(ctx, t, e)
	if err != nil {
		return sh, err
	}
	sh.Blocks = append(sh.Blocks, rodo)
	if t.err != nil {
		return sh, s.c.internal("compose art. 36 notice", t.err)
	}
	return sh, nil
}

// answerSheet is the answer: how the entry was settled, with the
// elements of art. 238 § 1 KPA (the body, the grounds in fact and in
// law, the signer's name and post) and, for a complaint found
// unjustified, the note of art. 239 § 1. An answer missing one is
// refused before anything is laid out.
func (s *ComplaintService) answerSheet(ctx context.Context, e complaints.Entry) (pdf.Sheet, error) {
	if m := complaints.Missing(e.Kind, e.Outcome, e.Answer); len(m) > 0 {
		at := make([]string, len(m))
		for i, k := range m {
			at[i] = "@" + k
		}
		return pdf.Sheet{}, i18n.E("complaints.answerMissing", fmt.Errorf("app: answer of %s lacks %v", e.ID, m),
			"missing", s.c.ui().elements(strings.Join(at, ", ")))
	}
	t := s.c.tr(e.Lang)
	sh, err := s.letter(ctx, t, e, t.T("complaints.pdf.answerTitle."+string(e.Kind)), e.AnsweredOn)
	if err != nil {
		return sh, err
	}
	a := e.Answer
	sh.Subtitle = a.Body
	paras := []string{t.T("complaints.pdf.answerIntro", "body", a.Body, "kind", kindWord(t, e.Kind),
		"received", t.date(e.ReceivedOn), "subject", e.Subject),
		t.T("complaints.pdf.answerOutcome." + string(e.Kind) + "." + string(e.Outcome))}
	if a.Text != "" {
		paras = append(paras, a.Text)
	}
	sh.Blocks = append(sh.Blocks, pdf.Block{Paragraphs: paras},
		pdf.Block{Heading: t.T("complaints.pdf.groundsFact"), Paragraphs: []string{a.GroundsFact}},
		pdf.Block{Heading: t.T("complaints.pdf.groundsLaw"), Paragraphs: []string{a.GroundsLaw}})
	if a.RepeatNote != "" {
		sh.Blocks = append(sh.Blocks, pdf.Block{Heading: t.T("complaints.pdf.repeatNote"), Paragraphs: []string{a.RepeatNote}})
	}
	sh.Blocks = append(sh.Blocks, pdf.Block{Signature: a.SignerName + ", " + a.SignerPost})
	rodo, err := s.rodoBlock(ctx, t, e)
	if err != nil {
		return sh, err
	}
	sh.Blocks = append(sh.Blocks, rodo)
	if t.err != nil {
		return sh, s.c.internal("compose answer", t.err)
	}
	return sh, nil
}

// registerPDF is the year's register of complaints and motions: one
// numbered line per entry in the order received, with its kind, channel,
// author, subject, whom it concerns, how it stands and its days; then the
// year's figures by kind and outcome.
func registerPDF(c *Core, o office.Office, year int, list []complaints.Entry, names map[string]string) ([]byte, error) {
	t := c.tr(i18n.Default)
	rt := t.reg()
	sh := registerpdf.Complaints(rt, o, year, list, names, c.Today())
	t.fail(rt.Err)
	if t.err != nil {
		return nil, c.internal("compose register", t.err)
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, sh); err != nil {
		return nil, c.internal("render register", err)
	}
	return buf.Bytes(), nil
}

// dotted writes a YYYY-MM-DD day as the office writes it in a register:
// 16.11.2026.
func dotted(iso string) string {
	if len(iso) != 10 {
		return iso
	}
	return iso[8:10] + "." + iso[5:7] + "." + iso[0:4]
}
