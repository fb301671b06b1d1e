package app

import (
	"context"
	"errors"
	"fmt"
	"okienko/app/cases"
	"time"

	"okienko/app/audit"
	"okienko/app/callbacks"
	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/app/visits"
	"okienko/db"
)

// VisitService is Wizyty domowe (Piotrków §5.3): a request taken at the
// counter or by phone (annex 1), the head's assignment of an official and
// a day, the named authorization and its register, and the official's
// report from the client's home, all on the device and offline.
type VisitService struct {
	c *Core
}

// NewVisitService binds the service to the core.
func NewVisitService(c *Core) *VisitService { return &VisitService{c: c} }

// VisitRequestInput is the annex 1 table as the form gives it.
type VisitRequestInput struct {
	Channel   string `json:"channel"` // counter, phone
	Requester string `json:"requester"`
	Client    string `json:"client"`
	Address   string `json:"address"`
	Phone     string `json:"phone"`
	UnitID    string `json:"unitId"`
	CardID    string `json:"cardId"`
	Matter    string `json:"matter"`
	Reason    string `json:"reason"`
	Preferred string `json:"preferred"`
}

// VisitAssignInput is the head's assignment: the official, the day
// (YYYY-MM-DD) and an optional HH:MM.
type VisitAssignInput struct {
	AssigneeID string `json:"assigneeId"`
	Day        string `json:"day"`
	Time       string `json:"time"`
}

// VisitReportInput is the official's report: done, absent or newDate,
// a note, and what happened to the receipt of a case registered there.
type VisitReportInput struct {
	Outcome string `json:"outcome"`
	Note    string `json:"note"`
	Receipt string `json:"receipt"`
}

// VisitFilter chooses a list: "open" (requested and assigned), "mine"
// (the signed-in official's visits of today and earlier, not reported),
// "reported" (reported in the last 30 days).
type VisitFilter struct {
	Show string `json:"show"`
}

// VisitRow is one visit of a list; its phone is masked and its address
// shown only in the detail.
type VisitRow struct {
	ID         string `json:"id"`
	Client     string `json:"client"`
	Matter     string `json:"matter"`
	UnitID     string `json:"unitId"`
	Unit       string `json:"unit"`
	Status     string `json:"status"`
	Day        string `json:"day"`
	Time       string `json:"time"`
	When       string `json:"when"`
	AssigneeID string `json:"assigneeId"`
	Assignee   string `json:"assignee"`
	Phone      string `json:"phone"` // masked
	CaseID     string `json:"caseId"`
	Overdue    bool   `json:"overdue"`
	MayAssign  bool   `json:"mayAssign"` // the signed-in person is its unit's head or the admin
}

// VisitAuthRow is one entry of the register of authorizations.
type VisitAuthRow struct {
	ID         string `json:"id"`
	Number     string `json:"number"`
	VisitID    string `json:"visitId"`
	Staff      string `json:"staff"`
	Unit       string `json:"unit"`
	ValidFrom  string `json:"validFrom"`
	ValidUntil string `json:"validUntil"`
	// Valid is the validity as the office writes dates ("04.12.2026 r. –
	// 07.12.2026 r."); ValidFrom and ValidUntil stay YYYY-MM-DD.
	Valid    string `json:"valid"`
	IssuedBy string `json:"issuedBy"`
	State    string `json:"state"` // valid, pending, expired, returned, revoked
}

// VisitDetail is one visit in full, with its authorizations and what to
// bring (blank forms, the card's documents).
type VisitDetail struct {
	VisitRow
	Requester      string         `json:"requester"`
	Address        string         `json:"address"`
	FullPhone      string         `json:"fullPhone"`
	Reason         string         `json:"reason"`
	Preferred      string         `json:"preferred"`
	Channel        string         `json:"channel"`
	CardID         string         `json:"cardId"`
	CardTitle      string         `json:"cardTitle"`
	Bring          []string       `json:"bring"`
	Note           string         `json:"note"`
	Receipt        string         `json:"receipt"`
	Earliest       string         `json:"earliest"`     // the first day the head may set
	EarliestText   string         `json:"earliestText"` // the same as the office writes it
	Authorizations []VisitAuthRow `json:"authorizations"`
	AuthValidToday bool           `json:"authValidToday"`
}

