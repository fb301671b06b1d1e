package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"okienko/app/audit"
	"okienko/app/cases"
	"okienko/app/catalog"
	"okienko/app/daytext"
	"okienko/app/deadline"
	"okienko/app/i18n"
	"okienko/app/pdf"
	"okienko/db"
)

// PrintNotice is the art. 36 KPA notice (zawiadomienie o niezałatwieniu
// sprawy w terminie), a printout of a case.
const PrintNotice = "notice_art36"

// CaseDutiesService is what a handler does with a case besides moving its
// status (issue 12): hand it over to a colleague, notify the party under
// art. 36 KPA, record how a call to supplement was delivered, and book a
// sign-language interpreter for a visit.
type CaseDutiesService struct {
	c *Core
}

// NewCaseDutiesService binds the service to the core.
func NewCaseDutiesService(c *Core) *CaseDutiesService { return &CaseDutiesService{c: c} }

// Colleagues lists the office's active staff a case may be handed to:
// everyone but the signed-in person.
func (s *CaseDutiesService) Colleagues() ([]Colleague, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return nil, err
	}
	staff, err := s.c.Store.StaffList(ctx, s.c.officeID)
	if err != nil {
		return nil, s.c.internal("list staff", err)
	}
	out := []Colleague{}
	for _, p := range staff {
		if p.Active && p.ID != st.ID {
			out = append(out, Colleague{ID: p.ID, Name: p.FullName(), Position: p.Position})
		}
	}
	return out, nil
}

// HandOver gives a case to a colleague with a note. The deadline does not
// move (a change of handler is not a party's delay nor a new request);
// the case, its history entry and their outbox rows commit together.
func (s *CaseDutiesService) HandOver(caseID, toID, note string) (CaseDetail, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return CaseDetail{}, err
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > cases.MaxDutyNote {
		return CaseDetail{}, i18n.E("duty.noteTooLong", errors.New("app: handover note too long"), "max", fmt.Sprint(cases.MaxDutyNote))
	}
	to, err := s.c.Store.StaffByID(ctx, toID)
	if errors.Is(err, db.ErrNotFound) || err == nil && !to.Active {
		return CaseDetail{}, i18n.E("duty.notInOffice", fmt.Errorf("app: hand over to %q: not active staff", toID))
	}
	if err != nil {
		return CaseDetail{}, s.c.internal("load new handler", err)
	}
	cs, err := s.c.Store.Case(ctx, caseID)
	if errors.Is(err, db.ErrNotFound) {
		return CaseDetail{}, i18n.E("case.notFound", err)
	}
	if err != nil {
		return CaseDetail{}, s.c.internal("load case", err)
	}
	if cs.Status.Closed() {
		return CaseDetail{}, i18n.E("duty.closed", fmt.Errorf("app: hand over a closed case %s", caseID))
	}
	if cs.AssigneeID == to.ID {
		return CaseDetail{}, i18n.E("duty.sameHandler", fmt.Errorf("app: case %s already with %s", caseID, to.ID), "name", to.FullName())
	}
	d := cases.Duty{From: cs.AssigneeID, To: to.ID, Note: note}
	ev := cases.Event{CaseID: cs.ID, Kind: cases.EventHandedOver, StaffID: st.ID, Detail: d.JSON()}
	if _, err := cases.ParseDuty(ev.Kind, ev.Detail); err != nil {
		return CaseDetail{}, i18n.E("duty.badNote", err)
	}
	cs.AssigneeID = to.ID
	err = s.c.Store.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.HandOverCase(ctx, s.c.officeID, cs, ev); err != nil {
			return err
		}
		tx.Emit(EventCases, caseID)
		return tx.Audit(ctx, s.c.officeID, audit.Entry{StaffID: st.ID, Action: audit.CaseHandOver, ObjectType: "case_file", ObjectID: caseID, Detail: to.ID})
	})
	if err != nil {
		return CaseDetail{}, s.c.internal("hand over case", err)
	}
	return s.cases().caseDetail(ctx, caseID)
}

