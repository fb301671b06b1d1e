package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"okienko/app/audit"
	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/app/pdf"
	"okienko/app/registerpdf"
	"okienko/app/visits"
	"okienko/db"
)

// IssueAuthorization makes the named authorization of an assigned visit
// (Piotrków §5.3.4: "imienne upoważnienia"), numbered in this device's
// series of the register (§5.3.6), valid from–until (by default the
// visit's day), and prints it. Only the head of the visit's unit or the
// admin issues it; it names the visit's official, matter and address.
func (s *VisitService) IssueAuthorization(visitID string, in VisitAuthInput) (VisitAuthRow, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return VisitAuthRow{}, err
	}
	v, err := s.load(ctx, visitID)
	if err != nil {
		return VisitAuthRow{}, err
	}
	if err := s.mayIssue(st, v.UnitID); err != nil {
		return VisitAuthRow{}, err
	}
	if v.Status != visits.Assigned {
		return VisitAuthRow{}, i18n.E("visits.notAssigned", fmt.Errorf("app: visit %s is %s", visitID, v.Status))
	}
	if in.ValidFrom == "" {
		in.ValidFrom = v.Day
	}
	if in.ValidUntil == "" {
		in.ValidUntil = v.Day
	}
	if probs := visits.ValidatePeriod(in.ValidFrom, in.ValidUntil, v.Day); len(probs) > 0 {
		return VisitAuthRow{}, visitProblem(probs[0], "authorize")
	}
	now := s.c.Now()
	a := visits.Authorization{VisitID: v.ID, Year: now.Year(), StaffID: v.AssigneeID, UnitID: v.UnitID, Matter: v.Matter,
		Place: v.Address, ValidFrom: in.ValidFrom, ValidUntil: in.ValidUntil, IssuedBy: st.ID, IssuedAt: now}
	err = s.c.Store.InTx(ctx, func(tx *db.Tx) error {
		// An earlier authorization still issued for this visit is
		// revoked: one visit, one authorization in force.
		old, err := tx.VisitAuthsOf(ctx, v.ID)
		if err != nil {
			return err
		}
		for _, o := range old {
			if o.Status == visits.AuthIssued {
				o.Status, o.ClosedBy, o.ClosedAt = visits.AuthRevoked, st.ID, now
				if err := tx.SaveVisitAuth(ctx, s.c.officeID, o); err != nil {
					return err
				}
			}
		}
		a, err = tx.IssueVisitAuth(ctx, s.c.officeID, a)
		if err != nil {
			return err
		}
		tx.Emit(EventVisits, v.ID)
		return nil
	})
	if err != nil {
		return VisitAuthRow{}, s.c.internal("issue authorization", err)
	}
	s.c.audit(ctx, st.ID, audit.VisitAuthIssue, "visit_auth", a.ID)
	names, units, err := s.directory(ctx)
	if err != nil {
		return VisitAuthRow{}, err
	}
	return s.authRow(a, names, units, now.Format(time.DateOnly)), nil
}

// CloseAuthorization records an authorization returned after the visit
// or revoked by the head ("returned", "revoked"). The official returns
// their own; only the head of the unit or the admin revokes.
func (s *VisitService) CloseAuthorization(id, how string) (VisitAuthRow, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return VisitAuthRow{}, err
	}
	a, err := s.loadAuth(ctx, id)
	if err != nil {
		return VisitAuthRow{}, err
	}
	to := visits.AuthStatus(how)
	if to != visits.AuthReturned && to != visits.AuthRevoked {
		return VisitAuthRow{}, i18n.E("visits.authCloseBad", fmt.Errorf("app: close authorization as %q", how))
	}
	if to == visits.AuthRevoked || a.StaffID != st.ID {
		if err := s.mayIssue(st, a.UnitID); err != nil {
			return VisitAuthRow{}, err
		}
	}
	if !visits.CanMoveAuth(a.Status, to) || a.Status == to {
		return VisitAuthRow{}, i18n.E("visits.authClosed", fmt.Errorf("app: authorization %s is %s", id, a.Status))
	}
	now := s.c.Now()
	a.Status, a.ClosedBy, a.ClosedAt = to, st.ID, now
	err = s.c.Store.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.SaveVisitAuth(ctx, s.c.officeID, a); err != nil {
			return err
		}
		tx.Emit(EventVisits, a.VisitID)
		return nil
	})
	if err != nil {
		return VisitAuthRow{}, s.c.internal("close authorization", err)
	}
	s.c.audit(ctx, st.ID, audit.VisitAuthClose, "visit_auth", a.ID)
	names, units, err := s.directory(ctx)
	if err != nil {
		return VisitAuthRow{}, err
	}
	return s.authRow(a, names, units, now.Format(time.DateOnly)), nil
}

