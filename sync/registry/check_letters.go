package registry

import (
	"encoding/json"
	"slices"
	"time"

	"okienko/app/charset"
	"okienko/app/letters"
	"okienko/app/office"
	"okienko/app/survey"
	"okienko/sync/entity"
)

// Sizes of the register's and the survey's texts, in bytes: the app's
// limits in characters, each of up to four bytes in UTF-8.
const (
	maxLetterSender  = 4 * letters.MaxSender
	maxLetterAddress = 4 * letters.MaxAddress
	maxLetterSubject = 4 * letters.MaxSubject
	maxLetterNote    = 4 * letters.MaxNote
	maxSurveyRemark  = 4 * survey.MaxRemark
)

// checkLetter holds an entry of the correspondence register to its
// rules: a known incoming channel and rule, real instants, an answer-by
// after the receipt, an answer neither before the receipt nor without its
// date, channel and who; a status that only moves from open to answered;
// the assignee an active member of the staff; its case and people
// existing; texts within their sizes.
func checkLetter(c *rowCheck) (string, error) {
	l, err := decodeAs[entity.Letter](c)
	if err != nil {
		return refused("letter: %v", err), nil
	}
	for _, s := range []string{l.CaseID, l.CreatedBy, l.AssigneeID, l.AnsweredBy, l.AssignedBy, l.Channel, l.AnswerChannel, l.Rule, l.Status} {
		if !plainText(s, 64) {
			return "letter: a text field is too long or holds control characters", nil
		}
	}
	if !plainText(l.Sender, maxLetterSender) || !plainText(l.SenderAddress, maxLetterAddress) ||
		!plainText(l.Subject, maxLetterSubject) || len(l.Note) > maxLetterNote {
		return "letter: the sender, address, subject or note is too long", nil
	}
	if l.Sender == "" || l.Subject == "" {
		return "letter: sender or subject missing", nil
	}
	if !letters.Channel(l.Channel).ValidIn() {
		return "letter: unknown channel", nil
	}
	if !letters.Rule(l.Rule).Valid() {
		return "letter: unknown rule", nil
	}
	if l.Rule == string(letters.RuleCase) && l.CaseID == "" {
		return "letter: the case's deadline without a case", nil
	}
	// The app's own character rules, as for a client's name: no direction
	// overrides or invisible characters that make a printed register lie.
	for _, t := range []struct {
		kind charset.Kind
		s    string
	}{{charset.Text, l.Sender}, {charset.Text, l.Subject}, {charset.Address, l.SenderAddress}} {
		if t.kind == charset.Address && l.Channel == string(letters.Email) {
			t.kind = charset.Email
		}
		if t.s != "" && charset.Check(t.kind, t.s, 0, false) != nil {
			return "letter: the sender, address or subject holds characters a register cannot print", nil
		}
	}
	rec, okRec := instant(l.ReceivedAt, false)
	due, okDue := instant(l.DueAt, false)
	ans, okAns := instant(l.AnsweredAt, true)
	_, okAsg := instant(l.AssignedAt, true)
	if !okRec || !okDue || !okAns || !okAsg {
		return "letter: a time is not a real RFC 3339 instant", nil
	}
	// A day of slack: a device's clock may run ahead of the registry's.
	if rec.After(c.r.now().Add(letters.Slack + 24*time.Hour)) {
		return "letter: received in the future", nil
	}
	if ans.After(c.r.now().Add(letters.Slack + 24*time.Hour)) {
		return "letter: answered in the future", nil
	}
	// A letter under an overdue case's deadline is overdue from its
	// receipt (letters.AnswerBy gives the case's date); any other rule
	// gives a time after it.
	if !due.After(rec) && l.Rule != string(letters.RuleCase) {
		return "letter: answer-by not after the receipt", nil
	}
	if c.changed("dueAt") || c.changed("receivedAt") || c.changed("rule") {
		if msg, err := c.answerByOfRule(letters.Rule(l.Rule), l.CaseID, rec, due); msg != "" || err != nil {
			return msg, err
		}
	}
	st := letters.Status(l.Status)
	if !st.Valid() {
		return "letter: unknown status", nil
	}
	if st == letters.Answered {
		if ans.IsZero() || l.AnsweredBy == "" || !letters.Channel(l.AnswerChannel).ValidOut() {
			return "letter: answered without when, how or who", nil
		}
		if ans.Before(rec) {
			return "letter: answered before it was received", nil
		}
	}
	if st == letters.Answered && !c.changed("answeredBy") && c.changedAny([]string{"answeredAt", "answerChannel"}) {
		// An answer changed under the name of who gave it: that person
		// must be one of the pushing device's, as a new answer's is
		// (entityRules.authors).
		people, err := c.devicePeople()
		if err != nil {
			return "", err
		}
		if !slices.Contains(people, l.AnsweredBy) {
			return "letter: answeredBy is not a person of this device", nil
		}
	}
	if c.changed("status") && !c.setAside("status") {
		if c.found {
			var before entity.Letter
			if err := decodeRow(c.cur.Fields, &before); err == nil && before.Status == string(letters.Answered) && st != letters.Answered {
				return "letter: a letter answered stays answered", nil
			}
		}
	}
	if !c.found && l.CreatedBy == "" {
		return "letter: createdBy missing", nil
	}
	if l.AssigneeID == "" {
		return "letter: assigneeId missing", nil
	}
	// A letter already in the register is handed to another official by
	// a unit's head or an admin only, named as who did it, one of the
	// pushing device's people: a clerk's device cannot reassign.
	if c.found && c.changed("assigneeId") && !c.setAside("assigneeId") {
		if msg, err := c.mayReassign(l); msg != "" || err != nil {
			return msg, err
		}
	}
	if c.changed("assigneeId") {
		ok, err := c.activeStaff(l.AssigneeID)
		if err != nil {
			return "", err
		}
		if !ok {
			return "letter: who answers is not an active member of the staff", nil
		}
	}
	refs := []struct{ field, entity, id string }{{"createdBy", "staff", l.CreatedBy}, {"answeredBy", "staff", l.AnsweredBy},
		{"caseId", "case_file", l.CaseID}}
	for _, ref := range refs {
		if ref.id == "" || !c.changed(ref.field) {
			continue
		}
		ok, err := c.exists(ref.entity, ref.id)
		if err != nil {
			return "", err
		}
		if !ok {
			return refused("letter: its %s does not exist", ref.field), nil
		}
	}
	return "", nil
}

