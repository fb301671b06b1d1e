package deadline

import (
	"strings"
	"testing"
	"time"
)

func TestRuleValidate(t *testing.T) {
	good := []Rule{
		{"immediate", 0}, {"days", 1}, {"days", 14}, {"weeks", 2}, {"months", 1}, {"kpa-1m", 0}, {"kpa-2m", 0},
	}
	for _, r := range good {
		if err := r.Validate(); err != nil {
			t.Errorf("%+v: unexpected error %v", r, err)
		}
	}
	bad := []Rule{
		{"days", 0},  // a zero-day term is no term
		{"days", -7}, // negative length
		{"weeks", 0},
		{"months", -1},
		{"immediate", 1}, // the statute fixes these, a length would be silently ignored
		{"kpa-1m", 1},
		{"kpa-2m", 2},
		{"", 0},      // missing kind
		{"Days", 7},  // kinds are case-sensitive identifiers from the catalogue
		{"years", 1}, // unknown kind
		{"kpa-3m", 0},
	}
	for _, r := range bad {
		err := r.Validate()
		if err == nil {
			t.Errorf("%+v: no error", r)
			continue
		}
		if !strings.HasPrefix(err.Error(), "deadline: ") {
			t.Errorf("%+v: error %q lacks the package prefix", r, err)
		}
		d, paused, derr := Due(r, D(2026, 3, 2), nil)
		if derr == nil || !d.IsZero() || paused {
			t.Errorf("Due(%+v) = %v, %v, %v; want the validation error", r, d, paused, derr)
		}
	}
}

func TestPauseErrors(t *testing.T) {
	start := D(2026, 3, 2)
	cases := []struct {
		name   string
		pauses []Pause
	}{
		{"ends before it starts", []Pause{{D(2026, 3, 10), D(2026, 3, 9)}}},
		{"second pause reversed", []Pause{{D(2026, 3, 3), D(2026, 3, 5)}, {D(2026, 3, 20), D(2026, 3, 6)}}},
		// A reversed pause is a data error even while another pause is open;
		// reporting "paused" would hide it until the open one closes.
		{"reversed next to an open pause", []Pause{{D(2026, 3, 20), time.Time{}}, {D(2026, 3, 10), D(2026, 3, 9)}}},
	}
	for _, c := range cases {
		d, paused, err := Due(Rule{"days", 7}, start, c.pauses)
		if err == nil || !strings.HasPrefix(err.Error(), "deadline: ") {
			t.Errorf("%s: err = %v, want a deadline: error", c.name, err)
		}
		if !d.IsZero() || paused {
			t.Errorf("%s: got %v, paused=%v alongside the error", c.name, d, paused)
		}
	}
	// The boundary: a pause closed the day it opened is valid and adds nothing.
	if d, _, err := Due(Rule{"days", 7}, start, []Pause{{D(2026, 3, 4), D(2026, 3, 4)}}); err != nil || !d.Equal(D(2026, 3, 9)) {
		t.Errorf("same-day pause: %v, %v", d, err)
	}
}

func TestPausedDaysMerge(t *testing.T) {
	day := func(d int) time.Time { return D(2026, 3, d) }
	cases := []struct {
		pauses []Pause
		want   int
	}{
		{nil, 0},
		{[]Pause{{day(1), day(5)}}, 4},
		{[]Pause{{day(1), day(5)}, {day(5), day(8)}}, 7},                       // touching
		{[]Pause{{day(1), day(5)}, {day(3), day(8)}}, 7},                       // overlapping
		{[]Pause{{day(1), day(10)}, {day(2), day(3)}}, 9},                      // contained
		{[]Pause{{day(20), day(22)}, {day(1), day(10)}, {day(2), day(3)}}, 11}, // unsorted
		{[]Pause{{day(1), day(10)}, {day(1), day(10)}}, 9},                     // the same pause recorded twice
	}
	for i, c := range cases {
		got, open, err := pausedDays(c.pauses)
		if err != nil || open || got != c.want {
			t.Errorf("case %d: %d, %v, %v; want %d", i, got, open, err, c.want)
		}
	}
}
