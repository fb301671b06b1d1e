package today

import (
	"slices"
	"strings"
	"time"
)

// priority breaks ties between items due at the same moment: the order the
// issue lists the areas in, a person waiting on the phone first.
var priority = map[Kind]int{
	KindCallback: 0, KindDeadline: 1, KindNotice: 2, KindSupplement: 3,
	KindHandover: 4, KindInterpreter: 5, KindQueue: 6,
}

func rank(k Kind) int {
	if r, ok := priority[k]; ok {
		return r
	}
	return len(priority)
}

// DayOf is the office day (YYYY-MM-DD) an item is due: its Day, or the day
// of its At in the zone of now (the office's).
func DayOf(it Item, now time.Time) string {
	if it.Day != "" || it.At.IsZero() {
		return it.Day
	}
	return it.At.In(now.Location()).Format(time.DateOnly)
}

// IsOverdue is whether the item is past: marked so by its source, or its
// time has passed, or its day is before now's.
func IsOverdue(it Item, now time.Time) bool {
	if it.Overdue {
		return true
	}
	if !it.At.IsZero() {
		return it.At.Before(now)
	}
	return it.Day != "" && it.Day < now.Format(time.DateOnly)
}

// Order sorts items by urgency, in place, and returns them with Overdue
// set from now: overdue first (the oldest first), then the items with a
// time of day (the soonest first), then those due on a day (by day); ties
// by the area's priority, then by id, so the order never wobbles.
func Order(items []Item, now time.Time) []Item {
	for i := range items {
		items[i].Overdue = IsOverdue(items[i], now)
	}
	slices.SortStableFunc(items, func(a, b Item) int {
		if a.Overdue != b.Overdue {
			if a.Overdue {
				return -1
			}
			return 1
		}
		if a.Overdue {
			// The oldest first; on one day, a whole day's item was late
			// since the morning, before one late since a time of that day.
			if c := strings.Compare(DayOf(a, now), DayOf(b, now)); c != 0 {
				return c
			}
			if c := compareAt(a, b); c != 0 {
				return c
			}
		} else {
			aTimed, bTimed := !a.At.IsZero(), !b.At.IsZero()
			if aTimed != bTimed {
				if aTimed {
					return -1
				}
				return 1
			}
			if aTimed {
				if c := a.At.Compare(b.At); c != 0 {
					return c
				}
			} else if c := strings.Compare(a.Day, b.Day); c != 0 {
				return c
			}
		}
		if c := rank(a.Kind) - rank(b.Kind); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return items
}

// compareAt puts an item without a time before one with a time, and two
// timed items by their time.
func compareAt(a, b Item) int {
	switch {
	case a.At.IsZero() && b.At.IsZero():
		return 0
	case a.At.IsZero():
		return -1
	case b.At.IsZero():
		return 1
	}
	return a.At.Compare(b.At)
}
