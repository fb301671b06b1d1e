package app

import (
	"context"
	"errors"
	"fmt"
	"okienko/app/cases"
	"strings"
	"time"

	"okienko/app/audit"
	"okienko/app/complaints"
	"okienko/app/deadline"
	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/db"
)

// ComplaintService is the Rejestr skarg i wniosków: complaints and
// motions received at the counter, by post or electronically, and
// remarks at the counter (Płock VII); each considered by a person other
// than the one it concerns, forwarded within 7 days when another body is
// competent (with the printed notice to the complainant), answered within
// a month with the elements art. 238 KPA requires (the printed answer),
// and printed as the year's register.
type ComplaintService struct {
	c *Core
}

// NewComplaintService binds the service to the core.
func NewComplaintService(c *Core) *ComplaintService { return &ComplaintService{c: c} }

// ComplaintInput is a new entry as the register's form gives it.
type ComplaintInput struct {
	Kind            string `json:"kind"`
	Channel         string `json:"channel"`
	ReceivedOn      string `json:"receivedOn"` // YYYY-MM-DD, "" for today
	Anonymous       bool   `json:"anonymous"`
	Name            string `json:"name"`
	Address         string `json:"address"`
	Contact         string `json:"contact"`
	Lang            string `json:"lang"` // the complainant's language (pl, en, uk); "" for the intake's default
	Subject         string `json:"subject"`
	Summary         string `json:"summary"`
	ConcernsStaffID string `json:"concernsStaffId"`
	UnitID          string `json:"unitId"`
	Competent       bool   `json:"competent"`
	ForwardTo       string `json:"forwardTo"`
	AssigneeID      string `json:"assigneeId"` // "" for the default: the registering person, or the superior
}

// ComplaintRow is one line of the register as a list shows it.
type ComplaintRow struct {
	ID            string `json:"id"`
	Kind          string `json:"kind"`
	KindLabel     string `json:"kindLabel"`
	Channel       string `json:"channel"`
	ReceivedOn    string `json:"receivedOn"`
	Received      string `json:"received"` // the day in the interface's language
	Author        string `json:"author"`   // the name, or "anonymous"/"no data" in words
	Subject       string `json:"subject"`
	Status        string `json:"status"`
	StatusLabel   string `json:"statusLabel"`
	Outcome       string `json:"outcome"`
	OutcomeLabel  string `json:"outcomeLabel"`
	AssigneeID    string `json:"assigneeId"`
	Assignee      string `json:"assignee"`
	Clock         string `json:"clock"` // "forward", "answer" or ""
	Due           string `json:"due"`   // the running clock's day in words
	DueOn         string `json:"dueOn"` // YYYY-MM-DD
	Overdue       bool   `json:"overdue"`
	Soon          bool   `json:"soon"`
	CaseID        string `json:"caseId"`
	Competent     bool   `json:"competent"`
	ConcernsStaff string `json:"concernsStaff"`
}

// ComplaintDetail is one entry with all it holds.
type ComplaintDetail struct {
	ComplaintRow
	Anonymous       bool            `json:"anonymous"`
	Name            string          `json:"name"`
	Address         string          `json:"address"`
	Contact         string          `json:"contact"`
	Lang            string          `json:"lang"` // the language its printouts are in
	Summary         string          `json:"summary"`
	ConcernsStaffID string          `json:"concernsStaffId"`
	UnitID          string          `json:"unitId"`
	ForwardTo       string          `json:"forwardTo"`
	ForwardedOn     string          `json:"forwardedOn"`
	ForwardLateNote string          `json:"forwardLateNote"`
	ForwardDue      string          `json:"forwardDue"` // YYYY-MM-DD, art. 231
	AnswerDue       string          `json:"answerDue"`  // YYYY-MM-DD, art. 237 § 1 or the extension
	ExtendedTo      string          `json:"extendedTo"`
	ExtendReason    string          `json:"extendReason"`
	AnsweredOn      string          `json:"answeredOn"`
	AnswerChannel   string          `json:"answerChannel"`
	Answer          ComplaintAnswer `json:"answer"`
	DecidedBy       string          `json:"decidedBy"`
	// The days above in the interface's language.
	ForwardDueText string `json:"forwardDueText"`
	AnswerDueText  string `json:"answerDueText"`
	ForwardedText  string `json:"forwardedText"`
	ExtendedText   string `json:"extendedText"`
	AnsweredText   string `json:"answeredText"`
	// RepeatNote is the art. 239 § 1 note in the language the answer
	// prints in (the complainant's), to start the answer's field with.
	RepeatNote string `json:"repeatNote"`
	// Suggested is who should consider it: the superior of the person it
	// concerns (art. 229), or "" when it concerns nobody on the staff.
	Suggested string `json:"suggested"`
	// Assignable are who may consider it when it concerns a member of
	// staff: their superiors (the head of their unit, the administrators);
	// empty when it concerns nobody, and anyone on the staff may.
	Assignable []string `json:"assignable"`
	// MayDecide: the signed-in person may forward or answer it (its
	// assignee, or a head or administrator; about a member of staff, a
	// superior of theirs); the forms are not shown to anyone else.
	MayDecide bool `json:"mayDecide"`
}

