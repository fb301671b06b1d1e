package i18n

import (
	"errors"
	"strings"
	"testing"
)

func TestFill(t *testing.T) {
	for _, tc := range []struct {
		tmpl string
		args map[string]string
		want string
		err  bool
	}{
		{"Zapłać {oplaty} na {rachunek}.", map[string]string{"oplaty": "17,00 zł", "rachunek": "12 3456"}, "Zapłać 17,00 zł na 12 3456.", false},
		{"Wydamy do {date}.", map[string]string{"date": "10.12.2026 r."}, "Wydamy do 10.12.2026 r.", false},
		{"Wydamy do {date}, a potem.", map[string]string{"date": "10.12.2026 r."}, "Wydamy do 10.12.2026 r., a potem.", false},
		{"By {date}.", map[string]string{"date": "10 December 2026"}, "By 10 December 2026.", false},
		{"Znak {znak}.", nil, "Znak {znak}.", true},
		{"{a}{b}", map[string]string{"a": "{b}"}, "{b}{b}", true},
		{"{a}{b}", map[string]string{"a": "{b}", "b": "x"}, "{b}x", false},
		{"Zbiór {} i { a } i {ą}", nil, "Zbiór {} i { a } i {ą}", false},
		{"{termin_uzupelnienia}", map[string]string{"termin_uzupelnienia": "1.01"}, "1.01", false},
		{"open {", nil, "open {", false},
	} {
		got, err := Fill(tc.tmpl, tc.args)
		if got != tc.want || (err != nil) != tc.err {
			t.Errorf("Fill(%q) = %q, %v; want %q, error %v", tc.tmpl, got, err, tc.want, tc.err)
		}
		if err != nil && !errors.Is(err, ErrArgs) {
			t.Errorf("Fill(%q) error %v is not ErrArgs", tc.tmpl, err)
		}
	}
	if got := Placeholders("a {x} b {y_2} {x} {} {ź}"); strings.Join(got, ",") != "x,y_2" {
		t.Errorf("Placeholders = %v", got)
	}
}

func TestRenderRefusesMissingArgs(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Render("pl", "receipt.subtitle", nil); err == nil {
		t.Error("a message rendered without its {sign}")
	}
	if _, err := b.Render("en", "no.such.key", nil); err == nil {
		t.Error("a missing key rendered")
	}
	got, err := b.Render("uk", "deadline.days", map[string]string{"count": "21"})
	if err != nil || got != "21 день" {
		t.Errorf("uk 21 days = %q, %v", got, err)
	}
}

// TestPluralFormsComplete: every plural message has every form its
// locale's rules can choose: one, few, many in Polish and Ukrainian; one
// and many in English.
func TestPluralFormsComplete(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, loc := range b.Locales() {
		forms := map[string]bool{}
		for n := range 200 {
			forms[PluralForm(loc, n)] = true
		}
		for _, k := range b.Keys(loc) {
			i := strings.LastIndex(k, "_")
			if i < 0 {
				continue
			}
			switch k[i+1:] {
			case "one", "few", "many":
			default:
				continue
			}
			for f := range forms {
				if _, ok := b.msgs[loc][k[:i]+"_"+f]; !ok {
					t.Errorf("%s: %s lacks its %q form", loc, k[:i], f)
				}
			}
		}
	}
}

// FuzzFill: with every placeholder given, Fill never fails, and the
// values' own braces are never filled.
func FuzzFill(f *testing.F) {
	f.Add("Zapłać {oplaty} do {termin}.", "{termin}")
	f.Add("{a}.{b}", "x.")
	f.Fuzz(func(t *testing.T, tmpl, val string) {
		args := map[string]string{}
		for _, p := range Placeholders(tmpl) {
			args[p] = val
		}
		out, err := Fill(tmpl, args)
		if err != nil {
			t.Fatalf("Fill(%q) with all args: %v", tmpl, err)
		}
		if len(Placeholders(tmpl)) == 0 && out != tmpl {
			t.Fatalf("Fill(%q) changed a template without placeholders: %q", tmpl, out)
		}
	})
}
