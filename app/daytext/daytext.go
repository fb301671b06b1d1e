// Package daytext reads a calendar day as a clerk at a Polish counter types
// it ("31.12.2026", "31.12.2026 r.", "1.2.2026", "31/12/2026", "2026-12-31",
// "31 grudnia 2026") and gives it in the one form that is stored,
// YYYY-MM-DD. What it cannot read for certain it refuses with a reason:
// a two-digit year (which century?), a day the calendar does not have,
// anything else. It never guesses. Pure: no clock, no I/O.
package daytext

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Reason says why a typed day was refused; it is also the i18n key of the
// message the clerk sees.
type Reason string

// Reasons a typed day is refused.
const (
	// ReasonEmpty: nothing was typed.
	ReasonEmpty Reason = "date.empty"
	// ReasonFormat: not a day in any form a clerk types.
	ReasonFormat Reason = "date.format"
	// ReasonTwoDigitYear: the year has two digits, so its century is a guess.
	ReasonTwoDigitYear Reason = "date.twoDigitYear"
	// ReasonNoSuchDay: the form is right but the calendar has no such day
	// (31.02, 29.02 of a common year, month 13).
	ReasonNoSuchDay Reason = "date.noSuchDay"
)

// Error is a refused day. It never holds the text typed: a birth date is
// personal data and errors get logged.
type Error struct {
	Reason Reason
}

// Error names the reason only.
func (e *Error) Error() string { return "daytext: " + string(e.Reason) }

// ReasonOf extracts the reason of a daytext error, or "" for other errors.
func ReasonOf(err error) Reason {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

func fail(r Reason) (time.Time, error) { return time.Time{}, &Error{Reason: r} }

// Parse reads a typed day. The result is midnight UTC of that day, so two
// days compare with Before/After/Equal whatever the machine's zone.
func Parse(s string) (time.Time, error) {
	s = trimYearWord(lower(strings.TrimSpace(s)))
	if s == "" {
		return fail(ReasonEmpty)
	}
	parts, ok := split(s)
	if !ok || len(parts) != 3 {
		return fail(ReasonFormat)
	}
	ds, ms, ys := parts[0], parts[1], parts[2] // 31.12.2026
	yearFirst := isDigits(parts[0]) && len(parts[0]) == 4
	if yearFirst {
		ys, ms, ds = parts[0], parts[1], parts[2] // 2026-12-31
	}
	if !isDigits(ys) || !isDigits(ds) || len(ds) > 2 {
		return fail(ReasonFormat)
	}
	m, ok := month(ms, yearFirst)
	if !ok {
		return fail(ReasonFormat)
	}
	switch {
	case len(ys) == 2:
		return fail(ReasonTwoDigitYear)
	case len(ys) != 4 || ys[0] == '0':
		return fail(ReasonFormat)
	}
	y, _ := strconv.Atoi(ys)
	d, _ := strconv.Atoi(ds)
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || t.Day() != d || int(t.Month()) != m {
		return fail(ReasonNoSuchDay)
	}
	return t, nil
}

// Normalize reads a typed day and gives it as stored: YYYY-MM-DD.
func Normalize(s string) (string, error) {
	t, err := Parse(s)
	if err != nil {
		return "", err
	}
	return ISO(t), nil
}

// ISO writes a day as stored: YYYY-MM-DD.
func ISO(t time.Time) string { return t.Format(time.DateOnly) }

// IsISO reports whether s is a real day already in the stored form, exactly
// YYYY-MM-DD. Rows that arrive from elsewhere (a pushed op) are held to
// this, since they should have been normalized where they were typed.
func IsISO(s string) bool {
	if len(s) != len(time.DateOnly) {
		return false
	}
	t, err := Parse(s)
	return err == nil && ISO(t) == s
}

// trimYearWord drops the "r." (roku) Polish dates end with: "31.12.2026 r.",
// "31.12.2026r", "31 grudnia 2026 roku".
func trimYearWord(s string) string {
	for _, w := range []string{"roku", "r.", "r"} {
		if rest, ok := strings.CutSuffix(s, w); ok {
			rest = strings.TrimRight(rest, " ")
			if rest != "" && isDigit(rest[len(rest)-1]) {
				return rest
			}
		}
	}
	return s
}

// split cuts s into its groups of digits or letters. Separators are dots,
// dashes, slashes, commas (the decimal key of a Polish numeric keypad) and
// spaces, alone or together ("31. 12. 2026"); anything else is refused.
func split(s string) ([]string, bool) {
	var parts []string
	start, kind := -1, 0 // kind: 1 digits, 2 letters
	flush := func(i int) {
		if start >= 0 {
			parts = append(parts, s[start:i])
			start, kind = -1, 0
		}
	}
	for i, r := range s {
		k := 0
		switch {
		case r >= '0' && r <= '9':
			k = 1
		case r >= 'a' && r <= 'z' || strings.ContainsRune("ąćęłńóśźż", r):
			k = 2
		case strings.ContainsRune(".-/, ", r):
			flush(i)
			continue
		default:
			return nil, false
		}
		if k != kind {
			flush(i) // "31grudnia2026" is three groups too
			start, kind = i, k
		}
	}
	flush(len(s))
	return parts, true
}

// month reads the month group: a number, or after a day also a Roman
// numeral (31.XII.2026) or a Polish month name in either case a clerk
// writes it, with or without diacritics (31 grudnia 2026). A number that is
// no month comes back as such, so the caller says "no such day".
func month(s string, yearFirst bool) (int, bool) {
	if isDigits(s) {
		if len(s) > 2 {
			return 0, false
		}
		m, _ := strconv.Atoi(s)
		return m, true
	}
	if yearFirst {
		return 0, false
	}
	if m, ok := romanMonths[s]; ok {
		return m, true
	}
	m, ok := monthNames[s]
	return m, ok
}

var romanMonths = map[string]int{"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
	"x": 10, "xi": 11, "xii": 12}

var monthNames = func() map[string]int {
	names := [][]string{
		{"stycznia", "styczeń", "styczen"}, {"lutego", "luty"}, {"marca", "marzec"},
		{"kwietnia", "kwiecień", "kwiecien"}, {"maja", "maj"}, {"czerwca", "czerwiec"}, {"lipca", "lipiec"},
		{"sierpnia", "sierpień", "sierpien"}, {"września", "wrzesnia", "wrzesień", "wrzesien"},
		{"października", "pazdziernika", "październik", "pazdziernik"}, {"listopada", "listopad"},
		{"grudnia", "grudzień", "grudzien"},
	}
	m := map[string]int{}
	for i, forms := range names {
		for _, f := range forms {
			m[f] = i + 1
		}
	}
	return m
}()

// lower lower-cases ASCII and Polish capitals only. strings.ToLower would
// map other runes onto ASCII (the Kelvin sign onto "k"), letting text that
// is not a month name pass as one.
func lower(s string) string {
	const up, low = "ĄĆĘŁŃÓŚŹŻ", "ąćęłńóśźż"
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case strings.ContainsRune(up, r):
			r = []rune(low)[strings.IndexRune(up, r)/2] // each capital is two bytes
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
