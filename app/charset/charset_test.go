package charset

import (
	"strings"
	"testing"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// The names a client in a Polish gmina may bring, in every script the
// office meets; each must be accepted as typed (after Clean) and print.
var names = []string{
	"Grzegorz Brzęczyszczykiewicz", "Łucja Żółć-Ślęzak", "Źdźbło Ćma", // Polish
	"Jürgen Groß", "Käthe Müller-Lüdenscheidt", "Ömer Özdemir", // German, Turkish
	"Jiří Dvořák", "Růžena Šťastná", "Ľubomír Ďurčo", // Czech, Slovak
	"Jūratė Žemaitytė", "Vytautas Šimkūnas", "Ėglė Įlinskienė", "Ųla Čiurlionytė", // Lithuanian
	"Олександр Іваненко", "Мар'яна Ґонта", "Мар’яна Їжакевич", "Євгенія Щербак", // Ukrainian
	"Алеся Лукашэвіч", "Ўладзімір Караткевіч", // Belarusian
	"Ștefan Țurcanu", "O'Connor", "Анна-Марія Ковальчук", "Jan Nowak Jr.",
}

func TestNamesOfEveryScriptAreAccepted(t *testing.T) {
	for _, n := range names {
		c := Clean(n, false)
		if p := Check(Name, c, 100, false); p != nil {
			t.Errorf("Check(Name, %q) = %+v, want accepted", n, p)
		}
		if ok, ch := Printable(c); !ok {
			t.Errorf("Printable(%q): %q", n, ch)
		}
	}
}

func TestCleanAndCheck(t *testing.T) {
	long := strings.Repeat("a", 10000)
	cases := []struct {
		name, in, clean string
		kind            Kind
		max             int
		multi           bool
		reason          Reason
		char            string
	}{
		{"emoji in a surname", "Nowak 😀", "Nowak 😀", Name, 100, false, ReasonChar, "😀"},
		{"emoji in free text", "Proszę 🙏", "Proszę 🙏", Text, 0, true, ReasonChar, "🙏"},
		{"flag emoji in a city", "Kraków 🇵🇱", "Kraków 🇵🇱", Address, 60, false, ReasonChar, "🇵"},
		{"markup in a name", "<b>Nowak</b>", "<b>Nowak</b>", Name, 100, false, ReasonChar, "<"},
		{"script tag in an address", "<script>alert(1)</script>", "<script>alert(1)</script>", Address, 100, false, ReasonChar, "<"},
		{"digits in a surname", "Nowak2", "Nowak2", Name, 100, false, ReasonChar, "2"},
		{"10,000 characters", long, long, Name, 100, false, ReasonTooLong, ""},
		{"bell character", "Nowak\a", "Nowak\a", Name, 100, false, ReasonControl, "U+0007"},
		{"NUL in free text", "a\x00b", "a\x00b", Text, 0, true, ReasonControl, "U+0000"},
		{"Chinese", "王小明", "王小明", Name, 100, false, ReasonChar, "王"},
		{"Arabic", "محمد", "محمد", Name, 100, false, ReasonChar, "م"},
		{"Greek (not in the set)", "Σωκράτης", "Σωκράτης", Name, 100, false, ReasonChar, "Σ"},
		{"combining tilde no letter composes with", "M\u0303aria", "M\u0303aria", Name, 100, false, ReasonAccent, "U+0303"},
		{"zero-width space dropped", "No\u200bwak", "Nowak", Name, 100, false, "", ""},
		{"right-to-left mark dropped", "\u200fNowak\u202e", "Nowak", Name, 100, false, "", ""},
		{"BOM and soft hyphen dropped", "\ufeffKo\u00adwalski", "Kowalski", Name, 100, false, "", ""},
		{"NFD composed to NFC", "Z\u0307o\u0301\u0142w", "Żółw", Name, 100, false, "", ""},
		{"Ukrainian apostrophe made typographic", "Мар\u02bcяна", "Мар’яна", Name, 100, false, "", ""},
		{"no-break and thin spaces made plain", "Jan\u00a0\u2009 Nowak ", "Jan Nowak", Name, 100, false, "", ""},
		{"newline in a single-line field", "Jan\nNowak", "Jan Nowak", Name, 100, false, "", ""},
		{"newlines kept in a textarea", "a  \r\nb\n", "a\nb", Text, 0, true, "", ""},
		{"invalid UTF-8", "a\xffb", "a\ufffdb", Text, 0, true, ReasonControl, "U+FFFD"},
		{"exactly at the limit", strings.Repeat("ż", 100), strings.Repeat("ż", 100), Name, 100, false, "", ""},
		{"one over the limit", strings.Repeat("ż", 101), strings.Repeat("ż", 101), Name, 100, false, ReasonTooLong, ""},
		{"NRB with spaces", "61 1090 1014 0000 0712 1981 2874", "61 1090 1014 0000 0712 1981 2874", Ident, 40, false, "", ""},
		{"phone", "+48 (22) 123-45-67", "+48 (22) 123-45-67", Phone, 20, false, "", ""},
		{"letters in a phone", "tel. 123", "tel. 123", Phone, 20, false, ReasonChar, "t"},
		{"e-mail with a space", "jan kowalski@x.pl", "jan kowalski@x.pl", Email, 254, false, ReasonChar, " "},
		{"non-ASCII e-mail", "żaneta@x.pl", "żaneta@x.pl", Email, 254, false, ReasonChar, "ż"},
		{"address punctuation", "ul. Jana Pawła II 12/4 „Pod Lipami”", "ul. Jana Pawła II 12/4 „Pod Lipami”", Address, 100, false, "", ""},
		{"free text punctuation", "Powierzchnia > 100 m², koszt 50 € – tak!", "Powierzchnia > 100 m², koszt 50 € – tak!", Text, 0, false, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Clean(c.in, c.multi)
			if got != c.clean {
				t.Fatalf("Clean(%q) = %q, want %q", c.in, got, c.clean)
			}
			p := Check(c.kind, got, c.max, c.multi)
			if c.reason == "" {
				if p != nil {
					t.Fatalf("Check = %+v, want accepted", p)
				}
				return
			}
			if p == nil || p.Reason != c.reason || p.Char != c.char {
				t.Fatalf("Check = %+v, want %s %q", p, c.reason, c.char)
			}
			if c.reason == ReasonTooLong && (p.Len != Len(c.clean) || p.Max != c.max) {
				t.Fatalf("lengths %d/%d", p.Len, p.Max)
			}
		})
	}
}

