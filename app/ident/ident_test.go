package ident

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// pesel builds a PESEL for a date and a 4-digit serial with the reference
// check digit, so tests can name dates instead of opaque numbers.
func pesel(year, month, day int, serial string) string {
	offset := map[int]int{1800: 80, 1900: 0, 2000: 20, 2100: 40, 2200: 60}[year/100*100]
	ten := fmt.Sprintf("%02d%02d%02d%s", year%100, month+offset, day, serial)
	return ten + string(refPESELCheck(ten))
}

// peselRaw completes a raw month code (possibly invalid) with a correct check
// digit, so that the date rule, not the checksum, decides.
func peselRaw(yy, monthCode, day int, serial string) string {
	ten := fmt.Sprintf("%02d%02d%02d%s", yy, monthCode, day, serial)
	return ten + string(refPESELCheck(ten))
}

func TestPESEL(t *testing.T) {
	cases := []struct {
		in     string
		reason Reason
		born   string
		sex    Sex
	}{
		// Published examples: Wikipedia "PESEL" (44051401458, 44051401359)
		// and gov.pl (02070803628).
		{"44051401458", "", "1944-05-14", Male},
		{"44051401359", "", "1944-05-14", Male},
		{"02070803628", "", "1902-07-08", Female},
		{"02270803624", "", "2002-07-08", Female},
		// One digit changed, two neighbours swapped, wrong length, letters.
		{"44051401457", ReasonChecksum, "", ""},
		{"44051401468", ReasonChecksum, "", ""},
		{"44051401548", ReasonChecksum, "", ""},
		{"40451401458", ReasonChecksum, "", ""},
		{"4405140145", ReasonLength, "", ""},
		{"440514014588", ReasonLength, "", ""},
		{"4405140145a", ReasonChars, "", ""},
		{"44O51401458", ReasonChars, "", ""},
		{" 4405140145", ReasonChars, "", ""},
		{"", ReasonEmpty, "", ""},
		// Month codes outside the five centuries, with a valid check digit.
		{"44133101456", ReasonBirthDate, "", ""},
		{peselRaw(44, 0, 14, "0145"), ReasonBirthDate, "", ""},
		{peselRaw(44, 13, 14, "0145"), ReasonBirthDate, "", ""},
		{peselRaw(44, 20, 14, "0145"), ReasonBirthDate, "", ""},
		{peselRaw(44, 33, 14, "0145"), ReasonBirthDate, "", ""},
		{peselRaw(44, 40, 14, "0145"), ReasonBirthDate, "", ""},
		{peselRaw(44, 53, 14, "0145"), ReasonBirthDate, "", ""},
		{peselRaw(44, 60, 14, "0145"), ReasonBirthDate, "", ""},
		{peselRaw(44, 73, 14, "0145"), ReasonBirthDate, "", ""},
		{peselRaw(44, 80, 14, "0145"), ReasonBirthDate, "", ""},
		{peselRaw(44, 93, 14, "0145"), ReasonBirthDate, "", ""},
		{peselRaw(44, 99, 14, "0145"), ReasonBirthDate, "", ""},
		// Days that do not exist.
		{"01223012342", ReasonBirthDate, "", ""}, // 30 February 2001
		{peselRaw(44, 4, 31, "0145"), ReasonBirthDate, "", ""},
		{peselRaw(44, 5, 0, "0145"), ReasonBirthDate, "", ""},
		{peselRaw(44, 5, 32, "0145"), ReasonBirthDate, "", ""},
	}
	for _, c := range cases {
		info, err := PESEL(c.in)
		if got := ReasonOf(err); got != c.reason {
			t.Errorf("PESEL(%q) reason %q, want %q (%v)", c.in, got, c.reason, err)
			continue
		}
		if c.reason == "" && (info.BirthDate.Format(time.DateOnly) != c.born || info.Sex != c.sex) {
			t.Errorf("PESEL(%q) = %v %s, want %s %s", c.in, info.BirthDate, info.Sex, c.born, c.sex)
		}
	}
}

