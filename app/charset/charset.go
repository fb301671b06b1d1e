// Package charset says which characters each kind of field accepts: exactly
// those the printouts' font can draw (Latin with Latin-1, Latin Extended-A
// and the Romanian commas; Cyrillic for Ukrainian, Belarusian and Russian),
// so that what validation accepts always prints. It also cleans what people
// paste (NFC, invisible marks dropped, odd spaces made plain) and counts
// lengths in characters, the way the form's counters do. Pure.
package charset

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Kind is what a field holds; each kind has its own accepted characters.
type Kind string

// Field kinds.
const (
	Name    Kind = "name"    // first names, surnames: letters, space, hyphen, apostrophe, period
	Address Kind = "address" // streets, cities, house numbers, business names: letters, digits and the punctuation of addresses
	Text    Kind = "text"    // free text of a form: every printable character of the font's ranges
	Ident   Kind = "ident"   // identifiers and document numbers: ASCII letters, digits, space, - / .
	Email   Kind = "email"   // e-mail addresses: printable ASCII without spaces
	Phone   Kind = "phone"   // phone numbers: digits, +, space, - ( ) /
)

// Kinds lists every kind, for tests and documentation.
var Kinds = []Kind{Name, Address, Text, Ident, Email, Phone}

// Letter reports whether r is a letter the printouts' font draws: Basic
// Latin, Latin-1, Latin Extended-A, Ș ș Ț ț (Romanian), and Cyrillic
// U+0400–U+045F with Ґ ґ (Ukrainian, Belarusian, Russian, Bulgarian,
// Serbian, Macedonian).
func Letter(r rune) bool {
	switch {
	case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		return true
	case r >= 0xC0 && r <= 0xFF:
		return r != 0xD7 && r != 0xF7 // × and ÷ are not letters
	case r >= 0x100 && r <= 0x17F:
		return true
	case r >= 0x218 && r <= 0x21B:
		return true
	case r >= 0x400 && r <= 0x45F, r == 0x490, r == 0x491:
		return true
	}
	return false
}

// addressPunct is what addresses and business names use besides letters
// and digits: "ul. Jana Pawła II 12/4", "Kowalski & Syn sp. z o.o.",
// "„Pod Lipami”", "Osiedle nr 3 (blok C)".
const addressPunct = " -'’.,/()\"„”&+№"

// textPunct is the rest of printable punctuation the font draws, for
// free text.
const textPunct = "!?:;%=*@#§€–—…‘“«»°_[]{}<>|~^`$£²³µ·•×÷\\"

// Allowed reports whether kind k accepts r. Text accepts a newline too
// when multiline (a textarea); no kind accepts other control characters.
func Allowed(k Kind, r rune, multiline bool) bool {
	switch k {
	case Name:
		return Letter(r) || strings.ContainsRune(" -'’.", r)
	case Address:
		return Letter(r) || r >= '0' && r <= '9' || strings.ContainsRune(addressPunct, r)
	case Text:
		if r == '\n' {
			return multiline
		}
		return Letter(r) || r >= '0' && r <= '9' || strings.ContainsRune(addressPunct, r) || strings.ContainsRune(textPunct, r) ||
			r >= 0x20 && r < 0x7F
	case Ident:
		return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune(" -/.", r)
	case Email:
		return r > 0x20 && r < 0x7F
	case Phone:
		return r >= '0' && r <= '9' || strings.ContainsRune("+ -()/", r)
	}
	return false
}

// invisible are characters nobody sees and nobody can delete on purpose:
// zero-width spaces and joiners, direction marks and overrides, the byte
// order mark, the soft hyphen. They come with pasted text; Clean drops them.
func invisible(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2064, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0xFEFF, r == 0x00AD, r == 0x061C, r == 0x180E:
		return true
	}
	return false
}

// lookalikes are characters typed or pasted for one the font has: the
// Ukrainian apostrophe (U+02BC) and the acute accent people type for it,
// and the many widths of space.
var lookalikes = map[rune]rune{0x02BC: '’', 0x00B4: '’', 0x00A0: ' ', 0x202F: ' ', 0x3000: ' ', '\t': ' ', '\r': ' '}

// Clean is what is stored of a typed value: composed to NFC (a letter and
// its combining accent become one letter, as the font has it), invisible
// marks dropped, look-alike apostrophes and spaces made plain, runs of
// spaces collapsed and the ends trimmed. A multiline value keeps its line
// breaks (CRLF becomes LF) and loses trailing spaces on each line. It never
// changes a visible letter, digit or mark, so what Clean keeps is checked
// by Check as the clerk typed it.
func Clean(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD") // Check refuses the replacement character
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if invisible(r) {
			continue
		}
		if to, ok := lookalikes[r]; ok {
			r = to
		}
		if r >= 0x2000 && r <= 0x200A {
			r = ' '
		}
		if r == '\n' && !multiline {
			r = ' '
		}
		b.WriteRune(r)
	}
	if !multiline {
		return strings.Join(strings.Fields(b.String()), " ")
	}
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

// Reason is why a value is refused, an i18n key.
type Reason string

// Reasons.
const (
	ReasonChar    Reason = "text.badChar"    // a character the field does not accept; Problem.Char names it
	ReasonTooLong Reason = "text.tooLong"    // more characters than the field's limit
	ReasonControl Reason = "text.control"    // a control character (a pasted tab stop, a NUL)
	ReasonAccent  Reason = "text.loneAccent" // a combining accent with no letter it combines into
)

// Problem is one refused value: why, the first offending character as the
// clerk can read it, and the lengths.
type Problem struct {
	Reason Reason
	Char   string // "😀", "<", or "U+0007" for what cannot be shown
	Len    int    // characters in the value
	Max    int
}

// Len counts characters as a person does (and as the form's counter and
// the browser's maxlength do after NFC): runes.
func Len(s string) int { return utf8.RuneCountInString(s) }

// Check tells whether a cleaned value fits a field of kind k holding at
// most max characters (0: no limit). It reports the first problem only:
// one sentence the clerk can act on.
func Check(k Kind, s string, max int, multiline bool) *Problem {
	n := Len(s)
	if max > 0 && n > max {
		return &Problem{Reason: ReasonTooLong, Len: n, Max: max}
	}
	for _, r := range s {
		if Allowed(k, r, multiline) {
			continue
		}
		switch {
		case unicode.Is(unicode.Mn, r):
			return &Problem{Reason: ReasonAccent, Char: fmt.Sprintf("U+%04X", r), Len: n, Max: max}
		case unicode.IsControl(r) || r == utf8.RuneError || unicode.Is(unicode.Co, r) || unicode.Is(unicode.Cs, r):
			return &Problem{Reason: ReasonControl, Char: fmt.Sprintf("U+%04X", r), Len: n, Max: max}
		}
		return &Problem{Reason: ReasonChar, Char: string(r), Len: n, Max: max}
	}
	return nil
}

// Prints reports whether the printouts' font draws r: every character a
// field accepts, and the no-break space the printouts put in dates and
// sums ("30.11.2026 r.", "17,00 zł"), which Clean turns into a plain space
// in what people type.
func Prints(r rune) bool {
	return Allowed(Text, r, true) || r == 0xA0
}

// Printable reports whether every character of s Prints, and if not, the
// first that does not, as a person can read it ("😀", or "U+0007").
func Printable(s string) (bool, string) {
	for _, r := range s {
		if !Prints(r) {
			if unicode.IsControl(r) || unicode.Is(unicode.Mn, r) || r == utf8.RuneError {
				return false, fmt.Sprintf("U+%04X", r)
			}
			return false, string(r)
		}
	}
	return true, ""
}
