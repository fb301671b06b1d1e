package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"okienko/app/audit"
	"okienko/app/cases"
	"okienko/app/catalog"
	"okienko/app/i18n"
	"okienko/app/ident"
	"okienko/app/office"
	"okienko/app/pdf"
	"okienko/db"
)

// Printout kinds of a case.
const (
	PrintReceipt    = "receipt"    // potwierdzenie przyjęcia sprawy
	PrintSupplement = "supplement" // wezwanie do uzupełnienia braków
	PrintForm       = "form"       // wypełniony wniosek do podpisu
)

// caseContext is everything a case's printouts say.
type caseContext struct {
	cs     cases.Case
	v      catalog.Version
	client cases.Client
	office office.Office
	unit   office.Unit
	clerk  office.Staff
	events []cases.Event // loaded for printing only
	// reprint: this kind of printout was printed for the case before.
	reprint bool
	iod     office.IOD // the office's data protection officer, for the RODO notice
}

func (c *Core) loadCaseContext(ctx context.Context, id string) (caseContext, error) {
	var cc caseContext
	var err error
	if cc.cs, err = c.Store.Case(ctx, id); err != nil {
		return cc, err
	}
	if cc.v, err = c.Store.Card(ctx, cc.cs.CardID); err != nil {
		return cc, err
	}
	if cc.client, err = c.Store.Client(ctx, cc.cs.ClientID); err != nil {
		return cc, err
	}
	if cc.office, err = c.Store.Office(ctx); err != nil {
		return cc, err
	}
	if cc.unit, err = c.Store.Unit(ctx, cc.v.UnitID); err != nil {
		return cc, err
	}
	if cc.iod, err = loadIOD(ctx, c.Store, cc.office.ID); err != nil {
		return cc, err
	}
	cc.clerk, err = c.Store.StaffByID(ctx, cc.cs.RegisteredBy)
	return cc, err
}

// printAfterRegistration prints the receipt and, for an incomplete case,
// the call to supplement, saves them with the case and opens them. The
// case is already committed: a printing failure is said on the done
// screen (RegisterResult.PrintFailed), which offers to print again.
func (c *Core) printAfterRegistration(ctx context.Context, st office.Staff, cs cases.Case, res *RegisterResult) {
	if c.NoAutoPrint {
		return
	}
	c.printMissing(ctx, st, cs.ID, !res.Complete, res)
}

// printCase renders one printout of a case in its client's language,
// saves it under <data>/sprawy/<year>/<sign>/ (a reprint under a name of
// its own, never over the first), records it in the history and opens it.
func (c *Core) printCase(ctx context.Context, st office.Staff, caseID, kind string) (Printout, error) {
	cc, err := c.loadCaseContext(ctx, caseID)
	if err != nil {
		return Printout{}, c.internal("load case for printing", err)
	}
	if cc.events, err = c.Store.CaseEvents(ctx, caseID); err != nil {
		return Printout{}, c.internal("load case history for printing", err)
	}
	for _, e := range cc.events {
		if e.Kind == cases.EventPrinted && e.Detail == kind {
			cc.reprint = true
		}
	}
	sheet, name, err := c.caseSheet(cc, kind)
	if err != nil {
		return Printout{}, err
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, sheet); err != nil {
		if ch := unprintable(sheet); ch != "" {
			return Printout{}, i18n.E("print.unprintable", fmt.Errorf("app: %s of case %s: %w", kind, caseID, err),
				"char", ch, "printout", "@printout."+kind)
		}
		return Printout{}, c.printError(kind, err)
	}
	dir := filepath.Join("sprawy", fmt.Sprint(cc.cs.Sign.Year), strings.ReplaceAll(cc.cs.SignText(), ".", "_"))
	if lang := printLang(cc.client.Lang); lang != i18n.Default {
		name += "-" + lang
	}
	if cc.reprint {
		name += "-" + c.Now().In(c.Store.OfficeClock().Location()).Format("20060102-150405")
	}
	out, err := c.writeNewOutput(dir, name, buf.Bytes())
	if err != nil {
		return Printout{}, saveFailed(err, "printout", "@printout."+kind)
	}
	err = c.Store.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.AppendCaseEvent(ctx, cases.Event{CaseID: caseID, Kind: cases.EventPrinted, StaffID: st.ID, Detail: kind}); err != nil {
			return err
		}
		return tx.Audit(ctx, c.officeID, audit.Entry{StaffID: st.ID, Action: audit.CasePrint, ObjectType: "case_file", ObjectID: caseID, Detail: kind})
	})
	if err != nil {
		c.Log.Error("record printout", "case", caseID, "err", err)
	}
	if err := c.Opener.Open(out.Path); err != nil {
		c.Log.Warn("open printout", "err", err)
	}
	return out, nil
}

