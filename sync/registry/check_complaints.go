package registry

import (
	"encoding/json"
	"slices"
	"time"

	"okienko/app/complaints"
	"okienko/app/office"
	"okienko/sync/entity"
)

// Sizes of a complaint's texts, in bytes: the app's limits in
// characters, each of up to four bytes in UTF-8.
const (
	maxComplaintLine = 4 * complaints.MaxBody
	maxComplaintText = 4 * complaints.MaxText
)

// checkComplaint holds an entry of the register of complaints and motions
// to its rules by meaning: known kind, channel, status and outcome, and
// the outcome the status implies; statuses move only from registered to
// forwarded, answered or left, and stay there; real days in order (not
// received after the registry's day, nothing done before receipt, the
// answer date the one-month term at least); an anonymous complaint names
// nobody; a body not competent names the competent one before it is
// forwarded; an answer carries every element art. 238 KPA requires;
// nobody considers or decides a complaint about themselves (art. 227,
// 229), who decides is the assignee or a head, active, and a person of
// the pushing device; references exist.
func checkComplaint(c *rowCheck) (string, error) {
	k, err := decodeAs[entity.Complaint](c)
	if err != nil {
		return refused("complaint: %v", err), nil
	}
	for _, s := range []string{k.Name, k.Address, k.Contact, k.Subject, k.ForwardTo, k.AnswerBody, k.SignerName,
		k.SignerPost, k.ConcernsStaffID, k.UnitID, k.AssigneeID, k.CaseID, k.CreatedBy, k.DecidedBy} {
		if !plainText(s, maxComplaintLine) {
			return "complaint: a text field is too long or holds control characters", nil
		}
	}
	for _, s := range []string{k.Summary, k.ForwardLateNote, k.ExtendReason, k.GroundsFact, k.GroundsLaw, k.RepeatNote, k.AnswerText} {
		if len(s) > maxComplaintText {
			return "complaint: a text is too long", nil
		}
	}
	kind, st, out := complaints.Kind(k.Kind), complaints.Status(k.Status), complaints.Outcome(k.Outcome)
	if !kind.Valid() || !complaints.Channel(k.Channel).Valid() || !st.Valid() || !out.Valid() {
		return "complaint: unknown kind, channel, status or outcome", nil
	}
	if k.Lang != "" && !complaints.ValidLang(k.Lang) {
		return "complaint: unknown language of the complainant", nil
	}
	if k.AnswerChannel != "" && !complaints.Channel(k.AnswerChannel).Valid() {
		return "complaint: unknown channel of the answer", nil
	}
	if msg := complaintDays(c, k); msg != "" {
		return msg, nil
	}
	if (kind == complaints.Remark) != (st == complaints.Noted) {
		return "complaint: a remark is noted, and only a remark", nil
	}
	if want, fixed := complaints.OutcomeOf(st); fixed && out != want {
		return "complaint: the outcome does not fit the status", nil
	}
	if st == complaints.Answered && out != complaints.Justified && out != complaints.Unjustified {
		return "complaint: an answer is justified or unjustified", nil
	}
	if c.changed("status") && !c.setAside("status") {
		if !c.found && st != complaints.Registered && st != complaints.Noted && st != complaints.Left {
			return "complaint: a new complaint starts registered", nil
		}
		if c.found {
			var before entity.Complaint
			if err := decodeRow(c.cur.Fields, &before); err == nil && !complaints.CanMove(complaints.Status(before.Status), st) {
				return refused("complaint: status cannot move from %s to %s", before.Status, st), nil
			}
		}
	}
	if k.Anonymous && (k.Name != "" || k.Address != "") {
		return "complaint: an anonymous complaint names its author", nil
	}
	if k.Anonymous && kind != complaints.Remark && st != complaints.Left {
		return "complaint: an anonymous complaint is left without consideration", nil
	}
	if !k.Anonymous && kind != complaints.Remark && (k.Name == "" || k.Address == "") {
		return "complaint: without a name and address it is anonymous", nil
	}
	if k.Subject == "" {
		return "complaint: no subject", nil
	}
	if !k.Competent && kind != complaints.Remark && k.ForwardTo == "" {
		return "complaint: not competent without the competent body", nil
	}
	if st == complaints.Forwarded && (k.Competent || k.ForwardedOn == "") {
		return "complaint: forwarded without the day or while competent", nil
	}
	if st == complaints.Answered {
		a := complaints.Answer{Body: k.AnswerBody, GroundsFact: k.GroundsFact, GroundsLaw: k.GroundsLaw,
			SignerName: k.SignerName, SignerPost: k.SignerPost, RepeatNote: k.RepeatNote}
		if m := complaints.Missing(kind, out, a); len(m) > 0 || k.AnswerChannel == "" || k.AnsweredOn == "" {
			return "complaint: the answer lacks what art. 238 KPA requires", nil
		}
	}
	if k.ConcernsStaffID != "" && (k.AssigneeID == k.ConcernsStaffID || k.DecidedBy == k.ConcernsStaffID) {
		return "complaint: who considers it is the person it concerns", nil
	}
	if k.AssigneeID != "" && c.changed("assigneeId") {
		ok, err := c.activeStaff(k.AssigneeID)
		if err != nil {
			return "", err
		}
		if !ok {
			return "complaint: who considers it is not an active member of the staff", nil
		}
		if k.ConcernsStaffID != "" {
			// About a member of staff: only their superior considers it
			// (art. 229), not a colleague nor someone under them.
			concerned, assignee, known, err := c.complaintPeople(k.ConcernsStaffID, k.AssigneeID)
			if err != nil {
				return "", err
			}
			// An unknown person concerned is refused below, by reference;
			// one whose staff row was removed still has their superiors.
			if known && !complaints.Superior(concerned, assignee) {
				return "complaint: who considers it is not a superior of the person it concerns", nil
			}
		}
	}
	if k.DecidedBy != "" && (c.changed("decidedBy") || c.changedAny(decisionFields)) {
		// A decision changed under the name of who took it is held to
		// who may decide as much as a new one: a device may not rewrite
		// the answer, grounds or outcome of an entry someone settled.
		if msg, err := c.mayDecide(k); msg != "" || err != nil {
			return msg, err
		}
	}
	if (st == complaints.Answered || st == complaints.Forwarded) && k.DecidedBy == "" {
		return "complaint: settled without who decided", nil
	}
	if !c.found && k.CreatedBy == "" {
		return "complaint: createdBy missing", nil
	}
	refs := []struct{ field, entity, id string }{{"createdBy", "staff", k.CreatedBy}, {"concernsStaffId", "staff", k.ConcernsStaffID},
		{"unitId", "unit", k.UnitID}, {"caseId", "case_file", k.CaseID}}
	for _, ref := range refs {
		if ref.id == "" || !c.changed(ref.field) {
			continue
		}
		ok, err := c.exists(ref.entity, ref.id)
		if err != nil {
			return "", err
		}
		if !ok {
			return refused("complaint: its %s does not exist", ref.field), nil
		}
	}
	return "", nil
}

