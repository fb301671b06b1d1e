// Package ident checks Polish identifiers (PESEL, NIP, REGON, ID card,
// passport, NRB) exactly as the statutes and the registries define them, plus
// the contact data typed next to them (e-mail, phone, foreign IBAN). Every
// function is pure: no I/O, no clock, so they are table- and fuzz-tested.
package ident

import (
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Reason says why an identifier was rejected; it maps 1:1 to an i18n key so
// the clerk sees the reason in Polish and the log keeps the precise code.
type Reason string

// Reasons an identifier may be rejected.
const (
	// ReasonEmpty: nothing was entered.
	ReasonEmpty Reason = "ident.empty"
	// ReasonLength: wrong number of characters; Detail holds the expected count.
	ReasonLength Reason = "ident.length"
	// ReasonChars: a character not allowed at its position.
	ReasonChars Reason = "ident.chars"
	// ReasonChecksum: the check digit(s) do not match.
	ReasonChecksum Reason = "ident.checksum"
	// ReasonBirthDate: the PESEL encodes a date that does not exist.
	ReasonBirthDate Reason = "ident.birthdate"
	// ReasonFormat: the overall shape is wrong (postal code, e-mail, phone, IBAN).
	ReasonFormat Reason = "ident.format"
	// ReasonBirthMismatch: the PESEL is valid but encodes another birth date
	// than the one entered; Detail holds the encoded date (YYYY-MM-DD).
	ReasonBirthMismatch Reason = "ident.birthMismatch"
	// ReasonSexMismatch: the PESEL is valid but encodes the other sex.
	ReasonSexMismatch Reason = "ident.sexMismatch"
)

// Error is a rejected identifier with its reason and, where useful, a detail.
// It never contains the identifier itself, because errors get logged and the
// identifier is personal data.
//
// Detail is meant for the clerk's message. It is usually harmless (an
// expected length), but for ReasonBirthMismatch it holds the birth date
// decoded from the PESEL, which is personal data: callers must not log
// Detail. Error() and LogValue() leave such a Detail out, so logging the
// error itself (directly, wrapped, or through slog) is safe.
type Error struct {
	Kind   string // "pesel", "nip", ...
	Reason Reason
	Detail string
}

// personalDetail reports whether Detail holds personal data and so must stay
// out of anything that may end up in a log.
func (e *Error) personalDetail() bool {
	return e.Reason == ReasonBirthMismatch
}

// Error formats the kind, the reason and a non-personal Detail.
func (e *Error) Error() string {
	if e.Detail != "" && !e.personalDetail() {
		return fmt.Sprintf("ident: %s: %s (%s)", e.Kind, e.Reason, e.Detail)
	}
	return fmt.Sprintf("ident: %s: %s", e.Kind, e.Reason)
}

// LogValue makes slog print only the kind and the reason: Detail is never
// logged because it may hold a birth date.
func (e *Error) LogValue() slog.Value {
	return slog.GroupValue(slog.String("kind", e.Kind), slog.String("reason", string(e.Reason)))
}

// ReasonOf extracts the reason of an ident error, or "" for other errors.
func ReasonOf(err error) Reason {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

func fail(kind string, r Reason, detail string) error {
	return &Error{Kind: kind, Reason: r, Detail: detail}
}

// digits parses s as exactly n ASCII digits.
func digits(kind, s string, n int) ([]int, error) {
	if s == "" {
		return nil, fail(kind, ReasonEmpty, "")
	}
	if len(s) != n {
		return nil, fail(kind, ReasonLength, strconv.Itoa(n))
	}
	d := make([]int, n)
	for i := 0; i < n; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return nil, fail(kind, ReasonChars, "")
		}
		d[i] = int(c - '0')
	}
	return d, nil
}

// upperASCII upper-cases ASCII letters only. strings.ToUpper would map
// non-ASCII runes onto ASCII ("ſ"→"S", "ı"→"I"), so a string that is not a
// valid number could shrink into one and pass, while the caller stores the
// original.
func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// separators are what people type inside identifiers to group them.
var separators = strings.NewReplacer(" ", "", "-", "", "\u00a0", "")

// Compact removes the separators people type inside identifiers (spaces,
// hyphens, no-break spaces) and the whitespace around them; it never changes
// any other byte (strings.Map would turn invalid UTF-8 into U+FFFD, and the
// validator would then judge something other than what was typed). It trims
// after removing, so "123\t-" gives "123" and, on text, Compact is idempotent.
func Compact(s string) string {
	return strings.TrimSpace(separators.Replace(s))
}

