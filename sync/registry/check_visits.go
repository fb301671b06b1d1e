package registry

import (
	"encoding/json"
	"slices"

	"okienko/app/visits"
	"okienko/sync/entity"
)

// Sizes of a visit's texts, in bytes: the app's limits in characters,
// each of up to four bytes in UTF-8.
const (
	maxVisitAddress = 4 * visits.MaxAddress
	maxVisitMatter  = 4 * visits.MaxMatter
	maxVisitReason  = 4 * visits.MaxReason
	maxVisitNote    = 4 * visits.MaxNote
)

// staffRole reads a staff member's role and unit from the office's rows.
func (c *rowCheck) staffRole(id string) (role, unit string, found bool, err error) {
	ok, err := c.exists("staff", id)
	if err != nil || !ok {
		return "", "", false, err
	}
	row, _, err := c.tx.Row(c.ctx, "staff", id)
	if err != nil {
		return "", "", false, err
	}
	_ = json.Unmarshal(row.Fields["role"].V, &role)
	_ = json.Unmarshal(row.Fields["unitId"].V, &unit)
	return role, unit, true, nil
}

// mayIssue reports whether id is the head of unit (or the admin) and one
// of the people allowed on the pushing device: Piotrków §5.3.2-3, the
// head of the unit names the official and the date; §5.3.4-5, the
// authorizations are issued in the head's name. A clerk's device cannot
// write an assignment in a head's name it does not hold.
func (c *rowCheck) mayIssue(id, unit string) (bool, error) {
	role, own, found, err := c.staffRole(id)
	if err != nil || !found {
		return false, err
	}
	if !visits.MayIssue(role, own, unit) {
		return false, nil
	}
	people, err := c.devicePeople()
	if err != nil {
		return false, err
	}
	return slices.Contains(people, id), nil
}

// checkVisit holds a home visit to its rules by meaning: texts bounded
// and printable, a real phone, known status moving only as
// visits.CanMove allows, an assignment made by the head of the visit's
// unit (or the admin) to an active official with a real day, a report
// by the official it was assigned to, references that exist. A day
// already past is not refused: an offline laptop pushes late.
func checkVisit(c *rowCheck) (string, error) {
	v, err := decodeAs[entity.Visit](c)
	if err != nil {
		return refused("visit: %v", err), nil
	}
	for _, s := range []string{v.UnitID, v.CardID, v.Channel, v.Requester, v.Client, v.Phone, v.RequestedBy, v.AssigneeID,
		v.AssignedBy, v.ReportedBy, v.CaseID, v.Receipt, v.Time, v.Preferred} {
		if !plainText(s, maxName) {
			return "visit: a text field is too long or holds control characters", nil
		}
	}
	if !plainText(v.Address, maxVisitAddress) || !plainText(v.Matter, maxVisitMatter) || len(v.Reason) > maxVisitReason || len(v.Note) > maxVisitNote {
		return "visit: a text is too long", nil
	}
	if v.Channel != string(visits.Counter) && v.Channel != string(visits.Phone) {
		return "visit: unknown channel", nil
	}
	if c.changed("phone") && !visits.ValidPhone(v.Phone) {
		return "visit: the phone is not a phone number", nil
	}
	if _, ok := instant(v.RequestedAt, false); !ok {
		return "visit: a time is not a real RFC 3339 instant", nil
	}
	for _, s := range []string{v.AssignedAt, v.ReportedAt} {
		if _, ok := instant(s, true); !ok {
			return "visit: a time is not a real RFC 3339 instant", nil
		}
	}
	if !validDate(v.Day, true) {
		return "visit: the day is not a real YYYY-MM-DD", nil
	}
	st := visits.Status(v.Status)
	if !st.Valid() {
		return "visit: unknown status", nil
	}
	if v.Receipt != "" && v.Receipt != string(visits.ReceiptPrinted) && v.Receipt != string(visits.ReceiptLater) {
		return "visit: unknown receipt", nil
	}
	if c.changed("status") && !c.setAside("status") {
		if !c.found && st != visits.Requested {
			return "visit: a new visit starts requested", nil
		}
		if c.found {
			var before entity.Visit
			if err := decodeRow(c.cur.Fields, &before); err == nil && !visits.CanMove(visits.Status(before.Status), st) {
				return refused("visit: status cannot move from %s to %s", before.Status, st), nil
			}
		}
	}
	if st == visits.Assigned || st.Final() {
		if v.AssigneeID == "" || v.Day == "" || v.AssignedBy == "" {
			return "visit: assigned without an official, a day or the head who assigned", nil
		}
	}
	if st.Final() && (v.ReportedBy == "" || v.ReportedAt == "") {
		return "visit: reported without who and when", nil
	}
	if st.Final() && c.changed("status") && v.ReportedBy != v.AssigneeID {
		return "visit: reported by someone other than its official", nil
	}
	if c.changed("assigneeId") || c.changed("day") || c.changed("assignedBy") || c.changed("unitId") && v.AssignedBy != "" {
		if v.AssignedBy != "" {
			ok, err := c.mayIssue(v.AssignedBy, v.UnitID)
			if err != nil {
				return "", err
			}
			if !ok {
				return "visit: only the head of its unit or the admin assigns a visit", nil
			}
		}
		if v.AssigneeID != "" {
			ok, err := c.activeStaff(v.AssigneeID)
			if err != nil {
				return "", err
			}
			if !ok {
				return "visit: its official is not an active member of the staff", nil
			}
		}
	}
	if !c.found && v.RequestedBy == "" {
		return "visit: requestedBy missing", nil
	}
	refs := []struct{ field, entity, id string }{{"requestedBy", "staff", v.RequestedBy}, {"reportedBy", "staff", v.ReportedBy},
		{"unitId", "unit", v.UnitID}, {"cardId", "service_card", v.CardID}, {"caseId", "case_file", v.CaseID}}
	for _, ref := range refs {
		if ref.id == "" || !c.changed(ref.field) {
			continue
		}
		ok, err := c.exists(ref.entity, ref.id)
		if err != nil {
			return "", err
		}
		if !ok {
			return refused("visit: its %s does not exist", ref.field), nil
		}
	}
	return "", nil
}