// decisionFields are what the decision on an entry sets (forwarding it,
// answering it): whoever changes them answers for it as decidedBy.
var decisionFields = []string{"status", "outcome", "answeredOn", "answerChannel", "answerBody", "groundsFact", "groundsLaw",
	"signerName", "signerPost", "repeatNote", "answerText", "forwardTo", "forwardedOn", "forwardLateNote"}

// changedAny reports whether the op applies a change to any of fields
// (a value set aside in a conflict is not applied: a person chooses).
func (c *rowCheck) changedAny(fields []string) bool {
	for _, f := range fields {
		if c.changed(f) && !c.setAside(f) {
			return true
		}
	}
	return false
}

// complaintDays checks the entry's days: real, not received after the
// registry's day (a day of slack for the office's zone), nothing done
// before receipt nor after the registry's day, the answer date at least
// the one-month term of art. 237 § 1 and an extension after it.
func complaintDays(c *rowCheck, k *entity.Complaint) string {
	recv, err := time.Parse(time.DateOnly, k.ReceivedOn)
	if err != nil || recv.Year() < 2000 {
		return "complaint: the day of receipt is not a day"
	}
	limit := c.r.now().AddDate(0, 0, 1).Format(time.DateOnly)
	if k.ReceivedOn > limit {
		return "complaint: received in the future"
	}
	for _, d := range []string{k.ForwardedOn, k.AnsweredOn, k.DueOn, k.ExtendedTo} {
		if d == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return "complaint: a day is not a day"
		}
		if d < k.ReceivedOn {
			return "complaint: a day before receipt"
		}
	}
	for _, d := range []string{k.ForwardedOn, k.AnsweredOn} {
		if d > limit {
			return "complaint: settled in the future"
		}
	}
	if k.Kind != string(complaints.Remark) {
		if want := complaints.AnswerDue(complaints.Kind(k.Kind), recv).Format(time.DateOnly); k.DueOn != want {
			return "complaint: the answer date is not art. 237's month"
		}
	}
	if k.ExtendedTo != "" && (k.ExtendedTo <= k.DueOn || k.ExtendReason == "") {
		return "complaint: an extension without a later day or a reason"
	}
	return ""
}