// TestPESELCenturies decodes dates in all five centuries, including
// 29 February in leap and non-leap years.
func TestPESELCenturies(t *testing.T) {
	cases := []struct {
		year, month, day int
		ok               bool
	}{
		{1800, 1, 1, true}, {1899, 12, 31, true}, {1804, 2, 29, true}, {1800, 2, 29, false}, {1801, 2, 29, false},
		{1900, 1, 1, true}, {1999, 12, 31, true}, {1996, 2, 29, true}, {1900, 2, 29, false}, {1999, 2, 29, false},
		{2000, 1, 1, true}, {2099, 12, 31, true}, {2000, 2, 29, true}, {2024, 2, 29, true}, {2023, 2, 29, false},
		{2100, 1, 1, true}, {2199, 12, 31, true}, {2104, 2, 29, true}, {2100, 2, 29, false},
		{2200, 1, 1, true}, {2299, 12, 31, true}, {2204, 2, 29, true}, {2200, 2, 29, false},
		{1985, 3, 12, true}, {2010, 11, 30, true}, {2010, 11, 31, false}, {2150, 6, 31, false},
	}
	for _, c := range cases {
		for _, serial := range []string{"0000", "1231", "9998"} {
			s := pesel(c.year, c.month, c.day, serial)
			info, err := PESEL(s)
			want := fmt.Sprintf("%04d-%02d-%02d", c.year, c.month, c.day)
			if !c.ok {
				if ReasonOf(err) != ReasonBirthDate {
					t.Errorf("PESEL(%s) for %s: %v, want %s", s, want, err, ReasonBirthDate)
				}
				continue
			}
			if err != nil {
				t.Errorf("PESEL(%s) for %s: %v", s, want, err)
				continue
			}
			if got := info.BirthDate.Format(time.DateOnly); got != want {
				t.Errorf("PESEL(%s) born %s, want %s", s, got, want)
			}
			if info.BirthDate.Location() != time.UTC || info.BirthDate.Hour() != 0 {
				t.Errorf("PESEL(%s) birth date %v is not midnight UTC", s, info.BirthDate)
			}
			wantSex := Female
			if (serial[3]-'0')%2 == 1 {
				wantSex = Male
			}
			if info.Sex != wantSex {
				t.Errorf("PESEL(%s) sex %s, want %s", s, info.Sex, wantSex)
			}
		}
	}
}

func TestCheckPESEL(t *testing.T) {
	warsaw := time.FixedZone("CET", 3600)
	cases := []struct {
		name   string
		pesel  string
		birth  time.Time
		sex    Sex
		reason Reason
		detail string
	}{
		{"match", "44051401458", time.Date(1944, 5, 14, 0, 0, 0, 0, time.UTC), Male, "", ""},
		{"match, local midnight", "44051401458", time.Date(1944, 5, 14, 0, 0, 0, 0, warsaw), Male, "", ""},
		{"match, time of day ignored", "02070803628", time.Date(1902, 7, 8, 23, 59, 0, 0, time.UTC), Female, "", ""},
		{"nothing entered", "44051401458", time.Time{}, "", "", ""},
		{"only birth entered", "44051401458", time.Date(1944, 5, 14, 0, 0, 0, 0, time.UTC), "", "", ""},
		{"only sex entered", "02070803628", time.Time{}, Female, "", ""},
		{"birth mismatch: day", "44051401458", time.Date(1944, 5, 15, 0, 0, 0, 0, time.UTC), Male, ReasonBirthMismatch, "1944-05-14"},
		{"birth mismatch: century", "02070803628", time.Date(2002, 7, 8, 0, 0, 0, 0, time.UTC), Female, ReasonBirthMismatch, "1902-07-08"},
		{"birth mismatch wins over sex", "02070803628", time.Date(2002, 7, 8, 0, 0, 0, 0, time.UTC), Male, ReasonBirthMismatch, "1902-07-08"},
		{"birth mismatch, sex not entered", pesel(1985, 3, 12, "1234"), time.Date(1985, 12, 3, 0, 0, 0, 0, time.UTC), "", ReasonBirthMismatch, "1985-03-12"},
		{"sex mismatch", "44051401458", time.Date(1944, 5, 14, 0, 0, 0, 0, time.UTC), Female, ReasonSexMismatch, ""},
		{"sex mismatch, birth not entered", "02070803628", time.Time{}, Male, ReasonSexMismatch, ""},
		{"invalid PESEL", "44051401457", time.Date(1944, 5, 14, 0, 0, 0, 0, time.UTC), Male, ReasonChecksum, ""},
		{"empty PESEL", "", time.Time{}, "", ReasonEmpty, ""},
	}
	for _, c := range cases {
		err := CheckPESEL(c.pesel, c.birth, c.sex)
		if got := ReasonOf(err); got != c.reason {
			t.Errorf("%s: reason %q, want %q", c.name, got, c.reason)
			continue
		}
		var e *Error
		if errors.As(err, &e) && e.Detail != c.detail {
			t.Errorf("%s: detail %q, want %q", c.name, e.Detail, c.detail)
		}
	}
}

