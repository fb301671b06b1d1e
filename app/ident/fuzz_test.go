package ident

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// noLeak fails when err's text repeats s. Only inputs that cannot occur in
// the fixed error wording by chance are checked: ASCII letters/digits, at
// least three of them, with a digit (the wording's only digits are short
// lengths like "11" or "9/14").
func noLeak(t *testing.T, s string, err error) {
	t.Helper()
	if err == nil || len(s) < 3 || strings.Trim(s, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != "" ||
		!strings.ContainsAny(s, "0123456789") {
		return
	}
	if strings.Contains(err.Error(), s) {
		t.Fatalf("error %q contains the input %q", err, s)
	}
}

// seeds adds published and edge-case inputs to every fuzz target.
func seeds(f *testing.F, extra ...string) {
	for _, s := range append([]string{"", "\xff", "0", "-", " ", "ſ", "ı"}, extra...) {
		f.Add(s)
	}
}

func FuzzPESEL(f *testing.F) {
	seeds(f, "44051401458", "44051401359", "02070803628", "02270803624", "44133101456", "01223012342",
		"00922912340", "00222900000", "00422912345")
	f.Fuzz(func(t *testing.T, s string) {
		info, err := PESEL(s)
		noLeak(t, s, err)
		reason, date, sex := refPESEL(s)
		if ReasonOf(err) != reason {
			t.Fatalf("PESEL(%q): reason %q, reference %q", s, ReasonOf(err), reason)
		}
		if err != nil {
			if CheckPESEL(s, time.Time{}, "") == nil {
				t.Fatalf("CheckPESEL accepted %q that PESEL rejects", s)
			}
			return
		}
		if info.BirthDate.Format(time.DateOnly) != date || info.Sex != sex {
			t.Fatalf("PESEL(%q) = %v %s, reference %s %s", s, info.BirthDate, info.Sex, date, sex)
		}
		if err := CheckPESEL(s, info.BirthDate, info.Sex); err != nil {
			t.Fatalf("CheckPESEL(%q) with its own date and sex: %v", s, err)
		}
		err = CheckPESEL(s, info.BirthDate.AddDate(0, 0, 1), "")
		if e, ok := err.(*Error); !ok || e.Reason != ReasonBirthMismatch || e.Detail != date ||
			strings.Contains(e.Error(), date) {
			t.Fatalf("CheckPESEL(%q) with the next day: %#v", s, err)
		}
		other := Male
		if info.Sex == Male {
			other = Female
		}
		if ReasonOf(CheckPESEL(s, time.Time{}, other)) != ReasonSexMismatch {
			t.Fatalf("CheckPESEL(%q) with the other sex passed", s)
		}
	})
}

// fuzzAgainst fuzzes a validator against its reference implementation.
func fuzzAgainst(f *testing.F, fn func(string) error, ref func(string) Reason, extra ...string) {
	seeds(f, extra...)
	f.Fuzz(func(t *testing.T, s string) {
		err := fn(s)
		noLeak(t, s, err)
		if got, want := ReasonOf(err), ref(s); got != want {
			t.Fatalf("%q: reason %q, reference %q", s, got, want)
		}
		if err != nil && ReasonOf(err) == "" {
			t.Fatalf("%q: %v is not an *ident.Error", s, err)
		}
	})
}

func FuzzNIP(f *testing.F) {
	fuzzAgainst(f, NIP, refNIP, "1234563218", "5260250274", "1234567890", "123456321X")
}

func FuzzREGON(f *testing.F) {
	fuzzAgainst(f, REGON, refREGON, "123456785", "12345678512347", "000331501", "12345678612347")
}

func FuzzIDCard(f *testing.F) {
	fuzzAgainst(f, IDCard, refIDCard, "ABA300000", "ABS123456", "abs123456", "ABſ123456")
}

func FuzzPassport(f *testing.F) {
	fuzzAgainst(f, Passport, refPassport, "ZS0000177", "CC7999486", "cc7999486", "ſS0000177")
}

func FuzzNRB(f *testing.F) {
	fuzzAgainst(f, NRB, refNRB, "61109010140000071219812874", "37888800012026000000000000")
}

func FuzzIBAN(f *testing.F) {
	fuzzAgainst(f, IBAN, refIBAN, "PL61109010140000071219812874", "PL61 1090 1014 0000 0712 1981 2874",
		"GB82WEST12345698765432", "MT84MALT011000012345MTLCAST001S", "ZZ00123456789012345", "pl61")
}

func FuzzEmail(f *testing.F) {
	fuzzAgainst(f, Email, refEmail, "jan.kowalski@example.pl", "zażółć@gęślą.pl", "a@1.2.3.4", "a@b@c.pl")
}

func FuzzPhone(f *testing.F) {
	seeds(f, "123456789", "+48 123 456 789", "0048 123-456-789", "+49 30 1234567", "+0 1", "012345678")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalizePhone(s)
		noLeak(t, s, err)
		want, reason := refPhone(s)
		if ReasonOf(err) != reason || got != want {
			t.Fatalf("NormalizePhone(%q) = %q, %q; reference %q, %q", s, got, ReasonOf(err), want, reason)
		}
		if ReasonOf(Phone(s)) != reason {
			t.Fatalf("Phone(%q) disagrees with NormalizePhone", s)
		}
		if err == nil {
			// The E.164 form must itself be valid and normalise to itself.
			if again, err := NormalizePhone(got); err != nil || again != got {
				t.Fatalf("NormalizePhone(%q) = %q, %v", got, again, err)
			}
		}
	})
}

func FuzzPostalCode(f *testing.F) {
	seeds(f, "99-300", "00-001", "99300", "9a-300")
	f.Fuzz(func(t *testing.T, s string) {
		err := PostalCode(s)
		valid := len(s) == 6 && s[2] == '-' && allDigits(s[:2]) && allDigits(s[3:])
		if (err == nil) != valid {
			t.Fatalf("PostalCode(%q) = %v", s, err)
		}
	})
}

// FuzzCompact: Compact only drops separators and surrounding whitespace,
// leaves no separator behind, and is idempotent.
func FuzzCompact(f *testing.F) {
	seeds(f, "123-456-32-18", " 61 1090 1014 0000 0712 1981 2874 ", "ABA 300000", "123\f-", "-\t1", "1\t2", "\xc5 \xa8")
	f.Fuzz(func(t *testing.T, s string) {
		c := Compact(s)
		if !utf8.ValidString(s) {
			// Invalid bytes are kept as they are, but removing a space between
			// two halves of a character can form a new one, so the properties
			// below only hold for text.
			return
		}
		if strings.ContainsAny(c, " -\u00a0") || strings.TrimSpace(c) != c {
			t.Fatalf("Compact(%q) = %q still has separators or outer space", s, c)
		}
		if Compact(c) != c {
			t.Fatalf("Compact(%q) = %q, Compact of that = %q", s, c, Compact(c))
		}
		// Dropping every separator and every whitespace byte from the input
		// and from the output must give the same bytes: nothing else changed.
		squeeze := func(s string) string {
			return strings.Map(func(r rune) rune {
				if r == '-' || unicode.IsSpace(r) {
					return -1
				}
				return r
			}, s)
		}
		if squeeze(c) != squeeze(s) {
			t.Fatalf("Compact(%q) = %q changed more than separators", s, c)
		}
	})
}
