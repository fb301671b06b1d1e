package queue

import (
	"testing"
	"time"
)

func TestTimes(t *testing.T) {
	served := Ticket{Status: StatusServed, IssuedAt: at(0), CalledAt: at(12), DoneAt: at(20)}
	waiting := Ticket{Status: StatusWaiting, IssuedAt: at(5)}
	now := at(30)
	if w := Wait(served, now); w != 12*time.Minute {
		t.Errorf("wait of served = %v", w)
	}
	if w := Wait(waiting, now); w != 25*time.Minute {
		t.Errorf("wait of waiting = %v", w)
	}
	if s := Service(served); s != 8*time.Minute {
		t.Errorf("service = %v", s)
	}
	if s := Service(Ticket{CalledAt: at(1)}); s != 0 {
		t.Errorf("service of one not done = %v", s)
	}
	if w := Wait(Ticket{IssuedAt: at(10), CalledAt: at(5)}, now); w != 0 {
		t.Errorf("wait with clock set back = %v", w)
	}
	ts := []Ticket{served, waiting, {Status: StatusTransferred, IssuedAt: at(1)}, {Status: StatusAbsent, IssuedAt: at(-60)}}
	if l := LongestWait(ts, now); l != 29*time.Minute {
		t.Errorf("longest = %v", l)
	}
	if l := LongestWait(nil, now); l != 0 {
		t.Errorf("longest of none = %v", l)
	}
}

func TestWaitWarning(t *testing.T) {
	tests := []struct {
		longest time.Duration
		max     int
		want    bool
	}{
		{31 * time.Minute, 30, true},
		{30 * time.Minute, 30, false},
		{29 * time.Minute, 30, false},
		{10 * time.Hour, 0, false},
		{0, 1, false},
	}
	for _, tc := range tests {
		if got := WaitWarning(tc.longest, tc.max); got != tc.want {
			t.Errorf("WaitWarning(%v, %d) = %v", tc.longest, tc.max, got)
		}
	}
}

func TestParseMaxWait(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"", DefaultMaxWait, true},
		{"45", 45, true},
		{" 20 ", 20, true},
		{"0", 0, true},
		{"-1", DefaultMaxWait, false},
		{"abc", DefaultMaxWait, false},
		{"100000", DefaultMaxWait, false},
	}
	for _, tc := range tests {
		got, err := ParseMaxWait(tc.in)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("ParseMaxWait(%q) = %d, %v", tc.in, got, err)
		}
	}
}
