package app

import (
	"context"
	"errors"
	"fmt"
	"okienko/app/cases"
	"strings"
	"time"

	"okienko/app/audit"
	"okienko/app/i18n"
	"okienko/app/letters"
	"okienko/app/office"
	"okienko/db"
)

// LetterService is the Dziennik korespondencji: letters and e-mails
// received, each with whom it is assigned to and its answer-by (an
// e-mail: 24 working hours, Płock VI; a letter: its matter's term, the
// KPA month by default or its linked case's deadline), answered with a
// date and a channel; the yearly register printed.
type LetterService struct {
	c *Core
}

// NewLetterService binds the service to the core.
func NewLetterService(c *Core) *LetterService { return &LetterService{c: c} }

// LetterInput is a new entry as the form gives it: the receipt's day as a
// person types it ("" for today) and HH:MM ("" for now).
type LetterInput struct {
	Day           string `json:"day"`
	Time          string `json:"time"`
	Channel       string `json:"channel"`
	Sender        string `json:"sender"`
	SenderAddress string `json:"senderAddress"`
	Subject       string `json:"subject"`
	AssigneeID    string `json:"assigneeId"`
	CaseSign      string `json:"caseSign"` // the linked case's sign, optional
	Rule          string `json:"rule"`     // "" for the channel's default
}

// LetterAnswerInput is an answer: its day and time, channel and remark.
type LetterAnswerInput struct {
	ID      string `json:"id"`
	Day     string `json:"day"`
	Time    string `json:"time"`
	Channel string `json:"channel"`
	Note    string `json:"note"`
}

// LetterFilter narrows the list: the year of receipt (0: this year) and
// which ("all", "open", "overdue", "mine": mine still open).
type LetterFilter struct {
	Year int    `json:"year"`
	Show string `json:"show"`
}

// LetterRow is one entry of the register as the screen shows it.
type LetterRow struct {
	ID            string `json:"id"`
	No            int    `json:"no"` // its place in the year's register, by receipt
	Received      string `json:"received"`
	Channel       string `json:"channel"`
	ChannelText   string `json:"channelText"`
	Sender        string `json:"sender"`
	SenderAddress string `json:"senderAddress"`
	Subject       string `json:"subject"`
	AssigneeID    string `json:"assigneeId"`
	Assignee      string `json:"assignee"`
	CaseID        string `json:"caseId"`
	CaseSign      string `json:"caseSign"`
	Rule          string `json:"rule"`
	RuleText      string `json:"ruleText"`
	Due           string `json:"due"`
	State         string `json:"state"`
	StateText     string `json:"stateText"`
	Answered      string `json:"answered"`
	AnswerChannel string `json:"answerChannel"`
	AnsweredBy    string `json:"answeredBy"`
	Note          string `json:"note"`
	Mine          bool   `json:"mine"`
	// Who last handed it to its assignee and when ("" while never), and
	// whether the person signed in may hand it on (a head or an admin,
	// the letter open).
	AssignedBy  string `json:"assignedBy"`
	Assigned    string `json:"assigned"`
	MayReassign bool   `json:"mayReassign"`
}

// LetterReassignInput hands a letter to another official.
type LetterReassignInput struct {
	ID         string `json:"id"`
	AssigneeID string `json:"assigneeId"`
}

// LetterCountsDTO are the register's figures for a period (the monitoring
// report): received, answered (late among them), overdue at its end.
type LetterCountsDTO struct {
	From         string `json:"from"`
	To           string `json:"to"`
	Received     int    `json:"received"`
	Answered     int    `json:"answered"`
	AnsweredLate int    `json:"answeredLate"`
	Overdue      int    `json:"overdue"`
}

