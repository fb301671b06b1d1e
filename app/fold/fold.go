// Package fold turns Polish text into a search key: lower case, no
// diacritics, ł folded to l (Unicode does not decompose ł, so NFD alone
// leaves it), runs of spaces and punctuation collapsed to one space.
package fold

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// String folds s for diacritic-insensitive matching:
// "Zaświadczenie o zameldowaniu, Łódź" -> "zaswiadczenie o zameldowaniu lodz".
func String(s string) string {
	var sb strings.Builder
	sb.Grow(len(s))
	space := true // suppress leading space
	for _, r := range norm.NFD.String(strings.ToValidUTF8(s, " ")) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'ł' || r == 'Ł':
			r = 'l'
		case r == 'ß':
			sb.WriteString("ss")
			space = false
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			sb.WriteRune(unicode.ToLower(r))
			space = false
			continue
		}
		if !space {
			sb.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimRight(sb.String(), " ")
}

// Tokens splits a folded query into its words.
func Tokens(s string) []string {
	return strings.Fields(String(s))
}
