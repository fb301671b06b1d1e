package deadline

import (
	"errors"
	"time"
)

// NoticeWorkingDays is how near (in working days) a deadline is when a
// case without an art. 36 notice is flagged: enough to write and send
// the notice "niezwłocznie", before the term has passed.
const NoticeWorkingDays = 3

// Errors of an art. 36 notice's new date.
var (
	ErrNoticeNotFuture  = errors.New("deadline: the new date is not after today")
	ErrNoticeNotLater   = errors.New("deadline: the new date is not after the current deadline")
	ErrInterpreterShort = errors.New("deadline: interpreter requested less than 3 working days ahead")
)

// CheckNoticeDate holds the new date of an art. 36 § 1 KPA notice to what
// the notice is: a later settlement date, so after today and after the
// deadline it replaces (current may be zero while the clock is stopped).
func CheckNoticeDate(newDue, current, today time.Time) error {
	newDue = Day(newDue)
	if !newDue.After(Day(today)) {
		return ErrNoticeNotFuture
	}
	if !current.IsZero() && !newDue.After(Day(current)) {
		return ErrNoticeNotLater
	}
	return nil
}

// NeedsNotice reports whether an open case with deadline due should be
// flagged for an art. 36 notice: it is due within 3 working days (or has
// passed) and no notice has set this deadline.
func NeedsNotice(due, today time.Time, noticed bool) bool {
	if noticed || due.IsZero() {
		return false
	}
	return !Day(due).After(Day(today)) || WorkingDaysBetween(today, due) <= NoticeWorkingDays
}

// InterpreterNoticeWorkingDays is the notice a person gives the office
// before a visit with a sign-language interpreter (ustawa o języku
// migowym i innych środkach komunikowania się, art. 12 ust. 1: "co
// najmniej 3 dni robocze przed tym terminem").
const InterpreterNoticeWorkingDays = 3

// CheckInterpreterNotice says whether a request made today for a visit on
// visit gives the statutory notice; a shorter one is still recorded (the
// office may manage), the clerk is only warned.
func CheckInterpreterNotice(visit, today time.Time) error {
	if WorkingDaysBetween(today, visit) < InterpreterNoticeWorkingDays {
		return ErrInterpreterShort
	}
	return nil
}
