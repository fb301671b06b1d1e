package ident

// Second, independent implementations of every check, written from the
// definitions in a different formulation than ident.go, and random
// agreement tests between the two. A shared misunderstanding would survive,
// but a slip in either implementation would not.

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// randN is how many random inputs each agreement test draws.
func randN() int {
	if testing.Short() {
		return 20_000
	}
	return 200_000
}

// charValue maps 0–9 and A–Z (either case) to 0–35 by position in an
// alphabet string, instead of by byte arithmetic as ident.go does.
func charValue(c byte) (int, bool) {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	if c >= 'a' && c <= 'z' {
		c -= 'a' - 'A'
	}
	i := strings.IndexByte(alphabet, c)
	return i, i >= 0
}

// allDigits reports whether s is non-empty ASCII digits.
func allDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// weightedMod is Σ value(s[i])·w[i] mod m, always in [0, m).
func weightedMod(s string, w []int, m int) int {
	sum := 0
	for i, wi := range w {
		v, _ := charValue(s[i])
		sum += v * wi
	}
	return ((sum % m) + m) % m
}

// refPESEL: all eleven digits weighted 1,3,7,9,1,3,7,9,1,3,1 must sum to
// 0 mod 10; the century is month/20 (0→1900, 1→2000, 2→2100, 3→2200,
// 4→1800) and the date is checked with an explicit Gregorian calendar.
func refPESEL(s string) (r Reason, date string, sex Sex) {
	switch {
	case s == "":
		return ReasonEmpty, "", ""
	case len(s) != 11:
		return ReasonLength, "", ""
	case !allDigits(s):
		return ReasonChars, "", ""
	case weightedMod(s, []int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3, 1}, 10) != 0:
		return ReasonChecksum, "", ""
	}
	yy, _ := strconv.Atoi(s[0:2])
	code, _ := strconv.Atoi(s[2:4])
	day, _ := strconv.Atoi(s[4:6])
	base := [...]int{1900, 2000, 2100, 2200, 1800}[code/20]
	month := code % 20
	year := base + yy
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return ReasonBirthDate, "", ""
	}
	sex = Male
	if strings.ContainsRune("02468", rune(s[9])) {
		sex = Female
	}
	return "", fmt.Sprintf("%04d-%02d-%02d", year, month, day), sex
}

// daysIn is the length of a month in the proleptic Gregorian calendar.
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// refPESELCheck computes the check digit that completes ten digits.
func refPESELCheck(ten string) byte {
	for c := byte('0'); c <= '9'; c++ {
		if weightedMod(ten+string(c), []int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3, 1}, 10) == 0 {
			return c
		}
	}
	panic("no PESEL check digit")
}

// refNIP: the check digit gets weight −1 so that a valid NIP sums to 0 mod
// 11; a remainder of 10 then needs the digit "10" and can never match.
func refNIP(s string) Reason {
	switch {
	case s == "":
		return ReasonEmpty
	case len(s) != 10:
		return ReasonLength
	case !allDigits(s):
		return ReasonChars
	case weightedMod(s, []int{6, 5, 7, 2, 3, 4, 5, 6, 7, -1}, 11) != 0:
		return ReasonChecksum
	}
	return ""
}

// refREGON: mod 11, then mod 10 (turns 10 into 0); a REGON-14 must also
// begin with a valid REGON-9 (its parent unit).
func refREGON(s string) Reason {
	w9 := []int{8, 9, 2, 3, 4, 5, 6, 7}
	w14 := []int{2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8}
	ok := func(s string, w []int) bool {
		return weightedMod(s, w, 11)%10 == int(s[len(w)]-'0')
	}
	switch {
	case s == "":
		return ReasonEmpty
	case len(s) != 9 && len(s) != 14:
		return ReasonLength
	case !allDigits(s):
		return ReasonChars
	case !ok(s, w9):
		return ReasonChecksum
	case len(s) == 14 && !ok(s, w14):
		return ReasonChecksum
	}
	return ""
}

// refLetterCheck validates "letters then digits" numbers whose nine weighted
// characters must sum to 0 mod 10 (the check digit weighted 9 ≡ −1).
func refLetterCheck(s string, letters int, w []int) Reason {
	switch {
	case s == "":
		return ReasonEmpty
	case len(s) != 9:
		return ReasonLength
	}
	for i := 0; i < 9; i++ {
		v, ok := charValue(s[i])
		if !ok || (i < letters) != (v >= 10) {
			return ReasonChars
		}
	}
	if weightedMod(s, w, 10) != 0 {
		return ReasonChecksum
	}
	return ""
}

