package queue

import (
	"slices"
	"time"
)

// Ticket statuses; the same words as the wire's (sync/protocol).
const (
	StatusWaiting     = "waiting"
	StatusCalled      = "called"
	StatusServed      = "served"
	StatusAbsent      = "absent"
	StatusTransferred = "transferred" // sent to another counter: waits again, for it alone
)

// Ticket is what the calling order and the times need of a ticket.
type Ticket struct {
	ID       string
	Group    string // the group's code
	Number   int
	Priority bool   // "obsługa w pierwszej kolejności": no reason asked or kept
	Status   string // one of the Status constants
	Counter  string // the counter that called it, or that it was sent to
	IssuedAt time.Time
	CalledAt time.Time
	DoneAt   time.Time
}

// Callable reports whether counter may call t, serving groups: a waiting
// ticket of one of its groups, or one another counter sent to it by name
// (whatever its group: the clerk who sent it chose this counter).
func Callable(t Ticket, counter string, groups []string) bool {
	switch t.Status {
	case StatusWaiting:
		return slices.Contains(groups, t.Group)
	case StatusTransferred:
		return t.Counter != "" && t.Counter == counter
	}
	return false
}

// Before is the calling order (Gostynin 2a/2b, Piotrków §5.1: priority
// service first): priority tickets before the others, then the one taken
// earlier, then the lower number, then the id, so two counters agree.
func Before(a, b Ticket) bool {
	if a.Priority != b.Priority {
		return a.Priority
	}
	if !a.IssuedAt.Equal(b.IssuedAt) {
		return a.IssuedAt.Before(b.IssuedAt)
	}
	if a.Number != b.Number {
		return a.Number < b.Number
	}
	return a.ID < b.ID
}

// Next returns the index in ts of the ticket counter calls next among
// the groups it serves, or -1 when nobody waits for it.
func Next(ts []Ticket, counter string, groups []string) int {
	best := -1
	for i, t := range ts {
		if Callable(t, counter, groups) && (best < 0 || Before(t, ts[best])) {
			best = i
		}
	}
	return best
}

// Ahead counts the tickets of group still waiting that a new ticket of
// priority p would wait behind: all waiting ones of its group when it is
// ordinary, only the priority ones when it is a priority ticket.
func Ahead(ts []Ticket, group string, p bool) int {
	n := 0
	for _, t := range ts {
		if t.Status == StatusWaiting && t.Group == group && (t.Priority || !p) {
			n++
		}
	}
	return n
}

// CanMark reports whether a ticket in status from may be marked to: only
// a called ticket is served, absent or sent on.
func CanMark(from, to string) bool {
	if from != StatusCalled {
		return false
	}
	switch to {
	case StatusServed, StatusAbsent, StatusTransferred:
		return true
	}
	return false
}
