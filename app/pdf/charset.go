package pdf

import (
	"sync"
	"unicode"

	"golang.org/x/image/font/sfnt"
)

// maxRune bounds the runes that print: the Basic Multilingual Plane holds
// every letter of the scripts the office serves; beyond it the font has
// only emoji and mathematical letters, which no name or address needs.
const maxRune = 0xFFFF

// covered is a bitmap of the runes both embedded faces (regular and bold)
// have a glyph for, built once on first use (a few milliseconds).
var covered = sync.OnceValue(func() []uint64 {
	bits := make([]uint64, maxRune/64+1)
	faces := [][]byte{regularTTF, boldTTF}
	fonts := make([]*sfnt.Font, len(faces))
	for i, raw := range faces {
		f, err := sfnt.Parse(raw)
		if err != nil {
			panic("pdf: embedded font unreadable: " + err.Error())
		}
		fonts[i] = f
	}
	var buf sfnt.Buffer
	for r := rune(0x20); r <= maxRune; r++ {
		ok := true
		for _, f := range fonts {
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				ok = false
				break
			}
		}
		if ok {
			bits[r/64] |= 1 << (r % 64)
		}
	}
	return bits
})

// CanPrint reports whether a printout can show r: a visible character or
// the space that both the regular and the bold embedded face draw. Control
// and format characters (zero-width space, direction marks) are refused:
// they print as nothing or as a box. Validation of what a client types
// uses this, so nothing accepted fails to print.
func CanPrint(r rune) bool {
	if r < 0x20 || r > maxRune || (r != ' ' && !unicode.IsGraphic(r)) || unicode.Is(unicode.Cf, r) {
		return false
	}
	// The layout writes left to right and shapes nothing: right-to-left
	// scripts would print reversed and unjoined.
	// Emoji and dingbats, and the selectors that ask for their colour form,
	// print (if at all) as black-and-white pictures, never as text.
	if (r >= 0x2600 && r <= 0x27BF) || (r >= 0xFE00 && r <= 0xFE0F) {
		return false
	}
	if unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko) {
		return false
	}
	return covered()[r/64]&(1<<(r%64)) != 0
}

// Unprintable lists, once each and in order, the runes of s that CanPrint
// refuses; nil when all of s prints.
func Unprintable(s string) []rune {
	var out []rune
	seen := map[rune]bool{}
	for _, r := range s {
		if !CanPrint(r) && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}