// ComplaintAnswer is the answer's elements (art. 238 KPA).
type ComplaintAnswer struct {
	Body        string `json:"body"`
	GroundsFact string `json:"groundsFact"`
	GroundsLaw  string `json:"groundsLaw"`
	SignerName  string `json:"signerName"`
	SignerPost  string `json:"signerPost"`
	RepeatNote  string `json:"repeatNote"`
	Text        string `json:"text"`
}

// ComplaintAnswerInput records and prints the answer.
type ComplaintAnswerInput struct {
	Outcome    string          `json:"outcome"` // justified or unjustified
	AnsweredOn string          `json:"answeredOn"`
	Channel    string          `json:"channel"`
	Answer     ComplaintAnswer `json:"answer"`
}

// ComplaintForwardInput forwards an entry to the competent body.
type ComplaintForwardInput struct {
	ForwardTo   string `json:"forwardTo"`
	ForwardedOn string `json:"forwardedOn"` // "" for today
	LateNote    string `json:"lateNote"`    // why it goes after the 7 days of art. 231
}

// ComplaintExtendInput is an art. 36 extension of the answer's date.
type ComplaintExtendInput struct {
	NewDue string `json:"newDue"`
	Reason string `json:"reason"`
}

// ComplaintResult is an entry after an act, with the printout it made.
type ComplaintResult struct {
	Complaint ComplaintDetail `json:"complaint"`
	Printout  Printout        `json:"printout"`
	Late      int             `json:"late"` // days after the art. 231 term it was forwarded
}

// ComplaintPerson is a member of the staff the form offers.
type ComplaintPerson struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	UnitID string `json:"unitId"`
	Role   string `json:"role"`
}

// ComplaintUnit is a unit the form offers.
type ComplaintUnit struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// ComplaintOptions are what the register's form chooses from.
type ComplaintOptions struct {
	Staff    []ComplaintPerson `json:"staff"`
	Units    []ComplaintUnit   `json:"units"`
	Channels []string          `json:"channels"`
	Langs    []string          `json:"langs"` // the complainant's languages, the default first
	Today    string            `json:"today"`
	Me       string            `json:"me"`
	MyName   string            `json:"myName"`
	MyPost   string            `json:"myPost"`
	// RepeatNote is the art. 239 § 1 note as the answer prints it, in
	// Polish, to start the answer's field with.
	RepeatNote string `json:"repeatNote"`
}

// ComplaintFilter narrows the list: "open" (not yet settled) or a year's
// whole register.
type ComplaintFilter struct {
	Show string `json:"show"` // "open" or "year"
	Year int    `json:"year"`
}

