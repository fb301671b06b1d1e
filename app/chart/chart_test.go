package chart

import (
	"strings"
	"testing"
)

// TestLabelKeepsThePolishName: a translated card title too long for one
// line wraps, and the Polish name in its brackets, which tells the
// service apart, is never cut; no line is longer than MaxLabel.
func TestLabelKeepsThePolishName(t *testing.T) {
	for _, c := range []struct{ in, keep string }{
		{"Decision on development conditions (warunki zabudowy, WZ)", "(warunki zabudowy, WZ)"},
		{"Рішення про умови забудови та зонування території (warunki zabudowy, WZ)", "(warunki zabudowy, WZ)"},
		{"Zaświadczenie o zameldowaniu", "Zaświadczenie o zameldowaniu"},
	} {
		got := Label(c.in)
		if !strings.Contains(strings.ReplaceAll(got, "\n", " "), c.keep) {
			t.Errorf("Label(%q) = %q, lost %q", c.in, got, c.keep)
		}
		lines := strings.Split(got, "\n")
		if len(lines) > 2 {
			t.Errorf("Label(%q) = %q: more than two lines", c.in, got)
		}
		for _, l := range lines {
			if len([]rune(l)) > MaxLabel {
				t.Errorf("Label(%q): line %q longer than %d", c.in, l, MaxLabel)
			}
		}
	}
}
