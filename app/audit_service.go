package app

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"okienko/app/audit"
	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/sync/client"
	"okienko/sync/protocol"
)

// FolderChooser asks the person for a folder to save into ("" when they
// cancel). main.go gives the Wails dialog (Runtime.ChooseFolder); tests
// and the e2e build a fixed folder.
type FolderChooser interface {
	ChooseFolder(title string) (string, error)
}

// FixedFolder is a FolderChooser that always answers one folder.
type FixedFolder string

// ChooseFolder answers the folder.
func (f FixedFolder) ChooseFolder(string) (string, error) { return string(f), nil }

// AuditService is issue 13's rights area: break-the-glass (a case outside
// one's units opened with a reason), the audit view "Rejestr dostępu" for
// heads and the admin, and a client's art. 15 RODO copy.
type AuditService struct {
	c      *Core
	cases  *CaseService
	folder FolderChooser
}

// NewAuditService binds the service; folder asks where an export goes.
func NewAuditService(c *Core, folder FolderChooser) *AuditService {
	return &AuditService{c: c, cases: NewCaseService(c), folder: folder}
}

// Reasons lists the reasons the break-the-glass dialog offers, as
// sentences in the interface language.
func (s *AuditService) Reasons() ([]ReasonOption, error) {
	if _, err := s.c.require(context.Background()); err != nil {
		return nil, err
	}
	out := make([]ReasonOption, len(audit.Reasons))
	for i, code := range audit.Reasons {
		out[i] = ReasonOption{Code: code, Text: s.c.UI("rights.reason." + code)}
	}
	return out, nil
}

// OpenOutside opens a case outside the person's units with the reason
// they chose (and, for "other", their words): the reason is recorded, then
// the case opens as CaseService.Case opens it (audited as a view).
func (s *AuditService) OpenOutside(caseID, code, note string) (CaseDetail, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return CaseDetail{}, err
	}
	note = strings.Join(strings.Fields(note), " ")
	if !audit.ValidReason(code, note) {
		return CaseDetail{}, i18n.E("rights.reasonInvalid", errors.New("app: reason refused"), "max", "200")
	}
	cs, err := s.c.Store.Case(ctx, caseID)
	if err != nil {
		return CaseDetail{}, i18n.E("case.notFound", err)
	}
	out, err := caseOutside(ctx, s.c, st, cs)
	if err != nil {
		return CaseDetail{}, s.c.internal("person's unit", err)
	}
	if out {
		if err := recordReason(ctx, s.c, st, caseID, code, note); err != nil {
			return CaseDetail{}, err
		}
	}
	return s.cases.Case(caseID)
}

// People lists the office's staff for the audit view's filter.
func (s *AuditService) People() ([]AuditPerson, error) {
	ctx := context.Background()
	if _, err := s.c.requireRole(ctx, office.RoleHead, office.RoleAdmin); err != nil {
		return nil, err
	}
	staff, err := s.c.Store.StaffList(ctx, s.c.officeID)
	if err != nil {
		return nil, s.c.internal("list staff", err)
	}
	out := make([]AuditPerson, len(staff))
	for i, p := range staff {
		out[i] = AuditPerson{ID: p.ID, Name: p.FullName()}
	}
	return out, nil
}

// Query is the audit view: who viewed, printed, changed or exported which
// client's data, for a head (their unit's cases) or the admin. Online it
// asks the registry, which holds every device's entries, with the person's
// session; otherwise it lists this device's entries and says the list is
// partial. Looking is itself recorded.
func (s *AuditService) Query(q AuditQueryInput) (AuditList, error) {
	ctx := context.Background()
	st, err := s.c.requireRole(ctx, office.RoleHead, office.RoleAdmin)
	if err != nil {
		return AuditList{}, err
	}
	f, err := s.filter(q)
	if err != nil {
		return AuditList{}, err
	}
	got, err := s.entries(ctx, st, f, "")
	if err != nil {
		return AuditList{}, err
	}
	list := AuditList{Lines: s.lines(ctx, got.recs), Partial: got.partial, More: got.more, Units: strings.Join(got.units, ", ")}
	if got.partial {
		list.Notice = s.c.UI(got.notice)
	}
	var flags []string
	for _, on := range []struct {
		set  bool
		name string
	}{{q.ClientID != "", "client"}, {q.StaffID != "", "staff"}, {q.From != "" || q.To != "", "period"}, {q.Outside, "outside"}} {
		if on.set {
			flags = append(flags, on.name)
		}
	}
	s.c.auditDetail(ctx, st.ID, audit.AuditRead, "audit", "", strings.Join(flags, ","))
	return list, nil
}

// filter reads the screen's filter; days are the office's.
func (s *AuditService) filter(q AuditQueryInput) (audit.Filter, error) {
	f := audit.Filter{ClientID: q.ClientID, StaffID: q.StaffID, Outside: q.Outside}
	if f.ClientID != "" && !protocol.ValidID(f.ClientID) || f.StaffID != "" && !protocol.ValidID(f.StaffID) {
		return f, i18n.E("audit.badFilter", errors.New("app: audit filter ids"))
	}
	loc := s.c.Store.OfficeClock().Location()
	for _, d := range []struct {
		text string
		to   *time.Time
		next bool
	}{{q.From, &f.From, false}, {q.To, &f.To, true}} {
		if d.text == "" {
			continue
		}
		t, err := time.ParseInLocation(time.DateOnly, d.text, loc)
		if err != nil {
			return f, i18n.E("audit.badDate", err)
		}
		if d.next {
			t = t.AddDate(0, 0, 1)
		}
		*d.to = t
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return f, i18n.E("audit.badPeriod", errors.New("app: audit period reversed"))
	}
	return f, nil
}

