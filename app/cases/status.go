// Package cases is the pure domain of a case (sprawa): its status machine,
// the client, the document checklist and the draft of an intake. No I/O.
package cases

import "slices"

// Status is where a case stands.
type Status string

// Statuses of a case.
const (
	Registered         Status = "registered"          // zarejestrowana
	InProgress         Status = "in_progress"         // w toku
	AwaitingSupplement Status = "awaiting_supplement" // wezwano do uzupełnienia braków
	Supplemented       Status = "supplemented"        // uzupełniona
	Settled            Status = "settled"             // załatwiona
	LeftUnexamined     Status = "left_unexamined"     // pozostawiona bez rozpoznania (art. 64 § 2 KPA)
	Forwarded          Status = "forwarded"           // przekazana według właściwości (art. 65 KPA)
)

// Statuses lists every status in the order a case moves through them.
var Statuses = []Status{Registered, InProgress, AwaitingSupplement, Supplemented, Settled, LeftUnexamined, Forwarded}

// transitions is the status machine: zarejestrowana → w toku → wezwano do
// uzupełnienia ↔ uzupełniona → załatwiona / pozostawiona bez rozpoznania /
// przekazana. A case incomplete at the counter goes straight to the call to
// supplement; only a case waiting for documents can be left unexamined.
var transitions = map[Status][]Status{
	Registered:         {InProgress, AwaitingSupplement, Settled, Forwarded},
	InProgress:         {AwaitingSupplement, Settled, Forwarded},
	AwaitingSupplement: {Supplemented, LeftUnexamined},
	Supplemented:       {InProgress, AwaitingSupplement, Settled},
}

// Next lists the statuses a case may move to from s.
func Next(s Status) []Status { return transitions[s] }

// CanMove reports whether from → to is allowed.
func CanMove(from, to Status) bool { return slices.Contains(transitions[from], to) }

// Closed reports whether the case is finished.
func (s Status) Closed() bool { return s == Settled || s == LeftUnexamined || s == Forwarded }

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// ClockStopped reports whether the art. 35 deadline is paused in s (the
// office waits for the party, art. 35 § 5).
func (s Status) ClockStopped() bool { return s == AwaitingSupplement }

// Event kinds in a case's history.
const (
	EventRegistered          = "registered"
	EventStatus              = "status"
	EventSupplementRequested = "supplement_requested"
	EventSupplemented        = "supplemented"
	EventPrinted             = "printed"
	// EventSignFinalized: a provisional sign got its final number at sync;
	// the detail is the provisional sign the client's receipt carries.
	EventSignFinalized = "sign_finalized"
	// EventDateConfirmed: the clerk confirmed the date of submission while
	// the office's time could not be trusted; the detail says why
	// ("unknown", "skew" or "jump") and the date confirmed.
	EventDateConfirmed = "date_confirmed"
)