// Create records a letter or an e-mail received. Nothing is saved when
// anything is wrong; the message names the field.
func (s *LetterService) Create(in LetterInput) (LetterRow, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return LetterRow{}, err
	}
	now := s.c.Now()
	rec, err := s.instant(in.Day, in.Time, "letters.field.receivedAt", now)
	if err != nil {
		return LetterRow{}, err
	}
	l := letters.Letter{ID: db.NewID(), ReceivedAt: rec, Channel: letters.Channel(in.Channel), Sender: in.Sender,
		SenderAddress: in.SenderAddress, Subject: in.Subject, AssigneeID: in.AssigneeID, Rule: letters.Rule(in.Rule),
		Status: letters.Open, CreatedBy: st.ID}
	l.Normalize()
	var caseDue time.Time
	if sign := strings.TrimSpace(in.CaseSign); sign != "" {
		row, err := s.caseBySign(ctx, sign)
		if err != nil {
			return LetterRow{}, err
		}
		l.CaseID = row.ID
		if row.DueOn != "" {
			caseDue, _ = time.Parse(time.DateOnly, row.DueOn)
		}
		if l.Rule == "" && l.Channel != letters.Email {
			l.Rule = letters.RuleCase
		}
	}
	if l.Rule == "" {
		l.Rule = letters.DefaultRule(l.Channel)
	}
	if probs := letters.Validate(l, now); len(probs) > 0 {
		return LetterRow{}, letterProblem(probs[0], "create")
	}
	if err := s.activeAssignee(ctx, l.AssigneeID); err != nil {
		return LetterRow{}, err
	}
	l.DueAt = letters.AnswerBy(l.Rule, l.ReceivedAt, caseDue)
	if err := s.save(ctx, l); err != nil {
		return LetterRow{}, err
	}
	s.c.audit(ctx, st.ID, audit.LetterCreate, "letter", l.ID)
	return s.one(ctx, st, l, now)
}

// Answer records a letter's answer: its day and time (not before the
// letter came in, not in the future), channel and an optional remark.
func (s *LetterService) Answer(in LetterAnswerInput) (LetterRow, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return LetterRow{}, err
	}
	now := s.c.Now()
	l, err := s.load(ctx, in.ID)
	if err != nil {
		return LetterRow{}, err
	}
	at, err := s.instant(in.Day, in.Time, "letters.field.answeredAt", now)
	if err != nil {
		return LetterRow{}, err
	}
	note := strings.TrimSpace(in.Note)
	if probs := letters.ValidateAnswer(l, at, letters.Channel(in.Channel), note, now); len(probs) > 0 {
		p := probs[0]
		if p.Key == "letters.answerBeforeReceipt" {
			p.Args = map[string]string{"received": i18n.DateTime(s.c.Locale(), l.ReceivedAt.In(now.Location()))}
		}
		return LetterRow{}, letterProblem(p, "answer")
	}
	l.Status, l.AnsweredAt, l.AnswerChannel, l.AnsweredBy, l.Note = letters.Answered, at, letters.Channel(in.Channel), st.ID, note
	l.Normalize()
	if err := s.save(ctx, l); err != nil {
		return LetterRow{}, err
	}
	s.c.audit(ctx, st.ID, audit.LetterAnswer, "letter", l.ID)
	return s.one(ctx, st, l, now)
}

// Reassign hands an open letter to another active official: a unit's
// head or an admin only (a clerk answers what is given to them); audited
// with the new assignee, synced, and checked by the registry as well.
func (s *LetterService) Reassign(in LetterReassignInput) (LetterRow, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return LetterRow{}, err
	}
	now := s.c.Now()
	l, err := s.load(ctx, in.ID)
	if err != nil {
		return LetterRow{}, err
	}
	if probs := letters.CheckReassign(l, st.Role, in.AssigneeID); len(probs) > 0 {
		return LetterRow{}, letterProblem(probs[0], "reassign")
	}
	if err := s.activeAssignee(ctx, in.AssigneeID); err != nil {
		return LetterRow{}, err
	}
	l.AssigneeID, l.AssignedBy, l.AssignedAt = in.AssigneeID, st.ID, now
	if err := s.save(ctx, l); err != nil {
		return LetterRow{}, err
	}
	s.c.auditDetail(ctx, st.ID, audit.LetterReassign, "letter", l.ID, in.AssigneeID)
	return s.one(ctx, st, l, now)
}

// List lists the register's entries of a year in order of receipt,
// numbered, or the open ones by answer-by.
func (s *LetterService) List(f LetterFilter) ([]LetterRow, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return nil, err
	}
	now := s.c.Now()
	year := f.Year
	if year == 0 {
		year = now.Year()
	}
	loc := now.Location()
	list, err := s.c.Store.LettersReceived(ctx, time.Date(year, 1, 1, 0, 0, 0, 0, loc), time.Date(year+1, 1, 1, 0, 0, 0, 0, loc), registerLimit)
	if err != nil {
		return nil, s.c.internal("list letters", err)
	}
	names, signs, err := s.lookups(ctx, list)
	if err != nil {
		return nil, err
	}
	out := []LetterRow{}
	for i, l := range list {
		state := letters.StateAt(l, now)
		switch f.Show {
		case "open":
			if l.Status != letters.Open {
				continue
			}
		case "overdue":
			if state != letters.StateOverdue {
				continue
			}
		case "mine":
			if l.Status != letters.Open || l.AssigneeID != st.ID {
				continue
			}
		}
		out = append(out, s.rowOf(st, i+1, l, state, names, signs, now))
	}
	return out, nil
}