// VisitAuthInput is an authorization's validity (YYYY-MM-DD).
type VisitAuthInput struct {
	ValidFrom  string `json:"validFrom"`
	ValidUntil string `json:"validUntil"`
}

// visitListLimit bounds a list: an office has tens of visits at a time.
const visitListLimit = 500

// Request records a home-visit request (annex 1, Piotrków §5.3.1). Nothing
// is saved when a field is wrong.
func (s *VisitService) Request(in VisitRequestInput) (VisitRow, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return VisitRow{}, err
	}
	now := s.c.Now()
	v := visits.Visit{ID: db.NewID(), UnitID: in.UnitID, CardID: in.CardID, Channel: visits.Channel(in.Channel),
		Requester: in.Requester, Client: in.Client, Address: in.Address, Phone: in.Phone, Matter: in.Matter,
		Reason: in.Reason, Preferred: in.Preferred, CreatedBy: st.ID, CreatedAt: now, Status: visits.Requested}
	v.Normalize()
	if probs := visits.ValidateRequest(v); len(probs) > 0 {
		return VisitRow{}, visitProblem(probs[0], "request")
	}
	if _, err := s.c.Store.Unit(ctx, v.UnitID); err != nil {
		return VisitRow{}, i18n.E("visits.unitMissing", fmt.Errorf("app: visit unit: %w", err))
	}
	if v.CardID != "" {
		if _, err := s.c.Store.Card(ctx, v.CardID); err != nil {
			return VisitRow{}, i18n.E("visits.cardMissing", fmt.Errorf("app: visit card: %w", err))
		}
	}
	if err := s.save(ctx, v, nil); err != nil {
		return VisitRow{}, err
	}
	s.c.audit(ctx, st.ID, audit.VisitRequest, "visit", v.ID)
	return s.row(ctx, st, v)
}

// List lists visits as the filter asks, by day.
func (s *VisitService) List(f VisitFilter) ([]VisitRow, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return nil, err
	}
	now := s.c.Now()
	var list []visits.Visit
	switch f.Show {
	case "mine":
		list, err = s.c.Store.VisitsDueOf(ctx, st.ID, now.Format(time.DateOnly))
	case "reported":
		list, err = s.c.Store.VisitsReportedSince(ctx, now.AddDate(0, 0, -30), visitListLimit)
	default:
		list, err = s.c.Store.OpenVisits(ctx, visitListLimit)
	}
	if err != nil {
		return nil, s.c.internal("list visits", err)
	}
	names, units, err := s.directory(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]VisitRow, len(list))
	for i, v := range list {
		out[i] = s.rowOf(st, v, names, units, now)
	}
	return out, nil
}

// Get returns one visit in full (its address and phone: recorded in the
// audit log) with what to bring and its authorizations.
func (s *VisitService) Get(id string) (VisitDetail, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return VisitDetail{}, err
	}
	v, err := s.load(ctx, id)
	if err != nil {
		return VisitDetail{}, err
	}
	d, err := s.detail(ctx, st, v)
	if err != nil {
		return VisitDetail{}, err
	}
	s.c.audit(ctx, st.ID, audit.VisitView, "visit", v.ID)
	return d, nil
}