// TestBirthMismatchNotLogged: the birth date in Detail reaches neither
// Error() nor slog, directly or wrapped.
func TestBirthMismatchNotLogged(t *testing.T) {
	err := CheckPESEL("44051401458", time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC), "")
	var e *Error
	if !errors.As(err, &e) || e.Detail != "1944-05-14" {
		t.Fatalf("CheckPESEL = %v, want a birth mismatch with the encoded date", err)
	}
	var buf bytes.Buffer
	for _, h := range []slog.Handler{slog.NewTextHandler(&buf, nil), slog.NewJSONHandler(&buf, nil)} {
		l := slog.New(h)
		l.Info("direct", "err", err)
		l.Info("wrapped", "err", fmt.Errorf("save client: %w", err))
		l.Info("attr", slog.Any("err", err))
	}
	fmt.Fprintf(&buf, "%v %s %+v", err, err, err)
	out := buf.String()
	for _, leak := range []string{"1944", "44051401458"} {
		if strings.Contains(out, leak) {
			t.Errorf("log output contains %q:\n%s", leak, out)
		}
	}
	if !strings.Contains(out, string(ReasonBirthMismatch)) {
		t.Errorf("log output lacks the reason:\n%s", out)
	}
	// A harmless Detail (the expected length) still reaches Error().
	if got := NIP("123").Error(); !strings.Contains(got, "(10)") {
		t.Errorf("NIP length error %q lacks the expected length", got)
	}
}

