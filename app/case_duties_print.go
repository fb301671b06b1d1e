package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"okienko/app/cases"
	"okienko/app/catalog"
	"okienko/app/deadline"
	"okienko/app/i18n"
	"okienko/app/pdf"
)

// lastNotice is the case's latest art. 36 notice, the day it was made and
// who made it.
func lastNotice(cc caseContext, loc *time.Location) (cases.Duty, string, string, bool) {
	for i := len(cc.events) - 1; i >= 0; i-- {
		e := cc.events[i]
		if e.Kind != cases.EventNoticeArt36 {
			continue
		}
		d, err := cases.ParseDuty(e.Kind, e.Detail)
		if err != nil {
			return cases.Duty{}, "", "", false
		}
		return d, iso(e.At.In(loc)), e.StaffID, true
	}
	return cases.Duty{}, "", "", false
}

// noticeSheet is "Zawiadomienie o niezałatwieniu sprawy w terminie" (art.
// 36 § 1 KPA): the reason, the new date and the right to a ponaglenie
// (art. 37), signed "z upoważnienia" (art. 268a). It binds in Polish; for
// a client who reads another language a marked translation follows.
func noticeSheet(c *Core, t *pr, cc caseContext) (pdf.Sheet, bool) {
	d, on, by, ok := lastNotice(cc, c.Store.OfficeClock().Location())
	if !ok {
		return pdf.Sheet{}, false
	}
	o, sign := cc.office, cc.cs.SignText()
	pl := c.tr(i18n.Default)
	sh := pdf.Sheet{
		Header:     pl.header(o),
		HeaderR:    []string{o.City + ", " + pl.date(on)},
		Title:      pl.T("notice.title"),
		Subtitle:   pl.T("receipt.subtitle", "sign", sign),
		Footer:     o.Name + " · " + pl.T("notice.title"),
		FooterSign: sign,
		PageLabel:  pageLabel(pl, t),
		Author:     o.Name,
	}
	if cc.v.Card.Sample {
		sh.Banner = pl.T("pdf.sampleBanner")
	}
	organ := noticeOrgans(c)
	sh.Blocks = noticeBlocks(pl, cc, d, organ, true)
	if t.lang != i18n.Default {
		sh.Blocks = append(sh.Blocks, translationOpening(pl, t, o.Name, t.T("notice.title")))
		// The signer as recorded is Polish; the translation gives the job
		// title in the client's language when the signer is known here.
		if st, err := c.Store.StaffByID(context.Background(), by); err == nil {
			d.Signer = st.FullName() + ", " + st.PositionInLang(t.lang)
		}
		sh.Blocks = append(sh.Blocks, noticeBlocks(t, cc, d, organ, false)...)
	}
	t.fail(pl.err)
	return sh, true
}

// noticeOrgans are the office settings naming, in the genitive, the body
// a ponaglenie goes to (organ wyższego stopnia, art. 37 § 1 KPA) and the
// body it is lodged through (art. 37 § 4); either "" says it generically.
func noticeOrgans(c *Core) [2]string {
	ctx := context.Background()
	organ, _ := c.Store.Setting(ctx, c.officeID, "ponaglenieOrgan")
	via, _ := c.Store.Setting(ctx, c.officeID, "organ")
	return [2]string{organ, via}
}

func noticeBlocks(t *pr, cc caseContext, d cases.Duty, organ [2]string, binding bool) []pdf.Block {
	card, _ := cc.v.Card.In(t.lang)
	addressee := []string{cc.client.Name()}
	if a := cc.client.Address(); a != "" {
		addressee = append(addressee, a)
	}
	body := t.T("notice.bodyPaused", "date", t.date(cc.cs.SubmittedOn), "service", card.Title)
	if d.OldDue != "" {
		body = t.T("notice.body", "date", t.date(cc.cs.SubmittedOn), "service", card.Title, "due", t.date(d.OldDue))
	}
	right := t.T("notice.rightGeneric", "office", cc.office.Name)
	if organ[0] != "" && organ[1] != "" {
		right = t.T("notice.right", "organ", organ[0], "via", organ[1])
	}
	blocks := []pdf.Block{
		{Pairs: addresseePairs(t, addressee, cc.cs.SignText(), binding)},
		{Paragraphs: []string{body}},
		{Heading: t.T("notice.reasonHeading"), Paragraphs: []string{d.Note}}, // a paragraph as typed, never a message
		{Paragraphs: []string{t.T("notice.newDue", "date", t.date(d.NewDue)), right, t.T("notice.where", "unit", cc.unit.Name, "room", keep(t.room(cc.unit.Room)), "phone", keep(cc.unit.Phone), "sign", cc.cs.SignText())}},
	}
	signer := t.byAuthorization("", d.Authorization, binding)
	if binding {
		blocks = append(blocks, pdf.Block{Paragraphs: signer, Signature: d.Signer})
	} else {
		blocks = append(blocks, pdf.Block{Paragraphs: append(signer, d.Signer)})
	}
	return append(blocks, t.rodoShort(cc.office, cc.iod, cc.cs.SignText()))
}

