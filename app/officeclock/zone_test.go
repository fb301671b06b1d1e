package officeclock

import (
	"errors"
	"testing"
	"time"
)

func TestLoadZone(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"", true}, {"Europe/Warsaw", true}, {"America/Los_Angeles", true}, {"UTC", true},
		{"Local", false}, {"Europe/Warszawa", false}, {" Europe/Warsaw", false}, {"CET", false},
		{"../../etc/passwd", false}, {"Europe/Warsaw\x00", false},
	} {
		loc, err := LoadZone(tc.name)
		if (err == nil) != tc.ok {
			t.Errorf("LoadZone(%q) = %v, %v; want ok=%v", tc.name, loc, err, tc.ok)
		}
		if err != nil && !errors.Is(err, ErrZone) {
			t.Errorf("LoadZone(%q): %v is not ErrZone", tc.name, err)
		}
	}
	if loc, _ := LoadZone(""); loc.String() != DefaultZone {
		t.Errorf("empty zone = %v, want %s", loc, DefaultZone)
	}
}

// TestDay: the same instant is one office date whatever zone the instant
// was read in; the office's zone decides.
func TestDay(t *testing.T) {
	waw := MustZone("Europe/Warsaw")
	la := MustZone("America/Los_Angeles")
	for _, tc := range []struct {
		utc  string
		want string
	}{
		{"2026-12-31T23:30:00Z", "2027-01-01"}, // 00:30 in Warsaw
		{"2026-12-31T22:59:59Z", "2026-12-31"},
		{"2026-12-31T23:00:00Z", "2027-01-01"},
		{"2026-04-30T22:30:00Z", "2026-05-01"}, // summer time: UTC+2
		{"2026-04-30T21:59:00Z", "2026-04-30"},
		{"2026-03-28T23:30:00Z", "2026-03-29"}, // the night clocks go forward
		{"2026-10-24T22:30:00Z", "2026-10-25"}, // the night clocks go back (still +2 at 22:30Z)
		{"2026-10-25T22:30:00Z", "2026-10-25"}, // +1 again: 23:30
		{"2026-12-23T23:30:00Z", "2026-12-24"},
	} {
		at, _ := time.Parse(time.RFC3339, tc.utc)
		for _, in := range []*time.Location{time.UTC, waw, la, time.FixedZone("X", 13*3600)} {
			if got := Day(at.In(in), waw).Format(time.DateOnly); got != tc.want {
				t.Errorf("Day(%s read in %v) = %s, want %s", tc.utc, in, got, tc.want)
			}
		}
		if d := Day(at, waw); d.Location() != time.UTC || d.Hour() != 0 {
			t.Errorf("Day(%s) = %v, want midnight UTC", tc.utc, d)
		}
	}
	if got := Day(time.Date(2026, 12, 31, 20, 0, 0, 0, time.UTC), la).Format(time.DateOnly); got != "2026-12-31" {
		t.Errorf("Los Angeles office: %s", got)
	}
}

func TestLeaseYearAllowed(t *testing.T) {
	d := func(s string) time.Time { v, _ := time.Parse(time.DateOnly, s); return v }
	for _, tc := range []struct {
		today string
		year  int
		want  bool
	}{
		{"2026-12-03", 2026, true}, {"2026-12-03", 2027, false}, {"2026-12-03", 2025, false},
		{"2026-12-17", 2027, false}, {"2026-12-18", 2027, true}, {"2026-12-31", 2027, true},
		{"2026-12-31", 2028, false}, {"2027-01-01", 2027, true}, {"2027-01-01", 2026, true},
		{"2027-01-14", 2026, true}, {"2027-01-15", 2026, false}, {"2027-01-01", 2025, false},
		{"2028-12-18", 2029, true}, {"2028-12-17", 2029, false}, // leap year: 366 days
		{"2026-06-15", 2031, false}, {"2026-06-15", 1999, false},
	} {
		if got := LeaseYearAllowed(tc.year, d(tc.today)); got != tc.want {
			t.Errorf("LeaseYearAllowed(%d, %s) = %v, want %v", tc.year, tc.today, got, tc.want)
		}
	}
	if got := LeaseYears(d("2026-12-20")); len(got) != 2 || got[1] != 2027 {
		t.Errorf("LeaseYears(20.12) = %v", got)
	}
	if got := LeaseYears(d("2027-01-02")); len(got) != 1 || got[0] != 2027 {
		t.Errorf("LeaseYears(02.01) = %v: a device asks only for the current year; the previous one only for a case waiting", got)
	}
}

func TestSubmissionFlag(t *testing.T) {
	d := func(s string) time.Time { v, _ := time.Parse(time.DateOnly, s); return v }
	reg := d("2026-12-03")
	for _, tc := range []struct{ sub, want string }{
		{"2026-12-03", ""}, {"2026-12-04", "ahead"}, {"2027-01-01", "ahead"},
		{"2026-12-02", ""}, {"2026-11-30", ""}, {"2026-11-29", "behind"}, {"2025-12-03", "behind"},
	} {
		if got := SubmissionFlag(d(tc.sub), reg); got != tc.want {
			t.Errorf("SubmissionFlag(%s, 03.12) = %q, want %q", tc.sub, got, tc.want)
		}
	}
}
