// Package visits is Wizyty domowe: an official's visit at the home of a
// client whose health keeps them from coming to the office (Piotrków
// §5.3, "Wizyta urzędnika w domu Klienta"). A request is the table of
// annex 1 (§5.3.1: who asks, for whom, the address, a phone, the matter
// and the reason the client cannot come, preferred dates); the head of
// the unit names the official and the date, at least one working day
// ahead (§5.3.3), so that the named authorization can be made (§5.3.4);
// the official visits on that authorization (§5.3.5) and reports how it
// went. The authorizations are kept in a register (§5.3.6). Pure: the
// device and the registry share it.
package visits

import (
	"strconv"
	"time"

	"okienko/app/charset"
	"okienko/app/deadline"
	"okienko/app/ident"
)

// Status is where a visit stands.
type Status string

// The statuses of a visit. A report of "new date" sends the visit back
// to requested, for the head to assign the agreed date (§5.3.3 again).
const (
	Requested Status = "requested" // annex 1 filled in, awaiting the head
	Assigned  Status = "assigned"  // an official and a date named
	Done      Status = "done"      // visited, the matter dealt with
	Absent    Status = "absent"    // the official came, the client was not there
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	return s == Requested || s == Assigned || s == Done || s == Absent
}

// Final reports whether a visit in s is over.
func (s Status) Final() bool { return s == Done || s == Absent }

// CanMove reports whether a visit may go from one status to another.
func CanMove(from, to Status) bool {
	if from == to {
		return !from.Final()
	}
	switch from {
	case Requested:
		return to == Assigned
	case Assigned:
		return to == Requested || to == Done || to == Absent
	}
	return false
}

// Outcome is what an official reports of a visit.
type Outcome string

// The outcomes of a visit report.
const (
	OutcomeDone    Outcome = "done"    // the matter was dealt with
	OutcomeAbsent  Outcome = "absent"  // the client was not at home
	OutcomeNewDate Outcome = "newDate" // another date was agreed with the client
)

// Channel is how the request came in (§5.3.1: at the information point,
// or by phone).
type Channel string

// The channels of a request.
const (
	Counter Channel = "counter"
	Phone   Channel = "phone"
)

// Receipt is what happened to an intake's receipt at the client's home:
// printed on a portable printer, or to be handed over later.
type Receipt string

// The receipt's fates.
const (
	ReceiptNone    Receipt = ""
	ReceiptPrinted Receipt = "printed"
	ReceiptLater   Receipt = "later"
)

// Limits of the fields a person types, in characters.
const (
	MaxName      = 100
	MaxAddress   = 200
	MaxMatter    = 300
	MaxReason    = 500
	MaxPreferred = 200
	MaxNote      = 500
)

// Visit is one home visit: the annex 1 request, the head's assignment and
// the official's report.
type Visit struct {
	ID        string
	UnitID    string // the unit whose matter it is (its head assigns)
	CardID    string // the service card of the matter, if any
	Channel   Channel
	Requester string // who asks (may be a relative or carer)
	Client    string // for whom
	Address   string
	Phone     string
	Matter    string
	Reason    string // why the client cannot come (§5.3: health)
	Preferred string // preferred dates, as the client said them
	CreatedBy string
	CreatedAt time.Time

	AssigneeID string // the official who visits
	Day        string // YYYY-MM-DD, the office's
	Time       string // HH:MM, or "" for "during the day"
	AssignedBy string // the head who assigned
	AssignedAt time.Time

	Status     Status
	Note       string // the report's note
	ReportedBy string
	ReportedAt time.Time
	CaseID     string // the case registered at the client's home
	Receipt    Receipt
}

// Problem is one refused field, with its i18n key and arguments.
type Problem struct {
	Field string
	Key   string
	Args  map[string]string
}

// Normalize cleans what a person typed and writes the phone in E.164.
func (v *Visit) Normalize() {
	v.Requester = charset.Clean(v.Requester, false)
	v.Client = charset.Clean(v.Client, false)
	v.Address = charset.Clean(v.Address, false)
	v.Matter = charset.Clean(v.Matter, false)
	v.Reason = charset.Clean(v.Reason, true)
	v.Preferred = charset.Clean(v.Preferred, false)
	v.Note = charset.Clean(v.Note, true)
	if p, err := ident.NormalizePhone(v.Phone); err == nil {
		v.Phone = p
	}
}

// ValidateRequest checks the annex 1 table: every field of it given and
// printable, the phone a phone, the unit named. The requester may be
// left empty when the client asks for themselves.
func ValidateRequest(v Visit) []Problem {
	var out []Problem
	out = append(out, text("client", v.Client, charset.Name, MaxName, true)...)
	// Who asks may say how they are related: "Maria Łęcka (córka)".
	out = append(out, text("requester", v.Requester, charset.Text, MaxName, false)...)
	out = append(out, text("address", v.Address, charset.Address, MaxAddress, true)...)
	out = append(out, text("matter", v.Matter, charset.Text, MaxMatter, true)...)
	out = append(out, text("reason", v.Reason, charset.Text, MaxReason, true)...)
	out = append(out, text("preferred", v.Preferred, charset.Text, MaxPreferred, false)...)
	if v.Phone == "" {
		out = append(out, Problem{Field: "phone", Key: "visits.phoneMissing"})
	} else if ident.Phone(v.Phone) != nil {
		out = append(out, Problem{Field: "phone", Key: "visits.phoneBad"})
	}
	if v.UnitID == "" {
		out = append(out, Problem{Field: "unit", Key: "visits.unitMissing"})
	}
	if v.Channel != Counter && v.Channel != Phone {
		out = append(out, Problem{Field: "channel", Key: "visits.channelBad"})
	}
	return out
}

