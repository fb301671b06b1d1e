package printer

import "testing"

func TestSafeTitle(t *testing.T) {
	for in, want := range map[string]string{
		"potwierdzenie.pdf": "potwierdzenie.pdf",
		"A012":              "A012",
		`..\..\x`:           ".._.._x",
		"":                  "wydruk",
		"Żółw":              "___w",
	} {
		if got := safeTitle(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
