package deadline

import (
	"errors"
	"time"
)

// Regime is the law a call to supplement is made under; the card says which.
type Regime string

// The regimes of a call to supplement.
const (
	// RegimeKPA: art. 64 § 2 KPA, at least 7 days from delivery.
	RegimeKPA Regime = "kpa"
	// RegimeOP: art. 169 § 1 Ordynacji podatkowej (tax matters), at least
	// 7 days from delivery, with its own warning.
	RegimeOP Regime = "op"
)

// Valid reports whether r is a known regime ("" means KPA).
func (r Regime) Valid() bool { return r == "" || r == RegimeKPA || r == RegimeOP }

// DeliveryMode is how a call to supplement reached the client; the term
// runs from the day it was delivered (art. 64 § 2 KPA: "od dnia doręczenia").
type DeliveryMode string

// The ways a call is delivered.
const (
	// DeliveredCounter: handed over at the counter, delivered that day.
	DeliveredCounter DeliveryMode = "counter"
	// DeliveredPost: by post, delivered on the date of the return receipt
	// (zwrotne potwierdzenie odbioru), entered when it comes back.
	DeliveredPost DeliveryMode = "post"
	// DeliveredElectronic: e-Doręczenia or ePUAP, delivered on the day the
	// addressee acknowledged it (ustawa o doręczeniach elektronicznych,
	// art. 41 ust. 1 pkt 1).
	DeliveredElectronic DeliveryMode = "electronic"
	// DeliveredElectronicUnread: sent electronically and not acknowledged:
	// delivered when 14 days from the sending have passed (art. 41 ust. 1
	// pkt 2 of that act, the same rule as art. 46 § 4 KPA once had).
	DeliveredElectronicUnread DeliveryMode = "electronic_unread"
)

// ElectronicFictionDays is the 14 days after which an unacknowledged
// electronic delivery counts as made.
const ElectronicFictionDays = 14

// Valid reports whether m is a known mode.
func (m DeliveryMode) Valid() bool {
	switch m {
	case DeliveredCounter, DeliveredPost, DeliveredElectronic, DeliveredElectronicUnread:
		return true
	}
	return false
}

// SupplementTerm is the card's term for supplementing: its length and
// whether it counts working days (an act's own rule, e.g. the CEIDG act's
// 7 working days) or calendar days (art. 57 § 1 KPA, art. 12 § 1 OP).
type SupplementTerm struct {
	Regime      Regime
	Days        int  // 0 means the statutory minimum, 7
	WorkingDays bool // count only working days
}

// ErrDeliveryDate is a delivery date that cannot be: before the call was
// issued, or after today.
var ErrDeliveryDate = errors.New("deadline: delivery date out of range")

// DeliveredOn is the day the call counts as delivered, given how it went
// and the date the clerk entered (the counter's day, the return receipt's
// date, the acknowledgement's date, or the day it was sent for an
// unacknowledged electronic delivery). It must lie between the call's
// issue and today: a return receipt is never dated before the call.
func DeliveredOn(mode DeliveryMode, on, issued, today time.Time) (time.Time, error) {
	on, issued, today = Day(on), Day(issued), Day(today)
	if on.Before(issued) || on.After(today) {
		return time.Time{}, ErrDeliveryDate
	}
	if mode == DeliveredElectronicUnread {
		return on.AddDate(0, 0, ElectronicFictionDays), nil
	}
	return on, nil
}

// TermEnd is the last day to supplement: the term counted from the day
// of delivery (which is not counted, art. 57 § 1 KPA / art. 12 § 1 OP),
// shifted off a Saturday or a day off (art. 57 § 4 KPA / art. 12 § 5 OP).
// A term in working days counts only days that are neither a Saturday nor
// a day off, and so never ends on one. Below 7 days it is raised to 7
// (art. 64 § 2 KPA and art. 169 § 1 OP both say "nie krótszy niż 7 dni").
func TermEnd(delivered time.Time, t SupplementTerm) time.Time {
	days := max(t.Days, MinSupplementDays)
	if !t.WorkingDays {
		return SupplementDue(delivered, days)
	}
	return AddWorkingDays(delivered, days)
}

// WorkingDaysBetween counts the working days after from up to and
// including to; 0 when to is not after from.
func WorkingDaysBetween(from, to time.Time) int {
	n := 0
	for d := Day(from).AddDate(0, 0, 1); !d.After(Day(to)); d = d.AddDate(0, 0, 1) {
		if IsWorkingDay(d) {
			n++
		}
	}
	return n
}