// found is what entries gives.
type found struct {
	recs    []audit.Record
	partial bool
	notice  string // the i18n key of why the list is partial
	more    bool
	units   []string
}

// entries asks the registry when the device is enrolled and the person
// holds a session there; otherwise, or when it cannot be reached, reads
// this device's log, marked partial. purpose is "" (the audit view, a
// head's units) or protocol.AuditArt15 (one client, every unit).
func (s *AuditService) entries(ctx context.Context, st office.Staff, f audit.Filter, purpose string) (found, error) {
	c := s.c
	notice := ""
	if cl := c.syncClient(); cl != nil {
		token := c.Persons.token(ctx, st.ID)
		notice = "audit.partialNoPerson"
		if token != "" {
			q := protocol.AuditQuery{ClientID: f.ClientID, StaffID: f.StaffID, Outside: f.Outside, Limit: f.Limited(), Purpose: purpose}
			if !f.From.IsZero() {
				q.From = f.From.UTC().Format(time.RFC3339)
			}
			if !f.To.IsZero() {
				q.To = f.To.UTC().Format(time.RFC3339)
			}
			resp, err := cl.AuditAs(ctx, token, q)
			switch {
			case err == nil:
				return found{recs: fromWire(resp.Entries), more: resp.More, units: resp.Units}, nil
			case errors.Is(err, client.ErrRole):
				return found{}, i18n.E("audit.forbidden", err)
			case errors.Is(err, client.ErrPersonRequired):
				c.Persons.forget(token)
			case errors.Is(err, client.ErrUnsupported):
				notice = "audit.partialOldRegistry"
			default:
				notice = "audit.partialOffline"
			}
			c.Log.Info("audit from this device only", "staff", st.ID, "err", personErrCode(err))
		}
	}
	recs, err := c.Store.FindAudit(ctx, c.officeID, f)
	if err != nil {
		return found{}, c.internal("find audit", err)
	}
	var units []string
	if purpose == "" && st.Role != office.RoleAdmin {
		p, err := personOf(ctx, c, st)
		if err != nil {
			return found{}, c.internal("person's unit", err)
		}
		units = p.Units
		recs = slices.DeleteFunc(recs, func(r audit.Record) bool { return !s.inUnits(ctx, r, units) })
	}
	return found{recs: recs, partial: notice != "", notice: notice, more: len(recs) >= f.Limited(), units: units}, nil
}

// inUnits reports whether a record is about a case of units, or about a
// client with a case there (as the registry decides for a head).
func (s *AuditService) inUnits(ctx context.Context, r audit.Record, units []string) bool {
	if r.Unit != "" {
		return slices.Contains(units, r.Unit)
	}
	ids, err := s.c.Store.CaseIDsOfClient(ctx, r.ClientID)
	if err != nil {
		return false
	}
	for _, id := range ids {
		if cs, err := s.c.Store.Case(ctx, id); err == nil && slices.Contains(units, cs.Sign.Unit) {
			return true
		}
	}
	return false
}

// fromWire turns the registry's entries into records.
func fromWire(in []protocol.AuditEntryView) []audit.Record {
	out := make([]audit.Record, 0, len(in))
	for _, e := range in {
		at, _ := time.Parse(time.RFC3339Nano, e.At)
		out = append(out, audit.Record{Entry: audit.Entry{ID: e.ID, StaffID: e.StaffID, Action: e.Action, ObjectType: e.ObjectType,
			ObjectID: e.ObjectID, Detail: e.Detail, Note: e.Note, At: at}, ClientID: e.ClientID, Unit: e.Unit})
	}
	return out
}

// lines puts names to records: the staff's, the case's sign and the
// client's name, where this device holds them.
func (s *AuditService) lines(ctx context.Context, recs []audit.Record) []AuditLine {
	c := s.c
	names := map[string]string{}
	if staff, err := c.Store.StaffList(ctx, c.officeID); err == nil {
		for _, p := range staff {
			names[p.ID] = p.FullName()
		}
	}
	signs, clients := map[string]string{}, map[string]string{}
	out := make([]AuditLine, 0, len(recs))
	for _, r := range recs {
		l := AuditLine{ID: r.ID, At: c.ui().DateTime(r.At), StaffID: r.StaffID, Staff: names[r.StaffID], Kind: string(audit.KindOf(r.Action)),
			ClientID: r.ClientID, Unit: r.Unit}
		if l.Staff == "" {
			l.Staff = c.UI("audit.unknownPerson")
		}
		l.What = c.UI("audit.what." + l.Kind)
		if r.Action == audit.CaseOutside {
			l.What = c.UI("audit.what.outside")
			l.Reason = c.UI("rights.reason." + r.Detail)
			if r.Note != "" {
				l.Reason += " " + r.Note
			}
		}
		if r.ObjectType == "case_file" {
			l.CaseID = r.ObjectID
			sign, ok := signs[r.ObjectID]
			if !ok {
				if cs, err := c.Store.Case(ctx, r.ObjectID); err == nil {
					sign = cs.SignText()
				}
				signs[r.ObjectID] = sign
			}
			l.Sign = sign
			if l.Sign == "" {
				l.Sign = c.UI("audit.caseElsewhere")
			}
		}
		if r.ClientID != "" {
			name, ok := clients[r.ClientID]
			if !ok {
				if cl, err := c.Store.Client(ctx, r.ClientID); err == nil {
					name = cl.Name()
				}
				clients[r.ClientID] = name
			}
			l.Client = name
		}
		out = append(out, l)
	}
	return out
}
