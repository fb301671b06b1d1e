package registry

import (
	"context"
	"strings"
	"testing"
	"time"

	"okienko/app/survey"
	"okienko/sync/protocol"
)

// TestLetterChecks: an entry of the correspondence register a device
// pushes is held to its rules by meaning; the reason names the rule.
func TestLetterChecks(t *testing.T) {
	w := newCheckWorld(t)
	gone := newID()
	w.putStaff(t, gone, false)
	q := func(s string) string { return `"` + s + `"` }
	id := newID()
	good := fields(map[string]string{"id": q(id), "officeId": q(w.office), "receivedAt": q("2026-11-23T09:00:00Z"),
		"channel": q("email"), "sender": q("Jan Kowalski"), "senderAddress": q("jan@example.pl"), "subject": q("meldunek"),
		"assigneeId": q(w.refs.StaffID), "caseId": q(""), "rule": q("email24h"), "dueAt": q("2026-11-26T09:00:00Z"),
		"status": q("open"), "answeredAt": q(""), "answerChannel": q(""), "answeredBy": q(""), "note": q(""),
		"createdBy": q(w.refs.StaffID)})
	for _, c := range []struct {
		name, field, value, reason string
	}{
		{"an assignee no longer active", "assigneeId", q(gone), "who answers"},
		{"a channel it cannot come by", "channel", q("phone"), "channel"},
		{"an unknown rule", "rule", q("week"), "rule"},
		{"the case's rule without a case", "rule", q("case"), "without a case"},
		{"a case that does not exist", "caseId", q(newID()), "caseId"},
		{"answer-by before the receipt", "dueAt", q("2026-11-22T09:00:00Z"), "answer-by"},
		{"answer-by a week later than its rule gives", "dueAt", q("2026-12-03T09:00:00Z"), "rule gives (2026-11-26T09:00:00Z)"},
		{"a time that is not RFC 3339", "receivedAt", q("23.11.2026"), "RFC 3339"},
		{"no sender", "sender", q(""), "sender"},
		{"answered without when", "status", q("answered"), "without"},
		{"a subject far too long", "subject", q(strings.Repeat("x", 5000)), "too long"},
		{"a sender turned backwards", "sender", q("Jan \u202eikswolwoK"), "cannot print"},
		{"a subject with an invisible character", "subject", q("meldu\u200bnek"), "cannot print"},
	} {
		res := w.push(t, w.op("letter", id, with(good, c.field, c.value)))
		if res.Status != protocol.Rejected || !strings.Contains(res.Reason, c.reason) {
			t.Errorf("%s: %+v, want rejected naming %q", c.name, res, c.reason)
		}
	}
	if res := w.push(t, w.op("letter", id, good)); res.Status != protocol.Applied {
		t.Fatalf("a valid letter: %+v", res)
	}
	early := fields(map[string]string{"status": q("answered"), "answeredBy": q(w.refs.StaffID), "answerChannel": q("email"),
		"answeredAt": q("2026-11-22T09:00:00Z")})
	if res := w.push(t, w.op("letter", id, early)); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "before it was received") {
		t.Errorf("answered before receipt: %+v", res)
	}
	if res := w.push(t, w.op("letter", id, with(early, "answeredAt", q("2199-01-01T09:00:00Z")))); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "in the future") {
		t.Errorf("answered in the future: %+v", res)
	}
	ok := with(early, "answeredAt", q("2026-11-23T10:00:00Z"))
	if res := w.push(t, w.op("letter", id, ok)); res.Status != protocol.Applied {
		t.Fatalf("a valid answer: %+v", res)
	}
	if res := w.push(t, w.op("letter", id, fields(map[string]string{"status": q("open")}))); res.Status != protocol.Rejected {
		t.Errorf("an answered letter reopened: %+v", res)
	}
	// Its answer changed under the answerer's name on a device that
	// person does not sign in on: refused, as a new answer by them is.
	outsider := newID()
	w.putStaff(t, outsider, true)
	if err := w.st.SetDevicePeople(context.Background(), w.dev.ID, []string{outsider}); err != nil {
		t.Fatal(err)
	}
	for _, edit := range []map[string]string{{"answeredAt": q("2026-11-23T11:00:00Z")}, {"answerChannel": q("post")}} {
		if res := w.push(t, w.op("letter", id, fields(edit))); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "answeredBy") {
			t.Errorf("the answer changed by another device (%v): %+v", edit, res)
		}
	}
	if err := w.st.SetDevicePeople(context.Background(), w.dev.ID, []string{w.refs.StaffID}); err != nil {
		t.Fatal(err)
	}
	if res := w.push(t, w.op("letter", id, fields(map[string]string{"answerChannel": q("post")}))); res.Status != protocol.Applied {
		t.Errorf("the answer corrected by its answerer's device: %+v", res)
	}
	// Its rule, case and answer-by are the registration's: no later op
	// moves its term (to the case's rule, or to a later day).
	caseID := newID()
	w.putRowOf(t, "case_file", caseID, map[string]string{"id": q(caseID), "officeId": q(w.office), "dueOn": q("2026-12-10"), "status": q("registered")})
	for _, c := range []struct{ name, field, value string }{
		{"the case's rule afterwards", "rule", q("case")},
		{"a case linked afterwards", "caseId", q(caseID)},
		{"a later answer-by", "dueAt", q("2026-12-26T09:00:00Z")},
	} {
		if res := w.push(t, w.op("letter", id, fields(map[string]string{c.field: c.value}))); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "fixed") {
			t.Errorf("%s: %+v", c.name, res)
		}
	}
	// Under its case's deadline: the end of a day no later than the
	// case's, even one already past (an overdue case's letter).
	for _, c := range []struct {
		due string
		ok  bool
	}{{"2026-12-10T22:59:59Z", true}, {"2026-11-20T22:59:59Z", true}, {"2026-12-11T22:59:59Z", false}, {"2026-12-10T12:00:00Z", false}} {
		lid := newID()
		f := with(with(with(with(good, "id", q(lid)), "rule", q("case")), "caseId", q(caseID)), "dueAt", q(c.due))
		if res := w.push(t, w.op("letter", lid, f)); (res.Status == protocol.Applied) != c.ok {
			t.Errorf("a letter of the case due %s: %+v", c.due, res)
		}
	}
	// Nor reopened beside another field set aside in a conflict: the
	// status is applied, so it is held to the status machine.
	other := newID()
	w.putStaff(t, other, true)
	reopen := w.op("letter", id, fields(map[string]string{"status": q("open"), "assigneeId": q(other)}))
	reopen.Base = map[string]string{"assigneeId": ""}
	if res := w.push(t, reopen); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "stays answered") {
		t.Errorf("an answered letter reopened beside a conflict: %+v", res)
	}
}

