package deadline

import (
	"testing"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/aa"
	"github.com/rickar/cal/v2/pl"
)

// rickarHolidays builds the statutory set from an independent implementation.
// pl.ChristmasEve has Type 0 (not ObservancePublic), so the set comes from the
// explicit variables, never from a type filter. pl leaves out Easter Sunday
// and Pentecost because they are Sundays anyway; the act lists them, so they
// are taken from aa. pl.Holidays is added too, so a holiday pl gains later
// still shows up as a difference.
func rickarHolidays(year int) map[time.Time]bool {
	src := []*cal.Holiday{
		pl.NewYear, pl.ThreeKings, pl.EasterMonday, pl.LabourDay, pl.ConstitutionDay,
		pl.CorpusChristi, pl.AssumptionBlessedVirginMary, pl.AllSaints,
		pl.NationalIndependenceDay, pl.ChristmasEve, pl.ChristmasDayOne, pl.ChristmasDayTwo,
		aa.Easter, aa.Pentecost,
	}
	src = append(src, pl.Holidays...)
	set := map[time.Time]bool{}
	for _, h := range src {
		actual, _ := h.Calc(year)
		if !actual.IsZero() {
			set[Day(actual)] = true
		}
	}
	return set
}

func TestHolidaysAgainstRickarCal(t *testing.T) {
	for year := 2020; year <= 2035; year++ {
		want := rickarHolidays(year)
		got := map[time.Time]bool{}
		for _, h := range Holidays(year) {
			got[h.Date] = true
			if !want[h.Date] {
				t.Errorf("%d: we list %s %q, rickar/cal does not", year, h.Date.Format(time.DateOnly), h.Name)
			}
		}
		for d := range want {
			if !got[d] {
				t.Errorf("%d: rickar/cal lists %s, we do not", year, d.Format(time.DateOnly))
			}
		}
		// Walking every day also checks IsHoliday against the same set.
		for d := D(year, 1, 1); d.Year() == year; d = d.AddDate(0, 0, 1) {
			if IsHoliday(d) != want[d] {
				t.Errorf("IsHoliday(%s) = %v, rickar/cal says %v", d.Format(time.DateOnly), IsHoliday(d), want[d])
			}
		}
	}
}

func TestKnownHolidays(t *testing.T) {
	easterSundays := []time.Time{
		D(2024, 3, 31), D(2025, 4, 20), D(2026, 4, 5), D(2027, 3, 28), D(2030, 4, 21), D(2035, 3, 25),
	}
	for _, e := range easterSundays {
		if got := easter(e.Year()); !got.Equal(e) {
			t.Errorf("easter(%d) = %s, want %s", e.Year(), got.Format(time.DateOnly), e.Format(time.DateOnly))
		}
		if !IsHoliday(e) || !IsHoliday(e.AddDate(0, 0, 1)) {
			t.Errorf("Easter Sunday or Monday %s not a holiday", e.Format(time.DateOnly))
		}
	}
	checks := []struct {
		d    time.Time
		want bool
		why  string
	}{
		{D(2026, 6, 4), true, "Corpus Christi 2026"},
		{D(2026, 6, 3), false, "day before Corpus Christi 2026"},
		{D(2026, 5, 24), true, "Pentecost 2026"},
		{D(2024, 12, 24), false, "Wigilia before the 2025 amendment"},
		{D(2025, 12, 24), true, "Wigilia from 2025"},
		{D(2010, 1, 6), false, "Epiphany before 2011"},
		{D(2011, 1, 6), true, "Epiphany from 2011"},
		{D(2026, 4, 3), false, "Good Friday is a working day"},
		{D(2026, 4, 4), false, "Holy Saturday is not a holiday (only a Saturday)"},
		{D(2026, 11, 2), false, "All Souls' Day is a working day"},
	}
	for _, c := range checks {
		if got := IsHoliday(c.d); got != c.want {
			t.Errorf("IsHoliday(%s) = %v, want %v: %s", c.d.Format(time.DateOnly), got, c.want, c.why)
		}
	}
}

func TestHolidaysList(t *testing.T) {
	hs := Holidays(2026)
	if len(hs) != 14 {
		t.Fatalf("2026 has %d holidays, want 14 (10 fixed incl. Wigilia + 4 movable)", len(hs))
	}
	if len(Holidays(2024)) != 13 {
		t.Errorf("2024 has %d holidays, want 13 (no Wigilia yet)", len(Holidays(2024)))
	}
	for i, h := range hs {
		if h.Name == "" {
			t.Errorf("holiday %s has no name", h.Date.Format(time.DateOnly))
		}
		if i > 0 && !hs[i-1].Date.Before(h.Date) {
			t.Errorf("not sorted at %d: %s then %s", i, hs[i-1].Date.Format(time.DateOnly), h.Date.Format(time.DateOnly))
		}
		if h.Date.Location() != time.UTC || h.Date.Hour() != 0 {
			t.Errorf("holiday %v not at 00:00 UTC", h.Date)
		}
	}
	if hs[len(hs)-3].Name != "Wigilia Bożego Narodzenia" {
		t.Errorf("third from last is %q, want Wigilia", hs[len(hs)-3].Name)
	}
}

func TestIsDayOff(t *testing.T) {
	cases := []struct {
		d    time.Time
		want bool
	}{
		{D(2026, 3, 8), true},   // ordinary Sunday
		{D(2026, 3, 7), false},  // Saturday is not a day off; only art. 57 §4 treats it like one
		{D(2026, 3, 9), false},  // Monday
		{D(2026, 11, 11), true}, // Wednesday holiday
		{D(2026, 11, 1), true},  // holiday on a Sunday
	}
	for _, c := range cases {
		if got := IsDayOff(c.d); got != c.want {
			t.Errorf("IsDayOff(%s) = %v, want %v", c.d.Format(time.DateOnly), got, c.want)
		}
	}
}

func TestDay(t *testing.T) {
	warsaw := time.FixedZone("CEST", 2*3600)
	// 00:30 local on 1 Nov is still 31 Oct in UTC; the civil date must win.
	if got := Day(time.Date(2026, 11, 1, 0, 30, 0, 0, warsaw)); !got.Equal(D(2026, 11, 1)) {
		t.Errorf("Day(local 00:30) = %v, want 2026-11-01", got)
	}
	west := time.FixedZone("", -10*3600)
	if got := Day(time.Date(2026, 3, 7, 23, 59, 59, 0, west)); !got.Equal(D(2026, 3, 7)) || got.Location() != time.UTC {
		t.Errorf("Day(late evening) = %v, want 2026-03-07 UTC", got)
	}
	if !IsHoliday(time.Date(2026, 11, 1, 0, 30, 0, 0, warsaw)) {
		t.Error("IsHoliday ignores the civil date of a zoned time")
	}
	if got := D(2026, 2, 29); !got.Equal(D(2026, 3, 1)) {
		t.Errorf("D normalises like time.Date: got %v", got)
	}
}
