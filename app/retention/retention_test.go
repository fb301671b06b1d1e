package retention

import (
	"errors"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParse(t *testing.T) {
	good := []struct {
		in    string
		kind  Kind
		years int
		act   Action
	}{
		{"A", Archival, TransferYears, ActTransfer},
		{"Bc", ShortLived, 0, ActDestroy},
		{"B2", Destroy, 2, ActDestroy},
		{"B5", Destroy, 5, ActDestroy},
		{"B10", Destroy, 10, ActDestroy},
		{"B25", Destroy, 25, ActDestroy},
		{"B50", Destroy, 50, ActDestroy},
		{"B100", Destroy, 100, ActDestroy},
		{"BE5", Expertise, 5, ActExpertise},
		{"BE10", Expertise, 10, ActExpertise},
		{"BE50", Expertise, 50, ActExpertise},
	}
	for _, g := range good {
		c, err := Parse(g.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", g.in, err)
			continue
		}
		if c.Kind != g.kind || c.Years != g.years || c.Action() != g.act {
			t.Errorf("Parse(%q) = %+v, %s; want %s %d %s", g.in, c, c.Action(), g.kind, g.years, g.act)
		}
		if c.String() != g.in {
			t.Errorf("Parse(%q).String() = %q", g.in, c.String())
		}
	}
	for _, bad := range []string{"", "a", "B", "BE", "b5", "B 5", " B5", "B5 ", "B05", "B0", "BE0", "B101", "B1000",
		"BC", "Bc5", "A5", "AB", "B-5", "B+5", "B５", "E5", "BEE5", "B5.5", "BE 10", "Bc "} {
		if c, err := Parse(bad); err == nil || !errors.Is(err, ErrCategory) {
			t.Errorf("Parse(%q) = %+v, %v; want ErrCategory", bad, c, err)
		}
	}
}

func TestEnds(t *testing.T) {
	cases := []struct {
		cat, closed, ends string
	}{
		// Counted from 1 January of the year after closing, whatever the day.
		{"B5", "2026-01-01", "2032-01-01"},
		{"B5", "2026-06-15", "2032-01-01"},
		{"B5", "2026-12-31", "2032-01-01"},
		{"B5", "2027-01-01", "2033-01-01"}, // one day later, one year later
		{"B10", "2020-02-29", "2031-01-01"},
		{"B2", "2025-12-24", "2028-01-01"},
		{"B50", "2026-03-01", "2077-01-01"},
		{"BE5", "2026-11-30", "2032-01-01"},
		{"BE10", "2019-07-01", "2030-01-01"},
		{"A", "2026-05-05", "2052-01-01"}, // to the state archive after 25 years
		{"Bc", "2026-05-05", "2027-01-01"},
		{"Bc", "2026-12-31", "2027-01-01"},
	}
	for _, c := range cases {
		cat, err := Parse(c.cat)
		if err != nil {
			t.Fatal(err)
		}
		if got := cat.Ends(day(c.closed)).Format(time.DateOnly); got != c.ends {
			t.Errorf("%s closed %s: ends %s, want %s", c.cat, c.closed, got, c.ends)
		}
	}
}

func TestDue(t *testing.T) {
	b5, _ := Parse("B5")
	cases := []struct {
		closed, asOf string
		due          bool
	}{
		{"2020-12-31", "2025-12-31", false}, // the last day of the fifth full year (2021-2025)
		{"2020-12-31", "2026-01-01", true},  // the first day after it
		{"2020-01-01", "2025-12-31", false}, // closed on New Year's Day: the same year's count
		{"2020-01-01", "2026-01-01", true},
		{"2021-01-01", "2026-12-31", false},
		{"2021-01-01", "2027-01-01", true},
		{"2019-06-30", "2026-12-03", true},
	}
	for _, c := range cases {
		// A time of day on asOf never moves the answer.
		asOf := day(c.asOf).Add(23 * time.Hour)
		if got := b5.Due(day(c.closed), asOf); got != c.due {
			t.Errorf("B5 closed %s, as of %s: due %v, want %v", c.closed, c.asOf, got, c.due)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"A", "Bc", "B5", "BE10", "B05", "", "B100", "B101", "BE", "b5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			return
		}
		// What parses writes back identically, with a period in range.
		if c.String() != s {
			t.Fatalf("Parse(%q).String() = %q", s, c.String())
		}
		if c.Years < 0 || c.Years > MaxYears {
			t.Fatalf("Parse(%q): years %d", s, c.Years)
		}
		if c.Ends(day("2026-05-05")).Before(day("2027-01-01")) {
			t.Fatalf("Parse(%q): ends before the year after closing", s)
		}
	})
}