// TestSurveyAnswerChecks: a device's survey answer is held to the app's
// rules; a tablet's answer comes only by the survey page.
func TestSurveyAnswerChecks(t *testing.T) {
	w := newCheckWorld(t)
	q := func(s string) string { return `"` + s + `"` }
	good := fields(map[string]string{"officeId": q(w.office), "givenAt": q("2026-11-23T09:00:00Z"), "source": q("screen"),
		"screenId": q(w.dev.ID), "lang": q("pl"), "unitId": q(""), "enteredBy": q(""), "scores": `{"overall":5,"waiting":4}`,
		"remark": q("Dziękuję")})
	type refusal struct{ name, field, value, reason string }
	refuses := func(cases []refusal) {
		t.Helper()
		for _, c := range cases {
			id := newID()
			res := w.push(t, w.op("survey_answer", id, with(with(good, "id", q(id)), c.field, c.value)))
			if res.Status != protocol.Rejected || !strings.Contains(res.Reason, c.reason) {
				t.Errorf("%s: %+v, want rejected naming %q", c.name, res, c.reason)
			}
		}
	}
	refuses([]refusal{
		{"a score of 6", "scores", `{"overall":6}`, "survey.scoreBad"},
		{"a question it does not ask", "scores", `{"pesel":3}`, "survey.questionUnknown"},
		{"nothing scored", "scores", `{}`, "survey.empty"},
		{"a tablet's answer from a device", "source", q("tablet"), "survey page"},
		{"paper without who typed it", "source", q("paper"), "typed it in"},
		{"an emoji in the remark", "remark", q("super 👍"), "text.badChar"},
		{"an unknown language", "lang", q("de"), "survey.langBad"},
		{"an answer given in 2199", "givenAt", q("2199-01-01T09:00:00Z"), "more than a year ahead"},
		{"counted under a unit none of its people work in", "unitId", q(checkUnit), "none of this device's people's"},
	})
	sid := newID()
	if res := w.push(t, w.op("survey_answer", sid, with(good, "id", q(sid)))); res.Status != protocol.Applied {
		t.Fatalf("a valid answer: %+v", res)
	}
	// The device's own screen takes one answer a visit, as the app does
	// (SurveyService.Submit): none from another screen, none within a
	// minute of another, none older than a month; the same answer again
	// is not its own neighbour.
	if res := w.push(t, w.op("survey_answer", sid, with(good, "id", q(sid)))); res.Status != protocol.Duplicate && res.Status != protocol.Applied {
		t.Errorf("the same answer again: %+v", res)
	}
	refuses([]refusal{
		{"another screen's answer", "screenId", q(newID()), "another device's screen"},
		{"thirty seconds after the last", "givenAt", q("2026-11-23T09:00:30Z"), "within a minute"},
		{"thirty seconds before it", "givenAt", q("2026-11-23T08:59:30Z"), "within a minute"},
		{"two months ago", "givenAt", q("2026-09-30T09:00:00Z"), "over a month ago"},
		{"tomorrow", "givenAt", q("2026-12-01T09:00:00Z"), "in the future"},
	})
	// A clerk of the unit signs in on the device: its counter asks there.
	clerk := newID()
	w.putStaff(t, clerk, true)
	if err := w.st.SetDevicePeople(context.Background(), w.dev.ID, []string{w.refs.StaffID, clerk}); err != nil {
		t.Fatal(err)
	}
	next := newID()
	if res := w.push(t, w.op("survey_answer", next, with(with(with(good, "id", q(next)), "givenAt", q("2026-11-23T09:01:00Z")), "unitId", q(checkUnit)))); res.Status != protocol.Applied {
		t.Errorf("a minute after the last, at the unit of the device's clerk: %+v", res)
	}
	// A registry started afresh reads the device's answers from its store.
	fresh := New(w.st, Options{Now: func() time.Time { return testNow }})
	w2 := *w
	w2.r = fresh
	id := newID()
	if res := w2.push(t, w2.op("survey_answer", id, with(with(good, "id", q(id)), "givenAt", q("2026-11-23T09:01:20Z")))); res.Status != protocol.Rejected {
		t.Errorf("after a restart, twenty seconds after the last: %+v", res)
	}
}

