package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"okienko/app/audit"
	"okienko/app/cases"
	"okienko/app/deadline"
	"okienko/app/i18n"
	"okienko/app/ident"
	"okienko/app/office"
	"okienko/db"
)

// StatusOpen filters the list to cases not yet closed.
const StatusOpen = "open"

// CaseService is the case list and the case view: search, history,
// status changes, supplemented documents and printouts.
type CaseService struct {
	c *Core
}

// NewCaseService binds the service to the core.
func NewCaseService(c *Core) *CaseService { return &CaseService{c: c} }

// Search lists cases by deadline. Text matches the case sign or the
// client's name typed without diacritics; an 11-digit valid PESEL matches
// that client exactly. Identifiers in the result are masked.
func (s *CaseService) Search(q CaseQuery) ([]CaseRow, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return nil, err
	}
	if q.Mine {
		q.assignee = st.ID
	}
	return s.searchCases(ctx, q)
}

func (s *CaseService) searchCases(ctx context.Context, q CaseQuery) ([]CaseRow, error) {
	c := s.c
	today := c.Today()
	f := db.CaseFilter{Status: cases.Status(q.Status), Limit: q.Limit, Assignee: q.assignee}
	if q.Status == StatusOpen {
		f.Status, f.OpenOnly = "", true
	}
	text := strings.TrimSpace(q.Text)
	if compact := ident.Compact(text); len(compact) == 11 {
		if _, err := ident.PESEL(compact); err == nil {
			f.PESEL = compact
		}
	}
	if f.PESEL == "" {
		f.Text = text
	}
	switch q.Due {
	case "soon":
		// Within 3 working days, as Dziś and the Pulpit count them.
		f.OpenOnly, f.DueFrom, f.DueTo = true, iso(today), iso(deadline.AddWorkingDays(today, todayAhead))
	case "overdue":
		f.OpenOnly, f.DueTo = true, iso(today.AddDate(0, 0, -1))
	}
	rows, err := c.Store.Cases(ctx, c.officeID, f)
	if err != nil {
		return nil, c.internal("search cases", err)
	}
	out := make([]CaseRow, len(rows))
	translated := c.catalogue.Load().translatedTitles(c.Locale())
	for i, r := range rows {
		label, masked := r.Client.Identifier()
		row := CaseRow{ID: r.ID, Sign: r.Sign, Status: string(r.Status), StatusText: c.UI("status." + string(r.Status)),
			Service: r.CardTitle, ServiceTr: translated(r.CardID, r.CardTitle), Client: r.Client.Name(),
			Ident: strings.TrimSpace(c.identLabel(label) + " " + masked)}
		row.DueOn, row.DaysLeft, row.Flag = s.dueView(r.Status, r.DueOn, today)
		out[i] = row
	}
	return out, nil
}

// dueView says when a case is due and whether to flag it.
func (s *CaseService) dueView(st cases.Status, due string, today time.Time) (string, int, string) {
	c := s.c
	switch {
	case st.Closed():
		return c.ui().Date(due), 0, ""
	case due == "":
		return c.UI("case.duePaused"), 0, "paused"
	}
	d := date(due)
	return c.ui().Date(due), deadline.DaysLeft(d, today), deadline.Flag(d, today)
}

func iso(t time.Time) string { return t.Format(time.DateOnly) }

// Case opens one case (an audited read of the client's data).
func (s *CaseService) Case(id string) (CaseDetail, error) {
	ctx := context.Background()
	st, d, err := s.guardedDetail(ctx, id)
	if err != nil {
		return CaseDetail{}, err
	}
	s.c.audit(ctx, st.ID, audit.CaseView, "case_file", id)
	return d, nil
}

// Refresh reads again the case its person has open, after a sync brought
// a change to it (a head's decision, another device's edit): the same
// rights as Case, but not a new view in the access log, since the person
// is still looking at what they opened.
func (s *CaseService) Refresh(id string) (CaseDetail, error) {
	_, d, err := s.guardedDetail(context.Background(), id)
	return d, err
}

// guardedDetail is the case as the signed-in person may read it (their
// units, or a reason given for another's), with that person.
func (s *CaseService) guardedDetail(ctx context.Context, id string) (office.Staff, CaseDetail, error) {
	st, err := s.c.require(ctx)
	if err != nil {
		return office.Staff{}, CaseDetail{}, err
	}
	if err := guardCase(ctx, s.c, st, id); err != nil {
		return office.Staff{}, CaseDetail{}, err
	}
	d, err := s.caseDetail(ctx, id)
	if err != nil {
		return office.Staff{}, CaseDetail{}, err
	}
	return st, d, nil
}