// RecordNotice notifies the party under art. 36 § 1 KPA: the case will not
// be settled by its deadline, for the reason given, and will be by
// newDue. The notice is printed first; only a notice on paper is
// recorded, with the deadline moved to newDue, in one transaction.
func (s *CaseDutiesService) RecordNotice(caseID, reason, newDue string) (NoticeResult, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return NoticeResult{}, err
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return NoticeResult{}, i18n.E("duty.noticeNoReason", errors.New("app: notice without a reason"))
	case utf8.RuneCountInString(reason) > cases.MaxDutyNote:
		return NoticeResult{}, i18n.E("duty.noteTooLong", errors.New("app: notice reason too long"), "max", fmt.Sprint(cases.MaxDutyNote))
	case strings.TrimSpace(st.Authorization) == "":
		return NoticeResult{}, i18n.E("duty.noAuthorization", fmt.Errorf("app: staff %s has no art. 268a authorization", st.ID))
	}
	day, err := typedDay(newDue, "duty.field.newDue")
	if err != nil {
		return NoticeResult{}, err
	}
	cc, err := s.c.loadCaseContext(ctx, caseID)
	if errors.Is(err, db.ErrNotFound) {
		return NoticeResult{}, i18n.E("case.notFound", err)
	}
	if err != nil {
		return NoticeResult{}, s.c.internal("load case", err)
	}
	if cc.cs.Status.Closed() {
		return NoticeResult{}, i18n.E("duty.closed", fmt.Errorf("app: notice on a closed case %s", caseID))
	}
	today := s.c.Today()
	var current time.Time
	if cc.cs.DueOn != "" {
		current = date(cc.cs.DueOn)
	}
	switch err := deadline.CheckNoticeDate(day, current, today); {
	case errors.Is(err, deadline.ErrNoticeNotFuture):
		return NoticeResult{}, i18n.E("duty.noticeNotFuture", err, "today", s.c.ui().Date(iso(today)))
	case errors.Is(err, deadline.ErrNoticeNotLater):
		return NoticeResult{}, i18n.E("duty.noticeNotLater", err, "due", s.c.ui().Date(cc.cs.DueOn))
	}
	d := cases.Duty{Note: reason, OldDue: cc.cs.DueOn, NewDue: iso(day), Signer: st.FullName() + ", " + st.Position, Authorization: st.Authorization}
	ev := cases.Event{CaseID: caseID, Kind: cases.EventNoticeArt36, StaffID: st.ID, Detail: d.JSON(), At: s.c.Now()}
	if _, err := cases.ParseDuty(ev.Kind, ev.Detail); err != nil {
		return NoticeResult{}, i18n.E("duty.badNote", err)
	}
	if cc.events, err = s.c.Store.CaseEvents(ctx, caseID); err != nil {
		return NoticeResult{}, s.c.internal("case events", err)
	}
	cc.events = append(cc.events, ev)
	out, err := writeCasePDF(s.c, cc, PrintNotice)
	if err != nil {
		return NoticeResult{}, err
	}
	cs := cc.cs
	if cs.DueOn != "" {
		// While the clock is stopped (a call to supplement) the deadline
		// stays empty; refreshDue gives it back no earlier than the notice's.
		cs.DueOn = d.NewDue
	}
	err = s.c.Store.InTx(ctx, func(tx *db.Tx) error {
		// The notice goes out before the case's new date: the registry lets
		// a deadline past the card's rule through only on a notice it holds
		// or was sent before it (sync/registry/check_casedue.go).
		if err := tx.AppendCaseEvent(ctx, ev); err != nil {
			return err
		}
		if err := tx.UpdateCaseProgress(ctx, s.c.officeID, cs); err != nil {
			return err
		}
		if err := tx.AppendCaseEvent(ctx, cases.Event{CaseID: caseID, Kind: cases.EventPrinted, StaffID: st.ID, Detail: PrintNotice}); err != nil {
			return err
		}
		tx.Emit(EventCases, caseID)
		return tx.Audit(ctx, s.c.officeID, audit.Entry{StaffID: st.ID, Action: audit.CaseNotice, ObjectType: "case_file", ObjectID: caseID, Detail: d.NewDue})
	})
	if err != nil {
		return NoticeResult{}, s.c.internal("record notice", err)
	}
	if err := s.c.Opener.Open(out.Path); err != nil {
		s.c.Log.Warn("open printout", "err", err)
	}
	detail, err := s.cases().caseDetail(ctx, caseID)
	return NoticeResult{Case: detail, Printout: out}, err
}