func TestValidators(t *testing.T) {
	ok := []struct {
		fn func(string) error
		in string
	}{
		// NIP: 123-456-32-18 (textbook example), 526-025-02-74 (Ministry of
		// Finance), 725-18-01-126.
		{NIP, "1234563218"}, {NIP, "5260250274"}, {NIP, "7251801126"},
		// REGON: 000331501 (GUS itself), textbook 9- and 14-digit examples.
		{REGON, "000331501"}, {REGON, "123456785"}, {REGON, "12345678512347"},
		// ID card: ABA300000 (specimen), ABS123456 (validate-polish-id-card README).
		{IDCard, "ABA300000"}, {IDCard, "ABS123456"}, {IDCard, "abs123456"},
		// Passport: ZS0000177 (MSWiA specimen), CC7999486 (id-pl,
		// polish-identification-numbers), AA0000000 and BA0000300
		// (polish-identification-numbers tests).
		{Passport, "ZS0000177"}, {Passport, "CC7999486"}, {Passport, "cc7999486"},
		{Passport, "AA0000000"}, {Passport, "BA0000300"},
		// NRB: the Polish example of the SWIFT IBAN registry.
		{NRB, "61109010140000071219812874"}, {NRB, "37888800012026000000000000"},
		// IBAN: SWIFT IBAN registry / ECBS examples.
		{IBAN, "PL61109010140000071219812874"}, {IBAN, "PL61 1090 1014 0000 0712 1981 2874"},
		{IBAN, "DE89370400440532013000"}, {IBAN, "GB29NWBK60161331926819"},
		{IBAN, "GB82WEST12345698765432"}, {IBAN, "gb82 west 1234 5698 7654 32"},
		{IBAN, "FR1420041010050500013M02606"}, {IBAN, "NL91ABNA0417164300"},
		{IBAN, "BE68539007547034"}, {IBAN, "NO9386011117947"}, {IBAN, "CH9300762011623852957"},
		{IBAN, "MT84MALT011000012345MTLCAST001S"}, {IBAN, "LC55HEMM000100010012001200023015"},
		{PostalCode, "99-300"}, {PostalCode, "00-001"},
		{Email, "jan.kowalski@example.pl"}, {Email, "a@b.co"}, {Email, "j+tag@sub.urzad.gov.pl"},
		{Email, "o'brien@example.ie"}, {Email, "zażółć@gęślą.pl"}, {Email, "x@xn--p1ai.xn--p1ai"},
		{Email, strings.Repeat("a", 64) + "@example.com"},
		{Phone, "123456789"}, {Phone, "123 456 789"}, {Phone, "123-456-789"}, {Phone, "+48 123 456 789"},
		{Phone, "+48123456789"}, {Phone, "0048 123 456 789"}, {Phone, "22 123 45 67"},
		{Phone, "+49 30 1234567"}, {Phone, "+1 202 555 0100"}, {Phone, "+44 20 7946 0958"},
	}
	for _, c := range ok {
		if err := c.fn(c.in); err != nil {
			t.Errorf("%q rejected: %v", c.in, err)
		}
	}
	bad := []struct {
		fn     func(string) error
		in     string
		reason Reason
	}{
		{NIP, "1234563219", ReasonChecksum}, {NIP, "1234653218", ReasonChecksum}, {NIP, "2134563218", ReasonChecksum},
		{NIP, "123456321", ReasonLength}, {NIP, "12345632188", ReasonLength}, {NIP, "123456321X", ReasonChars},
		{NIP, "123-456-32-18", ReasonLength}, {NIP, "", ReasonEmpty},
		{NIP, "1234567890", ReasonChecksum}, // 1234567890: weighted sum ≡ 10 (mod 11), never issued
		{REGON, "123456786", ReasonChecksum}, {REGON, "213456785", ReasonChecksum},
		{REGON, "12345678512348", ReasonChecksum}, {REGON, "12345678612347", ReasonChecksum},
		{REGON, "1234567", ReasonLength}, {REGON, "1234567851234", ReasonLength}, {REGON, "12345678X", ReasonChars},
		{REGON, "", ReasonEmpty},
		{IDCard, "ABS523456", ReasonChecksum}, {IDCard, "ABA300001", ReasonChecksum}, {IDCard, "BAA300000", ReasonChecksum},
		{IDCard, "AB1123456", ReasonChars}, {IDCard, "ABAA00000", ReasonChars}, {IDCard, "ABA30000", ReasonLength},
		{IDCard, "ABA 300000", ReasonLength}, {IDCard, "", ReasonEmpty},
		// Non-ASCII letters that strings.ToUpper maps onto ASCII must not pass.
		{IDCard, "ABſ123456", ReasonLength}, {IDCard, "ıAA300000", ReasonLength}, {IDCard, "ĄBA300000", ReasonLength},
		{Passport, "CC7999480", ReasonChecksum}, {Passport, "ZS0000178", ReasonChecksum},
		{Passport, "SZ0000177", ReasonChecksum}, {Passport, "EG1234567", ReasonChecksum},
		{Passport, "Z50000177", ReasonChars}, {Passport, "ZSO000177", ReasonChars}, {Passport, "ZS000017", ReasonLength},
		{Passport, "ſS0000177", ReasonLength}, {Passport, "", ReasonEmpty},
		{NRB, "61109010140000071219812875", ReasonChecksum}, {NRB, "16109010140000071219812874", ReasonChecksum},
		{NRB, "61109010140000071219812784", ReasonChecksum},
		{NRB, "6110901014000007121981287", ReasonLength}, {NRB, "6110901014000007121981287X", ReasonChars},
		{IBAN, "PL61109010140000071219812875", ReasonChecksum}, {IBAN, "PL16109010140000071219812874", ReasonChecksum},
		{IBAN, "DE89370400440532013001", ReasonChecksum}, {IBAN, "GB82WEST12345698765423", ReasonChecksum},
		{IBAN, "PL6110901014000007121981287", ReasonLength}, {IBAN, "DE8937040044053201300", ReasonLength},
		{IBAN, "DE893704004405320130000", ReasonLength}, {IBAN, "ZZ0012", ReasonLength},
		{IBAN, "P161109010140000071219812874", ReasonFormat}, {IBAN, "PLX1109010140000071219812874", ReasonFormat},
		{IBAN, "PL6110901014000007121981287A", ReasonFormat}, {IBAN, "DE89-3704-0044-0532-0130-00", ReasonFormat},
		{IBAN, "", ReasonEmpty}, {IBAN, "   ", ReasonEmpty},
		{PostalCode, "99300", ReasonFormat}, {PostalCode, "9a-300", ReasonFormat}, {PostalCode, "993-00", ReasonFormat},
		{PostalCode, "", ReasonEmpty},
		{Email, "", ReasonEmpty}, {Email, "jan.kowalski", ReasonFormat}, {Email, "jan@kowalski@example.pl", ReasonFormat},
		{Email, "@example.pl", ReasonFormat}, {Email, "jan@", ReasonFormat}, {Email, "jan@localhost", ReasonFormat},
		{Email, "jan kowalski@example.pl", ReasonFormat}, {Email, " jan@example.pl", ReasonFormat},
		{Email, "jan@exa mple.pl", ReasonFormat}, {Email, ".jan@example.pl", ReasonFormat},
		{Email, "jan.@example.pl", ReasonFormat}, {Email, "j..an@example.pl", ReasonFormat},
		{Email, "jan@-example.pl", ReasonFormat}, {Email, "jan@example-.pl", ReasonFormat},
		{Email, "jan@example..pl", ReasonFormat}, {Email, "jan@.example.pl", ReasonFormat},
		{Email, "jan@example.pl.", ReasonFormat}, {Email, "jan@exa_mple.pl", ReasonFormat},
		{Email, "jan@1.2.3.4", ReasonFormat}, {Email, `"jan"@example.pl`, ReasonFormat},
		{Email, strings.Repeat("a", 65) + "@example.com", ReasonFormat},
		{Email, "a@" + strings.Repeat("b", 64) + ".pl", ReasonFormat}, {Email, "jan@example.pl\xff", ReasonFormat},
		{Phone, "", ReasonEmpty}, {Phone, "12345678", ReasonLength}, {Phone, "1234567890", ReasonLength},
		{Phone, "+48 12345678", ReasonLength}, {Phone, "+48 1234567890", ReasonLength}, {Phone, "0048 12345678", ReasonLength},
		{Phone, "+1 234 567", ReasonLength}, {Phone, "+1234567890123456", ReasonLength},
		{Phone, "012345678", ReasonFormat}, {Phone, "+48 012 345 678", ReasonFormat}, {Phone, "+0 123 456 789", ReasonFormat},
		{Phone, "123  456 789", ReasonFormat}, {Phone, "123 456 789-", ReasonFormat}, {Phone, "-123 456 789", ReasonFormat},
		{Phone, "+ 48 123 456 789", ReasonFormat}, {Phone, "(22) 123 45 67", ReasonFormat}, {Phone, "123.456.789", ReasonFormat},
		{Phone, "12345678a", ReasonFormat}, {Phone, "+", ReasonFormat}, {Phone, "++48123456789", ReasonFormat},
	}
	for _, c := range bad {
		if got := ReasonOf(c.fn(c.in)); got != c.reason {
			t.Errorf("%q: reason %q, want %q", c.in, got, c.reason)
		}
	}
}