// TestPaperSurveyChecks: a paper form is typed in, as the app lets a
// clerk do it, by an active member of the staff who may sign in on the
// pushing device, filled in no later than today and no longer ago than
// survey.PaperAge, and at most survey.PaperPerDay forms of one day by one
// person (counted again by a registry started afresh).
func TestPaperSurveyChecks(t *testing.T) {
	w := newCheckWorld(t)
	ctx := context.Background()
	clerk, gone, far := newID(), newID(), newID()
	w.putStaff(t, clerk, true)
	w.putStaff(t, gone, false)
	w.putStaff(t, far, true)
	if err := w.st.SetDevicePeople(ctx, w.dev.ID, []string{w.refs.StaffID, clerk, gone}); err != nil {
		t.Fatal(err)
	}
	q := func(s string) string { return `"` + s + `"` }
	paper := func(id, by, at string) protocol.Op {
		return w.op("survey_answer", id, fields(map[string]string{"id": q(id), "officeId": q(w.office), "givenAt": q(at),
			"source": q("paper"), "screenId": q(""), "lang": q("pl"), "unitId": q(checkUnit), "enteredBy": q(by),
			"scores": `{"overall":4}`, "remark": q("")}))
	}
	day := "2026-11-27T11:00:00Z" // noon of 27 November in Warsaw
	for _, c := range []struct{ name, by, at, reason string }{
		{"typed in by nobody", "", day, "without who typed it in"},
		{"by someone not on the staff", newID(), day, "enteredBy is not a person of this device"},
		{"by a deactivated clerk", gone, day, "not an active member"},
		{"by a clerk of another device", far, day, "enteredBy is not a person of this device"},
		{"filled in tomorrow", clerk, "2026-12-01T11:00:00Z", "after today"},
		{"filled in last summer", clerk, "2026-07-01T10:00:00Z", "days ago"},
	} {
		res := w.push(t, paper(newID(), c.by, c.at))
		if res.Status != protocol.Rejected || !strings.Contains(res.Reason, c.reason) {
			t.Errorf("%s: %+v, want rejected naming %q", c.name, res, c.reason)
		}
		if reason := res.Reason; !strings.HasPrefix(reason, "survey answer: paper") && !strings.HasPrefix(reason, "survey_answer: enteredBy") {
			t.Errorf("%s: %q does not begin as the app's explanation expects", c.name, res.Reason)
		}
	}
	for _, at := range []string{"2026-11-30T11:00:00Z", "2026-09-01T10:00:00Z"} {
		if res := w.push(t, paper(newID(), clerk, at)); res.Status != protocol.Applied {
			t.Errorf("a form filled in on %s: %+v", at, res)
		}
	}
	var first string
	for i := range survey.PaperPerDay {
		id := newID()
		if i == 0 {
			first = id
		}
		if res := w.push(t, paper(id, clerk, day)); res.Status != protocol.Applied {
			t.Fatalf("form %d of one day: %+v", i+1, res)
		}
	}
	if res := w.push(t, paper(first, clerk, day)); res.Status == protocol.Rejected {
		t.Errorf("the first form pushed again: %+v", res)
	}
	if res := w.push(t, paper(newID(), clerk, day)); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "forms of one day") {
		t.Errorf("one form over the day's limit: %+v", res)
	}
	if res := w.push(t, paper(newID(), w.refs.StaffID, day)); res.Status != protocol.Applied {
		t.Errorf("another person's form of that day: %+v", res)
	}
	fresh := New(w.st, Options{Now: func() time.Time { return testNow }})
	w2 := *w
	w2.r = fresh
	if res := w2.push(t, paper(newID(), clerk, "2026-11-27T15:00:00Z")); res.Status != protocol.Rejected {
		t.Errorf("after a restart, one over the day's limit: %+v", res)
	}
}