// RecordDelivery records how the call to supplement reached the client
// and sets its term from that day (art. 64 § 2 KPA, or art. 169 § 1 OP as
// the card says, in its days or working days). on is the counter's day,
// the return receipt's date, the acknowledgement's date, or the sending
// day of an unacknowledged e-delivery; "" for post or e-delivery whose
// date is not yet known: the term then waits, and the case cannot be left
// unexamined.
func (s *CaseDutiesService) RecordDelivery(caseID, mode, on string) (CaseDetail, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return CaseDetail{}, err
	}
	m := deadline.DeliveryMode(mode)
	if !m.Valid() {
		return CaseDetail{}, i18n.E("duty.badMode", fmt.Errorf("app: delivery mode %q", mode))
	}
	var day time.Time
	if strings.TrimSpace(on) != "" || m == deadline.DeliveredCounter {
		if m == deadline.DeliveredCounter && strings.TrimSpace(on) == "" {
			day = s.c.Today()
		} else if day, err = typedDay(on, "duty.field.deliveredOn"); err != nil {
			return CaseDetail{}, err
		}
	}
	events, err := s.c.Store.CaseEvents(ctx, caseID)
	if err != nil {
		return CaseDetail{}, s.c.internal("case events", err)
	}
	err = s.cases().updateCase(ctx, st, caseID, func(cc *caseContext, today time.Time) (cases.Event, error) {
		cs := &cc.cs
		if cs.Status != cases.AwaitingSupplement {
			return cases.Event{}, i18n.E("case.notAwaiting", errors.New("app: delivery of no call"))
		}
		d := cases.Duty{Mode: mode}
		cs.SupplementDue = ""
		if !day.IsZero() {
			issued := callIssued(*cs, events, s.c.Store.OfficeClock().Location())
			delivered, err := deadline.DeliveredOn(m, day, issued, today)
			if err != nil {
				return cases.Event{}, i18n.E("duty.deliveryDate", err, "issued", s.c.ui().Date(iso(issued)), "today", s.c.ui().Date(iso(today)))
			}
			end := deadline.TermEnd(delivered, supplementTerm(cc.v.Card))
			d.On, d.DeliveredOn, d.TermEnd = iso(day), iso(delivered), iso(end)
			cs.SupplementDue = d.TermEnd
		}
		return cases.Event{CaseID: cs.ID, Kind: cases.EventSupplementDelivered, StaffID: st.ID, Detail: d.JSON()}, nil
	})
	if err != nil {
		return CaseDetail{}, err
	}
	return s.cases().caseDetail(ctx, caseID)
}