// Sex as encoded in PESEL.
type Sex string

// PESEL sexes.
const (
	// Male: the 10th PESEL digit is odd.
	Male Sex = "M"
	// Female ("kobieta"): the 10th PESEL digit is even.
	Female Sex = "K"
)

// PESELInfo is what a valid PESEL encodes.
type PESELInfo struct {
	BirthDate time.Time // midnight UTC of the encoded date
	Sex       Sex
}

// PESEL validates a PESEL number and decodes its birth date and sex.
func PESEL(s string) (PESELInfo, error) {
	d, err := digits("pesel", s, 11)
	if err != nil {
		return PESELInfo{}, err
	}
	w := [...]int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3}
	sum := 0
	for i, wi := range w {
		sum += d[i] * wi
	}
	if (10-sum%10)%10 != d[10] {
		return PESELInfo{}, fail("pesel", ReasonChecksum, "")
	}
	yy := d[0]*10 + d[1]
	mm := d[2]*10 + d[3]
	dd := d[4]*10 + d[5]
	// The month carries the century so that one 6-digit date covers 1800–2299.
	century := 0
	switch {
	case mm >= 81 && mm <= 92:
		century, mm = 1800, mm-80
	case mm >= 1 && mm <= 12:
		century = 1900
	case mm >= 21 && mm <= 32:
		century, mm = 2000, mm-20
	case mm >= 41 && mm <= 52:
		century, mm = 2100, mm-40
	case mm >= 61 && mm <= 72:
		century, mm = 2200, mm-60
	default:
		return PESELInfo{}, fail("pesel", ReasonBirthDate, "month")
	}
	year := century + yy
	// time.Date normalises 30 February to 2 March; a changed month or day
	// means the date does not exist (this also handles leap years).
	bd := time.Date(year, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
	if dd < 1 || bd.Month() != time.Month(mm) || bd.Day() != dd {
		return PESELInfo{}, fail("pesel", ReasonBirthDate, "day")
	}
	sex := Female
	if d[9]%2 == 1 {
		sex = Male
	}
	return PESELInfo{BirthDate: bd, Sex: sex}, nil
}

// CheckPESEL validates a PESEL and compares the birth date and sex it encodes
// with what the clerk entered. A zero birth or an empty sex means "not
// entered" and is not compared. The entered birth is compared as a calendar
// date in its own location, so a local midnight is not shifted by a zone.
// A birth mismatch carries the encoded date in Detail (see Error).
func CheckPESEL(pesel string, birth time.Time, sex Sex) error {
	info, err := PESEL(pesel)
	if err != nil {
		return err
	}
	if !birth.IsZero() {
		y, m, d := birth.Date()
		py, pm, pd := info.BirthDate.Date()
		if y != py || m != pm || d != pd {
			return fail("pesel", ReasonBirthMismatch, info.BirthDate.Format(time.DateOnly))
		}
	}
	if sex != "" && sex != info.Sex {
		return fail("pesel", ReasonSexMismatch, "")
	}
	return nil
}

// NIP validates a tax identification number (10 digits, separators allowed
// by callers through Compact).
func NIP(s string) error {
	d, err := digits("nip", s, 10)
	if err != nil {
		return err
	}
	w := [...]int{6, 5, 7, 2, 3, 4, 5, 6, 7}
	sum := 0
	for i, wi := range w {
		sum += d[i] * wi
	}
	// A remainder of 10 has no digit: such numbers are never issued.
	c := sum % 11
	if c == 10 || c != d[9] {
		return fail("nip", ReasonChecksum, "")
	}
	return nil
}

// REGON validates a 9- or 14-digit statistical number.
func REGON(s string) error {
	var w []int
	switch len(s) {
	case 9:
		w = []int{8, 9, 2, 3, 4, 5, 6, 7}
	case 14:
		w = []int{2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8}
	case 0:
		return fail("regon", ReasonEmpty, "")
	default:
		return fail("regon", ReasonLength, "9/14")
	}
	d, err := digits("regon", s, len(s))
	if err != nil {
		return err
	}
	if len(s) == 14 {
		// The first nine digits are the parent REGON-9 and carry their own check.
		if err := REGON(s[:9]); err != nil {
			return err
		}
	}
	sum := 0
	for i, wi := range w {
		sum += d[i] * wi
	}
	c := sum % 11
	if c == 10 {
		c = 0
	}
	if c != d[len(w)] {
		return fail("regon", ReasonChecksum, "")
	}
	return nil
}