func (s *CaseService) caseDetail(ctx context.Context, id string) (CaseDetail, error) {
	c := s.c
	cc, err := c.loadCaseContext(ctx, id)
	if errors.Is(err, db.ErrNotFound) {
		return CaseDetail{}, i18n.E("case.notFound", err)
	}
	if err != nil {
		return CaseDetail{}, c.internal("load case", err)
	}
	cs := cc.cs
	label, masked := cc.client.Identifier()
	d := CaseDetail{ID: cs.ID, Sign: cs.SignText(), Provisional: cs.Provisional, Status: string(cs.Status), StatusText: c.UI("status." + string(cs.Status)),
		Service: cc.v.Card.Title, CardVersion: cc.v.Card.Version, CardID: cc.v.ID, Client: cc.client.Name(), ClientID: cc.client.ID,
		ClientKind: string(cc.client.Kind), IdentLabel: c.identLabel(label), Ident: masked, Address: cc.client.Address(),
		Phone: cc.client.Phone, Email: cc.client.Email, SubmittedOn: c.ui().Date(cs.SubmittedOn), RegisteredBy: cc.clerk.FullName(),
		Answers: []AnswerLine{}, Checklist: []ChecklistLine{}, Events: []CaseEventLine{}, Next: []StatusOption{}}
	if label == "" {
		d.IdentLabel = ""
	}
	if cs.AssigneeID != "" {
		// A handler this device does not hold (outside its scope) is not
		// named; the case still opens.
		h, err := c.Store.StaffByID(ctx, cs.AssigneeID)
		switch {
		case err == nil:
			d.Assignee = h.FullName()
		case !errors.Is(err, db.ErrNotFound):
			return CaseDetail{}, c.internal("load case handler", err)
		}
	}
	if loc := c.Locale(); loc != i18n.Default {
		if tr := cc.v.Card.Translations[loc].Title; tr != cc.v.Card.Title {
			d.ServiceTr = tr
		}
	}
	d.DueOn, d.DaysLeft, d.Flag = s.dueView(cs.Status, cs.DueOn, c.Today())
	if cs.SupplementDue != "" {
		d.SupplementDue = c.ui().Date(cs.SupplementDue)
	}
	var answers map[string]any
	_ = json.Unmarshal(cs.Form, &answers)
	for _, f := range formSpec(cc.v).Fields {
		if v, ok := answers[f.Name]; ok {
			text := answerTextIn(c.ui(), f, v)
			if identifierFormats[f.Format] {
				// As everywhere on screen: identifiers masked, "pokaż" reveals (audited).
				text = cases.Mask(text)
			}
			d.Answers = append(d.Answers, AnswerLine{Label: f.Label, Value: text})
		}
	}
	missing := map[string]bool{}
	for _, it := range missingDocs(cs) {
		missing[it.DocID] = true
	}
	for _, it := range cs.Checklist {
		if it.Applies {
			d.Checklist = append(d.Checklist, ChecklistLine{Item: it, PresentationText: c.UI("presentation." + string(it.Presentation)), Missing: missing[it.DocID]})
		}
	}
	names := map[string]string{}
	if staff, err := c.Store.StaffList(ctx, c.officeID); err == nil {
		for _, s := range staff {
			names[s.ID] = s.FullName()
		}
	}
	events, err := c.Store.CaseEvents(ctx, id)
	if err != nil {
		return CaseDetail{}, c.internal("case events", err)
	}
	for _, e := range events {
		d.Events = append(d.Events, CaseEventLine{At: c.ui().DateTime(e.At), Text: s.eventText(e), Staff: names[e.StaffID]})
		switch {
		case e.Kind == cases.EventSignFinalized:
			d.ReprintDue, d.OldSign = true, e.Detail
		case e.Kind == cases.EventPrinted && e.Detail == PrintReceipt:
			d.ReprintDue = false
		case e.Kind == cases.EventNoticeArt36:
			d.Noticed = true
		}
	}
	for _, n := range cases.Next(cs.Status) {
		d.Next = append(d.Next, StatusOption{Status: string(n), Text: c.UI("status." + string(n))})
	}
	return d, nil
}

