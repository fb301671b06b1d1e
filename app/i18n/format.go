package i18n

import (
	"strconv"
	"strings"
	"time"
)

// Money formats an amount in grosze the way the locale writes złoty:
// "2 100,00 zł" in Polish (non-breaking space between thousands).
func Money(locale string, grosze int64) string {
	neg := grosze < 0
	if neg {
		grosze = -grosze
	}
	zl := strconv.FormatInt(grosze/100, 10)
	gr := grosze % 100
	sep, dec, pre, post := "\u00a0", ",", "", "\u00a0zł"
	if locale == "en" {
		sep, dec, pre, post = ",", ".", "PLN\u00a0", ""
	} else if locale == "uk" {
		post = "\u00a0зл"
	}
	var sb strings.Builder
	for i, r := range zl {
		if i > 0 && (len(zl)-i)%3 == 0 {
			sb.WriteString(sep)
		}
		sb.WriteRune(r)
	}
	s := pre + sb.String() + dec + strconv.FormatInt(gr/10, 10) + strconv.FormatInt(gr%10, 10) + post
	if neg {
		s = "-" + s
	}
	return s
}

// Decimal writes a number as the locale does: a decimal comma in Polish
// and Ukrainian ("48,6"), a point in English; no trailing zeros.
func Decimal(locale string, x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if locale != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Date formats a calendar date as Polish offices write it: 22.11.2026 r.
func Date(locale string, t time.Time) string {
	if locale == "en" {
		return t.Format("2 January 2006")
	}
	if locale == "uk" {
		return t.Format("02.01.2006")
	}
	return t.Format("02.01.2006") + "\u00a0r."
}

// DateTime formats a moment: 22.11.2026 r., godz. 09:41.
func DateTime(locale string, t time.Time) string {
	if locale == "en" {
		return t.Format("2 January 2006, 15:04")
	}
	if locale == "uk" {
		return t.Format("02.01.2006, 15:04")
	}
	return t.Format("02.01.2006") + "\u00a0r., godz.\u00a0" + t.Format("15:04")
}