// caseSheet lays out one printout of a case and names its file (without
// ".pdf"). A sentence that cannot be rendered refuses the printout: a
// client never takes home a "{znak}".
func (c *Core) caseSheet(cc caseContext, kind string) (pdf.Sheet, string, error) {
	t := c.tr(cc.client.Lang)
	var sheet pdf.Sheet
	var name string
	switch kind {
	case PrintReceipt:
		sheet, name = t.receiptSheet(cc), "potwierdzenie"
	case PrintSupplement:
		if cc.cs.SupplementDue == "" && cc.cs.Status != cases.AwaitingSupplement {
			return sheet, "", i18n.E("case.nothingMissing", fmt.Errorf("app: case %s has no supplement term", cc.cs.ID))
		}
		sheet, name = t.supplementSheet(cc), "wezwanie"
	case PrintNotice:
		var ok bool
		if sheet, ok = noticeSheet(c, t, cc); !ok {
			return sheet, "", i18n.E("duty.noNotice", fmt.Errorf("app: case %s has no art. 36 notice", cc.cs.ID))
		}
		name = "zawiadomienie-art36"
	case PrintForm:
		var answers map[string]any
		if err := json.Unmarshal(cc.cs.Form, &answers); err != nil {
			return sheet, "", c.internal("decode answers", err)
		}
		// The form is signed: it prints in Polish, the binding text.
		t = c.tr(i18n.Default)
		sheet, name = t.formSheet(cc.office, cc.v, cc.client, answers, cc.cs.SignText()), "wniosek"
	default:
		return sheet, "", i18n.E("case.unknownPrintout", fmt.Errorf("app: printout %q", kind))
	}
	if t.err != nil {
		return sheet, "", c.internal("compose "+kind, t.err)
	}
	return sheet, name, nil
}

func (t *pr) header(o office.Office) []string {
	return []string{o.Name, o.Street + ", " + o.PostalCode + " " + o.City, t.T("pdf.contact", "phone", keep(o.Phone), "email", o.Email)}
}

func date(iso string) time.Time {
	t, _ := time.Parse(time.DateOnly, iso)
	return t
}

// finished reports whether a case is closed, and the office day it was.
func finished(cc caseContext) (string, bool) {
	switch cc.cs.Status {
	case cases.Settled, cases.LeftUnexamined, cases.Forwarded:
	default:
		return "", false
	}
	day := cc.cs.UpdatedAt
	for _, e := range cc.events {
		if e.Kind == cases.EventStatus && e.To == cc.cs.Status {
			day = e.At
		}
	}
	return day.Format(time.DateOnly), true
}

