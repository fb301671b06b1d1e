// Package officeclock is the office's one clock. Every date that binds the
// office (the day of submission, deadlines, the register's year, printed
// times, "Dziś") is read from it: the computer's wall clock corrected by the
// offset learned from the registry, in the office's time zone, whatever the
// zone or the clock of the machine it runs on. Pure: the caller persists
// what Reading returns and gives it back to Restore.
package officeclock

import (
	"errors"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // Windows and bare machines have no zoneinfo of their own
)

// DefaultZone is every Polish office's zone; an office row without one
// means it.
const DefaultZone = "Europe/Warsaw"

// ErrZone marks a time zone name that names no zone.
var ErrZone = errors.New("officeclock: unknown time zone")

// LoadZone returns the named IANA zone; "" is DefaultZone. "Local" and
// "UTC"-like aliases of the machine are refused: an office's dates must not
// depend on the computer they are computed on.
func LoadZone(name string) (*time.Location, error) {
	if name == "" {
		name = DefaultZone
	}
	if name == "Local" || strings.TrimSpace(name) != name || !strings.Contains(name, "/") && name != "UTC" {
		return nil, fmt.Errorf("%w: %q", ErrZone, name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %q", ErrZone, name)
	}
	return loc, nil
}

// MustZone is LoadZone for names known good at compile time.
func MustZone(name string) *time.Location {
	loc, err := LoadZone(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Day is the civil date of instant t in the office's zone, at 00:00 UTC
// (the form app/deadline computes with, so day arithmetic never meets DST).
func Day(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// LeaseLastDays is how many days before the year's end the registry
// already leases numbers of the next year's registers, so a laptop that
// leaves for home visits over the holidays has them for 2 January.
const LeaseLastDays = 14

// LeaseFirstDays is how many days into a year the registry still leases
// numbers of the year before, while that year is not closed: a case filed
// offline on 31 December waits for a number of its own year.
const LeaseFirstDays = 14

// LeaseYearAllowed reports whether the registry may lease numbers of
// year's registers on the office day today: the current year, the next one
// in its last days, the previous one in the first days of a year.
func LeaseYearAllowed(year int, today time.Time) bool {
	y := today.Year()
	switch year {
	case y:
		return true
	case y + 1:
		return today.YearDay() > daysInYear(y)-LeaseLastDays
	case y - 1:
		return today.YearDay() <= LeaseFirstDays
	}
	return false
}

// LeaseYears lists the years a device asks numbers for on the office day
// today: the current year, and the next one in the last days of the year.
func LeaseYears(today time.Time) []int {
	if LeaseYearAllowed(today.Year()+1, today) {
		return []int{today.Year(), today.Year() + 1}
	}
	return []int{today.Year()}
}

func daysInYear(y int) int {
	return time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC).YearDay()
}

// FlagAheadDays and FlagBehindDays bound how far a case's submission date
// may lie from the registry's office date when its op arrives before the
// registry lists it for a head: any day ahead is a wrong clock; more than a
// long weekend behind is worth a look.
const (
	FlagAheadDays  = 1
	FlagBehindDays = 4
)

// SubmissionFlag says why a submission date looks wrong on the office day
// registryToday: "ahead", "behind" or "" when it does not.
func SubmissionFlag(submitted, registryToday time.Time) string {
	d := int(submitted.Sub(registryToday).Hours() / 24)
	switch {
	case d >= FlagAheadDays:
		return "ahead"
	case -d >= FlagBehindDays:
		return "behind"
	}
	return ""
}
