// Package letters is the Dziennik korespondencji: letters and e-mails
// received by the office, whom they are assigned to, by when they must be
// answered and how they were answered. An e-mail is answered within 24
// working hours (Płock VI: "nie później niż 24 godziny od ich otrzymania
// (termin obowiązuje wyłącznie w dni robocze)"; Gostynin 17–18: answer
// regularly and without delay); a letter within its matter's term: the
// KPA month (art. 35 § 3), 14 days for public information (u.d.i.p. art.
// 13), or the linked case's own deadline. Pure: the device and the
// registry share it.
package letters

import (
	"strconv"
	"time"

	"okienko/app/charset"
	"okienko/app/deadline"
	"okienko/app/office"
)

// Channel is how a letter came in or how its answer went out.
type Channel string

// The channels of the register.
const (
	Email    Channel = "email"    // e-mail
	Post     Channel = "post"     // a letter by post
	EPUAP    Channel = "epuap"    // ePUAP or e-Doręczenia
	InPerson Channel = "inperson" // handed in at the counter
	Phone    Channel = "phone"    // an answer given by phone (Gostynin 18), outgoing only
)

// Channels are the channels a letter may come in by.
var Channels = []Channel{Email, Post, EPUAP, InPerson}

// AnswerChannels are the channels an answer may go out by.
var AnswerChannels = []Channel{Email, Post, EPUAP, InPerson, Phone}

// ValidIn reports whether c is a channel a letter comes in by.
func (c Channel) ValidIn() bool { return has(Channels, c) }

// ValidOut reports whether c is a channel an answer goes out by.
func (c Channel) ValidOut() bool { return has(AnswerChannels, c) }

func has(list []Channel, c Channel) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}

// Rule is how a letter's answer-by is counted.
type Rule string

// The rules of the answer-by.
const (
	RuleEmail24h Rule = "email24h" // 24 working hours (Płock VI), for e-mails
	RuleKPAMonth Rule = "kpaMonth" // one month, art. 35 § 3 KPA: the default for a letter
	RulePublic14 Rule = "public14" // 14 days, u.d.i.p. art. 13
	RuleCase     Rule = "case"     // the linked case's deadline
)

// Rules lists the rules a clerk may choose.
var Rules = []Rule{RuleEmail24h, RuleKPAMonth, RulePublic14, RuleCase}

// Valid reports whether r is a known rule.
func (r Rule) Valid() bool {
	for _, x := range Rules {
		if x == r {
			return true
		}
	}
	return false
}

// DefaultRule is the rule a letter of channel c takes unless the clerk
// chooses another: 24 working hours for an e-mail, the KPA month else.
func DefaultRule(c Channel) Rule {
	if c == Email {
		return RuleEmail24h
	}
	return RuleKPAMonth
}

// The office's working hours on a working day, on the office's clock:
// 8 hours, so 24 working hours are three working days.
const (
	DayStart = 8
	DayEnd   = 16
)

// EmailHours is Płock VI's term for an e-mail, in working hours.
const EmailHours = 24

// Limits of the fields a person types, in characters.
const (
	MaxSender  = 200
	MaxAddress = 300
	MaxSubject = 300
	MaxNote    = 500
)

// Status is where a letter stands.
type Status string

// The statuses of a letter.
const (
	Open     Status = "open"     // waiting for its answer
	Answered Status = "answered" // answered, with date and channel
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return s == Open || s == Answered }

// Letter is one entry of the register. ReceivedAt is an instant; DueAt
// is the answer-by instant (end of day for a term in days).
type Letter struct {
	ID            string
	ReceivedAt    time.Time
	Channel       Channel
	Sender        string // name of the sender, sealed at rest
	SenderAddress string // postal or e-mail address, sealed at rest
	Subject       string // sealed at rest
	AssigneeID    string
	CaseID        string
	Rule          Rule
	DueAt         time.Time
	Status        Status
	AnsweredAt    time.Time
	AnswerChannel Channel
	AnsweredBy    string
	Note          string // a remark on the answer, sealed at rest
	CreatedBy     string
	AssignedBy    string    // who last reassigned it (a unit's head or an admin); "" while never
	AssignedAt    time.Time // when; zero while never
}

// MayReassign reports whether a person of role r may hand a letter to
// another official: a unit's head or an admin; a clerk answers what is
// given to them.
func MayReassign(r office.Role) bool { return r == office.RoleHead || r == office.RoleAdmin }