// TestPassportSpecimenMRZ confirms the specimen number against every ICAO
// check digit of the specimen's MRZ line 2, so a transcription slip in
// "ZS0000177" would show here.
func TestPassportSpecimenMRZ(t *testing.T) {
	const line = "ZS00001774POL7203305F1607130<<<<<<<<<<<<<<08"
	fields := []struct{ data, check string }{
		{line[0:9], line[9:10]}, {line[13:19], line[19:20]}, {line[21:27], line[27:28]}, {line[28:42], line[42:43]},
		{line[0:10] + line[13:20] + line[21:43], line[43:44]},
	}
	for _, f := range fields {
		if got := fmt.Sprint(icaoCheck(f.data)); got != f.check {
			t.Errorf("ICAO check of %q = %s, MRZ has %s", f.data, got, f.check)
		}
	}
	if line[0:9] != "ZS0000177" || Passport(line[0:9]) != nil {
		t.Errorf("specimen number %q rejected", line[0:9])
	}
}

func TestNRBAliasCheckDigits(t *testing.T) {
	// 98…, 97… and 02… have aliases 01…, 00… and 99… that pass the bare
	// mod-97 test; ISO 13616 check digits are 02…98, so the aliases are wrong.
	r := withIBANCheck("00"+strings.Repeat("0", 23)+"1", "PL", 0)
	for i := 0; r[:2] != "98" && r[:2] != "97" && r[:2] != "02"; i++ {
		r = withIBANCheck(fmt.Sprintf("00%024d", i), "PL", 0)
	}
	alias := map[string]string{"98": "01", "97": "00", "02": "99"}[r[:2]]
	if err := NRB(r); err != nil {
		t.Fatalf("NRB(%s): %v", r, err)
	}
	a := alias + r[2:]
	if refMod97("PL"+a) != 1 {
		t.Fatalf("alias %s does not pass mod-97: the test is wrong", a)
	}
	if ReasonOf(NRB(a)) != ReasonChecksum {
		t.Errorf("NRB(%s) accepted check digits %s", a, alias)
	}
	if ReasonOf(IBAN("PL"+a)) != ReasonChecksum {
		t.Errorf("IBAN(PL%s) accepted check digits %s", a, alias)
	}
}

