package app

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"okienko/app/catalog"
	"okienko/app/i18n"
	"okienko/app/ident"
	"okienko/app/office"
)

// cardView renders a stored card version for the clerk, in the office's
// locale: money formatted, conditions in words, the account in groups.
func (c *Core) cardView(v catalog.Version, o office.Office, u office.Unit, staff []office.Staff) CardDetail {
	return c.tr(c.Locale()).cardViewIn(v, o, u, staff)
}

// cardViewIn renders the card with the frame in t's language; the card's
// own texts are the office's, in Polish unless the card carries a
// translation. Its steps are filled from the card, office and unit by
// i18n.Fill.
func (t *pr) cardViewIn(v catalog.Version, o office.Office, u office.Unit, staff []office.Staff) CardDetail {
	c := t.c
	card, translated := v.Card.In(t.lang)
	stepLang := i18n.Default
	if translated {
		stepLang = t.lang
	}
	labels := map[string]string{}
	for name, f := range card.Form.UI.Fields {
		labels[name] = f.Label
	}
	var values map[string]string
	if translated {
		values = v.Card.Translations[t.lang].Values
	}
	cond := func(w *catalog.Condition) string { return t.conditionTextIn(w, labels, values) }
	d := CardDetail{
		ID: v.ID, Code: card.Code, Version: card.Version, StoredAt: v.StoredAt.Format(time.RFC3339),
		TextLang: stepLang, Title: card.Title, Summary: card.Summary, Category: card.Category, LegalBasis: card.LegalBasis,
		Unit: unitInfo(u, t), JRWA: card.JRWA, Archival: card.Archival, Identifiers: string(card.Needs()), Sample: card.Sample, WhoMayApply: card.WhoMayApply,
		WhereToFile: card.WhereToFile, Delivery: card.Delivery, Appeal: card.Appeal.Text,
		AppealOpen: card.Appeal.Available, Notes: card.Notes,
		Deadline:  DeadlineInfo{Text: t.deadlineTextIn(card.Deadline), Basis: card.Deadline.Basis, Note: card.Deadline.Note, Label: t.deadlineLabel(card.Deadline)},
		Documents: []DocumentLine{}, Fees: []FeeLine{}, Steps: []string{}, Fields: []FieldLine{}, Staff: []StaffEntry{},
	}
	for _, doc := range card.Documents {
		line := DocumentLine{
			Name: doc.Name, Presentation: t.T("presentation." + string(doc.Presentation)),
			Required: doc.Required, Condition: cond(doc.When), MustBeValid: doc.MustBeValid, Note: doc.Note,
		}
		if doc.Check != catalog.CheckNone {
			line.Check = t.T("format." + string(doc.Check))
		}
		d.Documents = append(d.Documents, line)
	}
	var always int64
	conditional := false
	for _, f := range card.Fees {
		acct := f.Account
		if acct == "" {
			acct = o.FeeAccount
		}
		d.Fees = append(d.Fees, FeeLine{
			Name: f.Name, Amount: t.money(f.AmountGrosze), Grosze: f.AmountGrosze,
			LegalBasis: f.LegalBasis, Account: ident.FormatNRB(acct), Cashier: f.Cashier,
			Condition: cond(f.When), Exemptions: f.Exemptions,
		})
		if f.When == nil {
			always += f.AmountGrosze
		} else {
			conditional = true
		}
	}
	// The total is what every client pays; a card whose fees all depend
	// on the case (zameldowanie: only a proxy's power of attorney costs)
	// says "bez opłaty", never "0,00 zł – zawsze pobierane".
	switch {
	case len(card.Fees) == 0:
		d.FeeTotal = t.T("card.noFees")
	case always == 0:
		d.FeeTotal, d.FeeNote = t.T("card.noFeeAlways"), t.T("card.feeNote.onlySome")
	case conditional:
		d.FeeTotal, d.FeeNote = t.money(always), t.T("card.feesTotalHint")
	default:
		d.FeeTotal, d.FeeNote = t.money(always), t.T("card.feeNote.always")
	}
	for _, s := range card.Steps {
		text, err := c.stepText(s, stepScope{lang: stepLang, card: card, office: o, unit: u})
		t.fail(err)
		if w := cond(s.When); w != "" {
			// Its own sentence after the step's full stop, never a bracket
			// glued on after it.
			text = t.T("card.stepWhen", "step", text, "condition", w)
		}
		d.Steps = append(d.Steps, text)
	}
	var schema struct {
		Required []string `json:"required"`
	}
	_ = json.Unmarshal(card.Form.Schema, &schema) // validated at import
	for _, name := range card.Form.UI.Order {
		// The form is filled and signed in Polish: its table shows the
		// card's own labels even when conditions name them translated.
		f := v.Card.Form.UI.Fields[name]
		d.Fields = append(d.Fields, FieldLine{
			Name: name, Label: f.Label, Help: f.Help, Example: exampleTextIn(t, f.Example),
			Required: slices.Contains(schema.Required, name), Section: f.Section, Condition: cond(f.When),
		})
	}
	for _, s := range staff {
		if s.Active && s.Handles(card.Code) {
			d.Staff = append(d.Staff, staffEntry(t, o, s, map[string]office.Unit{u.ID: u}, nil, nil))
		}
	}
	return d
}