// CheckReassign holds a reassignment to its rules: the person doing it
// may (MayReassign), the letter is still open, someone is named and it
// is someone else than who has it now.
func CheckReassign(l Letter, by office.Role, to string) []Problem {
	switch {
	case !MayReassign(by):
		return []Problem{{Field: "assignee", Key: "letters.reassignRole"}}
	case l.Status != Open:
		return []Problem{{Field: "assignee", Key: "letters.reassignAnswered"}}
	case to == "":
		return []Problem{{Field: "assignee", Key: "letters.assigneeMissing"}}
	case to == l.AssigneeID:
		return []Problem{{Field: "assignee", Key: "letters.reassignSame"}}
	}
	return nil
}

// Problem is one refused field, with its i18n key and arguments.
type Problem struct {
	Field string
	Key   string
	Args  map[string]string
}

// Normalize cleans what a person typed.
func (l *Letter) Normalize() {
	l.Sender = charset.Clean(l.Sender, false)
	l.SenderAddress = charset.Clean(l.SenderAddress, false)
	l.Subject = charset.Clean(l.Subject, false)
	l.Note = charset.Clean(l.Note, true)
}

// Slack is how far ahead of the office's clock a receipt may be dated: a
// clock a minute off does not refuse "now".
const Slack = 5 * time.Minute

// Validate checks a new entry against the office's instant now: fields
// present and printable, a known channel and rule, a receipt not in the
// future, an assignee, a case when the rule is the case's.
func Validate(l Letter, now time.Time) []Problem {
	var out []Problem
	if !l.Channel.ValidIn() {
		out = append(out, Problem{Field: "channel", Key: "letters.channelBad"})
	}
	out = append(out, text("sender", l.Sender, charset.Text, MaxSender, true)...)
	addrKind := charset.Address
	if l.Channel == Email {
		addrKind = charset.Email
	}
	out = append(out, text("senderAddress", l.SenderAddress, addrKind, MaxAddress, false)...)
	out = append(out, text("subject", l.Subject, charset.Text, MaxSubject, true)...)
	if l.ReceivedAt.IsZero() {
		out = append(out, Problem{Field: "receivedAt", Key: "letters.receivedMissing"})
	} else if l.ReceivedAt.After(now.Add(Slack)) {
		out = append(out, Problem{Field: "receivedAt", Key: "letters.receivedFuture"})
	}
	if l.AssigneeID == "" {
		out = append(out, Problem{Field: "assignee", Key: "letters.assigneeMissing"})
	}
	if !l.Rule.Valid() {
		out = append(out, Problem{Field: "rule", Key: "letters.ruleBad"})
	} else if l.Rule == RuleCase && l.CaseID == "" {
		out = append(out, Problem{Field: "case", Key: "letters.caseMissing"})
	}
	return out
}

// ValidateAnswer checks an answer: a known channel, a date neither before
// the letter's receipt nor in the future, a remark within its limit.
func ValidateAnswer(l Letter, at time.Time, ch Channel, note string, now time.Time) []Problem {
	var out []Problem
	if !ch.ValidOut() {
		out = append(out, Problem{Field: "answerChannel", Key: "letters.channelBad"})
	}
	switch {
	case at.IsZero():
		out = append(out, Problem{Field: "answeredAt", Key: "letters.answerMissing"})
	case at.Before(l.ReceivedAt):
		out = append(out, Problem{Field: "answeredAt", Key: "letters.answerBeforeReceipt",
			Args: map[string]string{"received": l.ReceivedAt.In(now.Location()).Format("2006-01-02 15:04")}})
	case at.After(now.Add(Slack)):
		out = append(out, Problem{Field: "answeredAt", Key: "letters.answerFuture"})
	}
	if l.Status == Answered {
		out = append(out, Problem{Field: "answeredAt", Key: "letters.alreadyAnswered"})
	}
	return append(out, text("note", note, charset.Text, MaxNote, false)...)
}

func text(field, s string, k charset.Kind, max int, required bool) []Problem {
	if s == "" {
		if required {
			return []Problem{{Field: field, Key: "letters.required", Args: map[string]string{"field": "@letters.field." + field}}}
		}
		return nil
	}
	if p := charset.Check(k, s, max, false); p != nil {
		args := map[string]string{"field": "@letters.field." + field, "char": p.Char, "count": strconv.Itoa(p.Max), "n": strconv.Itoa(p.Len)}
		return []Problem{{Field: field, Key: string(p.Reason), Args: args}}
	}
	return nil
}