// mayReassign checks who handed a letter on: named, with when, an active
// head or admin, and a person of the pushing device.
func (c *rowCheck) mayReassign(l *entity.Letter) (string, error) {
	if l.AssignedBy == "" || l.AssignedAt == "" || !c.changed("assignedAt") {
		return "letter: reassigned without who and when", nil
	}
	row, found, err := c.tx.Row(c.ctx, "staff", l.AssignedBy)
	if err != nil {
		return "", err
	}
	if !found || row.Deleted {
		return "letter: who reassigned it is not on the staff", nil
	}
	var active bool
	var role office.Role
	if f, ok := row.Fields["active"]; ok {
		_ = json.Unmarshal(f.V, &active)
	}
	if f, ok := row.Fields["role"]; ok {
		_ = json.Unmarshal(f.V, &role)
	}
	if !active || !letters.MayReassign(role) {
		return "letter: who reassigned it neither heads a unit nor administers", nil
	}
	people, err := c.devicePeople()
	if err != nil {
		return "", err
	}
	if !slices.Contains(people, l.AssignedBy) {
		return "letter: who reassigned it is not a person of this device", nil
	}
	return "", nil
}

// checkSurveyAnswer holds a survey answer a device pushes to the app's
// own rules (survey.Validate: known questions scored 1–5, a printable
// remark within its limit, a known language): from a device's screen or
// typed in from paper by a member of the staff; the tablets' answers
// reach the registry by its survey page only.
func checkSurveyAnswer(c *rowCheck) (string, error) {
	p, err := decodeAs[entity.SurveyAnswer](c)
	if err != nil {
		return refused("survey answer: %v", err), nil
	}
	for _, s := range []string{p.ScreenID, p.Lang, p.UnitID, p.EnteredBy, p.Source} {
		if !plainText(s, 64) {
			return "survey answer: a text field is too long or holds control characters", nil
		}
	}
	if len(p.Remark) > maxSurveyRemark {
		return "survey answer: the remark is too long", nil
	}
	at, ok := instant(p.GivenAt, false)
	if !ok {
		return "survey answer: a time is not a real RFC 3339 instant", nil
	}
	a := surveyAnswerOf(p)
	a.At = at
	if a.Source == survey.Tablet {
		return "survey answer: a tablet's answer comes by the survey page", nil
	}
	if ps := survey.Validate(a); len(ps) > 0 {
		return refused("survey answer field %s: %s", ps[0].Field, ps[0].Key), nil
	}
	if p.UnitID != "" && c.changed("unitId") {
		// The app names the signed-in clerk's unit as the counter that
		// asked: a device may not count its clients' scores under a unit
		// none of its people work in (the report's satisfaction per unit).
		ok, err := c.unitOfDevicePeople(p.UnitID)
		if err != nil {
			return "", err
		}
		if !ok {
			return "survey answer: the unit is none of this device's people's", nil
		}
	}
	if a.Source == survey.Screen && !c.found {
		if msg, err := c.checkScreenAnswer(p.ScreenID, at); msg != "" || err != nil {
			return msg, err
		}
	}
	if a.Source == survey.Paper && !c.found {
		return c.checkPaperAnswer(p.EnteredBy, at)
	}
	return "", nil
}