// IDCard validates a Polish ID card number (seria i numer dowodu osobistego):
// three letters, then the check digit, then five digits.
func IDCard(s string) error {
	s = upperASCII(s)
	if s == "" {
		return fail("id-card", ReasonEmpty, "")
	}
	if len(s) != 9 {
		return fail("id-card", ReasonLength, "9")
	}
	v := make([]int, 9)
	for i := 0; i < 9; i++ {
		c := s[i]
		switch {
		case i < 3 && c >= 'A' && c <= 'Z':
			v[i] = int(c-'A') + 10
		case i >= 3 && c >= '0' && c <= '9':
			v[i] = int(c - '0')
		default:
			return fail("id-card", ReasonChars, "")
		}
	}
	w := [...]int{7, 3, 1, 0, 7, 3, 1, 7, 3}
	sum := 0
	for i, wi := range w {
		sum += v[i] * wi
	}
	if sum%10 != v[3] {
		return fail("id-card", ReasonChecksum, "")
	}
	return nil
}

// Passport validates a Polish passport number: two letters (A=10 … Z=35) and
// seven digits, the first digit being the check digit. The check digit is the
// sum of the other eight characters weighted 7,3,1,7,3,1,7,3, mod 10; put
// differently, all nine characters weighted 7,3,9,1,7,3,1,7,3 sum to 0 mod 10
// (9 ≡ −1). This is not the ICAO 9303 MRZ check digit, which follows the
// number in the MRZ.
//
// Sources: the algorithm and the example CC7999486 as published in
// github.com/SOFTWARE-CLINIC/id-pl (lib/passport_number.js) and
// github.com/devmuffy/polish-identification-numbers
// (src/passportNumber/index.ts); verified against the MSWiA specimen
// passport (Anna Kowalska, number ZS0000177, MRZ line 2
// "ZS00001774POL7203305F1607130<<<<<<<<<<<<<<08", whose ICAO check digits
// all agree, so the specimen number is transcribed correctly).
func Passport(s string) error {
	s = upperASCII(s)
	if s == "" {
		return fail("passport", ReasonEmpty, "")
	}
	if len(s) != 9 {
		return fail("passport", ReasonLength, "9")
	}
	v := make([]int, 9)
	for i := 0; i < 9; i++ {
		c := s[i]
		switch {
		case i < 2 && c >= 'A' && c <= 'Z':
			v[i] = int(c-'A') + 10
		case i >= 2 && c >= '0' && c <= '9':
			v[i] = int(c - '0')
		default:
			return fail("passport", ReasonChars, "")
		}
	}
	w := [...]int{7, 3, 0, 1, 7, 3, 1, 7, 3}
	sum := 0
	for i, wi := range w {
		sum += v[i] * wi
	}
	if sum%10 != v[2] {
		return fail("passport", ReasonChecksum, "")
	}
	return nil
}

// NRB validates a Polish bank account number (26 digits) by the IBAN
// mod-97 check of "PL" + NRB.
func NRB(s string) error {
	if _, err := digits("nrb", s, 26); err != nil {
		return err
	}
	if !checkDigitsInRange(s[:2]) || !ibanMod97("PL"+s) {
		return fail("nrb", ReasonChecksum, "")
	}
	return nil
}

// ibanLengths is the IBAN length per country, 4 + the BBAN length of the
// SWIFT IBAN registry (ISO 13616; the BBAN formats as in python-stdnum's
// stdnum/iban.dat generated from iban-registry_1.txt). The test derives the
// same numbers from the registry's format strings.
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
	"BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
	"DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
	"FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
	"GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
	"IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
	"LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20,
	"MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
	"PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
	"SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
	"SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
	"YE": 30,
}

// IBAN length bounds for countries that are not (yet) in ibanLengths: the
// registry grows, and a foreign account must not be refused only because
// this table is older than the bank's country entry.
const (
	ibanMinLen = 15
	ibanMaxLen = 34
)

// ibanSpaces are the separators of an IBAN printed in groups of four.
var ibanSpaces = strings.NewReplacer(" ", "", "\u00a0", "")

