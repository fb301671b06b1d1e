package deadline

import (
	"testing"
	"time"
)

func FuzzRawEnd(f *testing.F) {
	f.Add(uint32(0), uint16(0))
	f.Add(uint32(46020), uint16(1)) // around 2026
	f.Add(uint32(45650), uint16(7)) // around 2024-12
	f.Add(uint32(146000), uint16(1000))
	lo, hi := D(1900, 1, 1), D(2300, 12, 31)
	span := uint32(daysBetween(lo, hi) + 1)
	f.Fuzz(func(t *testing.T, off uint32, n16 uint16) {
		from := lo.AddDate(0, 0, int(off%span))
		n := int(n16 % 1001)
		for _, u := range []Unit{Days, Weeks, Months} {
			raw := RawEnd(from, Term{u, n})
			e := End(from, Term{u, n})
			if e.Weekday() == time.Saturday || IsDayOff(e) {
				t.Fatalf("End(%s, %d %d) = %s, a %s or day off", iso(from), n, u, iso(e), e.Weekday())
			}
			// The longest §4 chain is Wigilia on a Wednesday: 24-26 Dec, Sat, Sun.
			if g := daysBetween(raw, e); g < 0 || g > 5 {
				t.Fatalf("End(%s, %d %d) = %s is %d days from RawEnd %s", iso(from), n, u, iso(e), g, iso(raw))
			}
			switch u {
			case Days:
				if daysBetween(from, raw) != n {
					t.Fatalf("RawEnd(%s, %d days) = %s", iso(from), n, iso(raw))
				}
			case Weeks:
				if daysBetween(from, raw) != 7*n || raw.Weekday() != from.Weekday() {
					t.Fatalf("RawEnd(%s, %d weeks) = %s", iso(from), n, iso(raw))
				}
			case Months:
				wantYM := from.Year()*12 + int(from.Month()-1) + n
				if raw.Year()*12+int(raw.Month()-1) != wantYM {
					t.Fatalf("RawEnd(%s, %d months) = %s: wrong month", iso(from), n, iso(raw))
				}
				if want := min(from.Day(), daysIn(raw.Year(), raw.Month())); raw.Day() != want {
					t.Fatalf("RawEnd(%s, %d months) = %s, want day %d", iso(from), n, iso(raw), want)
				}
			}
		}
	})
}