// refIDCard: all nine characters weighted 7,3,1,9,7,3,1,7,3 sum to 0 mod 10.
func refIDCard(s string) Reason {
	return refLetterCheck(s, 3, []int{7, 3, 1, 9, 7, 3, 1, 7, 3})
}

// refPassport: all nine characters weighted 7,3,9,1,7,3,1,7,3 sum to 0 mod
// 10, as published by the Polish validator libraries cited on Passport.
func refPassport(s string) Reason {
	return refLetterCheck(s, 2, []int{7, 3, 9, 1, 7, 3, 1, 7, 3})
}

// icaoCheck is the ICAO 9303 MRZ check digit (weights 7,3,1 repeating, "<"
// = 0); used only to confirm the specimen passport was transcribed correctly.
func icaoCheck(s string) int {
	sum := 0
	for i := 0; i < len(s); i++ {
		v, ok := charValue(s[i])
		if !ok { // the filler "<"
			v = 0
		}
		sum += v * []int{7, 3, 1}[i%3]
	}
	return sum % 10
}

// refMod97 is ISO 7064 MOD 97-10 computed on the decimal string in chunks
// of at most 7 digits (the remainder carried as a prefix), with no big.Int.
func refMod97(iban string) int {
	var num strings.Builder
	for i := 0; i < len(iban); i++ {
		v, _ := charValue(iban[(i+4)%len(iban)]) // rotate the first four to the end
		num.WriteString(strconv.Itoa(v))
	}
	digits, rem := num.String(), 0
	for len(digits) > 0 {
		n := min(7, len(digits))
		x, _ := strconv.Atoi(strconv.Itoa(rem) + digits[:n])
		rem, digits = x%97, digits[n:]
	}
	return rem
}

// refNRB: "PL" + NRB as an IBAN, check digits within 02…98.
func refNRB(s string) Reason {
	switch {
	case s == "":
		return ReasonEmpty
	case len(s) != 26:
		return ReasonLength
	case !allDigits(s):
		return ReasonChars
	}
	cd, _ := strconv.Atoi(s[:2])
	if cd < 2 || cd > 98 || refMod97("PL"+s) != 1 {
		return ReasonChecksum
	}
	return ""
}

// ibanRegistry is the BBAN format of every country in the SWIFT IBAN
// registry (as in python-stdnum stdnum/iban.dat, from iban-registry_1.txt).
// The IBAN length is 4 + the sum of the field lengths.
const ibanRegistry = `
AD 4!n4!n12!c AE 3!n16!n AL 8!n16!c AT 5!n11!n AZ 4!a20!c BA 3!n3!n8!n2!n
BE 3!n7!n2!n BG 4!a4!n2!n8!c BH 4!a14!c BI 5!n5!n11!n2!n BR 8!n5!n10!n1!a1!c
BY 4!c4!n16!c CH 5!n12!c CR 4!n14!n CY 3!n5!n16!c CZ 4!n6!n10!n DE 8!n10!n
DJ 5!n5!n11!n2!n DK 4!n9!n1!n DO 4!c20!n EE 2!n14!n EG 4!n4!n17!n
ES 4!n4!n1!n1!n10!n FI 3!n11!n FK 2!a12!n FO 4!n9!n1!n FR 5!n5!n11!c2!n
GB 4!a6!n8!n GE 2!a16!n GI 4!a15!c GL 4!n9!n1!n GR 3!n4!n16!c GT 4!c20!c
HN 4!a20!n HR 7!n10!n HU 3!n4!n1!n15!n1!n IE 4!a6!n8!n IL 3!n3!n13!n
IQ 4!a3!n12!n IS 4!n2!n6!n10!n IT 1!a5!n5!n12!c JO 4!a4!n18!c KW 4!a22!c
KZ 3!n13!c LB 4!n20!c LC 4!a24!c LI 5!n12!c LT 5!n11!n LU 3!n13!c LV 4!a13!c
LY 3!n3!n15!n MC 5!n5!n11!c2!n MD 2!c18!c ME 3!n13!n2!n MK 3!n10!c2!n
MN 4!n12!n MR 5!n5!n11!n2!n MT 4!a5!n18!c MU 4!a2!n2!n12!n3!n3!a NI 4!a20!n
NL 4!a10!n NO 4!n6!n1!n OM 3!n16!c PK 4!a16!c PL 8!n16!n PS 4!a21!c
PT 4!n4!n11!n2!n QA 4!a21!c RO 4!a16!c RS 3!n13!n2!n RU 9!n5!n15!c
SA 2!n18!c SC 4!a2!n2!n16!n3!a SD 2!n12!n SE 3!n16!n1!n SI 5!n8!n2!n
SK 4!n6!n10!n SM 1!a5!n5!n12!c SO 4!n3!n12!n ST 8!n11!n2!n SV 4!a20!n
TL 3!n14!n2!n TN 2!n3!n13!n2!n TR 5!n1!n16!c UA 6!n19!c VA 3!n15!n
VG 4!a16!n XK 4!n10!n2!n YE 4!a4!n18!c`