func (s *CaseService) eventText(e cases.Event) string {
	c := s.c
	switch e.Kind {
	case cases.EventRegistered:
		return c.UI("event.registered")
	case cases.EventSupplementRequested:
		return c.UI("event.supplementRequested", "date", c.ui().Date(e.Detail))
	case cases.EventSupplemented:
		return c.UI("event.supplemented")
	case cases.EventPrinted:
		return c.UI("event.printed", "what", c.UI("printout."+e.Detail))
	case cases.EventSignFinalized:
		return c.UI("event.signFinalized", "old", e.Detail)
	case cases.EventDateConfirmed:
		why, date, _ := strings.Cut(e.Detail, " ")
		return c.UI("event.dateConfirmed."+dateWhy(why), "date", c.ui().Date(date))
	case cases.EventHandedOver, cases.EventNoticeArt36, cases.EventInterpreter, cases.EventSupplementDelivered:
		return dutyText(c, e)
	case cases.EventStatus:
		return c.UI("event.status", "from", c.UI("status."+string(e.From)), "to", c.UI("status."+string(e.To)))
	}
	return e.Kind
}

// ChangeStatus moves a case along the status machine. Calling for
// documents stops the clock and sets the 7-day term; leaving a case
// unexamined needs that term to have passed.
func (s *CaseService) ChangeStatus(id, to string) (CaseDetail, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return CaseDetail{}, err
	}
	err = s.updateCase(ctx, st, id, func(cc *caseContext, today time.Time) (cases.Event, error) {
		cs := &cc.cs
		target := cases.Status(to)
		if !cases.CanMove(cs.Status, target) {
			return cases.Event{}, i18n.E("case.badTransition", fmt.Errorf("app: %s -> %s", cs.Status, to),
				"from", "@status."+string(cs.Status), "to", "@status."+to)
		}
		ev := cases.Event{CaseID: cs.ID, Kind: cases.EventStatus, From: cs.Status, To: target, StaffID: st.ID}
		switch target {
		case cases.AwaitingSupplement:
			cs.Pauses = append(cs.Pauses, cases.Pause{From: iso(today)})
			// Handed over at the counter today; a call sent by post or
			// electronically gets its term when its delivery is recorded.
			cs.SupplementDue = iso(deadline.TermEnd(today, supplementTerm(cc.v.Card)))
			ev.Kind, ev.Detail = cases.EventSupplementRequested, cs.SupplementDue
		case cases.Supplemented:
			closePause(cs, today)
			ev.Kind = cases.EventSupplemented
		case cases.LeftUnexamined:
			if cs.SupplementDue == "" && cs.Status == cases.AwaitingSupplement {
				// Sent by post or electronically, delivery not yet known:
				// the term has not even begun (art. 64 § 2 KPA).
				return cases.Event{}, i18n.E("duty.termPending", errors.New("app: supplement term pending delivery"))
			}
			if cs.SupplementDue != "" && iso(today) <= cs.SupplementDue {
				return cases.Event{}, i18n.E("case.termRunning", errors.New("app: supplement term not over"), "date", s.c.ui().Date(cs.SupplementDue))
			}
		}
		cs.Status = target
		return ev, nil
	})
	if err != nil {
		return CaseDetail{}, err
	}
	return s.caseDetail(ctx, id)
}

// Supplement records documents brought after the call to supplement. When
// nothing is missing any more the case becomes "uzupełniona" and the clock
// runs again; otherwise it lists what is still missing.
func (s *CaseService) Supplement(id string, items []cases.Item) (CaseDetail, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return CaseDetail{}, err
	}
	err = s.updateCase(ctx, st, id, func(cc *caseContext, today time.Time) (cases.Event, error) {
		cs := &cc.cs
		if cs.Status != cases.AwaitingSupplement {
			return cases.Event{}, i18n.E("case.notAwaiting", errors.New("app: not awaiting documents"))
		}
		marks := map[string]cases.Item{}
		for _, it := range items {
			marks[it.DocID] = it
		}
		for i, it := range cs.Checklist {
			if m, ok := marks[it.DocID]; ok {
				cs.Checklist[i] = it.WithMarks(m)
			}
		}
		res := cases.Evaluate(cs.Checklist, today)
		if b := res.Blocking(); len(b) > 0 {
			return cases.Event{}, i18n.E("case.checklistProblems", errors.New("app: checklist problems"), "count", fmt.Sprint(len(b)))
		}
		if !res.Complete {
			var names []string
			for _, m := range res.Missing {
				names = append(names, m.Name)
			}
			return cases.Event{}, i18n.E("case.stillMissing", errors.New("app: documents still missing"), "docs", strings.Join(names, ", "))
		}
		closePause(cs, today)
		ev := cases.Event{CaseID: cs.ID, Kind: cases.EventSupplemented, From: cs.Status, To: cases.Supplemented, StaffID: st.ID}
		cs.Status = cases.Supplemented
		return ev, nil
	})
	if err != nil {
		return CaseDetail{}, err
	}
	return s.caseDetail(ctx, id)
}

