package protocol

import (
	"regexp"
	"testing"
)

// The hand-written name checks say what these patterns say.
var (
	entityPattern = regexp.MustCompile(`^[a-z][a-z_]{1,31}$`)
	fieldPattern  = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,63}$`)
)

func FuzzNames(f *testing.F) {
	for _, s := range []string{"", "a", "ab", "case_file", "Case", "a1", "officeId", "x_9", "é", "a\n", "_a",
		"abcdefghijklmnopqrstuvwxyzabcdef", "abcdefghijklmnopqrstuvwxyzabcdefg"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := validEntity(s), entityPattern.MatchString(s); got != want {
			t.Fatalf("validEntity(%q) = %v, pattern says %v", s, got, want)
		}
		if got, want := validField(s), fieldPattern.MatchString(s); got != want {
			t.Fatalf("validField(%q) = %v, pattern says %v", s, got, want)
		}
	})
}