// refIBANLengths parses ibanRegistry.
func refIBANLengths() map[string]int {
	field := regexp.MustCompile(`(\d+)![nac]`)
	f := strings.Fields(ibanRegistry)
	out := map[string]int{}
	for i := 0; i < len(f); i += 2 {
		n := 4
		for _, m := range field.FindAllStringSubmatch(f[i+1], -1) {
			k, _ := strconv.Atoi(m[1])
			n += k
		}
		out[f[i]] = n
	}
	return out
}

var refIBANLen = refIBANLengths()

// ibanShape matches an IBAN without spaces (either case), by regexp.
var (
	ibanShape = regexp.MustCompile(`^[A-Za-z]{2}[0-9]{2}[A-Za-z0-9]*$`)
	ibanStart = regexp.MustCompile(`^(?:[A-Za-z]{1,2}|[A-Za-z]{2}[0-9])$`)
)

// refIBAN mirrors IBAN with a regexp, the parsed registry and refMod97.
func refIBAN(s string) Reason {
	s = strings.NewReplacer(" ", "", "\u00a0", "").Replace(s)
	if s == "" {
		return ReasonEmpty
	}
	// A string shorter than four characters is a length error only if it
	// could still grow into the "CCdd…" shape.
	if !ibanShape.MatchString(s) && !ibanStart.MatchString(s) {
		return ReasonFormat
	}
	s = strings.ToUpper(s) // safe: s is ASCII here
	if len(s) < 4 {
		return ReasonLength
	}
	if want, ok := refIBANLen[s[:2]]; (ok && len(s) != want) || (!ok && (len(s) < 15 || len(s) > 34)) {
		return ReasonLength
	}
	if s[:2] == "PL" && !allDigits(s[2:]) {
		return ReasonFormat
	}
	if cd, _ := strconv.Atoi(s[2:4]); cd < 2 || cd > 98 || refMod97(s) != 1 {
		return ReasonChecksum
	}
	return ""
}

// refPhoneShape: optional "+", then digit groups joined by one separator.
var refPhoneShape = regexp.MustCompile(`^(\+?)([0-9]+(?:[ \x{a0}-][0-9]+)*)$`)

// refPhone mirrors NormalizePhone with a regexp and prefix table.
func refPhone(s string) (string, Reason) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ReasonEmpty
	}
	m := refPhoneShape.FindStringSubmatch(s)
	if m == nil {
		return "", ReasonFormat
	}
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, m[2])
	intl := m[1] == "+"
	var national string
	switch {
	case intl && d[:min(2, len(d))] == "48":
		national = d[2:]
	case intl && d[0] == '0':
		return "", ReasonFormat
	case intl:
		if len(d) < 8 || len(d) > 15 {
			return "", ReasonLength
		}
		return "+" + d, ""
	case len(d) == 13 && d[:4] == "0048":
		national = d[4:]
	case len(d) > 4 && d[:4] == "0048":
		return "", ReasonLength
	default:
		national = d
	}
	if len(national) != 9 {
		return "", ReasonLength
	}
	if national[0] == '0' {
		return "", ReasonFormat
	}
	return "+48" + national, ""
}

// refEmailShape is the e-mail rule set of Email as one regexp (lengths are
// checked separately): dot-atom local part, two or more labels of
// letters/digits with inner hyphens, a top label that is not all digits.
var refEmailShape = regexp.MustCompile(
	`^[\p{L}\p{Nd}!#$%&'*+/=?^_` + "`" + `{|}~-]+(?:\.[\p{L}\p{Nd}!#$%&'*+/=?^_` + "`" + `{|}~-]+)*` +
		`@(?:[\p{L}\p{Nd}](?:[\p{L}\p{Nd}-]*[\p{L}\p{Nd}])?\.)+` +
		`[\p{L}\p{Nd}](?:[\p{L}\p{Nd}-]*[\p{L}\p{Nd}])?$`)