// receiptSheet is "Potwierdzenie przyjęcia sprawy" in the client's
// language: the sign, the client (PESEL masked) and the numbered steps as
// the case stands now, each with its date.
func (t *pr) receiptSheet(cc caseContext) pdf.Sheet {
	c := t.c
	o, cs := cc.office, cc.cs
	card, translated := cc.v.Card.In(t.lang)
	sign := cs.SignText()
	label, masked := cc.client.Identifier()
	sh := pdf.Sheet{
		Header:     t.header(o),
		HeaderR:    []string{o.City + ", " + t.dateTime(cs.CreatedAt)},
		Title:      t.T("receipt.title"),
		Subtitle:   t.T("receipt.subtitle", "sign", sign),
		Footer:     o.Name + " · " + t.T("receipt.title"),
		FooterSign: sign,
		PageLabel:  t.T("pdf.page", "n", "{n}", "nb", "{nb}"),
		Author:     o.Name,
	}
	if cc.reprint {
		sh.HeaderR = append(sh.HeaderR, t.T("receipt.reprinted", "date", t.dateTime(c.Now())))
	}
	if card.Sample {
		sh.Banner = t.T("pdf.sampleBanner")
	}
	if cs.Provisional {
		sh.Banner = strings.TrimSpace(t.T("receipt.provisional") + " " + sh.Banner)
	}
	client := [][2]string{{t.T("receipt.client"), cc.client.Name()}}
	if label != "" && card.Needs() != catalog.IdentNameAddress {
		// A card asking a name and an address only prints no identifier
		// the client may have given for another matter.
		client = append(client, [2]string{t.identLabelIn(label), masked})
	}
	if a := cc.client.Address(); a != "" {
		client = append(client, [2]string{t.T("receipt.address"), a})
	}
	// The sign is given once, under the title, where every letter of the
	// office gives it.
	sh.Blocks = append(sh.Blocks, pdf.Block{Pairs: append([][2]string{
		{t.T("receipt.service"), t.T("receipt.serviceVersion", "title", card.Title, "version", fmt.Sprint(card.Version))},
		{t.T("receipt.registered"), t.dateTime(cs.CreatedAt)},
		{t.T("receipt.clerk"), cc.clerk.FullName() + ", " + cc.clerk.PositionInLang(t.lang)},
		{t.T("receipt.status"), t.T("status." + string(cs.Status))},
	}, client...)})
	if day, done := finished(cc); done {
		sh.Blocks = append(sh.Blocks, pdf.Block{Heading: t.T("receipt.steps"),
			Paragraphs: []string{t.T("receipt.closed."+string(cs.Status), "date", t.date(day))},
			Steps:      [][2]string{t.contactStep(cc)}})
	} else {
		sh.Blocks = append(sh.Blocks, pdf.Block{Heading: t.T("receipt.steps"), Steps: t.receiptSteps(cc)})
		var hints []string
		var answers map[string]any
		_ = json.Unmarshal(cs.Form, &answers)
		for _, s := range card.Steps {
			if !s.AfterFiling || !s.When.Holds(answers) {
				continue
			}
			text, err := c.stepText(s, stepScope{lang: stepLang(t, translated), card: card, office: o, unit: cc.unit, cs: &cc.cs, answers: answers})
			t.fail(err)
			hints = append(hints, text)
		}
		if len(hints) > 0 {
			heading := t.T("receipt.hints")
			if translated {
				heading = t.T("receipt.hintsTranslated")
			}
			sh.Blocks = append(sh.Blocks, pdf.Block{Heading: heading, Items: hints})
		}
	}
	sh.Blocks = append(sh.Blocks, t.rodoNotice(o, cc.iod, card))
	return sh
}

func (t *pr) contactStep(cc caseContext) [2]string {
	return [2]string{t.T("receipt.from", "date", t.date(cc.cs.SubmittedOn)),
		t.T("receipt.contact", "unit", cc.unit.Name, "room", keep(t.room(cc.unit.Room)), "phone", keep(cc.unit.Phone), "sign", cc.cs.SignText())}
}

