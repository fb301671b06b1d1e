package app

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"okienko/app/cases"
	"okienko/app/catalog"
	"okienko/app/deadline"
	"okienko/app/i18n"
	"okienko/app/ident"
	"okienko/app/office"
)

// stepScope is what a card's step templates are filled from: the card, its
// office and unit, and, on a case's printouts, the case. The catalogue is
// written in Polish, and its steps are filled with Polish values, unless
// the card carries a translation into the printout's language.
type stepScope struct {
	lang    string // the step's language: Polish, or the card's translation's
	card    catalog.Card
	office  office.Office
	unit    office.Unit
	cs      *cases.Case // nil on the card itself
	answers map[string]any
}

// stepText fills one step's template through i18n.Fill, the renderer of
// every message; a placeholder without a value is an error, never text.
func (c *Core) stepText(s catalog.Step, sc stepScope) (string, error) {
	return i18n.Fill(s.Text, c.stepArgs(s, sc))
}

// stepFees are the fees a step speaks of: those with the step's own
// condition; failing that, on a case those its answers call for, on the
// card all of them.
func stepFees(s catalog.Step, sc stepScope) []catalog.Fee {
	var same, hold []catalog.Fee
	for _, f := range sc.card.Fees {
		if f.AmountGrosze == 0 {
			continue
		}
		if reflect.DeepEqual(f.When, s.When) {
			same = append(same, f)
		}
		if sc.cs == nil || f.When.Holds(sc.answers) {
			hold = append(hold, f)
		}
	}
	if len(same) > 0 {
		return same
	}
	return hold
}

// stepArgs are the values of catalog.StepPlaceholders for one step.
func (c *Core) stepArgs(s catalog.Step, sc stepScope) map[string]string {
	pl := printLang(sc.lang)
	T := func(key string, args ...string) string { return c.I18n.T(pl, key, pairs(args)) }
	fees := stepFees(s, sc)
	var amounts []string
	distinct := map[int64]bool{}
	acct, cashier := sc.office.FeeAccount, ""
	for _, f := range fees {
		amounts = append(amounts, i18n.Money(pl, f.AmountGrosze))
		distinct[f.AmountGrosze] = true
		if f.Account != "" && acct == sc.office.FeeAccount {
			acct = f.Account
		}
		if cashier == "" {
			cashier = f.Cashier
		}
	}
	for _, f := range sc.card.Fees {
		if cashier == "" {
			cashier = f.Cashier
		}
	}
	oplaty := strings.Join(amounts, " + ")
	if slices.ContainsFunc(fees, func(f catalog.Fee) bool { return f.Proportional }) {
		// A yearly fee: in the year of issue only its proportional part.
		oplaty = T("step.feesProportional", "amounts", oplaty)
	}
	if sc.cs == nil && len(fees) > 1 && len(distinct) > 1 {
		// Conditional fees of different amounts: the card's fee table says
		// which applies.
		oplaty = T("step.feesSeeTable")
	}
	a := map[string]string{
		"oplaty": oplaty, "rachunek": keep(ident.FormatNRB(acct)), "kasa": cashier,
		"jednostka": sc.unit.Name, "pokoj": keep(c.tr(pl).room(sc.unit.Room)), "telefon": keep(sc.unit.Phone),
		"znak": T("step.signFromReceipt"), "braki": T("step.missingFromCall"),
		"termin_uzupelnienia": T("step.termFromCall"), "termin": c.termPhrase(pl, sc.card.Deadline, ""),
	}
	if cs := sc.cs; cs != nil {
		a["znak"] = cs.SignText()
		switch {
		case cs.DueOn != "":
			a["termin"] = T("step.termBy", "date", i18n.Date(pl, date(cs.DueOn)))
		case cs.SupplementDue != "":
			a["termin"] = c.termPhrase(pl, sc.card.Deadline, "afterSupplement")
		}
		if cs.SupplementDue != "" {
			a["termin_uzupelnienia"] = i18n.Date(pl, date(cs.SupplementDue))
			var missing []string
			for _, it := range missingDocs(*cs) {
				missing = append(missing, it.Name)
			}
			if len(missing) > 0 {
				a["braki"] = strings.Join(missing, ", ")
			}
		}
	}
	return a
}

// termPhrase says a card's deadline as a phrase that completes "Decyzję
// wydamy …": "w ciągu 7 dni", "od ręki"; with suffix "afterSupplement",
// counted from the day the missing documents come.
func (c *Core) termPhrase(lang string, r catalog.DeadlineRule, suffix string) string {
	key := "step.term." + string(r.Kind)
	if suffix != "" {
		key += "." + suffix
	}
	args := map[string]string{}
	switch r.Kind {
	case catalog.DeadlineDays, catalog.DeadlineWeeks, catalog.DeadlineMonths:
		args["count"] = strconv.Itoa(r.N)
	}
	return c.I18n.T(lang, key, args)
}

// latestDue is the latest day a paused case can be settled by, if the
// documents come on the last day allowed.
func latestDue(card catalog.Card, cs cases.Case) (string, bool) {
	latest, _, err := deadline.Due(deadline.Rule{Kind: string(card.Deadline.Kind), N: card.Deadline.N}, date(cs.SubmittedOn),
		[]deadline.Pause{{From: date(cs.SubmittedOn), To: date(cs.SupplementDue)}})
	if err != nil {
		return "", false
	}
	return latest.Format(time.DateOnly), true
}

// pairs turns alternating name, value strings into a map.
func pairs(args []string) map[string]string {
	if len(args) == 0 {
		return nil
	}
	m := make(map[string]string, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		m[args[i]] = args[i+1]
	}
	return m
}