// AnswerBy is a letter's answer-by instant under its rule, received at
// an instant on the office's clock (its location): for RuleEmail24h the
// moment 24 working hours have run; for a term in days or months the end
// of the term's last day (art. 57, § 4 shift); for RuleCase the end of
// caseDue (a day, YYYY-MM-DD as a time at midnight), or the KPA month
// when the case has none.
func AnswerBy(rule Rule, received time.Time, caseDue time.Time) time.Time {
	switch rule {
	case RuleEmail24h:
		return AddWorkingHours(received, EmailHours)
	case RulePublic14:
		return endOfDay(deadline.End(received, deadline.Term{Unit: deadline.Days, N: 14}), received.Location())
	case RuleCase:
		if !caseDue.IsZero() {
			return endOfDay(caseDue, received.Location())
		}
	}
	return endOfDay(deadline.End(received, deadline.Term{Unit: deadline.Months, N: 1}), received.Location())
}

// endOfDay is the last moment of day d (taken as a calendar day) in loc.
func endOfDay(d time.Time, loc *time.Location) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 23, 59, 59, 0, loc)
}

// AddWorkingHours counts h working hours from t: only the office's
// working hours (DayStart–DayEnd) of working days (deadline.IsWorkingDay:
// no Saturdays, Sundays or statutory holidays) count. An e-mail received
// after hours or on a day off starts counting at the next opening; one
// whose term runs out exactly at closing is due at closing, not at the
// next opening.
func AddWorkingHours(t time.Time, h int) time.Time {
	loc := t.Location()
	left := time.Duration(h) * time.Hour
	cur := t
	for {
		y, m, d := cur.Date()
		open := time.Date(y, m, d, DayStart, 0, 0, 0, loc)
		closing := time.Date(y, m, d, DayEnd, 0, 0, 0, loc)
		if !deadline.IsWorkingDay(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) || !cur.Before(closing) {
			cur = time.Date(y, m, d+1, DayStart, 0, 0, 0, loc)
			continue
		}
		if cur.Before(open) {
			cur = open
		}
		if avail := closing.Sub(cur); left <= avail {
			return cur.Add(left)
		} else {
			left -= avail
		}
		cur = time.Date(y, m, d+1, DayStart, 0, 0, 0, loc)
	}
}

// State is how a letter stands on the office's clock.
type State string

// The states a list flags.
const (
	StateOpen     State = "open"     // waiting, on time
	StateDueToday State = "dueToday" // waiting, due on the office day
	StateOverdue  State = "overdue"  // waiting past its answer-by
	StateOnTime   State = "onTime"   // answered by its answer-by
	StateLate     State = "late"     // answered after its answer-by
)

// StateAt is the letter's state at the office's instant now.
func StateAt(l Letter, now time.Time) State {
	if l.Status == Answered {
		if l.AnsweredAt.After(l.DueAt) {
			return StateLate
		}
		return StateOnTime
	}
	if now.After(l.DueAt) {
		return StateOverdue
	}
	if sameDay(l.DueAt.In(now.Location()), now) {
		return StateDueToday
	}
	return StateOpen
}

func sameDay(a, b time.Time) bool {
	y1, m1, d1 := a.Date()
	y2, m2, d2 := b.Date()
	return y1 == y2 && m1 == m2 && d1 == d2
}

// Counts are the register's figures for a period (the monitoring report):
// letters received in it, those of them answered, answered late, and
// still waiting past their answer-by at the period's end.
type Counts struct {
	Received     int
	Answered     int
	AnsweredLate int
	Overdue      int
	ByChannel    map[Channel]int
}

// Count sums letters received in [from, to) as they stood at the instant
// to (or now, if earlier).
func Count(list []Letter, from, to, now time.Time) Counts {
	at := to
	if now.Before(at) {
		at = now
	}
	c := Counts{ByChannel: map[Channel]int{}}
	for _, l := range list {
		if l.ReceivedAt.Before(from) || !l.ReceivedAt.Before(to) {
			continue
		}
		c.Received++
		c.ByChannel[l.Channel]++
		answered := l.Status == Answered && l.AnsweredAt.Before(at.Add(time.Nanosecond))
		switch {
		case answered && l.AnsweredAt.After(l.DueAt):
			c.Answered++
			c.AnsweredLate++
		case answered:
			c.Answered++
		case at.After(l.DueAt):
			c.Overdue++
		}
	}
	return c
}