// receiptSteps are the client's next steps, each with the date it is due.
// A payment whose day has passed (a reprint) is asked for "now", and only
// if not yet made.
func (t *pr) receiptSteps(cc caseContext) [][2]string {
	c := t.c
	cs, o := cc.cs, cc.office
	card, _ := cc.v.Card.In(t.lang)
	var answers map[string]any
	_ = json.Unmarshal(cs.Form, &answers)
	on := func(iso string) string { return t.T("receipt.by", "date", t.date(iso)) }
	today := c.Today().Format(time.DateOnly)
	var steps [][2]string
	payBy := cs.SubmittedOn
	if cs.SupplementDue != "" {
		payBy = cs.SupplementDue
	}
	missing := missingDocs(cs)
	for _, f := range card.Fees {
		if !f.When.Holds(answers) || f.AmountGrosze == 0 {
			continue
		}
		proofMissing := slices.ContainsFunc(missing, func(it cases.Item) bool { return it.DocID == f.Proof })
		if f.Due == catalog.FeeWithApplication && !proofMissing {
			// Paid before filing, its proof handed over: nothing to pay.
			continue
		}
		acct := f.Account
		if acct == "" {
			acct = o.FeeAccount
		}
		key, when := "receipt.pay", on(payBy)
		switch {
		case f.Due == catalog.FeeBeforeIssue:
			key, when = "receipt.payBeforeIssue", t.T("receipt.beforeIssue")
			if f.Proportional {
				// The full year is not due in the year of issue.
				key = "receipt.payBeforeIssueProportional"
			}
		case payBy < today:
			key, when = "receipt.payLate", t.T("receipt.now")
		case f.Due == catalog.FeeWithApplication:
			// Its proof is missing: maybe paid and not brought, maybe not
			// paid; the step for the proof itself follows.
			key = "receipt.payLate"
		}
		args := []string{"fee", f.Name, "amount", t.money(f.AmountGrosze), "account", keep(ident.FormatNRB(acct)), "sign", cs.SignText()}
		if f.Cashier != "" {
			key += "OrCashier"
			args = append(args, "cashier", f.Cashier)
		}
		steps = append(steps, [2]string{when, t.T(key, args...)})
	}
	for _, it := range missing {
		steps = append(steps, [2]string{on(cs.SupplementDue),
			t.T("receipt.bring", "doc", docName(card, it), "form", t.T("presentation.inline."+string(it.Presentation)))})
	}
	due := cs.DueOn
	// A deadline for an inspection is not the day the case is settled:
	// the outcome comes after it, never "by" it.
	settleKey, afterKey, deliveredBy := "receipt.settle", "receipt.settleAfterSupplement", ""
	if card.Deadline.Subject == catalog.DeadlineInspection {
		settleKey, afterKey, deliveredBy = "receipt.inspect", "receipt.inspectAfterSupplement", t.T("receipt.afterInspection")
	}
	settle := t.T(settleKey, "rule", t.deadlineTextIn(card.Deadline), "basis", card.Deadline.Basis)
	if due == "" && cs.SupplementDue != "" {
		// The clock waits for the documents; the latest date assumes they
		// come on the last day allowed.
		if latest, ok := latestDue(card, cs); ok {
			due = latest
			settle = t.T(afterKey, "rule", t.deadlineTextIn(card.Deadline), "basis", card.Deadline.Basis)
		}
	}
	if due != "" {
		// The outcome comes once the case is settled: "by" the deadline
		// beside it read as a day by which the client must collect it.
		if deliveredBy == "" {
			deliveredBy = t.T("receipt.afterSettled")
		}
		steps = append(steps, [2]string{on(due), settle})
		steps = append(steps, [2]string{deliveredBy, t.T("receipt.delivery", "delivery", card.Delivery)})
	}
	return append(steps, t.contactStep(cc))
}

// docName is a checklist item's name as the card (maybe translated) calls
// it; the name the case recorded when the card has no such document.
func docName(card catalog.Card, it cases.Item) string {
	for _, d := range card.Documents {
		if d.ID == it.DocID {
			return d.Name
		}
	}
	return it.Name
}

// stepLang is the language a card's steps are filled in on t's printout.
func stepLang(t *pr, translated bool) string {
	if translated {
		return t.lang
	}
	return i18n.Default
}

// missingDocs are the documents a case still lacks, judged as on the day
// it was submitted (an identity document expired by then is missing).
func missingDocs(cs cases.Case) []cases.Item {
	if cs.SupplementDue == "" && cs.Status != cases.AwaitingSupplement {
		return nil
	}
	return cases.Evaluate(cs.Checklist, date(cs.SubmittedOn)).Missing
}

func (c *Core) identLabel(label string) string { return c.tr(i18n.Default).identLabelIn(label) }

func (t *pr) identLabelIn(label string) string {
	switch label {
	case "PESEL", "NIP":
		return label
	}
	return t.T("client.doc." + label)
}

// supplementSheet is "Wezwanie do uzupełnienia braków" (art. 64 § 2 KPA).
// It binds in Polish; for a client who reads another language a marked
// translation follows on its own page.
func (t *pr) supplementSheet(cc caseContext) pdf.Sheet {
	c := t.c
	o, cs, card := cc.office, cc.cs, cc.v.Card
	pl := c.tr(i18n.Default)
	sign := cs.SignText()
	sh := pdf.Sheet{
		Header:     pl.header(o),
		HeaderR:    []string{o.City + ", " + pl.date(iso(callIssued(cs, cc.events, c.Store.OfficeClock().Location())))},
		Title:      pl.T(supplementTitleKey(card)),
		Subtitle:   pl.T("receipt.subtitle", "sign", sign),
		Footer:     o.Name + " · " + pl.T(supplementTitleKey(card)),
		FooterSign: sign,
		PageLabel:  pageLabel(pl, t),
		Author:     o.Name,
	}
	if card.Sample {
		sh.Banner = pl.T("pdf.sampleBanner")
	}
	sh.Blocks = pl.supplementBlocks(cc, true)
	if t.lang != i18n.Default {
		tb := t.supplementBlocks(cc, false)
		note := translationOpening(pl, t, o.Name, t.T(supplementTitleKey(card)))
		sh.Blocks = append(sh.Blocks, append([]pdf.Block{note}, tb...)...)
		t.fail(pl.err)
	} else {
		t.fail(pl.err)
	}
	return sh
}

