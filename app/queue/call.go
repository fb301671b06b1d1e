package queue

import "time"

// CallCandidate is an open ticket as the calling order sees it: waiting
// for its group, or sent to one counter (SentTo).
type CallCandidate struct {
	Group    string
	Priority bool
	IssuedAt time.Time
	Number   int
	SentTo   string // the counter a transferred ticket waits for; "" while it waits for its group
}

// PickNext is the ticket a counter calls next among cs, or -1 when none
// is for it: tickets of the groups it serves, and those sent to it;
// priority ("obsługa w pierwszej kolejności") before the others, then the
// earliest taken, then the lowest number (Gostynin 2a/2b).
func PickNext(cs []CallCandidate, counter string, groups []string) int {
	serves := make(map[string]bool, len(groups))
	for _, g := range groups {
		serves[g] = true
	}
	best := -1
	for i, c := range cs {
		if c.SentTo != "" && c.SentTo != counter || c.SentTo == "" && !serves[c.Group] {
			continue
		}
		if best < 0 || callsBefore(c, cs[best]) {
			best = i
		}
	}
	return best
}

func callsBefore(a, b CallCandidate) bool {
	if a.Priority != b.Priority {
		return a.Priority
	}
	if !a.IssuedAt.Equal(b.IssuedAt) {
		return a.IssuedAt.Before(b.IssuedAt)
	}
	return a.Number < b.Number
}
