// Package complaints is the Rejestr skarg i wniosków (dział VIII KPA, art.
// 227-247, and the Rozporządzenie Rady Ministrów z 8 stycznia 2002 r. w
// sprawie organizacji przyjmowania i rozpatrywania skarg i wniosków):
// complaints and motions with their clocks (art. 231: forwarded within 7
// days; art. 237 § 1 and art. 244 § 1: answered within one month; art. 36
// extensions), the rule that a complaint about a member of staff never
// goes to that person (art. 227, 229), an anonymous one left without
// consideration (§ 8 of the 2002 regulation), the answer's required
// elements (art. 238, 239), and informal remarks at the counter (Płock
// VII, seeds/001_89a2c1c940ca1320.txt). Pure: the device and the registry
// share it.
package complaints

import (
	"strconv"
	"time"

	"okienko/app/charset"
	"okienko/app/deadline"
)

// Kind is what was lodged.
type Kind string

// The kinds of entries.
const (
	Complaint Kind = "complaint" // skarga (art. 227 KPA)
	Motion    Kind = "motion"    // wniosek (art. 241 KPA)
	Remark    Kind = "remark"    // uwaga przy stanowisku (Płock VII): no procedure, no deadline
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == Complaint || k == Motion || k == Remark }

// Channel is how the entry was received.
type Channel string

// The channels of receipt (art. 63 § 1 KPA, § 6 of the 2002 regulation).
const (
	InPerson Channel = "inPerson" // ustnie do protokołu, at the counter
	Post     Channel = "post"
	Email    Channel = "email"
	EPUAP    Channel = "epuap"
	Phone    Channel = "phone"
	Fax      Channel = "fax"
)

// Channels lists the channels in the order a form offers them.
var Channels = []Channel{InPerson, Post, Email, EPUAP, Phone, Fax}

// Valid reports whether ch is a known channel.
func (ch Channel) Valid() bool {
	for _, c := range Channels {
		if c == ch {
			return true
		}
	}
	return false
}

// Status is where an entry stands.
type Status string

// The statuses of an entry.
const (
	Registered Status = "registered" // received, being considered
	Forwarded  Status = "forwarded"  // sent to the competent body (art. 231)
	Answered   Status = "answered"   // settled, the answer sent (art. 237, 238)
	Left       Status = "left"       // pozostawiona bez rozpoznania (§ 8 of the 2002 regulation)
	Noted      Status = "noted"      // a remark recorded (no procedure)
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	switch s {
	case Registered, Forwarded, Answered, Left, Noted:
		return true
	}
	return false
}

// Closed reports whether s ends the entry: nothing moves it again.
func (s Status) Closed() bool { return s == Forwarded || s == Answered || s == Left || s == Noted }

// Outcome is how the entry was settled, as the register records it.
type Outcome string

// The outcomes.
const (
	None        Outcome = ""
	Justified   Outcome = "justified"   // zasadna (a motion: uwzględniony)
	Unjustified Outcome = "unjustified" // niezasadna (a motion: nieuwzględniony)
	OutForward  Outcome = "forwarded"   // przekazana według właściwości
	OutLeft     Outcome = "left"        // pozostawiona bez rozpoznania
)

// Outcomes lists the outcomes a register counts.
var Outcomes = []Outcome{Justified, Unjustified, OutForward, OutLeft}

// Valid reports whether o is a known outcome ("" included).
func (o Outcome) Valid() bool {
	switch o {
	case None, Justified, Unjustified, OutForward, OutLeft:
		return true
	}
	return false
}

// OutcomeOf is the outcome a status implies, and whether it implies one:
// a forwarded entry's outcome is "forwarded", a left one's "left", an
// answered one's is chosen (justified or unjustified).
func OutcomeOf(s Status) (Outcome, bool) {
	switch s {
	case Forwarded:
		return OutForward, true
	case Left:
		return OutLeft, true
	case Registered, Noted:
		return None, true
	}
	return None, false
}

// CanMove reports whether an entry may go from one status to another: a
// registered entry is forwarded, answered or left; a closed one stays.
func CanMove(from, to Status) bool {
	if from == to {
		return true
	}
	return from == Registered && (to == Forwarded || to == Answered || to == Left)
}

// Langs are the languages a complainant's printouts can be in (as a
// client's on a case): Polish, English, Ukrainian.
var Langs = []string{"pl", "en", "uk"}

// DefaultLang is the language chosen when none is: the one the case
// intake starts a client with.
const DefaultLang = "pl"