// FuzzClean: what is stored, cleaned again, stays the same.
func FuzzClean(f *testing.F) {
	for _, n := range names {
		f.Add(n, false)
	}
	f.Add("a \u200b\r\n b\u0301", true)
	f.Fuzz(func(t *testing.T, s string, multi bool) {
		c := Clean(s, multi)
		if c2 := Clean(c, multi); c2 != c {
			t.Fatalf("Clean not idempotent: %q → %q → %q", s, c, c2)
		}
		if ok, _ := Printable(c); Check(Text, c, 0, multi) == nil && !ok {
			t.Fatalf("accepted but not printable: %q", c)
		}
	})
}

// TestEveryAcceptedCharacterHasAGlyph holds the promise to the printouts:
// every character any kind accepts has a glyph in the fonts app/pdf embeds
// (Go Regular and Go Bold). When app/pdf changes its font, change the
// fonts here (or ask app/pdf, once it says what it can print).
func TestEveryAcceptedCharacterHasAGlyph(t *testing.T) {
	for name, ttf := range map[string][]byte{"goregular": goregular.TTF, "gobold": gobold.TTF} {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			t.Fatal(err)
		}
		var b sfnt.Buffer
		for r := rune(0); r < 0x10000; r++ {
			ok := Prints(r) && r != '\n' // a line break is laid out, not drawn
			for _, k := range Kinds {
				ok = ok || Allowed(k, r, false)
			}
			if !ok {
				continue
			}
			if g, err := f.GlyphIndex(&b, r); err != nil || g == 0 {
				t.Errorf("%s has no glyph for accepted %U %q", name, r, r)
			}
		}
	}
}