func (t *pr) supplementBlocks(cc caseContext, binding bool) []pdf.Block {
	cs := cc.cs
	card, _ := cc.v.Card.In(t.lang)
	sign := cs.SignText()
	addressee := []string{cc.client.Name()}
	if a := cc.client.Address(); a != "" {
		addressee = append(addressee, a)
	}
	var missing []string
	for _, it := range missingDocs(cs) {
		missing = append(missing, t.T("supplement.item", "doc", docName(card, it), "form", t.T("presentation.inline."+string(it.Presentation))))
	}
	regime := supplementRegimeOf(cc.v.Card)
	paras := []string{supplementTermText(t, cc), t.T("supplement.warning" + regime)}
	if regime == "" || regime == "OP" {
		// Only art. 35 § 5 KPA and art. 139 § 4 OP stop the settling
		// clock; a call under another act cites no clock of its own.
		paras = append(paras, t.T("supplement.clock"+regime))
	}
	paras = append(paras, t.T("supplement.where", "unit", cc.unit.Name, "room", keep(t.room(cc.unit.Room)), "phone", keep(cc.unit.Phone), "sign", sign))
	blocks := []pdf.Block{
		{Pairs: addresseePairs(t, addressee, sign, binding)},
		{Paragraphs: []string{t.T("supplement.body"+regime, "date", t.date(cs.SubmittedOn), "service", card.Title, "basis", card.SupplementBasis)}},
		{Heading: t.T("supplement.missing"), Items: missing, Numbered: true},
		{Paragraphs: paras},
	}
	signer := cc.clerk.FullName() + ", " + cc.clerk.PositionInLang(t.lang)
	byAuth := t.byAuthorization(regime, cc.clerk.Authorization, binding)
	receiptHeading := "supplement.receiptHeading"
	if regime == "Notification" {
		receiptHeading += regime
	}
	rodo := t.rodoShort(cc.office, cc.iod, sign)
	if binding {
		// The confirmation of delivery, signed by the client, ends the
		// letter.
		return append(blocks,
			pdf.Block{Paragraphs: byAuth, Signature: signer}, rodo,
			pdf.Block{Heading: t.T(receiptHeading), Signature: t.T("supplement.receiptLine")})
	}
	return append(blocks, pdf.Block{Paragraphs: append(byAuth, signer)}, rodo)
}

// addresseePairs head a letter's text: the addressee, and on a
// translation's page the case sign, which the binding text's first page
// gives once, under its title.
func addresseePairs(t *pr, addressee []string, sign string, binding bool) [][2]string {
	pairs := [][2]string{{t.T("supplement.to"), strings.Join(addressee, ", ")}}
	if !binding {
		pairs = append(pairs, [2]string{t.T("receipt.sign"), sign})
	}
	return pairs
}

// translationOpening opens the translation of a letter that binds in
// Polish, on a page of its own whose footer names the letter in the
// reader's language.
func translationOpening(pl, t *pr, officeName, title string) pdf.Block {
	return pdf.Block{NewPage: true, Heading: t.T("supplement.translationHeading"),
		Paragraphs: []string{pl.T("supplement.translationNote"), t.T("supplement.translationNote"), title},
		Footer:     officeName + " · " + title, PageLabel: t.T("pdf.page", "n", "{n}", "nb", "{nb}")}
}