// ValidLang reports whether l is a known printout language.
func ValidLang(l string) bool {
	for _, x := range Langs {
		if x == l {
			return true
		}
	}
	return false
}

// Limits of the fields a person types, in characters.
const (
	MaxName    = 200
	MaxAddress = 300
	MaxContact = 120
	MaxSubject = 300
	MaxText    = 4000
	MaxBody    = 300
)

// Answer is the answer's elements art. 238 § 1 KPA requires: the body
// that gives it, the grounds in fact and in law, the signer's name and
// post; and for a complaint found unjustified the note of art. 239 § 1
// (a complaint repeated without new grounds is kept on file without a
// new answer).
type Answer struct {
	Body        string `json:"body"`        // oznaczenie organu
	GroundsFact string `json:"groundsFact"` // uzasadnienie faktyczne
	GroundsLaw  string `json:"groundsLaw"`  // uzasadnienie prawne
	SignerName  string `json:"signerName"`
	SignerPost  string `json:"signerPost"`
	RepeatNote  string `json:"repeatNote"` // pouczenie z art. 239 § 1
	Text        string `json:"text"`       // the answer's own words: how it was settled
}

// Entry is one line of the register.
type Entry struct {
	ID         string
	Kind       Kind
	Channel    Channel
	ReceivedOn string // YYYY-MM-DD, the office day it arrived
	Anonymous  bool   // no name and address given (§ 8 of the 2002 regulation)
	Name       string // the complainant, "" when anonymous
	Address    string
	Contact    string // e-mail or phone for the answer, optional
	// Lang is the complainant's language (pl, en, uk): every printout
	// to them (notices, the answer) is in it.
	Lang    string
	Subject string // what it concerns
	Summary string // its content in short
	// ConcernsStaffID is the member of staff it is about (art. 229 pkt 2:
	// then their superior considers it); "" when it is about the office,
	// a unit or another body.
	ConcernsStaffID string
	UnitID          string // the unit it concerns, counted by the monitoring report
	Competent       bool   // this office is competent (else art. 231)
	ForwardTo       string // the competent body, when not this office
	ForwardedOn     string // YYYY-MM-DD
	ForwardLateNote string // why it went after the 7 days of art. 231
	AssigneeID      string // who considers it: never the person it concerns
	DueOn           string // YYYY-MM-DD: the one-month answer date (art. 237 § 1, 244 § 1)
	ExtendedTo      string // YYYY-MM-DD: a new date notified under art. 36
	ExtendReason    string
	Status          Status
	Outcome         Outcome
	AnsweredOn      string  // YYYY-MM-DD
	AnswerChannel   Channel // how the answer was sent
	Answer          Answer
	CaseID          string // the case registered through the "skarga" card, if any
	CreatedBy       string
	DecidedBy       string // who recorded the outcome
}

// Due is the day the answer is due: the art. 36 date when one was
// notified, else the one-month date.
func (e Entry) Due() string {
	if e.ExtendedTo != "" {
		return e.ExtendedTo
	}
	return e.DueOn
}

