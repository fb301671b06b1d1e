// Package today is "Dziś", the clerk's start page: one list of what is due
// on the office day, gathered from every area (callbacks, deadlines, calls
// to supplement, cases handed over, interpreter visits, the queue) and
// ordered by urgency. Pure: the areas give their items through Source.
package today

import (
	"context"
	"time"
)

// Kind names the area an item comes from; the frontend opens it there.
type Kind string

// The kinds of items "Dziś" lists.
const (
	KindCallback    Kind = "callback"    // a callback due or overdue
	KindDeadline    Kind = "deadline"    // a case's deadline in ≤ 3 working days, or passed
	KindNotice      Kind = "notice"      // a case near its deadline with no art. 36 notice
	KindSupplement  Kind = "supplement"  // a call to supplement whose term ends
	KindHandover    Kind = "handover"    // a case handed over to or by this person
	KindInterpreter Kind = "interpreter" // a sign-language interpreter booked for a visit
	KindQueue       Kind = "queue"       // the queue's state (waiting tickets, longest wait)
	KindVisit       Kind = "visit"       // a home visit due today or not yet reported
	KindComplaint   Kind = "complaint"   // a complaint to forward (art. 231) or answer (art. 237) soon or late
	KindLetter      Kind = "letter"      // a letter or e-mail whose answer is due today or overdue
)

// Item is one line of the day. Its sentence is an i18n key with named
// arguments, rendered by the app in the interface's language: an argument
// whose value is a day (YYYY-MM-DD) is shown as a date of that language,
// and the renderer adds {time} (At in office time, HH:MM) when At is set.
type Item struct {
	Kind    Kind
	ID      string            // the item's own id (a callback's, a case's, …)
	CaseID  string            // the case the line opens, if any
	At      time.Time         // when it is due, if it has a time of day
	Day     string            // the office day it is due (YYYY-MM-DD), if it has no time
	Overdue bool              // its time or day has passed
	Key     string            // the i18n key of the line's sentence
	Args    map[string]string // the sentence's named arguments
	// CardID is the card whose title Args["service"] gives, in Polish:
	// the line is shown with the card's title in the reader's language.
	CardID string
}

// Source gives one area's items for a person (their staff id) on an
// office day (YYYY-MM-DD), at the office's instant now.
type Source interface {
	TodayItems(ctx context.Context, staffID, day string, now time.Time) ([]Item, error)
}
