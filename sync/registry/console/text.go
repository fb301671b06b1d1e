package console

import (
	"unicode/utf8"

	"okienko/app/charset"
)

// fieldMax is the longest name, position, room, phone or e-mail the
// console takes, in characters.
const fieldMax = 120

// fieldText tells whether a cleaned value of a unit, a person or a
// device may be stored: the characters its kind accepts, which are those
// the printouts' font draws. A unit's name or a clerk's surname goes onto
// every receipt of that unit, so one the font cannot draw (an emoji, a
// control or right-to-left mark) would make them unprintable on every
// device.
func fieldText(k charset.Kind, v string) bool {
	return utf8.ValidString(v) && charset.Check(k, v, fieldMax, false) == nil
}

// cleanFields cleans what a person typed or pasted into one-line fields
// the way the devices' forms do (charset.Clean: NFC, invisible marks
// dropped, runs of spaces made one, trimmed).
func cleanFields(fs ...*string) {
	for _, f := range fs {
		*f = charset.Clean(*f, false)
	}
}