// refEmail mirrors Email.
func refEmail(s string) Reason {
	if s == "" {
		return ReasonEmpty
	}
	if !utf8.ValidString(s) || len(s) > 254 || !refEmailShape.MatchString(s) {
		return ReasonFormat
	}
	at := strings.LastIndex(s, "@")
	local, domain := s[:at], s[at+1:]
	if len(local) > 64 || len(domain) > 253 {
		return ReasonFormat
	}
	labels := strings.Split(domain, ".")
	for _, l := range labels {
		if len(l) > 63 {
			return ReasonFormat
		}
	}
	if allDigits(labels[len(labels)-1]) {
		return ReasonFormat
	}
	return ""
}

// --- random generation -------------------------------------------------

// randFrom draws n characters of alphabet.
func randFrom(r *rand.Rand, alphabet string, n int) string {
	a := []rune(alphabet)
	b := make([]rune, n)
	for i := range b {
		b[i] = a[r.IntN(len(a))]
	}
	return string(b)
}

// mutate damages s the way people mistype: one character changed, two
// neighbours swapped, one dropped or one added; or returns s unchanged.
func mutate(r *rand.Rand, s, alphabet string) string {
	if s == "" {
		return s
	}
	b := []byte(s)
	i := r.IntN(len(b))
	switch r.IntN(5) {
	case 0:
		b[i] = alphabet[r.IntN(len(alphabet))]
	case 1:
		if i+1 < len(b) {
			b[i], b[i+1] = b[i+1], b[i]
		}
	case 2:
		b = append(b[:i], b[i+1:]...)
	case 3:
		b = append(b[:i], append([]byte{alphabet[r.IntN(len(alphabet))]}, b[i:]...)...)
	}
	return string(b)
}

const (
	decimal = "0123456789"
	upper   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
)

// genPESEL builds a PESEL with a valid date in 1800–2299 and a check digit
// computed by the reference implementation.
func genPESEL(r *rand.Rand) (pesel, date string, sex Sex) {
	year := 1800 + r.IntN(500)
	month := 1 + r.IntN(12)
	day := 1 + r.IntN(daysIn(year, month))
	offset := map[int]int{1800: 80, 1900: 0, 2000: 20, 2100: 40, 2200: 60}[year/100*100]
	serial := randFrom(r, decimal, 4)
	ten := fmt.Sprintf("%02d%02d%02d%s", year%100, month+offset, day, serial)
	sex = Female
	if (serial[3]-'0')%2 == 1 {
		sex = Male
	}
	return ten + string(refPESELCheck(ten)), fmt.Sprintf("%04d-%02d-%02d", year, month, day), sex
}

// completeDigit returns the digit at position pos that makes check(s) valid.
func completeDigit(s string, pos int, check func(string) Reason) (string, bool) {
	for c := byte('0'); c <= '9'; c++ {
		t := s[:pos] + string(c) + s[pos+1:]
		if check(t) == "" {
			return t, true
		}
	}
	return s, false
}

// --- agreement tests ---------------------------------------------------

func TestPESELAgreesWithReference(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	valid := 0
	for i := 0; i < randN(); i++ {
		var s string
		switch i % 4 {
		case 0:
			s = randFrom(r, decimal, 11)
		case 1:
			var date string
			var sex Sex
			s, date, sex = genPESEL(r)
			info, err := PESEL(s)
			if err != nil || info.BirthDate.Format("2006-01-02") != date || info.Sex != sex {
				t.Fatalf("constructed PESEL %s (%s %s) = %v, %v", s, date, sex, info, err)
			}
		case 2:
			p, _, _ := genPESEL(r)
			s = mutate(r, p, decimal+"a ")
		case 3:
			// Any month code with a valid check digit: exercises the date rules.
			s = randFrom(r, decimal, 10)
			s += string(refPESELCheck(s))
		}
		info, err := PESEL(s)
		reason, date, sex := refPESEL(s)
		if got := ReasonOf(err); got != reason {
			t.Fatalf("PESEL(%q): reason %q, reference %q", s, got, reason)
		}
		if err == nil {
			valid++
			if info.BirthDate.Format("2006-01-02") != date || info.Sex != sex {
				t.Fatalf("PESEL(%q) = %s %s, reference %s %s", s, info.BirthDate.Format("2006-01-02"), info.Sex, date, sex)
			}
		}
	}
	if valid < randN()/4 {
		t.Fatalf("only %d valid PESELs drawn: the generator is broken", valid)
	}
}

