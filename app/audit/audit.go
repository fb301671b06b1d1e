// Package audit names the actions recorded in the append-only audit log.
// Entries say who did what to which object; they never hold personal data,
// only ids, so the log can be kept and synced without a second privacy
// review.
package audit

import "time"

// Actions recorded in the audit log.
const (
	SignIn       = "auth.signin"
	SignInFailed = "auth.signin_failed"
	SignOut      = "auth.signout"
	Lock         = "auth.lock"
	AutoLock     = "auth.autolock"
	Unlock       = "auth.unlock"
	// PasswordChanged: a person set their own password (replacing a
	// one-time one) at the registry from this device.
	PasswordChanged = "auth.password_changed"
	// Keys (issue 13): a person wrapped with the recovery code, or a
	// recovery code that did not open the key file.
	KeyRecovered      = "keys.recovered"
	KeyRecoveryFailed = "keys.recovery_failed"
	CatalogImport     = "catalog.import"
	CatalogExport     = "catalog.export"
	CardView          = "catalog.card_view"
	CardPrint         = "catalog.card_print"
	SettingChange     = "settings.change"
	DemoLoaded        = "system.demo_loaded"
	DraftResume       = "intake.draft_resume"
	ClientRead        = "client.read"
	ClientReveal      = "client.reveal_identifier"
	ClientUpdate      = "client.update"
	CaseRegister      = "case.register"
	CaseView          = "case.view"
	CaseStatus        = "case.status"
	CasePrint         = "case.print"
	// Oddzwonienia and Obecność: the callback's or the person's id only.
	CallbackCreate   = "callback.create"
	CallbackView     = "callback.view" // its full phone number shown
	CallbackDone     = "callback.done"
	CallbackReagree  = "callback.reagree"
	CallbackReassign = "callback.reassign"
	PresenceAway     = "presence.away"
	PresenceBack     = "presence.back"
	TodayPrint       = "today.print"    // the day's task list printed (it names clients)
	PrintoutSave     = "printout.save"  // a printout saved in the clear where the clerk chose
	PrintoutPrint    = "printout.print" // a printout sent to a printer (issue 16)
	// Case duties (issue 12).
	CaseHandOver    = "case.handover"
	CaseNotice      = "case.notice"
	CaseDelivery    = "case.delivery"
	CaseInterpreter = "case.interpreter"
	// Wizyty domowe (issue 14): the visit's or the authorization's id only.
	VisitRequest   = "visit.request"
	VisitView      = "visit.view" // its address and phone shown
	VisitAssign    = "visit.assign"
	VisitReport    = "visit.report"
	VisitAuthIssue = "visit.auth_issue"
	VisitAuthClose = "visit.auth_close"
	VisitPrint     = "visit.print" // an authorization or the register printed
	// The register of complaints and motions (issue 14): the entry's id.
	ComplaintCreate  = "complaint.create"
	ComplaintView    = "complaint.view" // the complainant's data shown
	ComplaintAssign  = "complaint.assign"
	ComplaintForward = "complaint.forward"
	ComplaintExtend  = "complaint.extend"
	ComplaintAnswer  = "complaint.answer"
	ComplaintPrint   = "complaint.print"
	// Dziennik korespondencji and the survey (issue 14): the entry's id only.
	LetterCreate = "letter.create"
	LetterAnswer = "letter.answer"
	// LetterReassign: a letter handed to another official by a unit's
	// head or an admin (detail: the new assignee's id).
	LetterReassign = "letter.reassign"
	LetterView     = "letter.view"  // the sender's name and address shown in full
	LetterPrint    = "letter.print" // the yearly register printed (it names senders)
	SurveyPaper    = "survey.paper" // a paper survey typed in
)

// Entry is one audit record.
type Entry struct {
	ID         string `json:"id"`
	StaffID    string `json:"staffId"` // "" for the system or an unknown login
	Action     string `json:"action"`
	ObjectType string `json:"objectType"`
	ObjectID   string `json:"objectId"`
	Detail     string `json:"detail"`
	// Note is a person's own words where an action asks for them (the
	// reason for opening a case outside their units), at most MaxNote
	// characters; empty otherwise.
	Note string    `json:"note,omitempty"`
	At   time.Time `json:"at"`
}