func TestNormalizePhone(t *testing.T) {
	cases := map[string]string{
		"123456789":             "+48123456789",
		"123 456 789":           "+48123456789",
		" 22-123-45-67 ":        "+48221234567",
		"+48 123 456 789":       "+48123456789",
		"0048 123-456-789":      "+48123456789",
		"+49 30 1234567":        "+49301234567",
		"+1 202 555 0100":       "+12025550100",
		"+380\u00a044 123 4567": "+380441234567",
	}
	for in, want := range cases {
		got, err := NormalizePhone(in)
		if err != nil || got != want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", in, got, err, want)
		}
		if again, err := NormalizePhone(got); err != nil || again != got {
			t.Errorf("NormalizePhone(%q) = %q, %v; not idempotent", got, again, err)
		}
	}
}

func TestCompactAndFormatNRB(t *testing.T) {
	if got := FormatNRB("37888800012026000000000000"); got != "37 8888 0001 2026 0000 0000 0000" {
		t.Errorf("FormatNRB = %q", got)
	}
	if got := Compact(FormatNRB("61109010140000071219812874")); got != "61109010140000071219812874" || NRB(got) != nil {
		t.Errorf("Compact(FormatNRB) = %q", got)
	}
	if got := Compact(" 123-456-32-18\u00a0"); got != "1234563218" || NIP(got) != nil {
		t.Errorf("Compact(NIP) = %q", got)
	}
	// Invalid UTF-8 is kept byte for byte (not turned into U+FFFD), so a
	// validator still sees, and rejects, exactly what was typed.
	if got := Compact("\xff 12-3\xfe"); got != "\xff123\xfe" {
		t.Errorf("Compact(invalid UTF-8) = %q", got)
	}
	if got := Compact("123\f-"); got != "123" || Compact(got) != got {
		t.Errorf("Compact(%q) = %q", "123\f-", got)
	}
}

// TestErrorsNeverContainInput feeds realistic identifiers, valid and
// mistyped, to every validator and checks that no error text or log value
// repeats the input.
func TestErrorsNeverContainInput(t *testing.T) {
	inputs := []string{
		"44051401458", "44051401457", "4405140145", "440514014588", "4405140145a", "44133101456", "01223012342",
		"1234563218", "1234563219", "123456321", "12345678512348", "123456786",
		"ABA300000", "ABS523456", "ABA30000", "ZS0000177", "ZS0000178", "CC7999480",
		"61109010140000071219812874", "61109010140000071219812875", "6110901014000007121981287",
		"PL61109010140000071219812875", "DE89370400440532013001", "PL61 1090 1014 0000 0712 1981 2875",
		"99-300", "99300", "jan.kowalski@example", "jan kowalski@example.pl", "+48 123 456 78", "12345678a",
	}
	validators := map[string]func(string) error{
		"PESEL": func(s string) error { _, err := PESEL(s); return err },
		"CheckPESEL": func(s string) error {
			return CheckPESEL(s, time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC), Female)
		},
		"NIP": NIP, "REGON": REGON, "IDCard": IDCard, "Passport": Passport, "NRB": NRB, "IBAN": IBAN,
		"PostalCode": PostalCode, "Email": Email, "Phone": Phone,
	}
	for name, fn := range validators {
		for _, in := range inputs {
			err := fn(in)
			if err == nil {
				continue
			}
			var buf bytes.Buffer
			slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "err", err)
			for _, out := range []string{err.Error(), buf.String()} {
				if strings.Contains(out, in) || strings.Contains(out, Compact(in)) {
					t.Errorf("%s(%q): error %q contains the input", name, in, out)
				}
			}
			if ReasonOf(err) == "" {
				t.Errorf("%s(%q): %v is not an *ident.Error", name, in, err)
			}
		}
	}
}