// day reads a YYYY-MM-DD day.
func day(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// AnswerDue is the one-month answer date of an entry received on
// received: "bez zbędnej zwłoki, nie później niż w terminie miesiąca"
// (art. 237 § 1 KPA; motions art. 244 § 1), counted under art. 57 § 3
// (the same day of the next month, or its last day) and moved by § 4
// off a Saturday or a day off. A remark has none.
func AnswerDue(k Kind, received time.Time) time.Time {
	if k == Remark {
		return time.Time{}
	}
	return deadline.End(received, deadline.Term{Unit: deadline.Months, N: 1})
}

// ForwardDays is the term of art. 231 KPA: a body not competent forwards
// the complaint "niezwłocznie, nie później niż w terminie 7 dni".
const ForwardDays = 7

// ForwardDue is the last day to forward an entry received on received
// (art. 231, counted under art. 57 § 1 and § 4).
func ForwardDue(received time.Time) time.Time {
	return deadline.End(received, deadline.Term{Unit: deadline.Days, N: ForwardDays})
}

// DaysLate is how many calendar days after the art. 231 term a
// forwarding on the day on is (0 when on time).
func DaysLate(received, on time.Time) int {
	due := ForwardDue(received)
	if !deadline.Day(on).After(due) {
		return 0
	}
	return deadline.DaysLeft(on, due)
}

// Problem is one refused field, with its i18n key and arguments.
type Problem struct {
	Field string
	Key   string
	Args  map[string]string
}

// Normalize cleans what a person typed; no language is the default one.
func (e *Entry) Normalize() {
	if e.Lang == "" {
		e.Lang = DefaultLang
	}
	for _, p := range []*string{&e.Name, &e.Address, &e.Contact, &e.Subject, &e.ForwardTo} {
		*p = charset.Clean(*p, false)
	}
	for _, p := range []*string{&e.Summary, &e.ForwardLateNote, &e.ExtendReason} {
		*p = charset.Clean(*p, true)
	}
	a := &e.Answer
	for _, p := range []*string{&a.Body, &a.SignerName, &a.SignerPost} {
		*p = charset.Clean(*p, false)
	}
	for _, p := range []*string{&a.GroundsFact, &a.GroundsLaw, &a.RepeatNote, &a.Text} {
		*p = charset.Clean(*p, true)
	}
}

// Validate checks a new entry against the office's day today: a known
// kind and channel, a day of receipt not in the future, the subject; a
// complaint or a motion names its author and address unless it is
// anonymous (a remark may be kept without personal data, as the client
// wishes: Płock VII); an anonymous one carries no name; a body not
// competent names the competent one.
func Validate(e Entry, today time.Time) []Problem {
	var out []Problem
	if !e.Kind.Valid() {
		out = append(out, Problem{Field: "kind", Key: "complaints.kindMissing"})
	}
	if !e.Channel.Valid() {
		out = append(out, Problem{Field: "channel", Key: "complaints.channelMissing"})
	}
	if r, ok := day(e.ReceivedOn); !ok {
		out = append(out, Problem{Field: "receivedOn", Key: "complaints.receivedMissing"})
	} else if r.After(deadline.Day(today)) {
		out = append(out, Problem{Field: "receivedOn", Key: "complaints.receivedFuture"})
	}
	out = append(out, text("subject", e.Subject, charset.Text, MaxSubject, true)...)
	out = append(out, text("summary", e.Summary, charset.Text, MaxText, false)...)
	if e.Anonymous {
		if e.Name != "" || e.Address != "" {
			out = append(out, Problem{Field: "name", Key: "complaints.anonymousNamed"})
		}
	} else {
		need := e.Kind != Remark
		out = append(out, text("name", e.Name, charset.Name, MaxName, need)...)
		out = append(out, text("address", e.Address, charset.Address, MaxAddress, need)...)
	}
	out = append(out, text("contact", e.Contact, charset.Text, MaxContact, false)...)
	if !ValidLang(e.Lang) {
		out = append(out, Problem{Field: "lang", Key: "complaints.langUnknown"})
	}
	if !e.Competent && e.Kind != Remark {
		out = append(out, text("forwardTo", e.ForwardTo, charset.Text, MaxBody, true)...)
	}
	if e.ConcernsStaffID != "" && e.ConcernsStaffID == e.AssigneeID {
		out = append(out, Problem{Field: "assignee", Key: "complaints.assigneeConcerned"})
	}
	return out
}

// Person is a member of staff as the rule of who considers a complaint
// about staff sees them: their id, role (office.Role's values) and unit.
type Person struct{ ID, Role, UnitID string }

// Superior reports whether p is a superior of concerned, and so may
// consider a complaint about them (art. 227, 229; the brief: "complaints
// about staff go to that person's superior"): the head of their unit when
// they are not a head themselves, or an administrator of the office (its
// secretary), never the person concerned.
func Superior(concerned, p Person) bool {
	switch {
	case p.ID == "" || p.ID == concerned.ID:
		return false
	case p.Role == "admin":
		return true
	case p.Role == "head":
		return concerned.Role != "head" && concerned.Role != "admin" && p.UnitID != "" && p.UnitID == concerned.UnitID
	}
	return false
}

// CheckAssignee holds who considers an entry to art. 227 and 229: a
// complaint about a member of staff (concerned, when e names one) goes to
// their superior, never to the person it concerns nor to a colleague or a
// subordinate of theirs.
func CheckAssignee(e Entry, assignee, concerned Person) []Problem {
	if assignee.ID == "" {
		return []Problem{{Field: "assignee", Key: "complaints.assigneeMissing"}}
	}
	if e.ConcernsStaffID != "" && assignee.ID == e.ConcernsStaffID {
		return []Problem{{Field: "assignee", Key: "complaints.assigneeConcerned"}}
	}
	if e.ConcernsStaffID != "" && !Superior(concerned, assignee) {
		return []Problem{{Field: "assignee", Key: "complaints.assigneeNotSuperior"}}
	}
	return nil
}

// MayDecide reports whether p may settle (answer or forward) an entry
// considered by assigneeID: its assignee, or a head or an administrator;
// for a complaint about a member of staff (concerned) only a superior of
// theirs besides the assignee.
func MayDecide(e Entry, p, concerned Person) bool {
	if p.ID == "" || e.ConcernsStaffID != "" && p.ID == e.ConcernsStaffID {
		return false
	}
	if p.ID == e.AssigneeID {
		return true
	}
	if e.ConcernsStaffID != "" {
		return Superior(concerned, p)
	}
	return p.Role == "head" || p.Role == "admin"
}

// CheckForward checks a forwarding on the day on (art. 231): only a
// registered complaint or motion about which this office is not
// competent, not before it was received nor after today. A forwarding
// after the 7 days is allowed with a note saying why (the lateness is
// recorded); late is the number of days it is late.
func CheckForward(e Entry, on, today time.Time) (late int, probs []Problem) {
	if e.Kind == Remark || e.Status != Registered {
		return 0, []Problem{{Field: "status", Key: "complaints.notOpen"}}
	}
	if e.ForwardTo == "" {
		return 0, []Problem{{Field: "forwardTo", Key: "complaints.required", Args: fieldArg("forwardTo")}}
	}
	r, _ := day(e.ReceivedOn)
	if deadline.Day(on).Before(r) {
		return 0, []Problem{{Field: "forwardedOn", Key: "complaints.beforeReceived"}}
	}
	if deadline.Day(on).After(deadline.Day(today)) {
		return 0, []Problem{{Field: "forwardedOn", Key: "complaints.dateFuture"}}
	}
	late = DaysLate(r, on)
	if late > 0 && e.ForwardLateNote == "" {
		return late, []Problem{{Field: "lateNote", Key: "complaints.forwardLate",
			Args: map[string]string{"days": strconv.Itoa(late), "due": ForwardDue(r).Format(time.DateOnly)}}}
	}
	return late, text("lateNote", e.ForwardLateNote, charset.Text, MaxText, false)
}

// CheckExtension checks an art. 36 extension: a registered complaint or
// motion, a reason, and a new date after today and after the date it
// replaces (deadline.CheckNoticeDate, shared with the cases' notice).
func CheckExtension(e Entry, newDue, today time.Time, reason string) []Problem {
	if e.Kind == Remark || e.Status != Registered {
		return []Problem{{Field: "status", Key: "complaints.notOpen"}}
	}
	if p := text("reason", reason, charset.Text, MaxText, true); p != nil {
		return p
	}
	cur, _ := day(e.Due())
	switch deadline.CheckNoticeDate(newDue, cur, today) {
	case nil:
		return nil
	case deadline.ErrNoticeNotFuture:
		return []Problem{{Field: "newDue", Key: "complaints.extendNotFuture"}}
	default:
		return []Problem{{Field: "newDue", Key: "complaints.extendNotLater"}}
	}
}

// Missing lists the answer's required elements that are absent (art. 238
// § 1 KPA; art. 239 § 1 for a complaint found unjustified), as i18n keys
// of the elements' names, in the order the law lists them. An answer with
// any missing does not print.
func Missing(k Kind, o Outcome, a Answer) []string {
	var out []string
	if a.Body == "" {
		out = append(out, "complaints.element.body")
	}
	if a.GroundsFact == "" {
		out = append(out, "complaints.element.groundsFact")
	}
	if a.GroundsLaw == "" {
		out = append(out, "complaints.element.groundsLaw")
	}
	if a.SignerName == "" {
		out = append(out, "complaints.element.signerName")
	}
	if a.SignerPost == "" {
		out = append(out, "complaints.element.signerPost")
	}
	if k == Complaint && o == Unjustified && a.RepeatNote == "" {
		out = append(out, "complaints.element.repeatNote")
	}
	return out
}

// CheckAnswer checks an answer recorded on the day on: a registered
// complaint or motion, an outcome of an answer (justified or
// unjustified), a channel it was sent by, the day not before receipt nor
// after today, and every element art. 238 requires.
func CheckAnswer(e Entry, o Outcome, on, today time.Time, ch Channel, a Answer) []Problem {
	if e.Kind == Remark || e.Status != Registered {
		return []Problem{{Field: "status", Key: "complaints.notOpen"}}
	}
	if !e.Competent && e.ForwardedOn == "" {
		return []Problem{{Field: "status", Key: "complaints.forwardFirst"}}
	}
	var out []Problem
	if o != Justified && o != Unjustified {
		out = append(out, Problem{Field: "outcome", Key: "complaints.outcomeMissing"})
	}
	if !ch.Valid() {
		out = append(out, Problem{Field: "answerChannel", Key: "complaints.channelMissing"})
	}
	r, _ := day(e.ReceivedOn)
	if deadline.Day(on).Before(r) {
		out = append(out, Problem{Field: "answeredOn", Key: "complaints.beforeReceived"})
	} else if deadline.Day(on).After(deadline.Day(today)) {
		out = append(out, Problem{Field: "answeredOn", Key: "complaints.dateFuture"})
	}
	for _, f := range []struct {
		field, s string
		max      int
	}{{"body", a.Body, MaxBody}, {"signerName", a.SignerName, MaxName}, {"signerPost", a.SignerPost, MaxBody},
		{"groundsFact", a.GroundsFact, MaxText}, {"groundsLaw", a.GroundsLaw, MaxText}, {"repeatNote", a.RepeatNote, MaxText}, {"text", a.Text, MaxText}} {
		out = append(out, text(f.field, f.s, charset.Text, f.max, false)...)
	}
	if m := Missing(e.Kind, o, a); len(m) > 0 {
		out = append(out, Problem{Field: "answer", Key: "complaints.answerMissing", Args: map[string]string{"missing": joinAt(m)}})
	}
	return out
}

// joinAt lists element keys as one "@key, @key" argument the renderer
// resolves in the interface's language.
func joinAt(keys []string) string {
	s := ""
	for i, k := range keys {
		if i > 0 {
			s += ", "
		}
		s += "@" + k
	}
	return s
}

// LeaveAnonymous is what an anonymous complaint or motion becomes at
// once: left without consideration (§ 8 ust. 1 of the 2002 regulation).
func LeaveAnonymous(e *Entry) {
	if e.Anonymous && e.Kind != Remark {
		e.Status, e.Outcome = Left, OutLeft
	}
}

func fieldArg(field string) map[string]string {
	return map[string]string{"field": "@complaints.field." + field}
}

// text checks one typed field with charset's rules.
func text(field, s string, k charset.Kind, max int, required bool) []Problem {
	if s == "" {
		if required {
			return []Problem{{Field: field, Key: "complaints.required", Args: fieldArg(field)}}
		}
		return nil
	}
	if p := charset.Check(k, s, max, false); p != nil {
		args := map[string]string{"field": "@complaints.field." + field, "char": p.Char, "count": strconv.Itoa(p.Max), "n": strconv.Itoa(p.Len)}
		return []Problem{{Field: field, Key: string(p.Reason), Args: args}}
	}
	return nil
}

// Clock is which clock of an entry runs on a day and how it stands.
type Clock struct {
	Which   string // "forward" (art. 231) or "answer" (art. 237, 244)
	Due     string // YYYY-MM-DD
	Overdue bool
	Soon    bool // due within 3 working days
}

// SoonWorkingDays is how near a due day is flagged in "Dziś".
const SoonWorkingDays = 3

// ClockOn is the running clock of an open entry on the office day today:
// the 7-day forwarding term while a body not competent has not forwarded
// it, else the answer date. ok is false for a closed entry or a remark.
func ClockOn(e Entry, today time.Time) (Clock, bool) {
	if e.Kind == Remark || e.Status != Registered {
		return Clock{}, false
	}
	r, ok := day(e.ReceivedOn)
	if !ok {
		return Clock{}, false
	}
	c := Clock{Which: "answer", Due: e.Due()}
	if !e.Competent {
		c = Clock{Which: "forward", Due: ForwardDue(r).Format(time.DateOnly)}
	}
	due, ok := day(c.Due)
	if !ok {
		return Clock{}, false
	}
	today = deadline.Day(today)
	c.Overdue = today.After(due)
	c.Soon = !c.Overdue && deadline.WorkingDaysBetween(today, due) <= SoonWorkingDays
	return c, true
}

// Count is one cell of the register's figures: entries of a kind with an
// outcome ("" while open) in a unit, for the monitoring report.
type Count struct {
	Kind    Kind
	Outcome Outcome
	UnitID  string
	N       int
}