// IBAN validates an international bank account number (ISO 13616), as used
// for foreign accounts: country code, two check digits, an alphanumeric BBAN
// of the registered length, and the mod-97 check. Spaces (as printed in
// groups of four) and lower-case letters are accepted.
func IBAN(s string) error {
	const kind = "iban"
	s = upperASCII(ibanSpaces.Replace(s))
	if s == "" {
		return fail(kind, ReasonEmpty, "")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter, digit := c >= 'A' && c <= 'Z', c >= '0' && c <= '9'
		if (i < 2 && !letter) || (i >= 2 && i < 4 && !digit) || (!letter && !digit) {
			return fail(kind, ReasonFormat, "")
		}
	}
	if len(s) < 4 {
		return fail(kind, ReasonLength, fmt.Sprintf("%d-%d", ibanMinLen, ibanMaxLen))
	}
	if n, ok := ibanLengths[s[:2]]; ok {
		if len(s) != n {
			return fail(kind, ReasonLength, strconv.Itoa(n))
		}
	} else if len(s) < ibanMinLen || len(s) > ibanMaxLen {
		return fail(kind, ReasonLength, fmt.Sprintf("%d-%d", ibanMinLen, ibanMaxLen))
	}
	// A Polish IBAN is "PL" + NRB, which is all digits; a letter there could
	// still pass mod-97 by chance.
	if s[:2] == "PL" && strings.IndexFunc(s[2:], func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return fail(kind, ReasonFormat, "")
	}
	if !checkDigitsInRange(s[2:4]) || !ibanMod97(s) {
		return fail(kind, ReasonChecksum, "")
	}
	return nil
}

// checkDigitsInRange rejects IBAN check digits 00, 01 and 99: ISO 13616
// computes them as 98 − (n mod 97), i.e. 02…98, but 00/01/99 are congruent
// to 97/98/02 and would pass the bare mod-97 test.
func checkDigitsInRange(cd string) bool {
	return cd != "00" && cd != "01" && cd != "99"
}

// ibanMod97 checks that an upper-case alphanumeric IBAN, moved to
// BBAN + country + check digits with letters as A=10 … Z=35, is ≡ 1 (mod 97)
// (ISO 13616).
func ibanMod97(iban string) bool {
	var sb strings.Builder
	for _, c := range []byte(iban[4:] + iban[:4]) {
		if c >= 'A' && c <= 'Z' {
			sb.WriteString(strconv.Itoa(int(c-'A') + 10))
		} else {
			sb.WriteByte(c)
		}
	}
	n, ok := new(big.Int).SetString(sb.String(), 10)
	if !ok {
		return false
	}
	return new(big.Int).Mod(n, big.NewInt(97)).Int64() == 1
}

// FormatNRB groups an NRB as printed on Polish transfer forms:
// "NN NNNN NNNN NNNN NNNN NNNN NNNN".
func FormatNRB(s string) string {
	if len(s) != 26 {
		return s
	}
	var sb strings.Builder
	sb.WriteString(s[:2])
	for i := 2; i < 26; i += 4 {
		sb.WriteByte(' ')
		sb.WriteString(s[i : i+4])
	}
	return sb.String()
}

// PostalCode validates the NN-NNN format.
func PostalCode(s string) error {
	if s == "" {
		return fail("postal-code", ReasonEmpty, "")
	}
	if len(s) != 6 || s[2] != '-' {
		return fail("postal-code", ReasonFormat, "NN-NNN")
	}
	for i, c := range []byte(s) {
		if i == 2 {
			continue
		}
		if c < '0' || c > '9' {
			return fail("postal-code", ReasonFormat, "NN-NNN")
		}
	}
	return nil
}

// E-mail limits of RFC 5321 §4.5.3.1: 64 octets of local part, 255 of
// domain (253 without the root dot and length bytes), 254 for the address
// that fits a 256-octet path with its angle brackets.
const (
	emailMaxLocal  = 64
	emailMaxDomain = 253
	emailMaxLabel  = 63
	emailMaxLen    = 254
)