// mayDecide holds who decides an entry: a member of the staff, active, a
// person of the pushing device (a device speaks for its own people), and
// the one who considers it or a head or the admin.
func (c *rowCheck) mayDecide(k *entity.Complaint) (string, error) {
	row, found, err := c.tx.Row(c.ctx, "staff", k.DecidedBy)
	if err != nil {
		return "", err
	}
	if !found || row.Deleted {
		return "complaint: who decided is not on the staff", nil
	}
	var active bool
	var role office.Role
	if f, ok := row.Fields["active"]; ok {
		_ = json.Unmarshal(f.V, &active)
	}
	if f, ok := row.Fields["role"]; ok {
		_ = json.Unmarshal(f.V, &role)
	}
	if !active {
		return "complaint: who decided is not an active member of the staff", nil
	}
	if k.DecidedBy != k.AssigneeID && role != office.RoleHead && role != office.RoleAdmin {
		return "complaint: who decided neither considers it nor heads a unit", nil
	}
	if k.DecidedBy != k.AssigneeID && k.ConcernsStaffID != "" {
		concerned, decider, _, err := c.complaintPeople(k.ConcernsStaffID, k.DecidedBy)
		if err != nil {
			return "", err
		}
		if !complaints.Superior(concerned, decider) {
			return "complaint: who decided neither considers it nor is a superior of the person it concerns", nil
		}
	}
	people, err := c.devicePeople()
	if err != nil {
		return "", err
	}
	if !slices.Contains(people, k.DecidedBy) {
		return "complaint: who decided is not a person of this device", nil
	}
	return "", nil
}

// complaintPeople reads two members of staff as complaints' rules see
// them (role and unit from their staff rows; a row removed at the
// registry is a person of no role and no unit, whom the rules do not take
// as a superior), and whether the first has a row at all.
func (c *rowCheck) complaintPeople(a, b string) (complaints.Person, complaints.Person, bool, error) {
	var out [2]complaints.Person
	known := false
	for i, id := range []string{a, b} {
		out[i].ID = id
		row, found, err := c.tx.Row(c.ctx, "staff", id)
		if err != nil {
			return complaints.Person{}, complaints.Person{}, false, err
		}
		if i == 0 {
			known = found
		}
		if !found || row.Deleted {
			continue
		}
		var role, unit string
		_ = json.Unmarshal(row.Fields["role"].V, &role)
		_ = json.Unmarshal(row.Fields["unitId"].V, &unit)
		out[i].Role, out[i].UnitID = role, unit
	}
	return out[0], out[1], known, nil
}
