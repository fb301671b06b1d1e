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
// the counter's prefix, "L" and a hyphen ("2L-A012" from Stanowisko 2), so
// the two series never show the same label on one day. The registry reads
// it back (protocol.ParseOfflineLabel) when the counter reports the tickets.
func OfflineLabel(prefix, code string, n int) string {
	return prefix + "L-" + Label(code, n)
}

// CounterPrefix is what an offline label begins with: the number a
// counter's name ends with, up to three digits ("Stanowisko 2" → "2",
// "Stanowisko 12" → "12"), else its last letter ("Okno B" → "B"), or "X"
// when it has neither (ASCII only).
func CounterPrefix(name string) string {
	name = strings.ToUpper(strings.TrimSpace(name))
	end := len(name)
	start := end
	for start > 0 && start > end-3 && name[start-1] >= '0' && name[start-1] <= '9' {
		start--
	}
	if start < end {
		return name[start:end]
	}
	for i := len(name) - 1; i >= 0; i-- {
		c := rune(name[i])
		if c < unicode.MaxASCII && unicode.IsLetter(c) {
			return string(c)
		}
	}
	return "X"
}
