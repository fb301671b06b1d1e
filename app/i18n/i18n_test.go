package i18n

import (
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestEveryLocaleHasEveryKey(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Locales()) < 3 {
		t.Fatalf("locales = %v, want pl, en, uk", b.Locales())
	}
	ref := b.Keys(Default)
	ph := regexp.MustCompile(`\{[a-zA-Z]+\}`)
	for _, loc := range b.Locales() {
		keys := map[string]bool{}
		for _, k := range b.Keys(loc) {
			keys[k] = true
		}
		for _, k := range ref {
			if !keys[k] {
				t.Errorf("%s.json lacks %q", loc, k)
				continue
			}
			want := ph.FindAllString(b.msgs[Default][k], -1)
			got := ph.FindAllString(b.msgs[loc][k], -1)
			sort.Strings(want)
			sort.Strings(got)
			if len(want) != len(got) {
				t.Errorf("%s %q placeholders %v, Polish has %v", loc, k, got, want)
				continue
			}
			for i := range want {
				if want[i] != got[i] {
					t.Errorf("%s %q placeholders %v, Polish has %v", loc, k, got, want)
					break
				}
			}
		}
		for k := range keys {
			if _, ok := b.msgs[Default][k]; !ok {
				t.Errorf("%s.json has %q, which Polish lacks", loc, k)
			}
		}
	}
}

func TestT(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		loc, key string
		args     map[string]string
		want     string
	}{
		{"pl", "deadline.days", map[string]string{"count": "1"}, "1 dzień"},
		{"pl", "deadline.days", map[string]string{"count": "7"}, "7 dni"},
		{"pl", "deadline.months", map[string]string{"count": "2"}, "2 miesiące"},
		{"pl", "deadline.months", map[string]string{"count": "5"}, "5 miesięcy"},
		{"pl", "deadline.weeks", map[string]string{"count": "22"}, "22 tygodnie"},
		{"pl", "deadline.weeks", map[string]string{"count": "12"}, "12 tygodni"},
		{"pl", "schema.type", map[string]string{"got": "@type.string", "want": "@type.integer|@type.null"}, "zły typ wartości: jest tekst, oczekiwano: liczba całkowita lub wartość pusta (null)"},
		// A report's scope names one unit in the singular, several in the plural.
		{"pl", "report.scope.units", map[string]string{"units": "SO", "count": "1"}, "komórka SO"},
		{"pl", "report.scope.units", map[string]string{"units": "SO, USC", "count": "2"}, "komórki SO, USC"},
		{"en", "report.scope.units", map[string]string{"units": "SO", "count": "1"}, "unit SO"},
		{"uk", "report.scope.units", map[string]string{"units": "SO, USC", "count": "2"}, "підрозділи SO, USC"},
		{"pl", "no.such.key", nil, "no.such.key"},
		{"xx", "common.yes", nil, "tak"},
	}
	for _, c := range cases {
		if got := b.T(c.loc, c.key, c.args); got != c.want {
			t.Errorf("T(%s, %s, %v) = %q, want %q", c.loc, c.key, c.args, got, c.want)
		}
	}
}

func TestPluralForm(t *testing.T) {
	cases := []struct {
		loc  string
		n    int
		want string
	}{
		{"pl", 0, "many"}, {"pl", 1, "one"}, {"pl", 2, "few"}, {"pl", 4, "few"}, {"pl", 5, "many"},
		{"pl", 12, "many"}, {"pl", 14, "many"}, {"pl", 21, "many"}, {"pl", 22, "few"}, {"pl", 112, "many"}, {"pl", 124, "few"},
		{"uk", 1, "one"}, {"uk", 21, "one"}, {"uk", 11, "many"}, {"uk", 22, "few"}, {"uk", 25, "many"},
		{"en", 1, "one"}, {"en", 2, "many"}, {"en", 0, "many"},
	}
	for _, c := range cases {
		if got := PluralForm(c.loc, c.n); got != c.want {
			t.Errorf("PluralForm(%s, %d) = %s, want %s", c.loc, c.n, got, c.want)
		}
	}
}

func TestMoneyAndDates(t *testing.T) {
	for _, c := range []struct {
		loc  string
		gr   int64
		want string
	}{
		{"pl", 1700, "17,00\u00a0zł"}, {"pl", 5, "0,05\u00a0zł"}, {"pl", 210000, "2\u00a0100,00\u00a0zł"},
		{"pl", 123456789, "1\u00a0234\u00a0567,89\u00a0zł"}, {"en", 59800, "PLN\u00a0598.00"}, {"pl", -1700, "-17,00\u00a0zł"},
	} {
		if got := Money(c.loc, c.gr); got != c.want {
			t.Errorf("Money(%s, %d) = %q, want %q", c.loc, c.gr, got, c.want)
		}
	}
	d := time.Date(2026, 12, 7, 14, 5, 0, 0, time.UTC)
	if got := Date("pl", d); got != "07.12.2026\u00a0r." {
		t.Errorf("Date = %q", got)
	}
	if got := DateTime("pl", d); got != "07.12.2026\u00a0r., godz.\u00a014:05" {
		t.Errorf("DateTime = %q", got)
	}
}