// byAuthorization is the line saying a letter is signed "z upoważnienia"
// of the head of the office (art. 268a KPA, or art. 143 of the Ordynacja
// podatkowa when regime is "OP"), naming the signer's authorization; none
// when they have none. The authorization is the office's own Polish text:
// a translation page quotes it as such, not as a translated sentence.
func (t *pr) byAuthorization(regime, authorization string, binding bool) []string {
	a := strings.TrimSpace(authorization)
	if a == "" {
		return nil
	}
	key := "sign.byAuthorization"
	if regime == "OP" {
		key = "sign.byAuthorizationOP"
	}
	if !binding {
		key += "Translated"
	}
	return []string{t.T(key, "authorization", authorizationText(a))}
}

// formSheet is the filled request for the client to sign, in Polish (the
// binding text). It shows the identifiers in full: it is the client's own
// document. No heading prints twice: a form section named like the
// applicant's block continues it.
func (t *pr) formSheet(o office.Office, v catalog.Version, cl cases.Client, answers map[string]any, sign string) pdf.Sheet {
	c := t.c
	card := v.Card
	sh := pdf.Sheet{
		Header:    t.header(o),
		HeaderR:   []string{o.City + ", " + t.date(c.Today().Format(time.DateOnly))},
		Title:     t.T("form.title", "title", card.Title),
		Footer:    o.Name + " · " + card.Title,
		PageLabel: t.T("pdf.page", "n", "{n}", "nb", "{nb}"),
		Author:    o.Name,
	}
	if sign != "" {
		sh.Subtitle = t.T("receipt.subtitle", "sign", sign)
	}
	if card.Sample {
		sh.Banner = t.T("pdf.sampleBanner")
	}
	who := [][2]string{{t.T("receipt.client"), cl.Name()}}
	birth := ""
	if cl.BirthDate != "" {
		birth = t.date(cl.BirthDate)
	}
	for _, kv := range [][2]string{{"PESEL", cl.PESEL}, {"NIP", cl.NIP}, {"REGON", cl.REGON}, {t.T("form.label.birthDate"), birth},
		{t.T("form.label.docNumber"), cl.DocNumber}, {t.T("receipt.address"), cl.Address()}, {t.T("form.label.phone"), cl.Phone}, {t.T("form.label.email"), cl.Email}} {
		if kv[1] != "" {
			who = append(who, kv)
		}
	}
	used := map[string]bool{}
	heading := func(h string) string {
		if used[h] {
			return ""
		}
		used[h] = true
		return h
	}
	sh.Blocks = append(sh.Blocks, pdf.Block{Heading: heading(t.T("form.applicant")), Pairs: who})
	var pairs [][2]string
	section := ""
	flush := func() {
		if len(pairs) > 0 {
			sh.Blocks = append(sh.Blocks, pdf.Block{Heading: heading(section), Pairs: pairs})
			pairs = nil
		}
	}
	for _, f := range formSpec(v).Fields {
		if !f.When.Holds(answers) {
			continue
		}
		if f.Section != section {
			flush()
			section = f.Section
		}
		val, ok := answers[f.Name]
		text := "—"
		if ok {
			text = answerText(c, f, val)
		}
		pairs = append(pairs, [2]string{f.Label, text})
	}
	if section == "" {
		section = t.T("form.answers")
	}
	flush()
	if card.Form.UI.NoSignature {
		sh.Blocks = append(sh.Blocks, pdf.Block{Paragraphs: []string{t.T("form.noSignature")}})
	} else {
		sh.Blocks = append(sh.Blocks, pdf.Block{Paragraphs: []string{t.T("form.declaration")}, Signature: t.T("form.signature")})
	}
	return sh
}

// printForm prints a filled form that is not yet a case (from a draft).
func (c *Core) printForm(ctx context.Context, st office.Staff, v catalog.Version, cl cases.Client, answers map[string]any, sign, name string) (Printout, error) {
	o, err := c.Store.Office(ctx)
	if err != nil {
		return Printout{}, c.internal("load office", err)
	}
	t := c.tr(i18n.Default)
	sheet := t.formSheet(o, v, cl, answers, sign)
	if t.err != nil {
		return Printout{}, c.internal("compose form", t.err)
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, sheet); err != nil {
		return Printout{}, c.internal("render form", err)
	}
	out, err := c.writeNewOutput("wydruki", name, buf.Bytes())
	if err != nil {
		return Printout{}, err
	}
	c.audit(ctx, st.ID, audit.CasePrint, "draft", "")
	if err := c.Opener.Open(out.Path); err != nil {
		c.Log.Warn("open printout", "err", err)
	}
	return out, nil
}
