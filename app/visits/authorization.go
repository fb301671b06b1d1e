package visits

import (
	"crypto/sha256"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// AuthStatus is where an authorization stands in the register
// (rejestr upoważnień, Piotrków §5.3.6). "Valid" is not stored: an issued
// authorization is valid on the days from ValidFrom to ValidUntil.
type AuthStatus string

// The stored statuses of an authorization.
const (
	AuthIssued   AuthStatus = "issued"   // handed to the official
	AuthReturned AuthStatus = "returned" // given back after the visit
	AuthRevoked  AuthStatus = "revoked"  // withdrawn by the head
)

// Valid reports whether s is a stored status.
func (s AuthStatus) Valid() bool { return s == AuthIssued || s == AuthReturned || s == AuthRevoked }

// CanMoveAuth reports whether an authorization may go from one status to
// another: only an issued one is returned or revoked, and then it stays.
func CanMoveAuth(from, to AuthStatus) bool {
	return from == to || from == AuthIssued && (to == AuthReturned || to == AuthRevoked)
}

// MaxValidDays bounds an authorization's validity: it is made for one
// visit (§5.3.4), not as a standing mandate.
const MaxValidDays = 31

// Authorization is a named authorization (upoważnienie imienne,
// Piotrków §5.3.4-5) for one official to act in one matter at one place
// outside the office, in force from ValidFrom to ValidUntil, signed by
// the head who issued it.
type Authorization struct {
	ID         string
	VisitID    string
	Series     string // the issuing device's series (see Series)
	Seq        int    // its number within the series and year, from 1
	Year       int
	StaffID    string // who is authorized
	UnitID     string
	Matter     string
	Place      string
	ValidFrom  string // YYYY-MM-DD
	ValidUntil string // YYYY-MM-DD
	IssuedBy   string // the head who signs it
	IssuedAt   time.Time
	DeviceID   string
	Status     AuthStatus
	ClosedBy   string
	ClosedAt   time.Time
}

// Number is the authorization's number in the register: "UP/K7QD/12/2026".
func (a Authorization) Number() string { return FormatNumber(a.Series, a.Seq, a.Year) }

// FormatNumber writes a register number.
func FormatNumber(series string, seq, year int) string {
	return "UP/" + series + "/" + strconv.Itoa(seq) + "/" + strconv.Itoa(year)
}

// ParseNumber reads a register number back into its series, number and
// year; ok is false for anything FormatNumber would not write.
func ParseNumber(s string) (series string, seq, year int, ok bool) {
	p := strings.Split(s, "/")
	if len(p) != 4 || p[0] != "UP" || !validSeries(p[1]) {
		return "", 0, 0, false
	}
	seq, err1 := strconv.Atoi(p[2])
	year, err2 := strconv.Atoi(p[3])
	if err1 != nil || err2 != nil || seq < 1 || year < 2000 || year > 2200 || strconv.Itoa(seq) != p[2] {
		return "", 0, 0, false
	}
	return p[1], seq, year, true
}

// crockford is the alphabet of a series: no I, L, O, U to misread.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// SeriesLen is a series' length: 6 characters, 30 bits.
const SeriesLen = 6

// Series is the number series of the device with id deviceID: six
// characters of the SHA-256 of its id. Each device numbers its own
// authorizations within its series, offline, and the registry accepts a
// number only in the pushing device's series, so two offline devices
// never issue one number (see ARCHITECTURE, "Wizyty domowe").
func Series(deviceID string) string {
	sum := sha256.Sum256([]byte(deviceID))
	var b strings.Builder
	v := uint64(sum[0])<<32 | uint64(sum[1])<<24 | uint64(sum[2])<<16 | uint64(sum[3])<<8 | uint64(sum[4])
	for i := 0; i < SeriesLen; i++ {
		b.WriteByte(crockford[v&31])
		v >>= 5
	}
	return b.String()
}

func validSeries(s string) bool {
	if len(s) != SeriesLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune(crockford, rune(s[i])) {
			return false
		}
	}
	return true
}

// CoversDay reports whether the authorization is in force on day
// (YYYY-MM-DD): issued, not returned or revoked, and day within its
// validity.
func (a Authorization) CoversDay(day string) bool {
	return a.Status == AuthIssued && a.ValidFrom <= day && day <= a.ValidUntil
}

// State is how the register shows an authorization on day: "valid",
// "expired", "pending" (issued, not yet in force), "returned", "revoked".
func (a Authorization) State(day string) string {
	switch {
	case a.Status != AuthIssued:
		return string(a.Status)
	case day < a.ValidFrom:
		return "pending"
	case day > a.ValidUntil:
		return "expired"
	}
	return "valid"
}

// ValidatePeriod checks an authorization's validity: real dates in
// order, covering the visit's day, at most MaxValidDays long.
func ValidatePeriod(from, until, visitDay string) []Problem {
	f, err1 := time.Parse(time.DateOnly, from)
	u, err2 := time.Parse(time.DateOnly, until)
	if err1 != nil || err2 != nil {
		return []Problem{{Field: "valid", Key: "visits.authDatesBad"}}
	}
	if u.Before(f) {
		return []Problem{{Field: "valid", Key: "visits.authOrder"}}
	}
	if u.Sub(f) > MaxValidDays*24*time.Hour {
		return []Problem{{Field: "valid", Key: "visits.authTooLong", Args: map[string]string{"days": strconv.Itoa(MaxValidDays)}}}
	}
	if visitDay != "" && (visitDay < from || visitDay > until) {
		return []Problem{{Field: "valid", Key: "visits.authMissesDay"}}
	}
	return nil
}

// MayIssue reports whether a person of role and unit may assign a visit
// of visitUnit or issue its authorization: the head of that unit, or the
// admin, who acts for the secretary (§5.3.2-5).
func MayIssue(role, unit, visitUnit string) bool {
	return role == "admin" || role == "head" && unit == visitUnit && unit != ""
}

// String is the authorization as a log line names it (no personal data).
func (a Authorization) String() string { return fmt.Sprintf("authorization %s (%s)", a.Number(), a.ID) }