// agree draws inputs from gen and asserts that fn and ref give the same
// reason on each; at least minValid inputs must be valid.
func agree(t *testing.T, name string, fn func(string) error, ref func(string) Reason, gen func(r *rand.Rand, i int) string) {
	t.Helper()
	r := rand.New(rand.NewPCG(uint64(len(name)), 42))
	valid, invalid := 0, 0
	for i := 0; i < randN(); i++ {
		s := gen(r, i)
		got, want := ReasonOf(fn(s)), ref(s)
		if got != want {
			t.Fatalf("%s(%q): reason %q, reference %q", name, s, got, want)
		}
		if got == "" {
			valid++
		} else {
			invalid++
		}
	}
	if valid < randN()/10 || invalid < randN()/10 {
		t.Fatalf("%s: %d valid, %d invalid drawn: the generator is unbalanced", name, valid, invalid)
	}
}

func TestNIPAgreesWithReference(t *testing.T) {
	t.Parallel()
	agree(t, "NIP", NIP, refNIP, func(r *rand.Rand, i int) string {
		s := randFrom(r, decimal, 10)
		if i%2 == 0 {
			s, _ = completeDigit(s, 9, refNIP) // unchanged when the remainder is 10
		}
		if i%4 == 2 {
			s = mutate(r, s, decimal+"x")
		}
		return s
	})
}

func TestREGONAgreesWithReference(t *testing.T) {
	t.Parallel()
	agree(t, "REGON", REGON, refREGON, func(r *rand.Rand, i int) string {
		n := 9
		if i%2 == 1 {
			n = 14
		}
		s := randFrom(r, decimal, n)
		if i%4 < 2 {
			// Complete the REGON-9 prefix first: a REGON-14 needs both.
			p, _ := completeDigit(s[:9], 8, refREGON)
			s = p + s[9:]
			if n == 14 {
				s, _ = completeDigit(s, 13, refREGON)
			}
		}
		if i%8 == 7 {
			s = mutate(r, s, decimal+"x")
		}
		return s
	})
}

func TestIDCardAgreesWithReference(t *testing.T) {
	t.Parallel()
	agree(t, "IDCard", IDCard, refIDCard, func(r *rand.Rand, i int) string {
		s := randFrom(r, upper, 3) + randFrom(r, decimal, 6)
		if i%2 == 0 {
			s, _ = completeDigit(s, 3, refIDCard)
		}
		if i%4 == 2 {
			s = mutate(r, s, upper+decimal+"a-")
		}
		if i%8 == 6 {
			s = strings.ToLower(s)
		}
		return s
	})
}

func TestPassportAgreesWithReference(t *testing.T) {
	t.Parallel()
	agree(t, "Passport", Passport, refPassport, func(r *rand.Rand, i int) string {
		s := randFrom(r, upper, 2) + randFrom(r, decimal, 7)
		if i%2 == 0 {
			s, _ = completeDigit(s, 2, refPassport)
		}
		if i%4 == 2 {
			s = mutate(r, s, upper+decimal+"a-")
		}
		if i%8 == 6 {
			s = strings.ToLower(s)
		}
		return s
	})
}

// withIBANCheck replaces the check digits at cd (0 for an NRB, 2 for an
// IBAN) so that the mod-97 check passes, computing them by the reference.
func withIBANCheck(s string, country string, cd int) string {
	body := s[:cd] + "00" + s[cd+2:]
	rearranged := body
	if cd == 0 {
		rearranged = country + body
	}
	check := 98 - refMod97(rearranged)
	return s[:cd] + fmt.Sprintf("%02d", check) + s[cd+2:]
}

func TestNRBAgreesWithReference(t *testing.T) {
	t.Parallel()
	agree(t, "NRB", NRB, refNRB, func(r *rand.Rand, i int) string {
		s := randFrom(r, decimal, 26)
		if i%2 == 0 {
			s = withIBANCheck(s, "PL", 0)
		}
		switch i % 8 {
		case 2:
			s = mutate(r, s, decimal+"x")
		case 4:
			// 98 ↔ 01 and 97 ↔ 00 and 02 ↔ 99 are congruent mod 97.
			alias := map[string]string{"98": "01", "97": "00", "02": "99"}
			if a, ok := alias[s[:2]]; ok {
				s = a + s[2:]
			}
		}
		return s
	})
}