// Options lists the staff, units and channels for the form.
func (s *ComplaintService) Options() (ComplaintOptions, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return ComplaintOptions{}, err
	}
	staff, err := s.c.Store.StaffList(ctx, s.c.officeID)
	if err != nil {
		return ComplaintOptions{}, s.c.internal("list staff", err)
	}
	units, err := s.c.Store.Units(ctx, s.c.officeID)
	if err != nil {
		return ComplaintOptions{}, s.c.internal("list units", err)
	}
	out := ComplaintOptions{Staff: []ComplaintPerson{}, Units: []ComplaintUnit{}, Today: s.c.Today().Format(time.DateOnly),
		Me: st.ID, MyName: st.FullName(), MyPost: st.Position, RepeatNote: s.c.in(i18n.Default).T("complaints.repeatNoteDefault")}
	for _, p := range staff {
		if p.Active {
			out.Staff = append(out.Staff, ComplaintPerson{ID: p.ID, Name: p.FullName(), UnitID: p.UnitID, Role: string(p.Role)})
		}
	}
	for _, u := range units {
		if !u.Retired() { // a retired unit takes no new work
			out.Units = append(out.Units, ComplaintUnit{ID: u.ID, Name: u.Name})
		}
	}
	for _, ch := range complaints.Channels {
		out.Channels = append(out.Channels, string(ch))
	}
	out.Langs = append(out.Langs, complaints.Langs...)
	return out, nil
}

// Register records a new entry. An anonymous complaint or motion is left
// without consideration at once (§ 8 of the 2002 regulation); a
// complaint about a member of staff goes to their superior, never to
// them (art. 227, 229). Nothing is saved when anything is wrong.
func (s *ComplaintService) Register(in ComplaintInput) (ComplaintDetail, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return ComplaintDetail{}, err
	}
	today := s.c.Today()
	if in.ReceivedOn == "" {
		in.ReceivedOn = today.Format(time.DateOnly)
	}
	e := complaints.Entry{ID: db.NewID(), Kind: complaints.Kind(in.Kind), Channel: complaints.Channel(in.Channel),
		ReceivedOn: in.ReceivedOn, Anonymous: in.Anonymous, Name: in.Name, Address: in.Address, Contact: in.Contact,
		Lang: in.Lang, Subject: in.Subject, Summary: in.Summary, ConcernsStaffID: in.ConcernsStaffID, UnitID: in.UnitID,
		Competent: in.Competent || in.Kind == string(complaints.Remark), ForwardTo: in.ForwardTo, AssigneeID: in.AssigneeID,
		Status: complaints.Registered, CreatedBy: st.ID}
	if e.Anonymous {
		e.Name, e.Address = "", ""
	}
	e.Normalize()
	if e.Kind == complaints.Remark {
		e.Status, e.Competent, e.ForwardTo, e.AssigneeID = complaints.Noted, true, "", ""
	}
	if e.Kind != complaints.Remark && e.AssigneeID == "" {
		e.AssigneeID = st.ID
		if e.ConcernsStaffID != "" && !complaints.Superior(s.person(ctx, e.ConcernsStaffID), s.person(ctx, st.ID)) {
			// A complaint about a member of staff is considered by their
			// superior (art. 229), not by whoever registers it.
			if e.AssigneeID, err = s.superiorOf(ctx, e.ConcernsStaffID); err != nil {
				return ComplaintDetail{}, err
			}
		}
	}
	if e.Kind != complaints.Remark && e.ConcernsStaffID != "" {
		if probs := complaints.CheckAssignee(e, s.person(ctx, e.AssigneeID), s.person(ctx, e.ConcernsStaffID)); len(probs) > 0 {
			return ComplaintDetail{}, complaintProblem(probs[0], "register")
		}
	}
	if probs := complaints.Validate(e, today); len(probs) > 0 {
		return ComplaintDetail{}, complaintProblem(probs[0], "register")
	}
	if e.ConcernsStaffID != "" {
		if _, err := s.c.Store.StaffByID(ctx, e.ConcernsStaffID); err != nil {
			return ComplaintDetail{}, i18n.E("complaints.personUnknown", fmt.Errorf("app: complaint concerns %s: %w", e.ConcernsStaffID, err))
		}
	}
	if e.AssigneeID != "" {
		if err := s.activeStaff(ctx, e.AssigneeID); err != nil {
			return ComplaintDetail{}, err
		}
	}
	if e.UnitID == "" && e.ConcernsStaffID != "" {
		if p, err := s.c.Store.StaffByID(ctx, e.ConcernsStaffID); err == nil {
			e.UnitID = p.UnitID
		}
	}
	received, _ := time.Parse(time.DateOnly, e.ReceivedOn)
	if due := complaints.AnswerDue(e.Kind, received); !due.IsZero() {
		e.DueOn = due.Format(time.DateOnly)
	}
	complaints.LeaveAnonymous(&e)
	if err := s.save(ctx, st, e, audit.ComplaintCreate); err != nil {
		return ComplaintDetail{}, err
	}
	return s.detail(ctx, e)
}

