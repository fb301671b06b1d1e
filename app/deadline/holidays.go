// Package deadline computes Polish administrative deadlines under the KPA
// (Dz.U. 2024 poz. 572) and the statutory days off. Every function is pure:
// dates come in as arguments and nothing reads the clock, so the whole engine
// is table- and fuzz-tested.
package deadline

import (
	"sort"
	"time"
)

// Holiday is a statutory public holiday (ustawa z 18 stycznia 1951 r. o dniach wolnych od pracy).
type Holiday struct {
	Date time.Time
	Name string
}

// fixedHoliday falls on the same date every year; since is the first year it
// applies (0 = always), because the act has been amended over time.
type fixedHoliday struct {
	month time.Month
	day   int
	since int
	name  string
}

// The current wording of art. 1 of the act. Only the two recent additions are
// dated: older changes (3 May and 11 Nov restored in 1989-1990) predate any
// case this application will hold.
var fixedHolidays = []fixedHoliday{
	{time.January, 1, 0, "Nowy Rok"},
	{time.January, 6, 2011, "Święto Trzech Króli"},
	{time.May, 1, 0, "Święto Państwowe"},
	{time.May, 3, 0, "Święto Narodowe Trzeciego Maja"},
	{time.August, 15, 0, "Wniebowzięcie Najświętszej Maryi Panny"},
	{time.November, 1, 0, "Wszystkich Świętych"},
	{time.November, 11, 0, "Narodowe Święto Niepodległości"},
	{time.December, 24, 2025, "Wigilia Bożego Narodzenia"},
	{time.December, 25, 0, "pierwszy dzień Bożego Narodzenia"},
	{time.December, 26, 0, "drugi dzień Bożego Narodzenia"},
}

// easterHoliday is a movable feast, offset in days from Easter Sunday.
type easterHoliday struct {
	offset int
	name   string
}

var easterHolidays = []easterHoliday{
	{0, "Wielkanoc"},
	{1, "Poniedziałek Wielkanocny"},
	{49, "Zielone Świątki"},
	{60, "Boże Ciało"},
}

// easter returns Easter Sunday of the Gregorian calendar using the anonymous
// Gregorian algorithm (Meeus/Jones/Butcher; J. Meeus, Astronomical
// Algorithms, ch. 8), valid for every Gregorian year.
func easter(year int) time.Time {
	a := year % 19
	b := year / 100
	c := year % 100
	d := b / 4
	e := b % 4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i := c / 4
	k := c % 4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return D(year, time.Month(month), day)
}

// Holidays lists the statutory holidays of a year by date, without ordinary Sundays.
func Holidays(year int) []Holiday {
	// Ordinary Sundays are left to IsDayOff: 52 of them would bury the
	// holidays a clerk needs to see.
	out := make([]Holiday, 0, len(fixedHolidays)+len(easterHolidays))
	for _, f := range fixedHolidays {
		if year >= f.since {
			out = append(out, Holiday{D(year, f.month, f.day), f.name})
		}
	}
	e := easter(year)
	for _, m := range easterHolidays {
		out = append(out, Holiday{e.AddDate(0, 0, m.offset), m.name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// IsHoliday reports whether d is a statutory holiday, whatever its weekday.
func IsHoliday(d time.Time) bool {
	d = Day(d)
	y, m, dd := d.Date()
	for _, f := range fixedHolidays {
		if y >= f.since && m == f.month && dd == f.day {
			return true
		}
	}
	// Every movable feast lies between 22 March and 24 June, so other dates
	// need no Easter computation.
	if m < time.March || m > time.June {
		return false
	}
	e := easter(y)
	for _, h := range easterHolidays {
		if e.AddDate(0, 0, h.offset).Equal(d) {
			return true
		}
	}
	return false
}

// IsDayOff reports whether d is a Sunday or a statutory holiday.
func IsDayOff(d time.Time) bool {
	return Day(d).Weekday() == time.Sunday || IsHoliday(d)
}