func TestIBANAgreesWithReference(t *testing.T) {
	t.Parallel()
	countries := make([]string, 0, len(refIBANLen))
	for c := range refIBANLen {
		countries = append(countries, c)
	}
	slices.Sort(countries)
	agree(t, "IBAN", IBAN, refIBAN, func(r *rand.Rand, i int) string {
		var s string
		if i%5 == 4 {
			// Unregistered country: only the generic bounds apply.
			s = "Z" + randFrom(r, upper, 1) + "00" + randFrom(r, upper+decimal, 9+r.IntN(25))
		} else {
			c := countries[r.IntN(len(countries))]
			alphabet := upper + decimal
			if c == "PL" {
				alphabet = decimal
			}
			s = c + "00" + randFrom(r, alphabet, refIBANLen[c]-4)
		}
		if i%2 == 0 {
			s = withIBANCheck(s, "", 2)
		}
		switch i % 8 {
		case 2:
			s = mutate(r, s, upper+decimal+"a ")
		case 6:
			s = strings.ToLower(s)
		case 0:
			s = groupIBAN(s)
		}
		return s
	})
}

// groupIBAN groups an IBAN in fours, as printed.
func groupIBAN(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

func TestIBANLengthTableMatchesRegistry(t *testing.T) {
	if len(ibanLengths) != len(refIBANLen) {
		t.Errorf("ibanLengths has %d countries, registry %d", len(ibanLengths), len(refIBANLen))
	}
	for c, n := range refIBANLen {
		if ibanLengths[c] != n {
			t.Errorf("ibanLengths[%s] = %d, registry %d", c, ibanLengths[c], n)
		}
	}
}

func TestPhoneAgreesWithReference(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 7))
	valid := 0
	for i := 0; i < randN(); i++ {
		var s string
		switch i % 4 {
		case 0:
			s = randFrom(r, "0123456789 -+", 6+r.IntN(14))
		case 1:
			prefix := []string{"", "+48", "+48 ", "0048", "0048 "}[r.IntN(5)]
			s = prefix + randFrom(r, "123456789", 1) + randFrom(r, decimal, 8)
		case 2:
			s = "+" + randFrom(r, "123456789", 1) + randFrom(r, decimal, 5+r.IntN(12))
		case 3:
			s = randFrom(r, "0123456789", 3) + []string{" ", "-", "\u00a0", "  ", "."}[r.IntN(5)] +
				randFrom(r, decimal, 3) + " " + randFrom(r, decimal, 3)
		}
		got, err := NormalizePhone(s)
		want, reason := refPhone(s)
		if ReasonOf(err) != reason || got != want {
			t.Fatalf("NormalizePhone(%q) = %q, %q; reference %q, %q", s, got, ReasonOf(err), want, reason)
		}
		if ReasonOf(Phone(s)) != reason {
			t.Fatalf("Phone(%q) disagrees with NormalizePhone", s)
		}
		if err == nil {
			valid++
		}
	}
	if valid < randN()/5 {
		t.Fatalf("only %d valid phone numbers drawn", valid)
	}
}

func TestEmailAgreesWithReference(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(9, 9))
	valid := 0
	for i := 0; i < randN(); i++ {
		var s string
		switch i % 3 {
		case 0:
			s = randFrom(r, "ab0.-_@+ żZ\t\"", r.IntN(16))
		case 1:
			s = randFrom(r, "abc.+_", 1+r.IntN(8)) + "@" + randFrom(r, "xyz-9", 1+r.IntN(6)) + "." +
				randFrom(r, "plcom-1", 1+r.IntN(4))
		case 2:
			s = randFrom(r, "jan.kowalski", 1+r.IntN(70)) + "@" + randFrom(r, "gmail.", 1+r.IntN(10)) + "pl"
		}
		if i%10 == 9 {
			s = mutate(r, s, "@. -\xff")
		}
		got, want := ReasonOf(Email(s)), refEmail(s)
		if got != want {
			t.Fatalf("Email(%q): reason %q, reference %q", s, got, want)
		}
		if got == "" {
			valid++
		}
	}
	if valid < randN()/10 {
		t.Fatalf("only %d valid e-mails drawn", valid)
	}
}