// List lists the open entries (the oldest first) or a year's register.
func (s *ComplaintService) List(f ComplaintFilter) ([]ComplaintRow, error) {
	ctx := context.Background()
	if _, err := s.c.require(ctx); err != nil {
		return nil, err
	}
	var list []complaints.Entry
	var err error
	if f.Show == "year" {
		if f.Year == 0 {
			f.Year = s.c.Today().Year()
		}
		list, err = s.c.Store.ComplaintsReceived(ctx, fmt.Sprintf("%04d-01-01", f.Year), fmt.Sprintf("%04d-01-01", f.Year+1), listLimit)
	} else {
		list, err = s.c.Store.OpenComplaints(ctx, "", listLimit)
	}
	if err != nil {
		return nil, s.c.internal("list complaints", err)
	}
	names := s.names(ctx)
	out := make([]ComplaintRow, 0, len(list))
	for _, e := range list {
		out = append(out, s.row(e, names))
	}
	return out, nil
}

// Get returns one entry with the complainant's data (audited).
func (s *ComplaintService) Get(id string) (ComplaintDetail, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return ComplaintDetail{}, err
	}
	e, err := s.load(ctx, id)
	if err != nil {
		return ComplaintDetail{}, err
	}
	s.c.audit(ctx, st.ID, audit.ComplaintView, "complaint", id)
	return s.detail(ctx, e)
}

// Assign gives an open entry to a person: never the one it concerns
// (art. 227, 229).
func (s *ComplaintService) Assign(id, staffID string) (ComplaintDetail, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return ComplaintDetail{}, err
	}
	e, err := s.load(ctx, id)
	if err != nil {
		return ComplaintDetail{}, err
	}
	if e.Status != complaints.Registered {
		return ComplaintDetail{}, i18n.E("complaints.notOpen", fmt.Errorf("app: assign complaint %s: %s", id, e.Status))
	}
	if probs := complaints.CheckAssignee(e, s.person(ctx, staffID), s.person(ctx, e.ConcernsStaffID)); len(probs) > 0 {
		return ComplaintDetail{}, complaintProblem(probs[0], "assign")
	}
	if err := s.activeStaff(ctx, staffID); err != nil {
		return ComplaintDetail{}, err
	}
	e.AssigneeID = staffID
	if err := s.save(ctx, st, e, audit.ComplaintAssign); err != nil {
		return ComplaintDetail{}, err
	}
	return s.detail(ctx, e)
}

// Forward sends an entry to the competent body (art. 231) and prints the
// notice to the complainant. After the 7 days it is refused until a note
// says why; then it is recorded with its lateness.
func (s *ComplaintService) Forward(id string, in ComplaintForwardInput) (ComplaintResult, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return ComplaintResult{}, err
	}
	e, err := s.load(ctx, id)
	if err != nil {
		return ComplaintResult{}, err
	}
	today := s.c.Today()
	if in.ForwardedOn == "" {
		in.ForwardedOn = today.Format(time.DateOnly)
	}
	on, err := time.Parse(time.DateOnly, in.ForwardedOn)
	if err != nil {
		return ComplaintResult{}, i18n.E("complaints.dateBad", fmt.Errorf("app: forward %s: %w", id, err))
	}
	if strings.TrimSpace(in.ForwardTo) != "" {
		e.ForwardTo = in.ForwardTo
	}
	e.ForwardLateNote = in.LateNote
	e.Normalize()
	late, probs := complaints.CheckForward(e, on, today)
	if len(probs) > 0 {
		return ComplaintResult{Late: late}, complaintProblem(probs[0], "forward")
	}
	if e.ConcernsStaffID == st.ID {
		return ComplaintResult{}, complaintProblem(complaints.Problem{Key: "complaints.assigneeConcerned"}, "forward")
	}
	if !complaints.MayDecide(e, s.person(ctx, st.ID), s.person(ctx, e.ConcernsStaffID)) {
		return ComplaintResult{}, i18n.E("complaints.mayNotDecide", fmt.Errorf("app: forward %s by %s", id, st.ID))
	}
	e.Competent, e.ForwardedOn, e.Status, e.Outcome, e.DecidedBy = false, in.ForwardedOn, complaints.Forwarded, complaints.OutForward, st.ID
	if err := s.save(ctx, st, e, audit.ComplaintForward); err != nil {
		return ComplaintResult{}, err
	}
	out, err := s.print(ctx, st, e, "notice")
	if err != nil {
		return ComplaintResult{}, err
	}
	d, err := s.detail(ctx, e)
	return ComplaintResult{Complaint: d, Printout: out, Late: late}, err
}

