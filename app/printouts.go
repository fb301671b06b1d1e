package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"okienko/app/audit"
	"okienko/app/cases"
	"okienko/app/catalog"
	"okienko/app/deadline"
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

// printCase renders one printout of a case, saves it under
// <data>/sprawy/<year>/<sign>/, records it in the history and opens it.
func (c *Core) printCase(ctx context.Context, st office.Staff, caseID, kind string) (Printout, error) {
	cc, err := c.loadCaseContext(ctx, caseID)
	if err != nil {
		return Printout{}, c.internal("load case for printing", err)
	}
	var sheet pdf.Sheet
	var name string
	switch kind {
	case PrintReceipt:
		sheet, name = c.receiptSheet(cc), "potwierdzenie.pdf"
	case PrintSupplement:
		if cc.cs.SupplementDue == "" {
			return Printout{}, i18n.E("case.nothingMissing", fmt.Errorf("app: case %s has no supplement term", caseID))
		}
		sheet, name = c.supplementSheet(cc), "wezwanie.pdf"
	case PrintForm:
		var answers map[string]any
		if err := json.Unmarshal(cc.cs.Form, &answers); err != nil {
			return Printout{}, c.internal("decode answers", err)
		}
		sheet, name = c.formSheet(cc.office, cc.v, cc.client, answers, cc.cs.SignText()), "wniosek.pdf"
	default:
		return Printout{}, i18n.E("case.unknownPrintout", fmt.Errorf("app: printout %q", kind))
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
	out, err := c.writeOutput(dir, name, buf.Bytes())
	if err != nil {
		return Printout{}, i18n.E("print.saveFailed", err, "printout", "@printout."+kind)
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

func (c *Core) header(o office.Office) []string {
	return []string{o.Name, o.Street + ", " + o.PostalCode + " " + o.City, c.T("pdf.contact", "phone", o.Phone, "email", o.Email)}
}

func date(iso string) time.Time {
	t, _ := time.Parse(time.DateOnly, iso)
	return t
}

// receiptSheet is "Potwierdzenie przyjęcia sprawy": the sign, the client
// (PESEL masked) and the numbered steps, each with its date.
func (c *Core) receiptSheet(cc caseContext) pdf.Sheet {
	o, cs, card := cc.office, cc.cs, cc.v.Card
	sign := cs.SignText()
	label, masked := cc.client.Identifier()
	sh := pdf.Sheet{
		Header:    c.header(o),
		HeaderR:   []string{o.City + ", " + c.dateTime(cs.CreatedAt)},
		Title:     c.T("receipt.title"),
		Subtitle:  c.T("receipt.subtitle", "sign", sign),
		Footer:    o.Name + " · " + c.T("receipt.title") + " · " + sign,
		PageLabel: c.T("pdf.page"),
		Author:    o.Name,
	}
	if card.Sample {
		sh.Banner = c.T("pdf.sampleBanner")
	}
	if cs.Provisional {
		sh.Banner = strings.TrimSpace(c.T("receipt.provisional") + " " + sh.Banner)
	}
	client := [][2]string{{c.T("receipt.client"), cc.client.Name()}}
	if label != "" {
		client = append(client, [2]string{c.identLabel(label), masked})
	}
	if a := cc.client.Address(); a != "" {
		client = append(client, [2]string{c.T("receipt.address"), a})
	}
	sh.Blocks = append(sh.Blocks, pdf.Block{Pairs: append([][2]string{
		{c.T("receipt.sign"), sign},
		{c.T("receipt.service"), card.Title + " (" + c.T("card.version", "version", fmt.Sprint(card.Version)) + ")"},
		{c.T("receipt.registered"), c.dateTime(cs.CreatedAt)},
		{c.T("receipt.clerk"), cc.clerk.FullName() + ", " + cc.clerk.Position},
	}, client...)})
	sh.Blocks = append(sh.Blocks, pdf.Block{Heading: c.T("receipt.steps"), Steps: c.receiptSteps(cc)})
	var hints []string
	var answers map[string]any
	_ = json.Unmarshal(cs.Form, &answers)
	for _, s := range card.Steps {
		if s.When.Holds(answers) {
			hints = append(hints, c.fillStep(s.Text, cc))
		}
	}
	if len(hints) > 0 {
		sh.Blocks = append(sh.Blocks, pdf.Block{Heading: c.T("receipt.hints"), Items: hints})
	}
	sh.Blocks = append(sh.Blocks, pdf.Block{Heading: c.T("receipt.rodoTitle"), Small: true, Paragraphs: []string{
		c.T("receipt.rodo", "office", o.Name, "address", o.Street+", "+o.PostalCode+" "+o.City, "email", o.Email)}})
	return sh
}

// receiptSteps are the client's next steps, each with the date it is due.
func (c *Core) receiptSteps(cc caseContext) [][2]string {
	cs, card, o := cc.cs, cc.v.Card, cc.office
	var answers map[string]any
	_ = json.Unmarshal(cs.Form, &answers)
	on := func(iso string) string { return c.T("receipt.by", "date", dateText(iso)) }
	var steps [][2]string
	payBy := cs.SubmittedOn
	if cs.SupplementDue != "" {
		payBy = cs.SupplementDue
	}
	for _, f := range card.Fees {
		if !f.When.Holds(answers) || f.AmountGrosze == 0 {
			continue
		}
		acct := f.Account
		if acct == "" {
			acct = o.FeeAccount
		}
		text := c.T("receipt.pay", "fee", f.Name, "amount", i18n.Money(i18n.Default, f.AmountGrosze),
			"account", ident.FormatNRB(acct), "sign", cs.SignText())
		if f.Cashier != "" {
			text += " " + c.T("card.orCashier", "cashier", f.Cashier)
		}
		steps = append(steps, [2]string{on(payBy), text})
	}
	for _, it := range missingDocs(cs) {
		steps = append(steps, [2]string{on(cs.SupplementDue),
			c.T("receipt.bring", "doc", it.Name, "form", c.T("presentation."+string(it.Presentation)))})
	}
	due := cs.DueOn
	settle := c.T("receipt.settle", "rule", c.deadlineText(card.Deadline), "basis", card.Deadline.Basis)
	if due == "" && cs.SupplementDue != "" {
		// The clock waits for the documents; the latest date assumes they
		// come on the last day allowed.
		latest, _, err := deadline.Due(deadline.Rule{Kind: string(card.Deadline.Kind), N: card.Deadline.N}, date(cs.SubmittedOn),
			[]deadline.Pause{{From: date(cs.SubmittedOn), To: date(cs.SupplementDue)}})
		if err == nil {
			due = latest.Format(time.DateOnly)
			settle = c.T("receipt.settleAfterSupplement", "rule", c.deadlineText(card.Deadline), "basis", card.Deadline.Basis)
		}
	}
	if due != "" {
		steps = append(steps, [2]string{on(due), settle})
		steps = append(steps, [2]string{on(due), c.T("receipt.delivery", "delivery", card.Delivery)})
	}
	steps = append(steps, [2]string{c.T("receipt.from", "date", dateText(cs.SubmittedOn)),
		c.T("receipt.contact", "unit", cc.unit.Name, "room", cc.unit.Room, "phone", cc.unit.Phone, "sign", cs.SignText())})
	return steps
}

// missingDocs are the documents a case still lacks, judged as on the day
// it was submitted (an identity document expired by then is missing).
func missingDocs(cs cases.Case) []cases.Item {
	if cs.SupplementDue == "" {
		return nil
	}
	return cases.Evaluate(cs.Checklist, date(cs.SubmittedOn)).Missing
}

// fillStep fills a card's step template for this case.
func (c *Core) fillStep(text string, cc caseContext) string {
	var fees []string
	var answers map[string]any
	_ = json.Unmarshal(cc.cs.Form, &answers)
	for _, f := range cc.v.Card.Fees {
		if f.When.Holds(answers) && f.AmountGrosze > 0 {
			fees = append(fees, i18n.Money(i18n.Default, f.AmountGrosze))
		}
	}
	var missing []string
	for _, it := range missingDocs(cc.cs) {
		missing = append(missing, it.Name)
	}
	due := cc.cs.DueOn
	if due == "" {
		due = c.T("intake.duePaused")
	} else {
		due = dateText(due)
	}
	cashier := ""
	for _, f := range cc.v.Card.Fees {
		if f.Cashier != "" {
			cashier = f.Cashier
			break
		}
	}
	r := strings.NewReplacer(
		"{oplaty}", strings.Join(fees, " + "), "{rachunek}", ident.FormatNRB(cc.office.FeeAccount), "{kasa}", cashier,
		"{termin}", due, "{jednostka}", cc.unit.Name, "{pokoj}", cc.unit.Room, "{telefon}", cc.unit.Phone,
		"{znak}", cc.cs.SignText(), "{braki}", strings.Join(missing, ", "),
		"{termin_uzupelnienia}", dateText(cc.cs.SupplementDue))
	return r.Replace(text)
}

func (c *Core) identLabel(label string) string {
	switch label {
	case "PESEL", "NIP":
		return label
	}
	return c.T("client.doc." + label)
}

// supplementSheet is "Wezwanie do uzupełnienia braków" (art. 64 § 2 KPA).
func (c *Core) supplementSheet(cc caseContext) pdf.Sheet {
	o, cs, card := cc.office, cc.cs, cc.v.Card
	sign := cs.SignText()
	sh := pdf.Sheet{
		Header:    c.header(o),
		HeaderR:   []string{o.City + ", " + dateText(cs.SubmittedOn)},
		Title:     c.T("supplement.title"),
		Subtitle:  c.T("receipt.subtitle", "sign", sign),
		Footer:    o.Name + " · " + c.T("supplement.title") + " · " + sign,
		PageLabel: c.T("pdf.page"),
		Author:    o.Name,
	}
	if card.Sample {
		sh.Banner = c.T("pdf.sampleBanner")
	}
	addressee := []string{cc.client.Name()}
	if a := cc.client.Address(); a != "" {
		addressee = append(addressee, a)
	}
	var missing []string
	for _, it := range missingDocs(cs) {
		missing = append(missing, it.Name+" ("+c.T("presentation."+string(it.Presentation))+")")
	}
	sh.Blocks = append(sh.Blocks,
		pdf.Block{Pairs: [][2]string{{c.T("supplement.to"), strings.Join(addressee, ", ")}, {c.T("receipt.sign"), sign}}},
		pdf.Block{Paragraphs: []string{c.T("supplement.body", "date", dateText(cs.SubmittedOn), "service", card.Title)}},
		pdf.Block{Heading: c.T("supplement.missing"), Items: missing, Numbered: true},
		pdf.Block{Paragraphs: []string{
			c.T("supplement.term", "days", fmt.Sprint(deadline.MinSupplementDays), "date", dateText(cs.SupplementDue)),
			c.T("supplement.warning"),
			c.T("supplement.clock"),
			c.T("supplement.where", "unit", cc.unit.Name, "room", cc.unit.Room, "phone", cc.unit.Phone, "sign", sign),
		}},
		pdf.Block{Signature: cc.clerk.FullName() + ", " + cc.clerk.Position},
		pdf.Block{Heading: c.T("supplement.receiptHeading"), Signature: c.T("supplement.receiptLine")},
	)
	return sh
}

// formSheet is the filled request for the client to sign. It shows the
// identifiers in full: it is the client's own document.
func (c *Core) formSheet(o office.Office, v catalog.Version, cl cases.Client, answers map[string]any, sign string) pdf.Sheet {
	card := v.Card
	sh := pdf.Sheet{
		Header:    c.header(o),
		HeaderR:   []string{o.City + ", " + i18n.Date(i18n.Default, c.Now())},
		Title:     c.T("form.title", "title", card.Title),
		Footer:    o.Name + " · " + card.Title,
		PageLabel: c.T("pdf.page"),
		Author:    o.Name,
	}
	if sign != "" {
		sh.Subtitle = c.T("receipt.subtitle", "sign", sign)
	}
	if card.Sample {
		sh.Banner = c.T("pdf.sampleBanner")
	}
	who := [][2]string{{c.T("receipt.client"), cl.Name()}}
	for _, kv := range [][2]string{{"PESEL", cl.PESEL}, {"NIP", cl.NIP}, {"REGON", cl.REGON}, {c.T("client.birthDate"), dateText(cl.BirthDate)},
		{c.T("client.docNumber"), cl.DocNumber}, {c.T("receipt.address"), cl.Address()}, {c.T("client.phone"), cl.Phone}, {c.T("client.email"), cl.Email}} {
		if kv[1] != "" {
			who = append(who, kv)
		}
	}
	sh.Blocks = append(sh.Blocks, pdf.Block{Heading: c.T("form.applicant"), Pairs: who})
	var pairs [][2]string
	section := ""
	flush := func() {
		if len(pairs) > 0 {
			sh.Blocks = append(sh.Blocks, pdf.Block{Heading: section, Pairs: pairs})
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
		section = c.T("form.answers")
	}
	flush()
	sh.Blocks = append(sh.Blocks, pdf.Block{Paragraphs: []string{c.T("form.declaration")}, Signature: c.T("form.signature")})
	return sh
}

// printForm prints a filled form that is not yet a case (from a draft).
func (c *Core) printForm(ctx context.Context, st office.Staff, v catalog.Version, cl cases.Client, answers map[string]any, sign, name string) (Printout, error) {
	o, err := c.Store.Office(ctx)
	if err != nil {
		return Printout{}, c.internal("load office", err)
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, c.formSheet(o, v, cl, answers, sign)); err != nil {
		return Printout{}, c.internal("render form", err)
	}
	out, err := c.writeOutput("wydruki", name+".pdf", buf.Bytes())
	if err != nil {
		return Printout{}, err
	}
	c.audit(ctx, st.ID, audit.CasePrint, "draft", "")
	if err := c.Opener.Open(out.Path); err != nil {
		c.Log.Warn("open printout", "err", err)
	}
	return out, nil
}
