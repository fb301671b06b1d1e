// Package callbacks is Oddzwonienia: a client's request to be called back
// at an agreed time or within a window, by a named person of the office
// (Płock V, Piotrków §6.3, Gostynin: "ustal termin w jakim oddzwonisz,
// oddzwoń zgodnie z ustalonym terminem"). It checks a callback, says
// whether it is due or overdue on the office's clock, and masks its phone
// for lists. Pure: the device and the registry share it.
package callbacks

import (
	"strconv"
	"strings"
	"time"

	"okienko/app/cases"
	"okienko/app/charset"
	"okienko/app/ident"
)

// Status is where a callback stands.
type Status string

// The statuses of a callback.
const (
	Open Status = "open" // agreed, not yet made
	Done Status = "done" // made, with its outcome
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return s == Open || s == Done }

// Limits of the fields a person types, in characters.
const (
	MaxName    = 100
	MaxTopic   = 300
	MaxOutcome = 500
)

// Office hours a callback may be agreed within, on the office's clock: a
// call outside them would be made by nobody.
const (
	OpenHour  = 7
	CloseHour = 18
)

// Slack is how far in the past an agreed time may lie when it is saved:
// "now" typed at 12:30:40 is 12:30.
const Slack = time.Minute

// Callback is one agreed callback. From is the agreed time, or the start
// of the agreed window when Until is set.
type Callback struct {
	ID         string
	Name       string // whom to call, as the client gave it
	Phone      string // E.164 once Normalize ran
	Topic      string
	From       time.Time
	Until      time.Time // zero: an exact time, not a window
	AssigneeID string    // who calls (staff id)
	CaseID     string    // the linked case, if any
	ClientID   string    // the linked client, if any
	CreatedBy  string
	Status     Status
	Outcome    string
	DoneAt     time.Time
	DoneBy     string
	Reagreed   int // how many times the time was agreed again
}

// End is the last moment the callback is on time: the window's end, or
// the agreed time itself.
func (c Callback) End() time.Time {
	if !c.Until.IsZero() {
		return c.Until
	}
	return c.From
}

// Problem is one refused field, with its i18n key and arguments.
type Problem struct {
	Field string
	Key   string
	Args  map[string]string
}

// Normalize cleans what a person typed (invisible marks, look-alike
// spaces) and writes the phone in its E.164 form when it reads as one.
func (c *Callback) Normalize() {
	c.Name = charset.Clean(c.Name, false)
	c.Topic = charset.Clean(c.Topic, false)
	c.Outcome = charset.Clean(c.Outcome, true)
	if p, err := ident.NormalizePhone(c.Phone); err == nil {
		c.Phone = p
	} else {
		c.Phone = strings.TrimSpace(c.Phone)
	}
}

// Validate checks a new or re-agreed callback against the office's clock
// now (in the office's zone): fields present and printable, the phone a
// phone number, the time not past, a window that ends after it begins,
// and both within office hours of one day.
func Validate(c Callback, now time.Time) []Problem {
	var out []Problem
	out = append(out, text("name", c.Name, charset.Name, MaxName, true)...)
	out = append(out, text("topic", c.Topic, charset.Text, MaxTopic, true)...)
	if c.Phone == "" {
		out = append(out, Problem{Field: "phone", Key: "callback.phoneMissing"})
	} else if err := ident.Phone(c.Phone); err != nil {
		out = append(out, Problem{Field: "phone", Key: "callback.phoneBad"})
	}
	if c.AssigneeID == "" {
		out = append(out, Problem{Field: "assignee", Key: "callback.assigneeMissing"})
	}
	return append(out, ValidateTime(c.From, c.Until, now)...)
}

// ValidateTime checks an agreed time or window on the office's clock.
func ValidateTime(from, until, now time.Time) []Problem {
	if from.IsZero() {
		return []Problem{{Field: "from", Key: "callback.timeMissing"}}
	}
	loc := now.Location()
	from = from.In(loc)
	if from.Before(now.Add(-Slack)) {
		return []Problem{{Field: "from", Key: "callback.timePast", Args: map[string]string{"now": now.Format("15:04")}}}
	}
	if !until.IsZero() {
		until = until.In(loc)
		if !until.After(from) {
			return []Problem{{Field: "until", Key: "callback.windowOrder"}}
		}
		if !sameDay(from, until) {
			return []Problem{{Field: "until", Key: "callback.windowDays"}}
		}
	}
	hours := map[string]string{"open": clock(OpenHour), "close": clock(CloseHour)}
	if !inHours(from) {
		return []Problem{{Field: "from", Key: "callback.outsideHours", Args: hours}}
	}
	if !until.IsZero() && !inHours(until) {
		return []Problem{{Field: "until", Key: "callback.outsideHours", Args: hours}}
	}
	return nil
}

// ValidateOutcome checks the outcome a callback is marked done with.
func ValidateOutcome(outcome string) []Problem {
	return text("outcome", outcome, charset.Text, MaxOutcome, true)
}

// inHours reports whether t lies within office hours (the closing hour
// itself included, as the end of a window).
func inHours(t time.Time) bool {
	m := t.Hour()*60 + t.Minute()
	return m >= OpenHour*60 && m <= CloseHour*60
}

func clock(h int) string { return time.Date(2000, 1, 1, h, 0, 0, 0, time.UTC).Format("15:04") }

// text checks one typed field with charset's rules.
func text(field, s string, k charset.Kind, max int, required bool) []Problem {
	if s == "" {
		if required {
			return []Problem{{Field: field, Key: "callback.required", Args: map[string]string{"field": "@callback.field." + field}}}
		}
		return nil
	}
	if p := charset.Check(k, s, max, false); p != nil {
		args := map[string]string{"field": "@callback.field." + field, "char": p.Char, "count": strconv.Itoa(p.Max), "n": strconv.Itoa(p.Len)}
		return []Problem{{Field: field, Key: string(p.Reason), Args: args}}
	}
	return nil
}

// State is how a callback stands on the office's clock.
type State string

// The states a list flags.
const (
	StateLater   State = "later"   // agreed for a later day
	StateToday   State = "today"   // due today, its time not yet passed
	StateOverdue State = "overdue" // its time or window has passed
	StateDone    State = "done"
)

// StateAt is the callback's state at the office's instant now: overdue
// once its time (or window) has passed, due today on its office day.
func StateAt(c Callback, now time.Time) State {
	if c.Status == Done {
		return StateDone
	}
	if now.After(c.End()) {
		return StateOverdue
	}
	if sameDay(c.From.In(now.Location()), now) {
		return StateToday
	}
	return StateLater
}

// DueOn reports whether an open callback belongs to the office day of
// now: due today, or overdue from an earlier day.
func DueOn(c Callback, now time.Time) bool {
	s := StateAt(c, now)
	return s == StateToday || s == StateOverdue
}

func sameDay(a, b time.Time) bool {
	y1, m1, d1 := a.Date()
	y2, m2, d2 := b.Date()
	return y1 == y2 && m1 == m2 && d1 == d2
}

// MaskPhone hides a phone number in lists as identifiers are hidden
// (cases.Mask): the first and last two digits show, enough to tell two
// callbacks apart, too little to call. Separators are dropped first.
func MaskPhone(phone string) string {
	p := strings.NewReplacer(" ", "", "-", "", "(", "", ")", "", "/", "", "\u00a0", "").Replace(phone)
	return cases.Mask(p)
}

// ValidPhone reports whether s reads as a phone number (the registry's
// check of a pushed row).
func ValidPhone(s string) bool { return ident.Phone(s) == nil }
