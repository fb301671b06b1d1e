package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"okienko/app/audit"
	"okienko/app/cases"
	"okienko/app/casesign"
	"okienko/app/catalog"
	"okienko/app/deadline"
	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/db"
)

// errRefused rolls a registration back when a check fails inside it.
var errRefused = errors.New("app: registration refused")

// register turns a saved draft into a case in one transaction. It checks
// everything again in Go: the frontend's checks are a convenience only.
// confirmed is the office date the clerk confirmed, when the office's time
// could not be trusted (dateCheck); nothing is registered under a date
// nobody confirmed.
func (c *Core) register(ctx context.Context, st office.Staff, draftID, confirmed string) (RegisterResult, cases.Case, error) {
	d, err := c.ownDraft(ctx, st, draftID)
	if err != nil {
		return RegisterResult{}, cases.Case{}, err
	}
	v, err := c.loadCard(ctx, d.CardID)
	if err != nil {
		return RegisterResult{}, cases.Case{}, err
	}
	u, err := c.Store.Unit(ctx, v.UnitID)
	if err != nil {
		return RegisterResult{}, cases.Case{}, c.internal("load unit", err)
	}
	if u.Retired() {
		// The registry retired the unit: it takes no new case (the
		// registry would refuse it too).
		return RegisterResult{}, cases.Case{}, i18n.E("intake.unitRetired", fmt.Errorf("app: register in retired unit %s", u.Symbol), "unit", u.Symbol+" "+u.Name)
	}
	in := DraftInput{ID: d.ID, CardID: d.CardID, Step: d.Body.Step, ClientID: d.Body.ClientID, Client: d.Body.Client,
		Answers: d.Body.Answers, Checklist: d.Body.Checklist}
	chk, stt, err := c.checkIntake(ctx, in, v, false)
	if err != nil {
		return RegisterResult{}, cases.Case{}, err
	}
	if !chk.CanRegister {
		res := RegisterResult{Problems: append(append([]FieldProblem{}, chk.Client...), chk.Form...)}
		blocking := map[string]bool{}
		for _, p := range stt.result.Blocking() {
			blocking[p.DocID] = true
		}
		for _, l := range chk.Checklist {
			// An expiry date that cannot be read both blocks and counts the
			// document as missing, so blocking is asked, not Missing.
			if l.Problem != "" && blocking[l.DocID] {
				res.Problems = append(res.Problems, FieldProblem{Field: "doc:" + l.DocID, Key: "checklist", Message: l.Name + ": " + l.Problem})
			}
		}
		c.Log.Info("registration refused", "problems", len(res.Problems))
		return res, cases.Case{}, nil
	}
	today := stt.today
	mustConfirm, _, why := c.ui().dateCheck(c.Store.OfficeClock())
	if mustConfirm && confirmed != today.Format(time.DateOnly) {
		c.Log.Info("registration waits for the date to be confirmed", "reason", why)
		return RegisterResult{Problems: []FieldProblem{c.fieldProblem("date", "intake.dateNotConfirmed", nil)}}, cases.Case{}, nil
	}
	answers, err := json.Marshal(stt.answers)
	if err != nil {
		return RegisterResult{}, cases.Case{}, c.internal("encode answers", err)
	}
	client := stt.client
	if in.ClientID != "" {
		client.ID = in.ClientID
	} else {
		client.ID = db.NewID()
	}
	cs := cases.Case{
		ID: db.NewID(), CardID: v.ID, ClientID: client.ID, Status: cases.Registered, SubmittedOn: today.Format(time.DateOnly),
		Form: answers, Checklist: stt.checklist, Pauses: []cases.Pause{}, AssigneeID: st.ID, RegisteredBy: st.ID, DraftID: d.ID,
	}
	complete := stt.result.Complete
	if !complete {
		// Formal defects at the counter: the clock does not start until the
		// documents arrive (art. 35 § 5, art. 64 § 2 KPA).
		cs.Status = cases.AwaitingSupplement
		cs.Pauses = []cases.Pause{{From: cs.SubmittedOn}}
		cs.SupplementDue = deadline.TermEnd(today, supplementTerm(v.Card)).Format(time.DateOnly)
	}
	if err := c.refreshDue(v.Card, &cs); err != nil {
		return RegisterResult{}, cases.Case{}, c.internal("compute deadline", err)
	}
	reg := casesign.Register{Unit: u.Symbol, JRWA: v.Card.JRWA, Year: today.Year()}
	err = c.Store.InTx(ctx, func(tx *db.Tx) error {
		no, err := c.numbers().Take(ctx, tx, c.officeID, reg, cs.ID)
		switch {
		case errors.Is(err, db.ErrNoNumber):
			// Offline with the leased block spent: the case is registered
			// all the same, under a provisional sign the next sync replaces.
			cs.Provisional = true
		case err != nil:
			return err
		}
		cs.Sign = casesign.Sign{Register: reg, No: no}
		if err := tx.SaveClient(ctx, c.officeID, client); err != nil {
			return err
		}
		if err := tx.InsertCase(ctx, c.officeID, cs); err != nil {
			return err
		}
		if err := tx.AppendCaseEvent(ctx, cases.Event{CaseID: cs.ID, Kind: cases.EventRegistered, To: cases.Registered, StaffID: st.ID}); err != nil {
			return err
		}
		if mustConfirm {
			// The case's history says who confirmed which date and why.
			if err := tx.AppendCaseEvent(ctx, cases.Event{CaseID: cs.ID, Kind: cases.EventDateConfirmed, StaffID: st.ID,
				Detail: why + " " + confirmed}); err != nil {
				return err
			}
		}
		if !complete {
			if err := tx.AppendCaseEvent(ctx, cases.Event{CaseID: cs.ID, Kind: cases.EventSupplementRequested,
				From: cases.Registered, To: cases.AwaitingSupplement, StaffID: st.ID, Detail: cs.SupplementDue}); err != nil {
				return err
			}
		}
		if err := tx.DeleteDraft(ctx, d.ID); err != nil {
			return err
		}
		// The "Skarga lub wniosek" card enters the register too (issue 14).
		if e, ok := complaintFromCase(caseForComplaint{cardCode: v.Card.Code, caseID: cs.ID, submittedOn: cs.SubmittedOn,
			unitID: v.UnitID, staffID: st.ID, clientName: client.FirstName + " " + client.LastName, lang: client.Lang, answers: stt.answers}); ok {
			if err := tx.SaveComplaint(ctx, c.officeID, e); err != nil {
				return err
			}
			tx.Emit(EventComplaints, e.ID)
		}
		tx.Emit(EventCases, cs.ID)
		return tx.Audit(ctx, c.officeID, audit.Entry{StaffID: st.ID, Action: audit.CaseRegister, ObjectType: "case_file", ObjectID: cs.ID})
	})
	if err != nil {
		return RegisterResult{}, cases.Case{}, c.internal("register case", err)
	}
	if why == "jump" {
		c.Store.OfficeClock().Acknowledge() // confirmed: not asked again for the same jump
	}
	c.Log.Info("case registered", "case", cs.ID, "sign", cs.SignText(), "complete", complete)
	res := RegisterResult{OK: true, Problems: []FieldProblem{}, CaseID: cs.ID, Sign: cs.SignText(), Complete: complete, Provisional: cs.Provisional}
	if cs.DueOn != "" {
		res.DueOn = c.ui().Date(cs.DueOn)
	}
	if cs.SupplementDue != "" {
		res.SupplementDue = c.ui().Date(cs.SupplementDue)
	}
	return res, cs, nil
}

