package fold

import "testing"

func TestString(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Zaświadczenie o zameldowaniu", "zaswiadczenie o zameldowaniu"},
		{"Łódź", "lodz"},
		{"ŁÓDŹ", "lodz"},
		{"żółć gęślą jaźń", "zolc gesla jazn"},
		{"ZAŻÓŁĆ GĘŚLĄ JAŹŃ", "zazolc gesla jazn"},
		{"  wycinka   drzew / krzewów  ", "wycinka drzew krzewow"},
		{"USC.5360.14.2026", "usc 5360 14 2026"},
		{"", ""},
		{"Straße", "strasse"},
		{"Київ", "киів"}, // ї decomposes to і + diaeresis
	}
	for _, c := range cases {
		if got := String(c.in); got != c.want {
			t.Errorf("String(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTokens(t *testing.T) {
	got := Tokens("  Zaświadczenie, o ZAMELDOWANIU ")
	want := []string{"zaswiadczenie", "o", "zameldowaniu"}
	if len(got) != len(want) {
		t.Fatalf("Tokens = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Tokens = %q, want %q", got, want)
		}
	}
}

func FuzzString(f *testing.F) {
	for _, s := range []string{"Łódź", "żółć", "\xff\xfe", "a  b", "000000000\xf5ź"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := String(s)
		if String(out) != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, String(out))
		}
	})
}
