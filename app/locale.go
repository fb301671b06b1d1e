package app

import (
	"errors"
	"slices"
	"time"

	"okienko/app/catalog"
	"okienko/app/i18n"
)

// The interface language. The frontend says which language the clerk chose
// (SystemService.SetLocale), and every string the backend makes for the
// screen (statuses, dates, fees, deadlines, problems, errors, notices) is
// rendered in it through c.ui(). Printouts are not: what is printed and
// signed keeps Polish, its binding text (T, dateText, dateTime), whatever
// the interface shows.

// Locale is the interface language the frontend last set; Polish until then.
func (c *Core) Locale() string {
	if l := c.uiLocale.Load(); l != nil {
		return *l
	}
	return i18n.Default
}

// SetLocale sets the interface language; a language without a locale file
// is refused.
func (c *Core) SetLocale(locale string) error {
	if !slices.Contains(c.I18n.Locales(), locale) {
		return i18n.E("error.locale", errors.New("app: unknown locale"))
	}
	c.uiLocale.Store(&locale)
	return nil
}

// tr renders the backend's text in one language.
type tr struct {
	c   *Core
	loc string
}

// ui renders for the screen, in the interface language.
func (c *Core) ui() tr { return tr{c: c, loc: c.Locale()} }

// in renders in the given language (Polish for the binding text).
func (c *Core) in(locale string) tr { return tr{c: c, loc: locale} }

// UI renders a message for the screen; args alternate name, value.
func (c *Core) UI(key string, args ...string) string { return c.ui().T(key, args...) }

// T renders a message; args alternate name, value.
func (t tr) T(key string, args ...string) string { return t.c.I18n.T(t.loc, key, pairs(args)) }

// Msg renders a message whose arguments come as a map (problems, errors).
func (t tr) Msg(key string, args map[string]string) string { return t.c.I18n.T(t.loc, key, args) }

// Date shows a YYYY-MM-DD date ("" and anything else stay as they are).
func (t tr) Date(iso string) string {
	d, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return i18n.Date(t.loc, d)
}

// Day shows a calendar day.
func (t tr) Day(d time.Time) string { return i18n.Date(t.loc, d) }

// DateTime shows an instant as the office's date and time, in its zone,
// whatever the zone of the computer it is shown on.
func (t tr) DateTime(at time.Time) string {
	return i18n.DateTime(t.loc, at.In(t.c.Store.OfficeClock().Location()))
}

// Money shows an amount in grosze.
func (t tr) Money(grosze int64) string { return i18n.Money(t.loc, grosze) }

// pr is the printouts' renderer in the same language (the card view, its
// deadlines, conditions and examples are written once, for both).
func (t tr) pr() *pr { return t.c.tr(t.loc) }

// deadline says a deadline rule in words: "7 dni".
func (t tr) deadline(r catalog.DeadlineRule) string { return t.pr().deadlineTextIn(r) }

// condition says a card's condition in words.
func (t tr) condition(w *catalog.Condition, labels map[string]string) string {
	return t.pr().conditionTextIn(w, labels, nil)
}

// example shows a form field's example value.
func (t tr) example(v any) string { return exampleTextIn(t.pr(), v) }