// checkVisitAuth holds an entry of the register of authorizations to its
// rules: its id derived from its number, the number in the pushing
// device's own series (so two offline devices never issue one number;
// the row's deviceId is fixed, so a second device writing the same
// number is refused), issued by the head of its unit (or the admin) on
// that device, a validity of real days in order within
// visits.MaxValidDays, its visit existing, and a status that moves only
// from issued to returned or revoked.
func checkVisitAuth(c *rowCheck) (string, error) {
	a, err := decodeAs[entity.VisitAuth](c)
	if err != nil {
		return refused("authorization: %v", err), nil
	}
	for _, s := range []string{a.StaffID, a.UnitID, a.IssuedBy, a.DeviceID, a.ClosedBy, a.Series} {
		if !plainText(s, maxName) {
			return "authorization: a text field is too long or holds control characters", nil
		}
	}
	if !plainText(a.Matter, maxVisitMatter) || !plainText(a.Place, maxVisitAddress) {
		return "authorization: a text is too long", nil
	}
	number := visits.FormatNumber(a.Series, a.Seq, a.Year)
	if series, _, _, ok := visits.ParseNumber(number); !ok || series != a.Series {
		return "authorization: the number is malformed", nil
	}
	if a.ID != entity.VisitAuthID(c.dev.OfficeID, number) {
		return "authorization: its id is not its number's", nil
	}
	if !c.found {
		if a.DeviceID != c.dev.ID || a.Series != visits.Series(c.dev.ID) {
			return "authorization: numbered outside this device's series", nil
		}
		if visits.AuthStatus(a.Status) != visits.AuthIssued {
			return "authorization: a new authorization starts issued", nil
		}
	}
	if p := visits.ValidatePeriod(a.ValidFrom, a.ValidUntil, ""); len(p) > 0 {
		return refused("authorization: validity %s", p[0].Key), nil
	}
	if _, ok := instant(a.IssuedAt, false); !ok {
		return "authorization: a time is not a real RFC 3339 instant", nil
	}
	if _, ok := instant(a.ClosedAt, true); !ok {
		return "authorization: a time is not a real RFC 3339 instant", nil
	}
	st := visits.AuthStatus(a.Status)
	if !st.Valid() {
		return "authorization: unknown status", nil
	}
	if c.found && c.changed("status") && !c.setAside("status") {
		var before entity.VisitAuth
		if err := decodeRow(c.cur.Fields, &before); err == nil && !visits.CanMoveAuth(visits.AuthStatus(before.Status), st) {
			return refused("authorization: status cannot move from %s to %s", before.Status, st), nil
		}
	}
	if st != visits.AuthIssued && (a.ClosedBy == "" || a.ClosedAt == "") {
		return "authorization: closed without who and when", nil
	}
	if !c.found || c.changed("issuedBy") || c.changed("unitId") {
		ok, err := c.mayIssue(a.IssuedBy, a.UnitID)
		if err != nil {
			return "", err
		}
		if !ok {
			return "authorization: only the head of its unit or the admin issues an authorization", nil
		}
	}
	if st == visits.AuthRevoked && c.changed("status") {
		ok, err := c.mayIssue(a.ClosedBy, a.UnitID)
		if err != nil {
			return "", err
		}
		if !ok {
			return "authorization: only the head of its unit or the admin revokes an authorization", nil
		}
	}
	refs := []struct{ field, entity, id string }{{"visitId", "visit", a.VisitID}, {"staffId", "staff", a.StaffID},
		{"closedBy", "staff", a.ClosedBy}, {"unitId", "unit", a.UnitID}}
	for _, ref := range refs {
		if ref.id == "" && ref.field == "closedBy" || !c.changed(ref.field) {
			continue
		}
		ok, err := c.exists(ref.entity, ref.id)
		if err != nil {
			return "", err
		}
		if !ok {
			return refused("authorization: its %s does not exist", ref.field), nil
		}
	}
	if !c.found {
		return authOfVisit(c, a)
	}
	return "", nil
}

// authOfVisit holds a new authorization to its visit as the registry
// holds it, as the app issues one (app/visit_print.go): under the visit's
// unit, whose head (or the admin) alone issues it, naming the visit's
// official. Without it the head of one unit could authorize a visit of
// another by naming their own unit, or anyone could be named to enter a
// client's home.
func authOfVisit(c *rowCheck, a *entity.VisitAuth) (string, error) {
	row, found, err := c.tx.Row(c.ctx, "visit", a.VisitID)
	if err != nil || !found {
		return "", err // an unknown visit is refused by reference
	}
	var unit, assignee string
	_ = json.Unmarshal(row.Fields["unitId"].V, &unit)
	_ = json.Unmarshal(row.Fields["assigneeId"].V, &assignee)
	if a.UnitID != unit {
		return "authorization: not under its visit's unit", nil
	}
	if a.StaffID != assignee {
		return "authorization: it names someone other than its visit's official", nil
	}
	return "", nil
}