func TestDecimal(t *testing.T) {
	for _, c := range []struct {
		loc  string
		x    float64
		want string
	}{{"pl", 48.6, "48,6"}, {"uk", 9150.75, "9150,75"}, {"en", 48.6, "48.6"}, {"pl", 3, "3"}} {
		if got := Decimal(c.loc, c.x); got != c.want {
			t.Errorf("Decimal(%s, %v) = %q, want %q", c.loc, c.x, got, c.want)
		}
	}
}

// TestUkrainianCitesArticlesInUkrainian: a Ukrainian sentence cites an
// article as "ст. 36 KPA", never with the Polish "art." or the Polish
// genitive of an act ("Ordynacji podatkowej") between Ukrainian words.
// The one Polish citation left is the gloss of the RODO basis in
// parentheses ("art. 6 ust. 1 lit. c RODO"), quoted as the Polish text has it.
func TestUkrainianCitesArticlesInUkrainian(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	polishArt := regexp.MustCompile(`\bart\. \d+[a-z]?( ust\.)?`)
	for _, k := range b.Keys("uk") {
		v := b.msgs["uk"][k]
		for _, m := range polishArt.FindAllString(v, -1) {
			if !strings.HasSuffix(m, " ust.") {
				t.Errorf("uk %q cites %q in Polish: %s", k, m, v)
			}
		}
		for _, bad := range []string{"Ordynacji podatkowej", "ustawy o "} {
			if strings.Contains(v, bad) {
				t.Errorf("uk %q has the Polish %q: %s", k, bad, v)
			}
		}
	}
}

// TestPolishCitationsSaySo: where an English or Ukrainian printout quotes
// the card's Polish legal basis (a fee's, the RODO purpose's), the
// sentence tells the reader it is cited in Polish, as the card's own
// legal basis heading does; a bare "Legal basis: ustawa z dnia…" reads as
// untranslated text.
func TestPolishCitationsSaySo(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	say := map[string]string{"en": "in Polish", "uk": "польською"}
	for _, k := range []string{"card.feeBasisLine", "rodo.purpose.c", "rodo.purpose.e"} {
		for loc, want := range say {
			if v := b.msgs[loc][k]; !strings.Contains(v, want) {
				t.Errorf("%s %q does not say the basis is in Polish (%q): %s", loc, k, want, v)
			}
		}
	}
}

// TestUkrainianTermsAreOne: a Ukrainian reader meets one word for one
// thing. A call to supplement (wezwanie do uzupełnienia braków) is a
// "вимога про усунення недоліків", as the printed call itself says, never
// a "виклик" (that is a ticket called to a counter); a queue ticket is a
// "талон", as on the queue screen, never a "квиток".
func TestUkrainianTermsAreOne(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range b.Keys("uk") {
		v := strings.ToLower(b.msgs["uk"][k])
		if strings.Contains(v, "квит") {
			t.Errorf("uk %q calls a queue ticket квиток, not талон: %s", k, v)
		}
		if strings.Contains(v, "виклик") && (strings.Contains(v, "недолік") || strings.Contains(v, "доповнення")) {
			t.Errorf("uk %q calls a call to supplement виклик, not вимога: %s", k, v)
		}
	}
}

// TestNamesStayInTheNominative: a person's name is filled in as typed,
// in the nominative, so a Polish or Ukrainian sentence never puts it
// where another case is due: "Oddzwoń do {name}" printed "Oddzwoń do
// Tomasz Dzwoniący" and "Wizyta domowa u {client}" "u Józef Łęcki".
func TestNamesStayInTheNominative(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	governs := map[string]*regexp.Regexp{
		"pl": regexp.MustCompile(`(?i)(^|\s)(do|u|dla|od|przez|z|ze|o|na|oddzwoń)\s+\{(name|client|person|assignee|requester|staff|sender)\}`),
		"uk": regexp.MustCompile(`(?i)(^|\s)(до|у|в|від|для|з|зі|про|передзвоніть|зателефонуйте)\s+\{(name|client|person|assignee|requester|staff|sender)\}`),
	}
	for loc, re := range governs {
		for _, k := range b.Keys(loc) {
			if m := re.FindString(b.msgs[loc][k]); m != "" {
				t.Errorf("%s %q puts a name where another case is due (%q): %s", loc, k, strings.TrimSpace(m), b.msgs[loc][k])
			}
		}
	}
}
