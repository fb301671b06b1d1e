package app

import (
	"testing"

	"okienko/app/charset"
	"okienko/app/pdf"
)

// TestAcceptedCharactersPrint: every character validation lets into a
// field is one the printouts' embedded font draws (app/pdf), so what a
// clerk could type, the client can take home.
func TestAcceptedCharactersPrint(t *testing.T) {
	missing := 0
	for r := rune(0); r < 0x10000; r++ {
		if r == '\n' || !charset.Prints(r) {
			continue
		}
		if !pdf.CanPrint(r) {
			missing++
			if missing <= 10 {
				t.Errorf("validation accepts %U %q, which the printouts' font cannot draw", r, r)
			}
		}
	}
}
