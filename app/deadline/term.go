package deadline

import (
	"fmt"
	"time"
)

// Unit is the unit a term is expressed in; art. 57 counts each differently.
type Unit int

// Term units.
const (
	Days Unit = iota
	Weeks
	Months
)

// Term is a length of time such as "14 days" or "1 month".
type Term struct {
	Unit Unit
	N    int
}

// RawEnd is the last day of a term under art. 57 §1-3, before the §4 shift.
func RawEnd(from time.Time, t Term) time.Time {
	from = Day(from)
	switch t.Unit {
	case Days:
		// §1: the day of the event is not counted, so N days end on from+N.
		return from.AddDate(0, 0, t.N)
	case Weeks:
		return from.AddDate(0, 0, 7*t.N)
	case Months:
		return addMonths(from, t.N)
	}
	panic(fmt.Sprintf("deadline: unknown unit %d", t.Unit))
}

// addMonths implements §3 by hand because time.AddDate normalises an
// overflowing day (31 Jan + 1 month = 3 March) instead of clamping it to the
// month's last day as the statute requires.
func addMonths(from time.Time, n int) time.Time {
	y, m, d := from.Date()
	total := y*12 + int(m-1) + n
	ny := total / 12
	if total%12 < 0 {
		ny--
	}
	nm := time.Month(total-ny*12) + 1
	if last := daysIn(ny, nm); d > last {
		d = last
	}
	return D(ny, nm, d)
}

// Shift applies art. 57 §4: a Saturday or a day off moves to the next day that is neither.
func Shift(d time.Time) time.Time {
	d = Day(d)
	for d.Weekday() == time.Saturday || IsDayOff(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// End is the day a term expires: RawEnd shifted under art. 57 §4.
func End(from time.Time, t Term) time.Time {
	return Shift(RawEnd(from, t))
}

// IsWorkingDay reports whether the office works on d: neither a Saturday,
// a Sunday nor a statutory holiday (the days art. 57 §4 skips).
func IsWorkingDay(d time.Time) bool {
	return Day(d).Weekday() != time.Saturday && !IsDayOff(d)
}

// AddWorkingDays is the n-th working day after d (d itself when n is 0):
// "within 3 working days" of Thursday 24 December 2026 reaches Wednesday
// the 30th, past the holidays and the weekend.
func AddWorkingDays(d time.Time, n int) time.Time {
	d = Day(d)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if IsWorkingDay(d) {
			n--
		}
	}
	return d
}