// refreshDue recomputes a case's due date from its card rule, submission
// day and pauses; it stays empty while a pause is open.
func (c *Core) refreshDue(card catalog.Card, cs *cases.Case) error {
	start, err := time.Parse(time.DateOnly, cs.SubmittedOn)
	if err != nil {
		return fmt.Errorf("app: submitted on %q: %w", cs.SubmittedOn, err)
	}
	pauses := make([]deadline.Pause, 0, len(cs.Pauses))
	for _, p := range cs.Pauses {
		from, err := time.Parse(time.DateOnly, p.From)
		if err != nil {
			return fmt.Errorf("app: pause %q: %w", p.From, err)
		}
		dp := deadline.Pause{From: from}
		if p.To != "" {
			if dp.To, err = time.Parse(time.DateOnly, p.To); err != nil {
				return fmt.Errorf("app: pause %q: %w", p.To, err)
			}
		}
		pauses = append(pauses, dp)
	}
	due, paused, err := deadline.Due(deadline.Rule{Kind: string(card.Deadline.Kind), N: card.Deadline.N}, start, pauses)
	if err != nil {
		return err
	}
	cs.DueOn = ""
	if !paused {
		cs.DueOn = due.Format(time.DateOnly)
	}
	return nil
}

func dateText(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return i18n.Date(i18n.Default, t)
}
