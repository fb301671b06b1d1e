package queue

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DefaultMaxWait is the longest wait, in minutes, before the head is
// warned when the office has set none (Gostynin standard 26: the queue
// system manages the flow of clients).
const DefaultMaxWait = 30

// MaxMaxWait bounds the setting: a day.
const MaxMaxWait = 24 * 60

// Wait is how long t waited: until it was called, or until now while it
// still waits. A ticket called again after a transfer counts its first call.
func Wait(t Ticket, now time.Time) time.Duration {
	end := t.CalledAt
	if end.IsZero() {
		end = now
	}
	if end.Before(t.IssuedAt) {
		return 0 // a clock set back: no negative wait in the reports
	}
	return end.Sub(t.IssuedAt)
}

// Service is how long t was served: from its call until it was marked,
// or 0 when it is not done.
func Service(t Ticket) time.Duration {
	if t.CalledAt.IsZero() || t.DoneAt.IsZero() || t.DoneAt.Before(t.CalledAt) {
		return 0
	}
	return t.DoneAt.Sub(t.CalledAt)
}

// LongestWait is the longest wait of the tickets still waiting (sent to
// another counter included), at now.
func LongestWait(ts []Ticket, now time.Time) time.Duration {
	var m time.Duration
	for _, t := range ts {
		if t.Status == StatusWaiting || t.Status == StatusTransferred {
			m = max(m, now.Sub(t.IssuedAt))
		}
	}
	return max(m, 0)
}

// WaitWarning reports whether the head is to be warned: the longest wait
// passed the office's threshold (minutes; 0 turns the warning off).
func WaitWarning(longest time.Duration, maxMinutes int) bool {
	return maxMinutes > 0 && longest > time.Duration(maxMinutes)*time.Minute
}

// ParseMaxWait reads the queue.maxWaitMinutes setting: "" is
// DefaultMaxWait, 0 turns the warning off, at most MaxMaxWait.
func ParseMaxWait(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultMaxWait, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > MaxMaxWait {
		return DefaultMaxWait, fmt.Errorf("queue: max wait %q: want 0–%d minutes", s, MaxMaxWait)
	}
	return n, nil
}

// Minutes rounds a duration down to whole minutes, for the screen and
// the reports.
func Minutes(d time.Duration) int { return int(d / time.Minute) }