// RequestInterpreter records a client's request for a sign-language
// interpreter at a visit (ustawa o języku migowym, art. 12). A request
// under the statutory 3 working days' notice is recorded all the same
// (the office may still find one), and the clerk is told.
func (s *CaseDutiesService) RequestInterpreter(caseID, visitOn, visitAt string) (InterpreterResult, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return InterpreterResult{}, err
	}
	day, err := typedDay(visitOn, "duty.field.visitOn")
	if err != nil {
		return InterpreterResult{}, err
	}
	visitAt = strings.TrimSpace(visitAt)
	if visitAt != "" {
		t, err := time.Parse("15:04", visitAt)
		if err != nil {
			return InterpreterResult{}, i18n.E("duty.badTime", fmt.Errorf("app: visit time %q: %w", visitAt, err))
		}
		visitAt = t.Format("15:04")
	}
	today := s.c.Today()
	if day.Before(today) {
		return InterpreterResult{}, i18n.E("duty.visitPast", errors.New("app: interpreter for a past visit"), "today", s.c.ui().Date(iso(today)))
	}
	short := deadline.CheckInterpreterNotice(day, today) != nil
	d := cases.Duty{VisitOn: iso(day), VisitAt: visitAt, Short: short}
	err = s.cases().updateCase(ctx, st, caseID, func(cc *caseContext, _ time.Time) (cases.Event, error) {
		return cases.Event{CaseID: cc.cs.ID, Kind: cases.EventInterpreter, StaffID: st.ID, Detail: d.JSON()}, nil
	})
	if err != nil {
		return InterpreterResult{}, err
	}
	res := InterpreterResult{}
	if short {
		res.Warning = s.c.UI("duty.interpreterShort", "date", s.c.ui().Date(iso(day)))
	}
	res.Case, err = s.cases().caseDetail(ctx, caseID)
	return res, err
}

// typedDay reads a day as a person types it, or says what is wrong with
// it naming the field.
func typedDay(s, field string) (time.Time, error) {
	d, err := daytext.Parse(s)
	if err != nil {
		return time.Time{}, i18n.E(string(daytext.ReasonOf(err)), fmt.Errorf("app: %s: %w", field, err), "field", "@"+field)
	}
	return d, nil
}

// supplementTerm is the card's term for a call to supplement.
func supplementTerm(card catalog.Card) deadline.SupplementTerm {
	t := deadline.SupplementTerm{Regime: deadline.Regime(card.SupplementRegime), Days: card.SupplementTermDays}
	if card.SupplementTermWorkingDays > 0 {
		t.Days, t.WorkingDays = card.SupplementTermWorkingDays, true
	}
	return t
}

// callIssued is the day the case's call to supplement was issued: the
// latest call's day, or the submission's for a call made at the counter.
// A call issued after the intake is dated the day it was issued.
func callIssued(cs cases.Case, events []cases.Event, loc *time.Location) time.Time {
	issued := date(cs.SubmittedOn)
	for _, e := range events {
		if e.Kind == cases.EventSupplementRequested {
			issued = deadline.Day(e.At.In(loc))
		}
	}
	return issued
}

// writeCasePDF lays out a case's printout, writes it under the case's
// folder and returns it, recording nothing.
func writeCasePDF(c *Core, cc caseContext, kind string) (Printout, error) {
	sheet, name, err := c.caseSheet(cc, kind)
	if err != nil {
		return Printout{}, err
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, sheet); err != nil {
		if ch := unprintable(sheet); ch != "" {
			return Printout{}, i18n.E("print.unprintable", fmt.Errorf("app: %s of case %s: %w", kind, cc.cs.ID, err), "char", ch, "printout", "@printout."+kind)
		}
		return Printout{}, c.printError(kind, err)
	}
	dir := filepath.Join("sprawy", fmt.Sprint(cc.cs.Sign.Year), strings.ReplaceAll(cc.cs.SignText(), ".", "_"))
	if lang := printLang(cc.client.Lang); lang != i18n.Default {
		name += "-" + lang
	}
	out, err := c.writeNewOutput(dir, name, buf.Bytes())
	if err != nil {
		return Printout{}, saveFailed(err, "printout", "@printout."+kind)
	}
	return out, nil
}

// cases is the case area's service, whose reads and guarded updates the
// duties share.
func (s *CaseDutiesService) cases() *CaseService { return &CaseService{c: s.c} }
