package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"okienko/app/audit"
	"okienko/app/cases"
	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/db"
)

// Break-the-glass (issue 13): a case outside the signed-in person's units
// opens only after they give a reason, which is recorded in the audit log
// (synced, so the unit's head sees it on any device). The duty to keep
// clients' data from those who do not need it: Piotrków §3.6 (discretion,
// "tylko w niezbędnym zakresie") and §7.2.1 (documents kept from
// unauthorised access), Kielce Standard 7 (confidentiality). These are
// free functions, not Core methods: the Core stays small.

// personOf is the person as the break-the-glass rule sees them: their
// unit's symbol, and office-wide for the admin.
func personOf(ctx context.Context, c *Core, st office.Staff) (audit.Person, error) {
	p := audit.Person{StaffID: st.ID, OfficeWide: st.Role == office.RoleAdmin}
	if st.UnitID == "" {
		return p, nil
	}
	u, err := c.Store.Unit(ctx, st.UnitID)
	switch {
	case errors.Is(err, db.ErrNotFound):
		return p, nil
	case err != nil:
		return p, err
	}
	p.Units = []string{u.Symbol}
	return p, nil
}

// caseOutside reports whether opening cs is outside st's units.
func caseOutside(ctx context.Context, c *Core, st office.Staff, cs cases.Case) (bool, error) {
	p, err := personOf(ctx, c, st)
	if err != nil {
		return false, err
	}
	ref := audit.CaseRef{Unit: cs.Sign.Unit, RegisteredBy: cs.RegisteredBy, Assignee: cs.AssigneeID}
	if !p.OfficeWide && cs.RegisteredBy != "" {
		// The registrar's unit: the BOM counter's registrations are the
		// counter's own, whoever of it opens them.
		reg, err := c.Store.StaffByID(ctx, cs.RegisteredBy)
		switch {
		case errors.Is(err, db.ErrNotFound):
		case err != nil:
			return false, err
		default:
			rp, err := personOf(ctx, c, reg)
			if err != nil {
				return false, err
			}
			if len(rp.Units) > 0 {
				ref.RegistrarUnit = rp.Units[0]
			}
		}
	}
	if !p.OfficeWide && cs.AssigneeID != "" {
		// The handler's unit is where the case is handled (a handover to
		// another unit's clerk moves it), as the device scope has it.
		h, err := c.Store.StaffByID(ctx, cs.AssigneeID)
		switch {
		case errors.Is(err, db.ErrNotFound):
		case err != nil:
			return false, err
		default:
			hp, err := personOf(ctx, c, h)
			if err != nil {
				return false, err
			}
			if len(hp.Units) > 0 {
				ref.HandlerUnit = hp.Units[0]
			}
		}
	}
	return audit.Outside(p, ref), nil
}

// officeDayStart is the start of the office's day now: a reason holds for
// the rest of the day it was given.
func officeDayStart(c *Core) time.Time {
	n := c.Now()
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, n.Location())
}

// guardCase lets st open case id when it is within their units or they
// gave a reason for it today; otherwise it is the error the case view
// answers with a dialog asking for one (key rights.reasonNeeded). A case
// that does not exist passes: the caller says so.
func guardCase(ctx context.Context, c *Core, st office.Staff, id string) error {
	cs, err := c.Store.Case(ctx, id)
	if errors.Is(err, db.ErrNotFound) {
		return nil
	}
	if err != nil {
		return c.internal("load case", err)
	}
	out, err := caseOutside(ctx, c, st, cs)
	if err != nil {
		return c.internal("person's unit", err)
	}
	if !out {
		return nil
	}
	given, err := c.Store.AuditedSince(ctx, st.ID, audit.CaseOutside, "case_file", id, officeDayStart(c))
	if err != nil {
		return c.internal("reason given", err)
	}
	if given {
		return nil
	}
	return i18n.E("rights.reasonNeeded", fmt.Errorf("app: case outside the person's units"), "unit", cs.Sign.Unit)
}

// recordReason writes the break-the-glass entry: the reason's code in
// Detail, the person's words in Note (ids otherwise).
func recordReason(ctx context.Context, c *Core, st office.Staff, caseID, code, note string) error {
	err := c.Store.InTx(ctx, func(tx *db.Tx) error {
		return tx.Audit(ctx, c.officeID, audit.Entry{StaffID: st.ID, Action: audit.CaseOutside, ObjectType: "case_file",
			ObjectID: caseID, Detail: code, Note: note})
	})
	if err != nil {
		return c.internal("record reason", err)
	}
	return nil
}
