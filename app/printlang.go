package app

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"okienko/app/catalog"
	"okienko/app/i18n"
	"okienko/app/registerpdf"
)

// printLang is the language a client's printouts are in: their chosen
// one when the app has it, else Polish.
func printLang(lang string) string {
	switch lang {
	case "en", "uk":
		return lang
	}
	return i18n.Default
}

// pageLabel is the page number of a Polish letter, and with a
// translation after it, also in the translation's language: "Strona 2 z 2
// · Сторінка 2 з 2" on the page a Ukrainian client reads.
func pageLabel(pl, t *pr) string {
	label := pl.T("pdf.page", "n", "{n}", "nb", "{nb}")
	if t.lang != pl.lang {
		label += " · " + t.T("pdf.page", "n", "{n}", "nb", "{nb}")
	}
	return label
}

// tr renders one printout's sentences in one language through
// i18n.Bundle.Render, and keeps the first sentence that could not be
// rendered, so the printout is refused instead of printed with a gap.
type pr struct {
	c    *Core
	lang string
	err  error
}

func (c *Core) tr(lang string) *pr { return &pr{c: c, lang: printLang(lang)} }

// T renders key with alternating name, value arguments.
func (t *pr) T(key string, args ...string) string {
	out, err := t.c.I18n.Render(t.lang, key, pairs(args))
	t.fail(err)
	return out
}

// reg is t for the registers' shared layouts (app/registerpdf).
func (t *pr) reg() *registerpdf.Tr {
	return &registerpdf.Tr{B: t.c.I18n, Lang: t.lang, Loc: officeClockOf(t.c).Location()}
}

func (t *pr) fail(err error) {
	if err != nil && t.err == nil {
		t.err = err
	}
}

// date writes a YYYY-MM-DD day as the language writes dates.
func (t *pr) date(iso string) string {
	d, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		t.fail(fmt.Errorf("app: printout date %q: %w", iso, err))
		return iso
	}
	return i18n.Date(t.lang, d)
}

// dateTime writes an instant in the office's zone.
func (t *pr) dateTime(at time.Time) string {
	return i18n.DateTime(t.lang, at.In(officeClockOf(t.c).Location()))
}

func (t *pr) money(grosze int64) string { return i18n.Money(t.lang, grosze) }

// deadlineTextIn says a deadline rule in words in t's language: "7 dni".
func (t *pr) deadlineTextIn(r catalog.DeadlineRule) string {
	n := strconv.Itoa(r.N)
	switch r.Kind {
	case catalog.DeadlineImmediate:
		return t.T("deadline.immediate")
	case catalog.DeadlineDays:
		return t.T("deadline.days", "count", n)
	case catalog.DeadlineWeeks:
		return t.T("deadline.weeks", "count", n)
	case catalog.DeadlineMonths:
		return t.T("deadline.months", "count", n)
	case catalog.DeadlineKPA1M:
		return t.T("deadline.kpa1m")
	case catalog.DeadlineKPA2M:
		return t.T("deadline.kpa2m")
	}
	return string(r.Kind)
}

// writeNewOutput seals a printout as name.pdf.okef under DataDir/sub, or
// name-2.pdf.okef, -3… if taken (printstore.go): never over an earlier one.
func (c *Core) writeNewOutput(sub, name string, data []byte) (Printout, error) {
	return writePrintout(c, sub, freePrintoutName(filepath.Join(c.DataDir, sub), name), data)
}

// keep joins a phone number's or an account's groups with no-break
// spaces, so a line never ends inside one.
func keep(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") }

// officeRoom is a room as the office writes it: "15 (I piętro)".
var officeRoom = regexp.MustCompile(`^(\S+) \((parter|(I|II|III|IV) piętro)\)$`)

// floors are the Roman floor numbers the office writes, as numbers.
var floors = map[string]string{"I": "1", "II": "2", "III": "3", "IV": "4"}

// room says an office room in t's language: "15 (I piętro)" becomes
// "15 (1st floor)" in English. A room written otherwise stays as written.
func (t *pr) room(r string) string {
	m := officeRoom.FindStringSubmatch(r)
	if m == nil || t.lang == i18n.Default {
		return r
	}
	floor := t.T("floor.ground")
	if m[2] != "parter" {
		floor = t.T("floor." + floors[m[3]])
	}
	return t.T("room.withFloor", "room", m[1], "floor", floor)
}