// Extend notifies a later answer date (art. 36 KPA, as art. 237 § 4
// points to it): a reason, a day after today and after the date it
// replaces.
func (s *ComplaintService) Extend(id string, in ComplaintExtendInput) (ComplaintDetail, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return ComplaintDetail{}, err
	}
	e, err := s.load(ctx, id)
	if err != nil {
		return ComplaintDetail{}, err
	}
	newDue, err := time.Parse(time.DateOnly, in.NewDue)
	if err != nil {
		return ComplaintDetail{}, i18n.E("complaints.dateBad", fmt.Errorf("app: extend %s: %w", id, err))
	}
	e.ExtendReason = in.Reason
	e.Normalize()
	if probs := complaints.CheckExtension(e, newDue, s.c.Today(), e.ExtendReason); len(probs) > 0 {
		return ComplaintDetail{}, complaintProblem(probs[0], "extend")
	}
	// Putting the answer off is the decision of whoever may answer it.
	if !complaints.MayDecide(e, s.person(ctx, st.ID), s.person(ctx, e.ConcernsStaffID)) {
		return ComplaintDetail{}, i18n.E("complaints.mayNotDecide", fmt.Errorf("app: extend %s by %s", id, st.ID))
	}
	e.ExtendedTo = deadline.Day(newDue).Format(time.DateOnly)
	if err := s.save(ctx, st, e, audit.ComplaintExtend); err != nil {
		return ComplaintDetail{}, err
	}
	return s.detail(ctx, e)
}

// Answer records how the entry was settled and prints the answer. It is
// refused, with nothing recorded, while an element art. 238 KPA requires
// is missing (the message names each); the person it concerns never
// answers it.
func (s *ComplaintService) Answer(id string, in ComplaintAnswerInput) (ComplaintResult, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return ComplaintResult{}, err
	}
	e, err := s.load(ctx, id)
	if err != nil {
		return ComplaintResult{}, err
	}
	if e.ConcernsStaffID == st.ID {
		return ComplaintResult{}, complaintProblem(complaints.Problem{Key: "complaints.assigneeConcerned"}, "answer")
	}
	today := s.c.Today()
	if in.AnsweredOn == "" {
		in.AnsweredOn = today.Format(time.DateOnly)
	}
	on, err := time.Parse(time.DateOnly, in.AnsweredOn)
	if err != nil {
		return ComplaintResult{}, i18n.E("complaints.dateBad", fmt.Errorf("app: answer %s: %w", id, err))
	}
	a := in.Answer
	e.Answer = complaints.Answer{Body: a.Body, GroundsFact: a.GroundsFact, GroundsLaw: a.GroundsLaw,
		SignerName: a.SignerName, SignerPost: a.SignerPost, RepeatNote: a.RepeatNote, Text: a.Text}
	e.Normalize()
	out, ch := complaints.Outcome(in.Outcome), complaints.Channel(in.Channel)
	if probs := complaints.CheckAnswer(e, out, on, today, ch, e.Answer); len(probs) > 0 {
		return ComplaintResult{}, s.problem(probs[0], "answer")
	}
	if !complaints.MayDecide(e, s.person(ctx, st.ID), s.person(ctx, e.ConcernsStaffID)) {
		return ComplaintResult{}, i18n.E("complaints.mayNotDecide", fmt.Errorf("app: answer %s by %s", id, st.ID))
	}
	e.Status, e.Outcome, e.AnsweredOn, e.AnswerChannel, e.DecidedBy = complaints.Answered, out, in.AnsweredOn, ch, st.ID
	// The sheet is laid out before anything is recorded: an answer that
	// cannot print is not an answer given.
	sheet, err := s.answerSheet(ctx, e)
	if err != nil {
		return ComplaintResult{}, err
	}
	if err := s.save(ctx, st, e, audit.ComplaintAnswer); err != nil {
		return ComplaintResult{}, err
	}
	p, err := s.write(ctx, st, e, "odpowiedz", sheet)
	if err != nil {
		return ComplaintResult{}, err
	}
	d, err := s.detail(ctx, e)
	return ComplaintResult{Complaint: d, Printout: p}, err
}

