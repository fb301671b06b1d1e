package deadline

import (
	"testing"
	"time"
)

func TestAddWorkingDays(t *testing.T) {
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-12-02", 3, "2026-12-07"}, // Wed: Thu, Fri, (Sat, Sun) Mon
		{"2026-12-23", 3, "2026-12-30"}, // 24, 25, 26 holidays, 27 Sunday
		{"2026-12-24", 3, "2026-12-30"},
		{"2026-12-28", 0, "2026-12-28"},
		{"2026-12-31", 1, "2027-01-04"}, // 1 Jan holiday, 2 Saturday, 3 Sunday
		{"2026-04-30", 2, "2026-05-05"}, // 1 May, 2 Saturday, 3 May Sunday and holiday
	} {
		from, _ := time.Parse(time.DateOnly, tc.from)
		if got := AddWorkingDays(from, tc.n).Format(time.DateOnly); got != tc.want {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
}

func TestIsWorkingDay(t *testing.T) {
	for day, want := range map[string]bool{
		"2026-12-24": false, "2026-12-26": false, "2026-12-27": false, "2026-12-28": true, "2026-12-19": false, "2026-12-18": true,
	} {
		d, _ := time.Parse(time.DateOnly, day)
		if got := IsWorkingDay(d); got != want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", day, got, want)
		}
	}
}