// Assign names the official and the day of a visit: only the head of the
// visit's unit or the admin (Piotrków §5.3.2-3), at least one working day
// ahead (§5.3.3), the official an active member of the staff.
func (s *VisitService) Assign(id string, in VisitAssignInput) (VisitRow, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return VisitRow{}, err
	}
	v, err := s.load(ctx, id)
	if err != nil {
		return VisitRow{}, err
	}
	if err := s.mayIssue(st, v.UnitID); err != nil {
		return VisitRow{}, err
	}
	if v.Status != visits.Requested && v.Status != visits.Assigned {
		return VisitRow{}, i18n.E("visits.alreadyReported", fmt.Errorf("app: visit %s is %s", id, v.Status))
	}
	now := s.c.Now()
	if probs := visits.ValidateDay(in.Day, in.Time, now); len(probs) > 0 {
		return VisitRow{}, visitProblem(probs[0], "assign")
	}
	who, err := s.c.Store.StaffByID(ctx, in.AssigneeID)
	if errors.Is(err, db.ErrNotFound) || err == nil && !who.Active {
		return VisitRow{}, i18n.E("visits.assigneeAbsent", fmt.Errorf("app: visit assignee %s not active", in.AssigneeID))
	} else if err != nil {
		return VisitRow{}, s.c.internal("load visit assignee", err)
	}
	v.AssigneeID, v.Day, v.Time, v.AssignedBy, v.AssignedAt, v.Status = in.AssigneeID, in.Day, in.Time, st.ID, now, visits.Assigned
	if err := s.save(ctx, v, nil); err != nil {
		return VisitRow{}, err
	}
	s.c.audit(ctx, st.ID, audit.VisitAssign, "visit", v.ID)
	return s.row(ctx, st, v)
}

// Report records how a visit went (done, client absent, a new date
// agreed), by the official it was assigned to, on their laptop offline.
// A visit whose authorization does not cover today is not reported done
// without a note saying why.
func (s *VisitService) Report(id string, in VisitReportInput) (VisitRow, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return VisitRow{}, err
	}
	v, err := s.load(ctx, id)
	if err != nil {
		return VisitRow{}, err
	}
	now := s.c.Now()
	today := now.Format(time.DateOnly)
	auth, err := s.currentAuth(ctx, v.ID, today)
	if err != nil {
		return VisitRow{}, err
	}
	v.Note = in.Note
	v.Normalize()
	if probs := visits.ValidateReport(v, visits.Outcome(in.Outcome), v.Note, st.ID, auth, today); len(probs) > 0 {
		return VisitRow{}, visitProblem(probs[0], "report")
	}
	switch visits.Receipt(in.Receipt) {
	case visits.ReceiptNone, visits.ReceiptPrinted, visits.ReceiptLater:
		v.Receipt = visits.Receipt(in.Receipt)
	default:
		return VisitRow{}, i18n.E("visits.receiptBad", fmt.Errorf("app: receipt %q", in.Receipt))
	}
	v.Apply(visits.Outcome(in.Outcome), v.Note, st.ID, now)
	if err := s.save(ctx, v, nil); err != nil {
		return VisitRow{}, err
	}
	s.c.audit(ctx, st.ID, audit.VisitReport, "visit", v.ID)
	return s.row(ctx, st, v)
}

// LinkCase records the case registered at the client's home as the
// visit's (the intake started from the visit). The official of the visit
// links it; the case must be on this device.
func (s *VisitService) LinkCase(id, caseID string) (VisitRow, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return VisitRow{}, err
	}
	v, err := s.load(ctx, id)
	if err != nil {
		return VisitRow{}, err
	}
	if _, err := s.c.Store.Case(ctx, caseID); errors.Is(err, db.ErrNotFound) {
		return VisitRow{}, i18n.E("case.notFound", err)
	} else if err != nil {
		return VisitRow{}, s.c.internal("load visit case", err)
	}
	v.CaseID = caseID
	if err := s.save(ctx, v, nil); err != nil {
		return VisitRow{}, err
	}
	return s.row(ctx, st, v)
}

// currentAuth is the visit's authorization in force on day, or the
// latest one, or nil when none was issued.
func (s *VisitService) currentAuth(ctx context.Context, visitID, day string) (*visits.Authorization, error) {
	list, err := s.c.Store.VisitAuthsOf(ctx, visitID)
	if err != nil {
		return nil, s.c.internal("load authorizations", err)
	}
	var out *visits.Authorization
	for i := range list {
		if list[i].CoversDay(day) || out == nil || !out.CoversDay(day) {
			out = &list[i]
		}
	}
	return out, nil
}