// EarliestDay is the first day a visit may be set for when it is
// assigned on today: one working day ahead (§5.3.3, "z co najmniej
// 1-dniowym wyprzedzeniem, umożliwiającym sporządzenie stosownych
// projektów upoważnień"), counted in working days so that a Friday's
// assignment does not fall on Saturday.
func EarliestDay(today time.Time) time.Time {
	y, m, d := today.Date()
	return deadline.AddWorkingDays(time.Date(y, m, d, 0, 0, 0, 0, time.UTC), 1)
}

// ValidateDay checks a visit's day and time against the office's today:
// a real date, a working day, at least EarliestDay, and a time of office
// hours when one is given.
func ValidateDay(day, hhmm string, today time.Time) []Problem {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return []Problem{{Field: "day", Key: "visits.dayBad"}}
	}
	// Days compared as the office's calendar days, whatever the zones.
	earliest := EarliestDay(today).Format(time.DateOnly)
	if day < earliest {
		return []Problem{{Field: "day", Key: "visits.dayTooSoon", Args: map[string]string{"earliest": earliest}}}
	}
	if !deadline.IsWorkingDay(d) {
		return []Problem{{Field: "day", Key: "visits.dayOff"}}
	}
	if hhmm != "" {
		t, err := time.Parse("15:04", hhmm)
		if err != nil {
			return []Problem{{Field: "time", Key: "visits.timeBad"}}
		}
		if m := t.Hour()*60 + t.Minute(); m < OpenHour*60 || m > CloseHour*60 {
			return []Problem{{Field: "time", Key: "visits.outsideHours"}}
		}
	}
	return nil
}

// Office hours a visit may be set within.
const (
	OpenHour  = 7
	CloseHour = 18
)

// ValidateReport checks an official's report of a visit on day (the
// office's, YYYY-MM-DD): a visit assigned to them, a known outcome, and
// a note when the visit is reported done on an authorization that did
// not cover the day (expired, returned, revoked or never issued) or
// another date was agreed.
func ValidateReport(v Visit, o Outcome, note, staffID string, auth *Authorization, day string) []Problem {
	if v.Status != Assigned {
		return []Problem{{Field: "status", Key: "visits.notAssigned"}}
	}
	if v.AssigneeID != staffID {
		return []Problem{{Field: "assignee", Key: "visits.notYours"}}
	}
	if p := text("note", note, charset.Text, MaxNote, false); p != nil {
		return p
	}
	switch o {
	case OutcomeDone:
		if note == "" && (auth == nil || !auth.CoversDay(day)) {
			return []Problem{{Field: "note", Key: "visits.authExpiredNote"}}
		}
	case OutcomeAbsent:
	case OutcomeNewDate:
		if note == "" {
			return []Problem{{Field: "note", Key: "visits.newDateNote"}}
		}
	default:
		return []Problem{{Field: "outcome", Key: "visits.outcomeBad"}}
	}
	return nil
}

// Apply writes a valid report into the visit.
func (v *Visit) Apply(o Outcome, note, staffID string, at time.Time) {
	v.Note, v.ReportedBy, v.ReportedAt = note, staffID, at
	switch o {
	case OutcomeDone:
		v.Status = Done
	case OutcomeAbsent:
		v.Status = Absent
	case OutcomeNewDate:
		// The head sets the agreed date again: the old authorization
		// named another day.
		v.Status = Requested
		v.Preferred = note
	}
}

// DueOn reports whether an assigned visit belongs to the office day:
// set for it, or set for an earlier day and never reported.
func DueOn(v Visit, day string) bool { return v.Status == Assigned && v.Day != "" && v.Day <= day }

// text checks one typed field with charset's rules.
func text(field, s string, k charset.Kind, max int, required bool) []Problem {
	if s == "" {
		if required {
			return []Problem{{Field: field, Key: "visits.required", Args: map[string]string{"field": "@visits.field." + field}}}
		}
		return nil
	}
	if p := charset.Check(k, s, max, false); p != nil {
		args := map[string]string{"field": "@visits.field." + field, "char": p.Char, "count": strconv.Itoa(p.Max), "n": strconv.Itoa(p.Len)}
		return []Problem{{Field: field, Key: string(p.Reason), Args: args}}
	}
	return nil
}

// ValidPhone reports whether s reads as a phone number (the registry's
// check of a pushed row).
func ValidPhone(s string) bool { return ident.Phone(s) == nil }