// unitOfDevicePeople reports whether unitID is the unit of one of the
// people who may sign in on the pushing device, as their staff rows say.
func (c *rowCheck) unitOfDevicePeople(unitID string) (bool, error) {
	people, err := c.devicePeople()
	if err != nil {
		return false, err
	}
	for _, id := range people {
		row, found, err := c.tx.Row(c.ctx, "staff", id)
		if err != nil {
			return false, err
		}
		var unit string
		if found && !row.Deleted && json.Unmarshal(row.Fields["unitId"].V, &unit) == nil && unit == unitID {
			return true, nil
		}
	}
	return false, nil
}

// surveyAnswerOf reads a payload into the domain's answer (At unset).
func surveyAnswerOf(p *entity.SurveyAnswer) survey.Answer {
	sc := make(map[survey.Question]int, len(p.Scores))
	for q, v := range p.Scores {
		sc[survey.Question(q)] = v
	}
	return survey.Answer{Source: survey.Source(p.Source), ScreenID: p.ScreenID, Lang: p.Lang, Scores: sc, Remark: p.Remark,
		UnitID: p.UnitID, EnteredBy: p.EnteredBy}
}

// answerByOfRule holds a letter's answer-by to its rule, as the app sets
// it once, at registration (letters.AnswerBy, on the office's clock; the
// rule, case and answer-by are fixed afterwards): a device may not move a
// letter's term to keep it off the overdue list and out of the monitoring
// report. A letter under its case's deadline is due at the end of a day
// no later than the case's date as the registry holds it (the KPA month
// when the case has none): that date only moves later (art. 36), so one
// set from an earlier date on an offline device still fits.
func (c *rowCheck) answerByOfRule(rule letters.Rule, caseID string, received, due time.Time) (string, error) {
	loc, err := c.r.officeZone(c.ctx, c.tx, c.dev.OfficeID)
	if err != nil {
		return "", err
	}
	if rule == letters.RuleCase {
		if d := due.In(loc); d.Hour() != 23 || d.Minute() != 59 || d.Second() != 59 {
			return "letter: the case's answer-by is not the end of a day", nil
		}
		row, found, err := c.tx.Row(c.ctx, "case_file", caseID)
		if err != nil || !found {
			return "", err // an unknown case is refused by reference
		}
		var dueOn string
		_ = json.Unmarshal(row.Fields["dueOn"].V, &dueOn)
		caseDue, _ := time.Parse(time.DateOnly, dueOn)
		if bound := letters.AnswerBy(rule, received.In(loc), caseDue); due.After(bound) {
			return refused("letter: answer-by later than its case's (%s)", bound.UTC().Format(time.RFC3339)), nil
		}
		return "", nil
	}
	if want := letters.AnswerBy(rule, received.In(loc), time.Time{}); !want.Equal(due) {
		return refused("letter: answer-by is not the one its rule gives (%s)", want.UTC().Format(time.RFC3339)), nil
	}
	return "", nil
}