// mayIssue refuses anyone but the head of unit or the admin.
func (s *VisitService) mayIssue(st office.Staff, unit string) error {
	if !visits.MayIssue(string(st.Role), st.UnitID, unit) {
		return i18n.E("visits.headOnly", fmt.Errorf("app: %s (%s) may not assign visits of unit %s", st.ID, st.Role, unit))
	}
	return nil
}

// save stores a visit and, when given, an authorization in one
// transaction with their outbox rows.
func (s *VisitService) save(ctx context.Context, v visits.Visit, auth func(tx *db.Tx) error) error {
	err := s.c.Store.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.SaveVisit(ctx, s.c.officeID, v); err != nil {
			return err
		}
		if auth != nil {
			if err := auth(tx); err != nil {
				return err
			}
		}
		tx.Emit(EventVisits, v.ID)
		return nil
	})
	if err != nil {
		return s.c.internal("save visit", err)
	}
	return nil
}

func (s *VisitService) load(ctx context.Context, id string) (visits.Visit, error) {
	v, err := s.c.Store.Visit(ctx, id)
	if errors.Is(err, db.ErrNotFound) {
		return v, i18n.E("visits.notFound", err)
	}
	if err != nil {
		return v, s.c.internal("load visit", err)
	}
	return v, nil
}

// directory gives staff names and unit names by id.
func (s *VisitService) directory(ctx context.Context) (map[string]string, map[string]string, error) {
	staff, err := s.c.Store.StaffList(ctx, s.c.officeID)
	if err != nil {
		return nil, nil, s.c.internal("list staff", err)
	}
	units, err := s.c.Store.Units(ctx, s.c.officeID)
	if err != nil {
		return nil, nil, s.c.internal("list units", err)
	}
	un := make(map[string]string, len(units))
	for _, u := range units {
		un[u.ID] = u.Name
	}
	return staffNames(staff), un, nil
}

func (s *VisitService) row(ctx context.Context, st office.Staff, v visits.Visit) (VisitRow, error) {
	names, units, err := s.directory(ctx)
	if err != nil {
		return VisitRow{}, err
	}
	return s.rowOf(st, v, names, units, s.c.Now()), nil
}

func (s *VisitService) rowOf(st office.Staff, v visits.Visit, names, units map[string]string, now time.Time) VisitRow {
	today := now.Format(time.DateOnly)
	r := VisitRow{ID: v.ID, Client: cases.MaskName(v.Client), Matter: v.Matter, UnitID: v.UnitID, Unit: units[v.UnitID], Status: string(v.Status),
		Day: v.Day, Time: v.Time, AssigneeID: v.AssigneeID, Assignee: names[v.AssigneeID], Phone: maskPhone(v.Phone),
		CaseID: v.CaseID, Overdue: v.Status == visits.Assigned && v.Day < today,
		MayAssign: visits.MayIssue(string(st.Role), st.UnitID, v.UnitID)}
	t := s.c.ui()
	switch {
	case v.Day == "":
		r.When = t.T("visits.when.none")
	case v.Time != "":
		r.When = t.T("visits.when.dayTime", "date", t.Date(v.Day), "time", v.Time)
	default:
		r.When = t.T("visits.when.day", "date", t.Date(v.Day))
	}
	return r
}