// unitInfo is a unit as t's reader sees it: the room's floor in their
// language.
func unitInfo(u office.Unit, t *pr) UnitInfo {
	return UnitInfo{Symbol: u.Symbol, Name: u.Name, Room: t.room(u.Room), Phone: u.Phone, Email: u.Email}
}

// deadlineLabel names what the card's deadline is the date of.
func (t *pr) deadlineLabel(r catalog.DeadlineRule) string {
	if r.Subject == catalog.DeadlineInspection {
		return t.T("card.deadlineInspection")
	}
	return t.T("card.deadline")
}

// deadlineText says the card's deadline rule in words: "7 dni".
func (c *Core) deadlineText(r catalog.DeadlineRule) string {
	return c.tr(i18n.Default).deadlineTextIn(r)
}

// conditionText says when a conditional item applies, using field labels.
func (c *Core) conditionText(w *catalog.Condition, labels map[string]string) string {
	return c.tr(i18n.Default).conditionTextIn(w, labels, nil)
}

func (t *pr) conditionTextIn(w *catalog.Condition, labels, values map[string]string) string {
	if w == nil {
		return ""
	}
	label := labels[w.Field]
	if label == "" {
		label = w.Field
	}
	switch {
	case w.Filled != nil && *w.Filled:
		return t.T("cond.filled", "field", label)
	case w.Filled != nil:
		return t.T("cond.empty", "field", label)
	case w.Equals == true:
		return t.T("cond.checked", "field", label)
	case w.Equals == false:
		return t.T("cond.unchecked", "field", label)
	case w.Equals != nil:
		return t.T("cond.equals", "field", label, "value", t.T("common.quoted", "text", valueText(w.Equals, values)))
	default:
		// The values are the card's own words (Polish): quoted as such in
		// a sentence of the interface's language.
		vals := make([]string, len(w.In))
		for i, v := range w.In {
			vals[i] = t.T("common.quoted", "text", valueText(v, values))
		}
		return t.T("cond.in", "field", label, "values", strings.Join(vals, ", "))
	}
}

// valueText is a form answer as a condition quotes it: the card's own
// word, or its translation when the card gives one.
func valueText(v any, values map[string]string) string {
	s := fmt.Sprint(v)
	if tr := values[s]; tr != "" {
		return tr
	}
	return s
}

func exampleText(c *Core, v any) string { return exampleTextIn(c.tr(i18n.Default), v) }

func exampleTextIn(t *pr, v any) string {
	switch x := v.(type) {
	case bool:
		if x {
			return t.T("common.yes")
		}
		return t.T("common.no")
	case nil:
		return ""
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = fmt.Sprint(p)
		}
		return strings.Join(parts, ", ")
	case float64:
		return i18n.Decimal(t.lang, x)
	default:
		return fmt.Sprint(x)
	}
}

// staffEntry renders a staff member; titles maps card codes to titles and
// names maps staff ids to names (both may be nil).
func staffEntry(t *pr, o office.Office, s office.Staff, units map[string]office.Unit, titles, names map[string]string) StaffEntry {
	u := units[s.UnitID]
	e := StaffEntry{
		ID: s.ID, Name: s.FullName(), Position: s.PositionInLang(t.lang), Role: string(s.Role), Unit: u.Name,
		UnitSymbol: u.Symbol, Room: t.room(s.Room), Email: s.Email, Competences: []string{},
	}
	e.Phone = u.Phone
	if s.PhoneExt != "" && o.Phone != "" {
		// An extension is dialled through the office's switchboard, not
		// the unit's direct line: "w. 117" alone cannot be called.
		e.Phone = t.T("phone.ext", "phone", o.Phone, "ext", s.PhoneExt)
	}
	for _, code := range s.Competences {
		if t, ok := titles[code]; ok {
			e.Competences = append(e.Competences, t)
		}
	}
	if names != nil {
		e.Substitute = names[s.SubstituteID]
	}
	return e
}
