package deadline

import (
	"fmt"
	"sort"
	"time"
)

// Rule is a card's deadline rule; Kind is one of "immediate", "days", "weeks", "months", "kpa-1m", "kpa-2m".
type Rule struct {
	Kind string
	N    int
}

// Rule kinds as stored on service cards.
const (
	kindImmediate = "immediate"
	kindDays      = "days"
	kindWeeks     = "weeks"
	kindMonths    = "months"
	kindKPA1M     = "kpa-1m"
	kindKPA2M     = "kpa-2m"
)

// Validate rejects an unknown kind, a missing length, or a length where the statute fixes it.
func (r Rule) Validate() error {
	// A length on a fixed kind would be silently ignored, so it is refused.
	switch r.Kind {
	case kindDays, kindWeeks, kindMonths:
		if r.N < 1 {
			return fmt.Errorf("deadline: rule %q needs N >= 1, got %d", r.Kind, r.N)
		}
	case kindImmediate, kindKPA1M, kindKPA2M:
		if r.N != 0 {
			return fmt.Errorf("deadline: rule %q takes no N, got %d", r.Kind, r.N)
		}
	default:
		return fmt.Errorf("deadline: unknown rule kind %q", r.Kind)
	}
	return nil
}

// Pause is a period when the clock stops (art. 35 §5): from the day the office calls the party to supplement (wezwanie) to the day the documents arrive. To.IsZero() means still paused.
type Pause struct {
	From, To time.Time
}

// Due computes when the office must settle a case started on `start` under rule r, excluding paused periods. It returns paused=true (and a zero date) while a pause is open.
func Due(r Rule, start time.Time, pauses []Pause) (due time.Time, paused bool, err error) {
	if err := r.Validate(); err != nil {
		return time.Time{}, false, err
	}
	stopped, open, err := pausedDays(pauses)
	if err != nil {
		return time.Time{}, false, err
	}
	if open {
		// No date can be promised until the party answers the call.
		return time.Time{}, true, nil
	}
	var end time.Time
	switch r.Kind {
	case kindImmediate:
		// "Niezwłocznie" still cannot fall on a day the office is closed.
		end = Day(start)
	case kindDays:
		end = RawEnd(start, Term{Days, r.N})
	case kindWeeks:
		end = RawEnd(start, Term{Weeks, r.N})
	case kindMonths:
		end = RawEnd(start, Term{Months, r.N})
	case kindKPA1M:
		end = RawEnd(start, Term{Months, 1})
	case kindKPA2M:
		end = RawEnd(start, Term{Months, 2})
	}
	// §4 applies to the end of the whole period, so it comes after the
	// paused days are added, never before.
	return Shift(end.AddDate(0, 0, stopped)), false, nil
}

// pausedDays sums the closed pauses after merging overlaps, since a day the
// clock already stood still cannot stop it a second time.
func pausedDays(pauses []Pause) (days int, open bool, err error) {
	type span struct{ from, to int64 }
	spans := make([]span, 0, len(pauses))
	for i, p := range pauses {
		if p.To.IsZero() {
			open = true
			continue
		}
		from, to := epochDay(p.From), epochDay(p.To)
		if to < from {
			return 0, false, fmt.Errorf("deadline: pause %d ends %s before it starts %s",
				i, Day(p.To).Format(time.DateOnly), Day(p.From).Format(time.DateOnly))
		}
		spans = append(spans, span{from, to})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
	var total, reach int64
	for i, s := range spans {
		if i == 0 || s.from > reach {
			total += s.to - s.from
			reach = s.to
			continue
		}
		if s.to > reach {
			total += s.to - reach
			reach = s.to
		}
	}
	return int(total), open, nil
}

// MinSupplementDays is the art. 64 §2 minimum.
const MinSupplementDays = 7

// SupplementDue is the end of the term for supplementing documents, counted from the day the call was delivered (handed over at the counter = the same day); days below 7 are raised to 7.
func SupplementDue(delivered time.Time, days int) time.Time {
	if days < MinSupplementDays {
		days = MinSupplementDays
	}
	return End(delivered, Term{Days, days})
}

// DaysLeft is the number of calendar days from today to due, negative once overdue.
func DaysLeft(due, today time.Time) int {
	return daysBetween(today, due)
}

// soonDays is how many days ahead a deadline starts to be flagged.
const soonDays = 3

// Flag is "overdue" when today is after due, "soon" when due is within 3 days (0..3 days left), else "".
func Flag(due, today time.Time) string {
	switch left := DaysLeft(due, today); {
	case left < 0:
		return "overdue"
	case left <= soonDays:
		return "soon"
	}
	return ""
}
