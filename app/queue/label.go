package queue

import (
	"fmt"
	"strings"
	"unicode"
)

// Label is a ticket's label as printed and called: the group's letter
// and the day's number in three digits ("A012"; "A1000" past 999).
func Label(code string, n int) string {
	return fmt.Sprintf("%s%03d", code, n)
}

// OfflineLabel is the label of a ticket a counter issued while it could
// not reach the registry: its own numbers, kept apart from the hall's by
// the counter's prefix and a hyphen ("2-A012" from Stanowisko 2), so the
// two series never show the same label on one day.
func OfflineLabel(prefix, code string, n int) string {
	return prefix + "-" + Label(code, n)
}

// CounterPrefix is the one character an offline label begins with: the
// last letter or digit (ASCII) of the counter's name ("Stanowisko 2" → "2",
// "Okno B" → "B"), or "X" when it has none.
func CounterPrefix(name string) string {
	name = strings.ToUpper(strings.TrimSpace(name))
	for i := len(name) - 1; i >= 0; i-- {
		c := rune(name[i])
		if c < unicode.MaxASCII && (unicode.IsDigit(c) || unicode.IsLetter(c)) {
			return string(c)
		}
	}
	return "X"
}
