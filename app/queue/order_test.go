package queue

import (
	"testing"
	"time"
)

var t0 = time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

func TestNext(t *testing.T) {
	all := []string{"A", "B", "C", "D"}
	tests := []struct {
		name    string
		ts      []Ticket
		counter string
		groups  []string
		want    string // id, "" for none
	}{
		{"empty", nil, "S1", all, ""},
		{"by issue time", []Ticket{
			{ID: "2", Group: "A", Number: 2, Status: StatusWaiting, IssuedAt: at(2)},
			{ID: "1", Group: "A", Number: 1, Status: StatusWaiting, IssuedAt: at(1)},
		}, "S1", all, "1"},
		{"priority before earlier ordinary", []Ticket{
			{ID: "1", Group: "A", Number: 1, Status: StatusWaiting, IssuedAt: at(1)},
			{ID: "2", Group: "A", Number: 2, Status: StatusWaiting, IssuedAt: at(2)},
			{ID: "3", Group: "A", Number: 3, Priority: true, Status: StatusWaiting, IssuedAt: at(3)},
		}, "S1", all, "3"},
		{"two priority: earlier first", []Ticket{
			{ID: "4", Group: "B", Number: 4, Priority: true, Status: StatusWaiting, IssuedAt: at(4)},
			{ID: "3", Group: "A", Number: 3, Priority: true, Status: StatusWaiting, IssuedAt: at(3)},
		}, "S1", all, "3"},
		{"only the counter's groups", []Ticket{
			{ID: "1", Group: "A", Number: 1, Priority: true, Status: StatusWaiting, IssuedAt: at(1)},
			{ID: "2", Group: "B", Number: 1, Status: StatusWaiting, IssuedAt: at(2)},
		}, "S1", []string{"B"}, "2"},
		{"no group served", []Ticket{
			{ID: "1", Group: "A", Number: 1, Status: StatusWaiting, IssuedAt: at(1)},
		}, "S1", []string{"C"}, ""},
		{"called, served, absent are not called", []Ticket{
			{ID: "1", Group: "A", Number: 1, Status: StatusCalled, IssuedAt: at(1)},
			{ID: "2", Group: "A", Number: 2, Status: StatusServed, IssuedAt: at(1)},
			{ID: "3", Group: "A", Number: 3, Status: StatusAbsent, IssuedAt: at(1)},
		}, "S1", all, ""},
		{"sent to this counter, whatever its group", []Ticket{
			{ID: "1", Group: "A", Number: 1, Status: StatusWaiting, IssuedAt: at(0)},
			{ID: "2", Group: "C", Number: 1, Status: StatusTransferred, Counter: "S2", Priority: true, IssuedAt: at(5)},
		}, "S2", []string{"A"}, "2"},
		{"sent to another counter: not called here", []Ticket{
			{ID: "2", Group: "A", Number: 1, Status: StatusTransferred, Counter: "S2", IssuedAt: at(0)},
		}, "S1", all, ""},
		{"same time: lower number", []Ticket{
			{ID: "b", Group: "A", Number: 7, Status: StatusWaiting, IssuedAt: at(1)},
			{ID: "a", Group: "A", Number: 6, Status: StatusWaiting, IssuedAt: at(1)},
		}, "S1", all, "a"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			i := Next(tc.ts, tc.counter, tc.groups)
			got := ""
			if i >= 0 {
				got = tc.ts[i].ID
			}
			if got != tc.want {
				t.Fatalf("Next = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestAhead(t *testing.T) {
	ts := []Ticket{
		{Group: "A", Status: StatusWaiting},
		{Group: "A", Status: StatusWaiting, Priority: true},
		{Group: "A", Status: StatusCalled},
		{Group: "B", Status: StatusWaiting},
	}
	if n := Ahead(ts, "A", false); n != 2 {
		t.Errorf("ordinary ahead = %d, want 2", n)
	}
	if n := Ahead(ts, "A", true); n != 1 {
		t.Errorf("priority ahead = %d, want 1", n)
	}
	if n := Ahead(ts, "C", false); n != 0 {
		t.Errorf("empty group ahead = %d, want 0", n)
	}
}

func TestCanMark(t *testing.T) {
	tests := []struct {
		from, to string
		want     bool
	}{
		{StatusCalled, StatusServed, true},
		{StatusCalled, StatusAbsent, true},
		{StatusCalled, StatusTransferred, true},
		{StatusCalled, StatusWaiting, false},
		{StatusCalled, StatusCalled, false},
		{StatusWaiting, StatusServed, false},
		{StatusServed, StatusServed, false},
		{StatusAbsent, StatusServed, false},
		{StatusCalled, "bogus", false},
	}
	for _, tc := range tests {
		if got := CanMark(tc.from, tc.to); got != tc.want {
			t.Errorf("CanMark(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}