// Register lists the register of authorizations of a year (0: this
// year), in the order of issue.
func (s *VisitService) Register(year int) ([]VisitAuthRow, error) {
	ctx := context.Background()
	if _, err := s.c.require(ctx); err != nil {
		return nil, err
	}
	now := s.c.Now()
	if year == 0 {
		year = now.Year()
	}
	list, err := s.c.Store.VisitAuthsOfYear(ctx, year)
	if err != nil {
		return nil, s.c.internal("authorization register", err)
	}
	names, units, err := s.directory(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]VisitAuthRow, len(list))
	for i, a := range list {
		out[i] = s.authRow(a, names, units, now.Format(time.DateOnly))
	}
	return out, nil
}

// PrintAuthorization prints an authorization (again): a PDF in Polish,
// the office's binding text, sealed on the disk and shown in the viewer.
func (s *VisitService) PrintAuthorization(id string) (Printout, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return Printout{}, err
	}
	a, err := s.loadAuth(ctx, id)
	if err != nil {
		return Printout{}, err
	}
	v, err := s.load(ctx, a.VisitID)
	if err != nil {
		return Printout{}, err
	}
	o, err := s.c.Store.Office(ctx)
	if err != nil {
		return Printout{}, s.c.internal("load office", err)
	}
	people := map[string]office.Staff{}
	for _, id := range []string{a.StaffID, a.IssuedBy} {
		p, err := s.c.Store.StaffByID(ctx, id)
		if err != nil && !errors.Is(err, db.ErrNotFound) {
			return Printout{}, s.c.internal("load staff", err)
		}
		people[id] = p
	}
	unit, err := s.c.Store.Unit(ctx, a.UnitID)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return Printout{}, s.c.internal("load unit", err)
	}
	t := s.c.tr(i18n.Default)
	sheet := authorizationSheet(t, o, s.c.Store.OfficeClock().Location(), a, v, people[a.StaffID], people[a.IssuedBy], unit)
	if t.err != nil {
		return Printout{}, s.c.internal("compose authorization", t.err)
	}
	out, err := s.writeSheet(sheet, filepath.Join("wydruki", "upowaznienia"), fmt.Sprintf("upowaznienie-%s-%d-%d", a.Series, a.Seq, a.Year), "visitAuthorization")
	if err != nil {
		return Printout{}, err
	}
	s.c.auditDetail(ctx, st.ID, audit.VisitPrint, "visit_auth", a.ID, "authorization")
	return out, nil
}

// PrintRegister prints the register of authorizations of a year (0:
// this year) as a PDF (Piotrków §5.3.6).
func (s *VisitService) PrintRegister(year int) (Printout, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return Printout{}, err
	}
	now := s.c.Now()
	if year == 0 {
		year = now.Year()
	}
	list, err := s.c.Store.VisitAuthsOfYear(ctx, year)
	if err != nil {
		return Printout{}, s.c.internal("authorization register", err)
	}
	o, err := s.c.Store.Office(ctx)
	if err != nil {
		return Printout{}, s.c.internal("load office", err)
	}
	names, units, err := s.directory(ctx)
	if err != nil {
		return Printout{}, err
	}
	t := s.c.tr(i18n.Default)
	sheet := registerSheet(t, o, year, list, names, units, now)
	if t.err != nil {
		return Printout{}, s.c.internal("compose register", t.err)
	}
	out, err := s.writeSheet(sheet, filepath.Join("wydruki", "upowaznienia"), "rejestr-upowaznien-"+strconv.Itoa(year), "visitRegister")
	if err != nil {
		return Printout{}, err
	}
	s.c.auditDetail(ctx, st.ID, audit.VisitPrint, "visit_auth", "", "register "+strconv.Itoa(year))
	return out, nil
}

