package protocol

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"
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

// FuzzIDs holds the hand-written id checks to uuid.Parse's: a canonical
// UUID is one that parses and prints back the same.
func FuzzIDs(f *testing.F) {
	for _, s := range []string{entityID, uuidV4, opID1, strings.ToUpper(entityID), "{" + entityID + "}", "urn:uuid:" + entityID, entityID[:35], ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := uuid.Parse(s)
		canonical := err == nil && u.String() == s
		if ValidID(s) != canonical || ValidUUIDv7(s) != (canonical && u.Version() == 7) {
			t.Fatalf("%q: ValidID %v ValidUUIDv7 %v, uuid.Parse: %v %v", s, ValidID(s), ValidUUIDv7(s), u, err)
		}
	})
}