func (s *VisitService) detail(ctx context.Context, st office.Staff, v visits.Visit) (VisitDetail, error) {
	row, err := s.row(ctx, st, v)
	if err != nil {
		return VisitDetail{}, err
	}
	now := s.c.Now()
	today := now.Format(time.DateOnly)
	// The list shows the client's initials (lists mask personal data);
	// the detail, opened on purpose, the whole name.
	row.Client = v.Client
	d := VisitDetail{VisitRow: row, Requester: v.Requester, Address: v.Address, FullPhone: v.Phone, Reason: v.Reason,
		Preferred: v.Preferred, Channel: string(v.Channel), CardID: v.CardID, Note: v.Note, Receipt: string(v.Receipt),
		Earliest: visits.EarliestDay(now).Format(time.DateOnly), Bring: []string{}, Authorizations: []VisitAuthRow{}}
	t := s.c.ui()
	d.EarliestText = t.Day(visits.EarliestDay(now))
	if v.CardID != "" {
		ver, err := s.c.Store.Card(ctx, v.CardID)
		if err != nil && !errors.Is(err, db.ErrNotFound) {
			return VisitDetail{}, s.c.internal("load visit card", err)
		}
		if err == nil {
			d.CardTitle = ver.Card.Title
			d.Bring = append(d.Bring, t.T("visits.bring.form", "title", ver.Card.Title))
			for _, doc := range ver.Card.Documents {
				d.Bring = append(d.Bring, t.T("visits.bring.document", "name", doc.Name))
			}
		}
	}
	d.Bring = append(d.Bring, t.T("visits.bring.authorization"), t.T("visits.bring.receipts"))
	auths, err := s.c.Store.VisitAuthsOf(ctx, v.ID)
	if err != nil {
		return VisitDetail{}, s.c.internal("load authorizations", err)
	}
	names, units, err := s.directory(ctx)
	if err != nil {
		return VisitDetail{}, err
	}
	for _, a := range auths {
		d.Authorizations = append(d.Authorizations, s.authRow(a, names, units, today))
		if a.CoversDay(today) {
			d.AuthValidToday = true
		}
	}
	return d, nil
}

func (s *VisitService) authRow(a visits.Authorization, names, units map[string]string, today string) VisitAuthRow {
	t := s.c.ui()
	return VisitAuthRow{ID: a.ID, Number: a.Number(), VisitID: a.VisitID, Staff: names[a.StaffID], Unit: units[a.UnitID],
		ValidFrom: a.ValidFrom, ValidUntil: a.ValidUntil, Valid: t.T("visits.validRange", "from", t.Date(a.ValidFrom), "until", t.Date(a.ValidUntil)),
		IssuedBy: names[a.IssuedBy], State: a.State(today)}
}

// maskPhone hides a phone in lists as callbacks do.
func maskPhone(p string) string {
	if p == "" {
		return ""
	}
	return callbacks.MaskPhone(p)
}

// visitProblem turns a domain problem into the error a person reads.
func visitProblem(p visits.Problem, what string) error {
	return &i18n.Error{Key: p.Key, Args: p.Args, Err: fmt.Errorf("app: visit %s: field %s: %s", what, p.Field, p.Key)}
}

// VisitChoice is one option of the visit forms' lists.
type VisitChoice struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	UnitID string `json:"unitId"` // a card's or a person's unit
}

// VisitChoices are the forms' lists: the units, the current service
// cards and the active staff.
type VisitChoices struct {
	Units []VisitChoice `json:"units"`
	Cards []VisitChoice `json:"cards"`
	Staff []VisitChoice `json:"staff"`
}

// Choices gives the visit forms their lists.
func (s *VisitService) Choices() (VisitChoices, error) {
	ctx := context.Background()
	if _, err := s.c.require(ctx); err != nil {
		return VisitChoices{}, err
	}
	out := VisitChoices{Units: []VisitChoice{}, Cards: []VisitChoice{}, Staff: []VisitChoice{}}
	units, err := s.c.Store.Units(ctx, s.c.officeID)
	if err != nil {
		return out, s.c.internal("list units", err)
	}
	for _, u := range units {
		if u.Retired() { // a retired unit takes no new work
			continue
		}
		out.Units = append(out.Units, VisitChoice{ID: u.ID, Name: u.Name, UnitID: u.ID})
	}
	cards, err := s.c.Store.CurrentCards(ctx, s.c.officeID)
	if err != nil {
		return out, s.c.internal("list cards", err)
	}
	for _, c := range cards {
		out.Cards = append(out.Cards, VisitChoice{ID: c.ID, Name: c.Card.Title, UnitID: c.UnitID})
	}
	staff, err := s.c.Store.StaffList(ctx, s.c.officeID)
	if err != nil {
		return out, s.c.internal("list staff", err)
	}
	for _, p := range staff {
		if p.Active {
			out.Staff = append(out.Staff, VisitChoice{ID: p.ID, Name: p.FullName(), UnitID: p.UnitID})
		}
	}
	return out, nil
}
