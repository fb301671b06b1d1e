package cases

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"okienko/app/daytext"
	"okienko/app/deadline"
)

// Event kinds of a case's duties (issue 12 parts 4, 5, 6 and 8). Their
// detail is a JSON object, checked by ParseDuty on the device and on the
// registry alike.
const (
	// EventHandedOver: the case's handler changed (from, to, note); the
	// deadline does not move.
	EventHandedOver = "handed_over"
	// EventNoticeArt36: the party was notified under art. 36 § 1 KPA that
	// the case will not be settled in time (reason, new date).
	EventNoticeArt36 = "notice_art36"
	// EventInterpreter: the client asked for a sign-language interpreter
	// for a visit (ustawa o języku migowym, art. 12).
	EventInterpreter = "interpreter_requested"
	// EventSupplementDelivered: how the call to supplement was delivered
	// and when; the term runs from that day (art. 64 § 2 KPA).
	EventSupplementDelivered = "supplement_delivered"
)

// DutyKinds are the event kinds whose detail is a Duty.
var DutyKinds = []string{EventHandedOver, EventNoticeArt36, EventInterpreter, EventSupplementDelivered}

// Limits of a duty's texts, in characters.
const (
	MaxDutyNote   = 1000 // a handover's note, a notice's reason
	maxDutyPerson = 300  // a signer's name, position and authorization
)

// Duty is the detail of a duty event; each kind uses its own fields.
type Duty struct {
	From string `json:"from,omitempty"` // handed_over: the previous handler (staff id)
	To   string `json:"to,omitempty"`   // handed_over: the new handler (staff id)
	Note string `json:"note,omitempty"` // handed_over: why; notice_art36: the reason

	OldDue string `json:"oldDue,omitempty"` // notice_art36: the deadline replaced
	NewDue string `json:"newDue,omitempty"` // notice_art36: the new date
	// Signer and Authorization name who signed "z upoważnienia" (art. 268a KPA).
	Signer        string `json:"signer,omitempty"`
	Authorization string `json:"authorization,omitempty"`

	VisitOn string `json:"visitOn,omitempty"` // interpreter_requested: the visit's day
	VisitAt string `json:"visitAt,omitempty"` // interpreter_requested: its time, HH:MM
	Short   bool   `json:"short,omitempty"`   // interpreter_requested: under 3 working days' notice

	Mode        string `json:"mode,omitempty"`        // supplement_delivered: deadline.DeliveryMode
	On          string `json:"on,omitempty"`          // supplement_delivered: the date entered, "" while the return receipt is awaited
	DeliveredOn string `json:"deliveredOn,omitempty"` // supplement_delivered: the day it counts as delivered
	TermEnd     string `json:"termEnd,omitempty"`     // supplement_delivered: the last day to supplement
}

// ErrDuty is a duty detail that is not what its kind records.
var ErrDuty = errors.New("cases: malformed duty detail")

// JSON is the detail as stored in the event.
func (d Duty) JSON() string {
	b, _ := json.Marshal(d)
	return string(b)
}

// ParseDuty reads and checks the detail of a duty event of kind.
func ParseDuty(kind, detail string) (Duty, error) {
	var d Duty
	dec := json.NewDecoder(strings.NewReader(detail))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return Duty{}, fmt.Errorf("%w: %v", ErrDuty, err)
	}
	bad := func(what string) (Duty, error) { return Duty{}, fmt.Errorf("%w: %s %s", ErrDuty, kind, what) }
	for _, s := range []string{d.Signer, d.Authorization, d.From, d.To} {
		if !text(s, maxDutyPerson) {
			return bad("text too long")
		}
	}
	if !text(d.Note, MaxDutyNote) {
		return bad("note too long")
	}
	switch kind {
	case EventHandedOver:
		if d.To == "" || d.To == d.From {
			return bad("without a new handler")
		}
	case EventNoticeArt36:
		if strings.TrimSpace(d.Note) == "" || !daytext.IsISO(d.NewDue) || d.OldDue != "" && !daytext.IsISO(d.OldDue) ||
			d.OldDue != "" && d.NewDue <= d.OldDue {
			return bad("without a reason or a later date")
		}
	case EventInterpreter:
		if !daytext.IsISO(d.VisitOn) || d.VisitAt != "" && !clock(d.VisitAt) {
			return bad("without a visit's day")
		}
	case EventSupplementDelivered:
		if !deadline.DeliveryMode(d.Mode).Valid() {
			return bad("with an unknown mode")
		}
		if d.On == "" {
			// Sent, delivery not yet known: only the post and e-delivery wait.
			if d.Mode == string(deadline.DeliveredCounter) || d.DeliveredOn != "" || d.TermEnd != "" {
				return bad("pending with dates")
			}
			break
		}
		if !daytext.IsISO(d.On) || !daytext.IsISO(d.DeliveredOn) || !daytext.IsISO(d.TermEnd) || d.TermEnd <= d.DeliveredOn || d.DeliveredOn < d.On {
			return bad("with dates that do not follow")
		}
	default:
		return bad("is not a duty")
	}
	return d, nil
}

// text bounds a person's text: valid UTF-8, no control characters but
// line breaks, at most max characters.
func text(s string, max int) bool {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			return false
		}
	}
	return true
}

// clock is a time of day "HH:MM".
func clock(s string) bool {
	return len(s) == 5 && s[2] == ':' && s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' &&
		(s[0] < '2' || s[1] <= '3') && s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9'
}