// Reprint prints an entry's notice of forwarding ("notice") or answer
// ("answer") again.
func (s *ComplaintService) Reprint(id, kind string) (Printout, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return Printout{}, err
	}
	e, err := s.load(ctx, id)
	if err != nil {
		return Printout{}, err
	}
	return s.print(ctx, st, e, kind)
}

// PrintRegister prints the year's register of complaints and motions.
func (s *ComplaintService) PrintRegister(year int) (Printout, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return Printout{}, err
	}
	if year == 0 {
		year = s.c.Today().Year()
	}
	list, err := s.c.Store.ComplaintsReceived(ctx, fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-01-01", year+1), 1_000_000)
	if err != nil {
		return Printout{}, s.c.internal("list complaints", err)
	}
	o, err := s.c.Store.Office(ctx)
	if err != nil {
		return Printout{}, s.c.internal("load office", err)
	}
	data, err := registerPDF(s.c, o, year, list, s.names(ctx))
	if err != nil {
		return Printout{}, err
	}
	p, err := s.c.writeNewOutput(fmt.Sprintf("skargi/%d", year), fmt.Sprintf("rejestr-skarg-i-wnioskow-%d", year), data)
	if err != nil {
		return Printout{}, saveFailed(err, "printout", "@complaints.printout.register")
	}
	s.c.auditDetail(ctx, st.ID, audit.ComplaintPrint, "complaint", "", fmt.Sprintf("register %d", year))
	if err := s.c.Opener.Open(p.Path); err != nil {
		s.c.Log.Warn("open printout", "err", err)
	}
	return p, nil
}

// superiorOf is who considers a complaint about a member of staff: the
// active head of their unit, else the office's admin (art. 229 pkt 2:
// the body's head), never the person.
func (s *ComplaintService) superiorOf(ctx context.Context, staffID string) (string, error) {
	p, err := s.c.Store.StaffByID(ctx, staffID)
	if err != nil {
		return "", i18n.E("complaints.personUnknown", fmt.Errorf("app: superior of %s: %w", staffID, err))
	}
	staff, err := s.c.Store.StaffList(ctx, s.c.officeID)
	if err != nil {
		return "", s.c.internal("list staff", err)
	}
	concerned := complaintPerson(p)
	admin := ""
	for _, x := range staff {
		if !x.Active || !complaints.Superior(concerned, complaintPerson(x)) {
			continue
		}
		if x.Role == office.RoleHead {
			return x.ID, nil // the head of their unit before the office's administrator
		}
		if admin == "" {
			admin = x.ID
		}
	}
	if admin == "" {
		return "", i18n.E("complaints.noSuperior", fmt.Errorf("app: no superior of %s", staffID))
	}
	return admin, nil
}

// person is a member of staff as complaints' rules see them; an unknown
// id is a person of no role and no unit, whom the rules refuse.
func (s *ComplaintService) person(ctx context.Context, id string) complaints.Person {
	if id == "" {
		return complaints.Person{}
	}
	p, err := s.c.Store.StaffByID(ctx, id)
	if err != nil {
		return complaints.Person{ID: id}
	}
	return complaintPerson(p)
}

// complaintPerson is a staff row as complaints' rules see it.
func complaintPerson(p office.Staff) complaints.Person {
	return complaints.Person{ID: p.ID, Role: string(p.Role), UnitID: p.UnitID}
}

func (s *ComplaintService) activeStaff(ctx context.Context, id string) error {
	p, err := s.c.Store.StaffByID(ctx, id)
	if err != nil || !p.Active {
		return i18n.E("complaints.assigneeAbsent", fmt.Errorf("app: complaint assignee %s: %v", id, err))
	}
	return nil
}

