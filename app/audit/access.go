package audit

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Actions of issue 13 (break-the-glass, the audit view, RODO art. 15).
const (
	// CaseOutside is a case opened outside the person's units, with the
	// reason given (Detail: the reason's code; Note: the person's words).
	CaseOutside = "case.outside_access"
	// ClientExport is the art. 15 RODO export of a client (PDF and JSON).
	ClientExport = "client.export_art15"
	// AuditRead is a head's or the admin's look at the audit log (Detail:
	// the filter's kind, never its values).
	AuditRead = "audit.read"
)

// Reasons a person gives for opening a case outside their units. The
// screen shows each as a whole sentence (locale key "rights.reason.<code>").
const (
	ReasonClientAtCounter = "client_present" // the client is at the counter and asks about it
	ReasonStandIn         = "stand_in"       // standing in for a colleague who is away
	ReasonHeadOrder       = "head_order"     // a head's instruction
	ReasonComplaint       = "complaint"      // a complaint or a request about the case
	ReasonOther           = "other"          // another reason, said in words
)

// Reasons lists the reason codes in the order the dialog offers them.
var Reasons = []string{ReasonClientAtCounter, ReasonStandIn, ReasonHeadOrder, ReasonComplaint, ReasonOther}

// MaxNote bounds the words a person adds to a reason, in characters: a
// sentence, not a file note (it may name the client: kept short, and to
// be sealed with the other personal columns).
const MaxNote = 200

// ValidReason checks a reason: a known code, a note of at most MaxNote
// characters and no control characters (one line: the registry refuses
// them), and words required for ReasonOther.
func ValidReason(code, note string) bool {
	if !slices.Contains(Reasons, code) || !utf8.ValidString(note) || utf8.RuneCountInString(note) > MaxNote ||
		strings.ContainsFunc(note, unicode.IsControl) {
		return false
	}
	return code != ReasonOther || strings.TrimSpace(note) != ""
}

// Person is who opens a case: their id, whether their role reaches over
// the whole office (the admin), and the unit symbols they work in.
type Person struct {
	StaffID    string
	OfficeWide bool
	Units      []string
}

// CaseRef is what the break-the-glass rule reads of a case: its unit (the
// sign's symbol), who registered it and that person's unit, and who
// handles it.
type CaseRef struct {
	Unit          string
	RegisteredBy  string
	RegistrarUnit string
	Assignee      string
	// HandlerUnit is the unit of the case's handler, when known: a case
	// handed over to another unit's clerk is handled in that unit, as the
	// registry's device scope counts it (sync/registry scopeindex.go).
	HandlerUnit string
}

// Outside reports whether opening a case is outside the person's units.
// A case of their unit is not, nor one they registered or handle, nor one
// their own unit registered: the BOM counter registers for every unit,
// and its registrations are its own. Nothing is outside for the admin,
// whose role is the whole office (and who reads the audit log anyway).
func Outside(p Person, c CaseRef) bool {
	switch {
	case p.OfficeWide:
		return false
	case p.StaffID != "" && (p.StaffID == c.RegisteredBy || p.StaffID == c.Assignee):
		return false
	case c.RegistrarUnit != "" && slices.Contains(p.Units, c.RegistrarUnit):
		return false
	}
	unit := c.Unit
	if c.HandlerUnit != "" {
		unit = c.HandlerUnit
	}
	return !slices.Contains(p.Units, unit)
}

// Kind is how the audit view groups actions: what was done with a
// client's data.
type Kind string

// Kinds of access.
const (
	KindView   Kind = "view"
	KindPrint  Kind = "print"
	KindChange Kind = "change"
	KindExport Kind = "export"
	KindOther  Kind = "other"
)

// KindOf groups an action.
func KindOf(action string) Kind {
	switch action {
	case CaseView, ClientRead, ClientReveal, CaseOutside, CallbackView, DraftResume, CardView, VisitView, ComplaintView, LetterView:
		return KindView
	case CasePrint, TodayPrint, CardPrint, PrintoutPrint, VisitPrint, ComplaintPrint, LetterPrint:
		return KindPrint
	case ClientExport, CatalogExport:
		return KindExport
	case CaseRegister, CaseStatus, ClientUpdate, CaseHandOver, CaseNotice, CaseDelivery, CaseInterpreter,
		CallbackCreate, CallbackDone, CallbackReagree, CallbackReassign,
		VisitRequest, VisitAssign, VisitReport, VisitAuthIssue, VisitAuthClose,
		ComplaintCreate, ComplaintAssign, ComplaintForward, ComplaintExtend, ComplaintAnswer,
		LetterCreate, LetterAnswer, LetterReassign, SurveyPaper:
		return KindChange
	}
	return KindOther
}

// Filter narrows the audit view: a client (their record and their
// cases), a person, a period [From, To) and only break-the-glass records.
// Empty fields do not narrow.
type Filter struct {
	ClientID string
	StaffID  string
	From, To time.Time
	Outside  bool
	Limit    int
}

// MaxRows is the most entries one answer of the audit view carries.
const MaxRows = 500

// Limited is the filter's limit within (0, MaxRows].
func (f Filter) Limited() int {
	if f.Limit <= 0 || f.Limit > MaxRows {
		return MaxRows
	}
	return f.Limit
}

// Period reports whether t lies in the filter's period.
func (f Filter) Period(t time.Time) bool {
	return (f.From.IsZero() || !t.Before(f.From)) && (f.To.IsZero() || t.Before(f.To))
}

// Record is an entry as the audit view lists it: with the client and the
// unit its object belongs to, where known ("" otherwise).
type Record struct {
	Entry
	ClientID string `json:"clientId"`
	Unit     string `json:"unit"`
}
