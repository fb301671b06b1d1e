package queue

import (
	"testing"
	"time"
)

func TestPickNext(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	cs := []CallCandidate{
		{Group: "A", IssuedAt: at(0), Number: 1},
		{Group: "B", IssuedAt: at(1), Number: 1},
		{Group: "A", IssuedAt: at(5), Number: 2, Priority: true},
		{Group: "C", IssuedAt: at(0), Number: 1, SentTo: "Stanowisko 3"},
		{Group: "B", IssuedAt: at(1), Number: 2},
	}
	cases := []struct {
		name    string
		counter string
		groups  []string
		want    int
	}{
		{"priority before an earlier ordinary ticket", "1", []string{"A"}, 2},
		{"only the groups it serves", "1", []string{"B"}, 1},
		{"a ticket sent to the counter, whatever its group", "Stanowisko 3", []string{"B"}, 3},
		{"a ticket sent elsewhere is not for it", "1", []string{"C"}, -1},
		{"nobody waiting for its groups", "1", []string{"D"}, -1},
		{"no groups", "1", nil, -1},
	}
	for _, c := range cases {
		if got := PickNext(cs, c.counter, c.groups); got != c.want {
			t.Errorf("%s: got %d, want %d", c.name, got, c.want)
		}
	}
	// The same time: the lower number first.
	same := []CallCandidate{{Group: "A", IssuedAt: t0, Number: 2}, {Group: "A", IssuedAt: t0, Number: 1}}
	if got := PickNext(same, "1", []string{"A"}); got != 1 {
		t.Errorf("same time: got %d, want 1", got)
	}
}