func (s *ComplaintService) load(ctx context.Context, id string) (complaints.Entry, error) {
	e, err := s.c.Store.Complaint(ctx, id)
	if errors.Is(err, db.ErrNotFound) {
		return e, i18n.E("complaints.notFound", fmt.Errorf("app: complaint %s: %w", id, err))
	}
	if err != nil {
		return e, s.c.internal("load complaint", err)
	}
	return e, nil
}

func (s *ComplaintService) save(ctx context.Context, st office.Staff, e complaints.Entry, action string) error {
	err := s.c.Store.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.SaveComplaint(ctx, s.c.officeID, e); err != nil {
			return err
		}
		tx.Emit(EventComplaints, e.ID)
		return tx.Audit(ctx, s.c.officeID, audit.Entry{StaffID: st.ID, Action: action, ObjectType: "complaint", ObjectID: e.ID})
	})
	if err != nil {
		return s.c.internal("save complaint", err)
	}
	return nil
}

// names maps staff ids to names for lists.
func (s *ComplaintService) names(ctx context.Context) map[string]string {
	out := map[string]string{}
	staff, err := s.c.Store.StaffList(ctx, s.c.officeID)
	if err != nil {
		return out
	}
	for _, p := range staff {
		out[p.ID] = p.FullName()
	}
	return out
}

func (s *ComplaintService) row(e complaints.Entry, names map[string]string) ComplaintRow {
	ui := s.c.ui()
	r := ComplaintRow{ID: e.ID, Kind: string(e.Kind), KindLabel: ui.T("complaints.kind." + string(e.Kind)),
		Channel: string(e.Channel), ReceivedOn: e.ReceivedOn, Received: ui.Date(e.ReceivedOn), Subject: e.Subject,
		Status: string(e.Status), StatusLabel: ui.T("complaints.status." + string(e.Status)), Outcome: string(e.Outcome),
		AssigneeID: e.AssigneeID, Assignee: names[e.AssigneeID], CaseID: e.CaseID, Competent: e.Competent,
		ConcernsStaff: names[e.ConcernsStaffID]}
	if e.Outcome != "" {
		r.OutcomeLabel = ui.T("complaints.outcome." + string(e.Outcome))
	}
	switch {
	case e.Anonymous && e.Kind != complaints.Remark:
		r.Author = ui.T("complaints.anonymous")
	case e.Name == "":
		r.Author = ui.T("complaints.noPersonalData")
	default:
		// Lists mask personal data: initials here, the name in the detail.
		r.Author = cases.MaskName(e.Name)
	}
	if c, ok := complaints.ClockOn(e, s.c.Today()); ok {
		r.Clock, r.DueOn, r.Due, r.Overdue, r.Soon = c.Which, c.Due, ui.Date(c.Due), c.Overdue, c.Soon
	}
	return r
}

func (s *ComplaintService) detail(ctx context.Context, e complaints.Entry) (ComplaintDetail, error) {
	d := ComplaintDetail{ComplaintRow: s.row(e, s.names(ctx)), Anonymous: e.Anonymous, Name: e.Name, Address: e.Address,
		Contact: e.Contact, Lang: e.Lang, Summary: e.Summary, ConcernsStaffID: e.ConcernsStaffID, UnitID: e.UnitID, ForwardTo: e.ForwardTo,
		ForwardedOn: e.ForwardedOn, ForwardLateNote: e.ForwardLateNote, AnswerDue: e.Due(), ExtendedTo: e.ExtendedTo,
		ExtendReason: e.ExtendReason, AnsweredOn: e.AnsweredOn, AnswerChannel: string(e.AnswerChannel), DecidedBy: e.DecidedBy,
		Answer: ComplaintAnswer{Body: e.Answer.Body, GroundsFact: e.Answer.GroundsFact, GroundsLaw: e.Answer.GroundsLaw,
			SignerName: e.Answer.SignerName, SignerPost: e.Answer.SignerPost, RepeatNote: e.Answer.RepeatNote, Text: e.Answer.Text}}
	d.RepeatNote = s.c.in(printLang(e.Lang)).T("complaints.repeatNoteDefault")
	if e.Name != "" && !(e.Anonymous && e.Kind != complaints.Remark) {
		d.Author = e.Name // the detail, opened on purpose, shows the whole name
	}
	if r, err := time.Parse(time.DateOnly, e.ReceivedOn); err == nil && e.Kind != complaints.Remark {
		d.ForwardDue = complaints.ForwardDue(r).Format(time.DateOnly)
	}
	ui := s.c.ui()
	for _, x := range []struct {
		iso string
		out *string
	}{{d.ForwardDue, &d.ForwardDueText}, {d.AnswerDue, &d.AnswerDueText}, {e.ForwardedOn, &d.ForwardedText},
		{e.ExtendedTo, &d.ExtendedText}, {e.AnsweredOn, &d.AnsweredText}} {
		if x.iso != "" {
			*x.out = ui.Date(x.iso)
		}
	}
	d.Assignable = []string{}
	if st, err := s.c.require(ctx); err == nil {
		d.MayDecide = complaints.MayDecide(e, complaintPerson(st), s.person(ctx, e.ConcernsStaffID))
	}
	if e.ConcernsStaffID != "" {
		if sup, err := s.superiorOf(ctx, e.ConcernsStaffID); err == nil {
			d.Suggested = sup
		}
		staff, err := s.c.Store.StaffList(ctx, s.c.officeID)
		if err != nil {
			return d, s.c.internal("list staff", err)
		}
		concerned := s.person(ctx, e.ConcernsStaffID)
		for _, x := range staff {
			if x.Active && complaints.Superior(concerned, complaintPerson(x)) {
				d.Assignable = append(d.Assignable, x.ID)
			}
		}
	}
	return d, nil
}