// TestLetterReassignChecks: a letter in the register is handed to another
// official only by a unit's head or an admin, named with when, and one of
// the pushing device's people: a clerk's device cannot reassign.
func TestLetterReassignChecks(t *testing.T) {
	w := newCheckWorld(t)
	ctx := context.Background()
	clerk, other, head, farHead := newID(), newID(), newID(), newID()
	w.putStaff(t, clerk, true)
	w.putStaff(t, other, true)
	w.putHead(t, head)
	w.putHead(t, farHead)
	if err := w.st.SetDevicePeople(ctx, w.dev.ID, []string{w.refs.StaffID, clerk, head}); err != nil {
		t.Fatal(err)
	}
	q := func(s string) string { return `"` + s + `"` }
	id := newID()
	good := fields(map[string]string{"id": q(id), "officeId": q(w.office), "receivedAt": q("2026-11-23T09:00:00Z"),
		"channel": q("post"), "sender": q("Jan Kowalski"), "senderAddress": q("ul. Polna 5"), "subject": q("meldunek"),
		"assigneeId": q(clerk), "caseId": q(""), "rule": q("kpaMonth"), "dueAt": q("2026-12-23T22:59:59Z"),
		"status": q("open"), "answeredAt": q(""), "answerChannel": q(""), "answeredBy": q(""), "note": q(""),
		"createdBy": q(w.refs.StaffID), "assignedBy": q(""), "assignedAt": q("")})
	if res := w.push(t, w.op("letter", id, good)); res.Status != protocol.Applied {
		t.Fatalf("a new letter given to a clerk: %+v", res)
	}
	at := q("2026-11-24T10:00:00Z")
	for _, c := range []struct {
		name   string
		edit   map[string]string
		reason string
	}{
		{"handed on by nobody", map[string]string{"assigneeId": q(other)}, "without who and when"},
		{"handed on by the clerk", map[string]string{"assigneeId": q(other), "assignedBy": q(clerk), "assignedAt": at}, "neither heads"},
		{"by a head of another device", map[string]string{"assigneeId": q(other), "assignedBy": q(farHead), "assignedAt": at}, "not a person of this device"},
		{"by someone not on the staff", map[string]string{"assigneeId": q(other), "assignedBy": q(newID()), "assignedAt": at}, "not a person of this device"},
		{"at a time that is not one", map[string]string{"assigneeId": q(other), "assignedBy": q(head), "assignedAt": q("jutro")}, "RFC 3339"},
	} {
		res := w.push(t, w.op("letter", id, fields(c.edit)))
		if res.Status != protocol.Rejected || !strings.Contains(res.Reason, c.reason) {
			t.Errorf("%s: %+v, want rejected naming %q", c.name, res, c.reason)
		}
	}
	res := w.push(t, w.op("letter", id, fields(map[string]string{"assigneeId": q(other), "assignedBy": q(head), "assignedAt": at})))
	if res.Status != protocol.Applied {
		t.Fatalf("handed on by the unit's head: %+v", res)
	}
}