// closePause ends the open pause today, or on the day it began when that
// lies after today: the pause may have been opened on a device whose clock
// ran ahead, or this computer's clock went back since, and bringing the
// documents must never be impossible for it.
func closePause(cs *cases.Case, today time.Time) {
	for i := range cs.Pauses {
		if cs.Pauses[i].To == "" {
			cs.Pauses[i].To = max(iso(today), cs.Pauses[i].From)
		}
	}
	cs.SupplementDue = ""
}

// updateCase applies fn to a case and stores the result with its event in
// one transaction, recomputing the due date.
func (s *CaseService) updateCase(ctx context.Context, st office.Staff, id string, fn func(*caseContext, time.Time) (cases.Event, error)) error {
	c := s.c
	cc, err := c.loadCaseContext(ctx, id)
	if errors.Is(err, db.ErrNotFound) {
		return i18n.E("case.notFound", err)
	}
	if err != nil {
		return c.internal("load case", err)
	}
	today := c.Today()
	ev, err := fn(&cc, today)
	if err != nil {
		return err
	}
	if err := c.refreshDue(cc.v.Card, &cc.cs); err != nil {
		return c.internal("compute deadline", err)
	}
	// An art. 36 notice set a later date than the card's rule gives: the
	// party was told that date, and recomputing never takes it back.
	notice, err := c.Store.CaseNoticeDue(ctx, id)
	if err != nil {
		return c.internal("case notice", err)
	}
	if cc.cs.DueOn != "" && notice > cc.cs.DueOn {
		cc.cs.DueOn = notice
	}
	err = c.Store.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.UpdateCaseProgress(ctx, c.officeID, cc.cs); err != nil {
			return err
		}
		if err := tx.AppendCaseEvent(ctx, ev); err != nil {
			return err
		}
		tx.Emit(EventCases, id)
		return tx.Audit(ctx, c.officeID, audit.Entry{StaffID: st.ID, Action: audit.CaseStatus, ObjectType: "case_file", ObjectID: id, Detail: string(cc.cs.Status)})
	})
	if err != nil {
		return c.internal("update case", err)
	}
	return nil
}

// Print prints a case's receipt, call to supplement or filled form again.
func (s *CaseService) Print(id, kind string) (Printout, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return Printout{}, err
	}
	if err := guardCase(ctx, s.c, st, id); err != nil {
		return Printout{}, err
	}
	return s.c.printCase(ctx, st, id, kind)
}

// RevealIdentifier shows a case client's full identifier, on purpose and
// audited: lists and the case view show it masked.
func (s *CaseService) RevealIdentifier(id string) (string, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return "", err
	}
	if err := guardCase(ctx, s.c, st, id); err != nil {
		return "", err
	}
	cs, err := s.c.Store.Case(ctx, id)
	if errors.Is(err, db.ErrNotFound) {
		return "", i18n.E("case.notFound", err)
	}
	if err != nil {
		return "", s.c.internal("load case", err)
	}
	cl, err := s.c.Store.Client(ctx, cs.ClientID)
	if err != nil {
		return "", s.c.internal("load client", err)
	}
	s.c.audit(ctx, st.ID, audit.ClientReveal, "client", cl.ID)
	for _, v := range []string{cl.PESEL, cl.NIP, cl.DocNumber} {
		if v != "" {
			return v, nil
		}
	}
	return "", nil
}

// identifierFormats are the form formats holding a personal identifier,
// masked in the case view's answers.
var identifierFormats = map[string]bool{"pesel": true, "id-card": true, "passport": true}