// LetterDetail is one entry as its detail shows it: the sender's name and
// address in full (the list shows them masked).
type LetterDetail struct {
	LetterRow
}

// Get returns one entry with the sender's name and address in full
// (audited: the list masks them, the detail is opened on purpose).
func (s *LetterService) Get(id string) (LetterDetail, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return LetterDetail{}, err
	}
	l, err := s.load(ctx, id)
	if err != nil {
		return LetterDetail{}, err
	}
	row, err := s.one(ctx, st, l, s.c.Now())
	if err != nil {
		return LetterDetail{}, err
	}
	row.Sender, row.SenderAddress = l.Sender, l.SenderAddress
	s.c.audit(ctx, st.ID, audit.LetterView, "letter", id)
	return LetterDetail{LetterRow: row}, nil
}

// Counts are the register's figures for a period [from, to) of office
// days (YYYY-MM-DD; to inclusive), for the monitoring report.
func (s *LetterService) Counts(from, to string) (LetterCountsDTO, error) {
	ctx := context.Background()
	if _, err := s.c.require(ctx); err != nil {
		return LetterCountsDTO{}, err
	}
	now := s.c.Now()
	f, t, err := periodOf(from, to, now.Location())
	if err != nil {
		return LetterCountsDTO{}, err
	}
	c, err := s.c.Store.LetterCounts(ctx, f, t, now)
	if err != nil {
		return LetterCountsDTO{}, s.c.internal("letter counts", err)
	}
	return LetterCountsDTO{From: from, To: to, Received: c.Received, Answered: c.Answered, AnsweredLate: c.AnsweredLate, Overdue: c.Overdue}, nil
}

// registerLimit bounds a year's register on screen and on paper: an
// office's yearly correspondence is some thousands of entries.
const registerLimit = 20000

// periodOf reads a period of office days [from, to] into instants
// [from 00:00, the day after to 00:00) in loc.
func periodOf(from, to string, loc *time.Location) (time.Time, time.Time, error) {
	f, err := time.ParseInLocation(time.DateOnly, from, loc)
	if err != nil {
		return time.Time{}, time.Time{}, i18n.E("letters.periodBad", fmt.Errorf("app: period from: %w", err))
	}
	t, err := time.ParseInLocation(time.DateOnly, to, loc)
	if err != nil || t.Before(f) {
		return time.Time{}, time.Time{}, i18n.E("letters.periodBad", fmt.Errorf("app: period to: %q", to))
	}
	return f, t.AddDate(0, 0, 1), nil
}

func (s *LetterService) instant(day, clock, field string, now time.Time) (time.Time, error) {
	loc := now.Location()
	d := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	if strings.TrimSpace(day) != "" {
		t, err := typedDay(day, field)
		if err != nil {
			return time.Time{}, err
		}
		d = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	}
	clock = strings.TrimSpace(clock)
	if clock == "" {
		if d.Format(time.DateOnly) == now.Format(time.DateOnly) {
			return now.Truncate(time.Minute), nil
		}
		return d.Add(time.Duration(letters.DayStart) * time.Hour), nil
	}
	hm, err := time.Parse("15:04", clock)
	if err != nil {
		return time.Time{}, i18n.E("letters.timeBad", fmt.Errorf("app: letter time: %w", err), "field", "@"+field)
	}
	return d.Add(time.Duration(hm.Hour())*time.Hour + time.Duration(hm.Minute())*time.Minute), nil
}

func (s *LetterService) caseBySign(ctx context.Context, sign string) (caseRef, error) {
	rows, err := s.c.Store.Cases(ctx, s.c.officeID, db.CaseFilter{Text: sign, Limit: 5})
	if err != nil {
		return caseRef{}, s.c.internal("find letter case", err)
	}
	for _, r := range rows {
		if strings.EqualFold(r.Sign, sign) {
			return caseRef{ID: r.ID, DueOn: r.DueOn}, nil
		}
	}
	return caseRef{}, i18n.E("letters.caseNotFound", fmt.Errorf("app: letter case %q not found", sign), "sign", sign)
}