func (s *VisitService) writeSheet(sheet pdf.Sheet, dir, name, kind string) (Printout, error) {
	var buf bytes.Buffer
	if err := pdf.Write(&buf, sheet); err != nil {
		if ch := unprintable(sheet); ch != "" {
			return Printout{}, i18n.E("print.unprintable", fmt.Errorf("app: %s: %w", kind, err), "char", ch, "printout", "@printout."+kind)
		}
		return Printout{}, s.c.printError(kind, err)
	}
	out, err := s.c.writeNewOutput(dir, name, buf.Bytes())
	if err != nil {
		return Printout{}, saveFailed(err, "printout", "@printout."+kind)
	}
	if err := s.c.Opener.Open(out.Path); err != nil {
		s.c.Log.Warn("open printout", "err", err)
	}
	return out, nil
}

func (s *VisitService) loadAuth(ctx context.Context, id string) (visits.Authorization, error) {
	a, err := s.c.Store.VisitAuth(ctx, id)
	if errors.Is(err, db.ErrNotFound) {
		return a, i18n.E("visits.authNotFound", err)
	}
	if err != nil {
		return a, s.c.internal("load authorization", err)
	}
	return a, nil
}

// authorizationSheet is "Upoważnienie nr …": who (name, post, unit), for
// what matter, where, on which day, valid from–until, signed by the head
// (Piotrków §5.3.4-5; art. 268a KPA: a named person and its scope).
func authorizationSheet(t *pr, o office.Office, loc *time.Location, a visits.Authorization, v visits.Visit, who, head office.Staff, unit office.Unit) pdf.Sheet {
	issued := a.IssuedAt.In(loc).Format(time.DateOnly)
	when := t.T("visits.pdf.day", "date", t.date(v.Day))
	if v.Time != "" {
		when = t.T("visits.pdf.dayTime", "date", t.date(v.Day), "time", v.Time)
	}
	return pdf.Sheet{
		Header:  t.header(o),
		HeaderR: []string{t.T("visits.pdf.placeDate", "city", o.City, "date", t.date(issued))},
		Title:   t.T("visits.pdf.authTitle", "number", a.Number()),
		Blocks: []pdf.Block{
			{Paragraphs: []string{t.T("visits.pdf.authBasis"), t.T("visits.pdf.authWho", "name", who.FullName(), "position", who.Position, "unit", unit.Name)}},
			{Pairs: [][2]string{
				{t.T("visits.pdf.matter"), a.Matter},
				{t.T("visits.pdf.place"), a.Place},
				{t.T("visits.pdf.when"), when},
				{t.T("visits.pdf.valid"), t.T("visits.pdf.validRange", "from", t.date(a.ValidFrom), "until", t.date(a.ValidUntil))},
			}},
			{Paragraphs: []string{t.T("visits.pdf.authScope"), t.T("visits.pdf.authReturn")}},
			{Signature: t.T("visits.pdf.signature", "name", head.FullName(), "position", head.Position)},
		},
		Footer:    t.T("visits.pdf.authFooter", "number", a.Number()),
		PageLabel: t.T("pdf.page", "n", "{n}", "nb", "{nb}"),
		Author:    o.Name,
	}
}

// registerSheet is "Rejestr upoważnień" of a year: one line per
// authorization, in the order of issue, with its state on the day it is
// printed.
func registerSheet(t *pr, o office.Office, year int, list []visits.Authorization, names, units map[string]string, now time.Time) pdf.Sheet {
	rt := t.reg()
	sh := registerpdf.Visits(rt, o, year, list, names, units, now)
	t.fail(rt.Err)
	return sh
}