// Email checks that s looks like a deliverable address: exactly one "@", a
// dot-atom local part of at most 64 octets, and a domain of at least two
// labels made of letters, digits and inner hyphens. It is a practical check,
// not RFC 5322: quoted local parts, comments and IP literals are refused
// because a clerk never types them on purpose. Letters may be non-ASCII
// (internationalised addresses, IDN domains).
func Email(s string) error {
	const kind = "email"
	if s == "" {
		return fail(kind, ReasonEmpty, "")
	}
	if len(s) > emailMaxLen || !utf8.ValidString(s) || strings.Count(s, "@") != 1 {
		return fail(kind, ReasonFormat, "")
	}
	local, domain, _ := strings.Cut(s, "@")
	if local == "" || len(local) > emailMaxLocal || !dotAtom(local) {
		return fail(kind, ReasonFormat, "")
	}
	if len(domain) > emailMaxDomain {
		return fail(kind, ReasonFormat, "")
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return fail(kind, ReasonFormat, "")
	}
	for _, l := range labels {
		if !hostLabel(l) {
			return fail(kind, ReasonFormat, "")
		}
	}
	// An all-digit top-level label is an IP address, not a domain.
	if strings.Trim(labels[len(labels)-1], "0123456789") == "" {
		return fail(kind, ReasonFormat, "")
	}
	return nil
}

// dotAtom reports whether s is RFC 5322 atext runs joined by single dots,
// with non-ASCII letters and digits also allowed (RFC 6531).
func dotAtom(s string) bool {
	for _, part := range strings.Split(s, ".") {
		if part == "" {
			return false // leading, trailing or doubled dot
		}
		for _, r := range part {
			if !atext(r) {
				return false
			}
		}
	}
	return true
}

// atext is RFC 5322's atom character set, widened to non-ASCII letters and
// digits.
func atext(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	case r < utf8.RuneSelf:
		return strings.ContainsRune("!#$%&'*+/=?^_`{|}~-", r)
	default:
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}
}

// hostLabel reports whether l is a DNS label: 1–63 octets of letters and
// digits with hyphens only inside.
func hostLabel(l string) bool {
	if l == "" || len(l) > emailMaxLabel || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	for _, r := range l {
		ok := r == '-' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') ||
			(r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)))
		if !ok {
			return false
		}
	}
	return true
}

// Phone number limits: the Polish numbering plan is closed (every national
// number has 9 digits) and E.164 allows at most 15 digits with the country
// code; 8 is the shortest international number we accept.
const (
	phoneNational = 9
	phoneMinIntl  = 8
	phoneMaxIntl  = 15
)

// Phone validates a phone number: a Polish one (9 digits, optionally after
// +48 or 0048) or an international one written with "+" and 8–15 digits in
// total (E.164). Single spaces or hyphens may separate digit groups.
func Phone(s string) error {
	_, err := NormalizePhone(s)
	return err
}

// NormalizePhone validates s like Phone and returns it in E.164 form:
// "+48" and nine digits for Polish numbers, "+" and the digits otherwise.
func NormalizePhone(s string) (string, error) {
	const kind = "phone"
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fail(kind, ReasonEmpty, "")
	}
	rest, plus := strings.CutPrefix(s, "+")
	var d []byte
	sep := true // a separator may not open the number nor follow "+"
	for _, r := range rest {
		switch {
		case r >= '0' && r <= '9':
			d = append(d, byte(r))
			sep = false
		case r == ' ' || r == '-' || r == '\u00a0':
			if sep {
				return "", fail(kind, ReasonFormat, "")
			}
			sep = true
		default:
			return "", fail(kind, ReasonFormat, "")
		}
	}
	if sep {
		return "", fail(kind, ReasonFormat, "") // empty, or a trailing separator
	}
	all := string(d)
	national := all
	switch {
	case plus && strings.HasPrefix(all, "48"):
		// +48 is Poland, whose numbers are always nine digits.
		national = all[2:]
	case plus:
		// E.164 country codes never start with 0.
		if all[0] == '0' {
			return "", fail(kind, ReasonFormat, "")
		}
		if len(all) < phoneMinIntl || len(all) > phoneMaxIntl {
			return "", fail(kind, ReasonLength, fmt.Sprintf("%d-%d", phoneMinIntl, phoneMaxIntl))
		}
		return "+" + all, nil
	case strings.HasPrefix(all, "0048"):
		national = all[4:]
	}
	if len(national) != phoneNational {
		return "", fail(kind, ReasonLength, strconv.Itoa(phoneNational))
	}
	// No Polish number starts with 0 (there is no trunk prefix); a leading 0
	// is a mistyped international prefix.
	if national[0] == '0' {
		return "", fail(kind, ReasonFormat, "")
	}
	return "+48" + national, nil
}