type caseRef struct{ ID, DueOn string }

func (s *LetterService) activeAssignee(ctx context.Context, id string) error {
	who, err := s.c.Store.StaffByID(ctx, id)
	if errors.Is(err, db.ErrNotFound) || err == nil && !who.Active {
		return i18n.E("letters.assigneeAbsent", fmt.Errorf("app: letter assignee %s not active", id))
	}
	if err != nil {
		return s.c.internal("load letter assignee", err)
	}
	return nil
}

func (s *LetterService) save(ctx context.Context, l letters.Letter) error {
	err := s.c.Store.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.SaveLetter(ctx, s.c.officeID, l); err != nil {
			return err
		}
		tx.Emit(EventLetters, l.ID)
		return nil
	})
	if err != nil {
		return s.c.internal("save letter", err)
	}
	return nil
}

func (s *LetterService) load(ctx context.Context, id string) (letters.Letter, error) {
	l, err := s.c.Store.Letter(ctx, id)
	if errors.Is(err, db.ErrNotFound) {
		return l, i18n.E("letters.notFound", err)
	}
	if err != nil {
		return l, s.c.internal("load letter", err)
	}
	return l, nil
}

// lookups are the staff's names and the linked cases' signs of a list.
func (s *LetterService) lookups(ctx context.Context, list []letters.Letter) (map[string]string, map[string]string, error) {
	staff, err := s.c.Store.StaffList(ctx, s.c.officeID)
	if err != nil {
		return nil, nil, s.c.internal("list staff", err)
	}
	signs := map[string]string{}
	for _, l := range list {
		if l.CaseID == "" || signs[l.CaseID] != "" {
			continue
		}
		if cs, err := s.c.Store.Case(ctx, l.CaseID); err == nil {
			signs[l.CaseID] = cs.SignText()
		}
	}
	return staffNames(staff), signs, nil
}

func (s *LetterService) one(ctx context.Context, st office.Staff, l letters.Letter, now time.Time) (LetterRow, error) {
	names, signs, err := s.lookups(ctx, []letters.Letter{l})
	if err != nil {
		return LetterRow{}, err
	}
	return s.rowOf(st, 0, l, letters.StateAt(l, now), names, signs, now), nil
}

func (s *LetterService) rowOf(st office.Staff, no int, l letters.Letter, state letters.State, names, signs map[string]string, now time.Time) LetterRow {
	t := s.c.ui()
	loc := now.Location()
	lang := s.c.Locale()
	r := LetterRow{ID: l.ID, No: no, Received: i18n.DateTime(lang, l.ReceivedAt.In(loc)), Channel: string(l.Channel),
		ChannelText: t.T("letters.channel." + string(l.Channel)), Sender: cases.MaskName(l.Sender), SenderAddress: cases.Mask(l.SenderAddress),
		Subject: l.Subject, AssigneeID: l.AssigneeID, Assignee: names[l.AssigneeID], CaseID: l.CaseID, CaseSign: signs[l.CaseID],
		Rule: string(l.Rule), RuleText: t.T("letters.rule." + string(l.Rule)), Due: i18n.DateTime(lang, l.DueAt.In(loc)),
		State: string(state), StateText: t.T("letters.state." + string(state)), AnsweredBy: names[l.AnsweredBy], Note: l.Note,
		Mine: l.AssigneeID == st.ID, AssignedBy: names[l.AssignedBy],
		MayReassign: l.Status == letters.Open && letters.MayReassign(st.Role)}
	if !l.AssignedAt.IsZero() {
		r.Assigned = i18n.DateTime(lang, l.AssignedAt.In(loc))
	}
	if l.Status == letters.Answered {
		r.Answered = i18n.DateTime(lang, l.AnsweredAt.In(loc))
		r.AnswerChannel = t.T("letters.channel." + string(l.AnswerChannel))
	}
	return r
}

// letterProblem turns a domain problem into the error a person reads.
func letterProblem(p letters.Problem, what string) error {
	return &i18n.Error{Key: p.Key, Args: p.Args, Err: fmt.Errorf("app: letter %s: field %s: %s", what, p.Field, p.Key)}
}