// complaintProblem turns a domain problem into the person's error.
func complaintProblem(p complaints.Problem, what string) error {
	return &i18n.Error{Key: p.Key, Args: p.Args, Err: fmt.Errorf("app: complaint %s: field %s: %s", what, p.Field, p.Key)}
}

// problem is complaintProblem with a list of missing elements ("@key,
// @key") written out in the interface's language: an argument names one
// key only, and the list is "and", not "or".
func (s *ComplaintService) problem(p complaints.Problem, what string) error {
	if m, ok := p.Args["missing"]; ok {
		p.Args = map[string]string{"missing": s.c.ui().elements(m)}
	}
	return complaintProblem(p, what)
}

// elements renders "@key, @key" as the names of the elements, joined.
func (t tr) elements(list string) string {
	parts := strings.Split(list, ", ")
	for i, k := range parts {
		parts[i] = t.T(strings.TrimPrefix(k, "@"))
	}
	return strings.Join(parts, ", ")
}

// complaintFromCase is the register's entry of a case registered through
// the "skarga" card ("Skarga lub wniosek"): the card's form gives the
// kind, the author, the subject and the content; the counter is the
// channel; the registering person considers it.
func complaintFromCase(cs caseForComplaint) (complaints.Entry, bool) {
	if cs.cardCode != complaintCard {
		return complaints.Entry{}, false
	}
	kind := complaints.Complaint
	if str(cs.answers["rodzaj"]) == "wniosek" {
		kind = complaints.Motion
	}
	e := complaints.Entry{ID: db.NewID(), Kind: kind, Channel: complaints.InPerson, ReceivedOn: cs.submittedOn,
		Name: str(cs.answers["imieNazwisko"]), Address: str(cs.answers["adres"]), Contact: str(cs.answers["email"]),
		Subject: str(cs.answers["przedmiot"]), Summary: str(cs.answers["tresc"]), UnitID: cs.unitID, Competent: true,
		AssigneeID: cs.staffID, Status: complaints.Registered, CaseID: cs.caseID, CreatedBy: cs.staffID, Lang: cs.lang}
	if e.Contact == "" {
		e.Contact = str(cs.answers["telefon"])
	}
	if e.Name == "" {
		e.Name = cs.clientName
	}
	e.Normalize()
	if r, err := time.Parse(time.DateOnly, e.ReceivedOn); err == nil {
		e.DueOn = complaints.AnswerDue(kind, r).Format(time.DateOnly)
	}
	return e, true
}

// complaintCard is the catalogue's card of complaints and motions.
const complaintCard = "skarga"

// caseForComplaint is what a registration hands the register.
type caseForComplaint struct {
	cardCode, caseID, submittedOn, unitID, staffID, clientName string
	lang                                                       string // the client's language on the case
	answers                                                    map[string]any
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