// supplementTermText says the call's term as the card sets it (days or
// working days), with its last day once the delivery is known; a call
// sent by post or electronically prints before it is delivered, and its
// term runs from the delivery the client will sign for.
func supplementTermText(t *pr, cc caseContext) string {
	term := supplementTerm(cc.v.Card)
	days := fmt.Sprint(max(term.Days, deadline.MinSupplementDays))
	key := "supplement.term"
	switch regime := supplementRegimeOf(cc.v.Card); {
	case term.WorkingDays:
		key = "supplement.termWorking"
	case regime == "OP" || regime == "Notification":
		key += regime
	}
	if cc.cs.SupplementDue == "" {
		return t.T(key+"Pending", "days", days)
	}
	return t.T(key, "days", days, "date", t.date(cc.cs.SupplementDue))
}

// dutyText is a duty event of a case's history as a whole sentence.
func dutyText(c *Core, e cases.Event) string {
	d, err := cases.ParseDuty(e.Kind, e.Detail)
	if err != nil {
		return c.UI("event.dutyUnreadable")
	}
	ui := c.ui()
	switch e.Kind {
	case cases.EventHandedOver:
		from, to := typedArg(staffName(c, d.From)), typedArg(staffName(c, d.To))
		if d.Note == "" {
			return c.UI("event.handedOver", "from", from, "to", to)
		}
		return c.UI("event.handedOverNote", "from", from, "to", to, "note", typedArg(d.Note))
	case cases.EventNoticeArt36:
		return c.UI("event.noticeArt36", "date", ui.Date(d.NewDue), "reason", typedArg(d.Note))
	case cases.EventInterpreter:
		if d.VisitAt != "" {
			return c.UI("event.interpreterAt", "date", ui.Date(d.VisitOn), "time", d.VisitAt)
		}
		return c.UI("event.interpreter", "date", ui.Date(d.VisitOn))
	case cases.EventSupplementDelivered:
		if d.On == "" {
			return c.UI("event.deliveryPending." + d.Mode)
		}
		return c.UI("event.delivered."+d.Mode, "date", ui.Date(d.DeliveredOn), "end", ui.Date(d.TermEnd))
	}
	return e.Kind
}

// authorizationText is a staff member's authorization as printed under
// the signature: a date's "r." never starts a line of its own.
func authorizationText(a string) string {
	return typedArg(strings.ReplaceAll(strings.TrimSpace(a), " r.", "\u00a0r."))
}

// typedArg keeps a typed text an argument's value: one beginning with "@"
// would be read as a message key (i18n.Bundle.argValue).
func typedArg(s string) string {
	if strings.HasPrefix(s, "@") {
		return " " + s
	}
	return s
}

// staffName is a staff member's name, or a dash for someone this device
// does not know (a case registered before its handler existed).
func staffName(c *Core, id string) string {
	if id == "" {
		return "—"
	}
	s, err := c.Store.StaffByID(context.Background(), id)
	if err != nil {
		return "—"
	}
	return s.FullName()
}

// supplementRegimeOf is the locale-key suffix of the law a card's call to
// supplement is made under, so every cited article follows the regime:
// "" art. 64 § 2 KPA (term art. 57 KPA, signed under art. 268a KPA), "OP"
// art. 169 § 1 Ordynacji podatkowej (term art. 12, signed under art. 143),
// "Notification" a zgłoszenie completed by postanowienie under the card's
// own act (then the office lodges a sprzeciw), "Basis" a call under the
// card's own act (the CEIDG act's working-day term).
func supplementRegimeOf(card catalog.Card) string {
	switch {
	case card.SupplementRegime == catalog.SupplementOP:
		return "OP"
	case card.SupplementRegime == catalog.SupplementNotification:
		return "Notification"
	case card.SupplementBasis != "":
		return "Basis"
	}
	return ""
}

// supplementTitleKey is the letter's title: a notification is completed
// by postanowienie, every other call is a wezwanie.
func supplementTitleKey(card catalog.Card) string {
	if supplementRegimeOf(card) == "Notification" {
		return "supplement.titleNotification"
	}
	return "supplement.title"
}
