package registry_test

import (
	"context"
	"okienko/app/letters"
	"slices"
	"testing"
	"time"

	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
)

// TestScopedLettersAndSurvey: over HTTP, on each store (PostgreSQL when
// OKIENKO_TEST_PG names a server), a device limited to SO is not sent a
// letter a USC clerk answers nor a survey answer asked at USC's counter,
// and is told to forget both; USC's device and the whole office's are
// sent them. The letter handed to an SO clerk comes to SO's device and
// is named to forget on USC's; a letter of an SO case handed to USC
// leaves SO's device with its case.
func TestScopedLettersAndSurvey(t *testing.T) {
	for _, kind := range synctest.StoreKinds() {
		t.Run(kind, func(t *testing.T) { scopedLettersAndSurvey(t, synctest.OpenStore(t, kind)) })
	}
}

func scopedLettersAndSurvey(t *testing.T, st store.Store) {
	ctx := context.Background()
	r := synctest.NewRegistry(t, st, registry.Options{})
	all, usc, so := enrol(t, r, r.OfficeID), enrol(t, r, r.OfficeID), enrol(t, r, r.OfficeID)
	limit(t, r, usc, "USC")
	limit(t, r, so, "SO")
	unitOf, staffOf := unitMaps(t, r) // unit symbol -> its id, a staff id of it
	if staffOf["USC"] == "" || staffOf["SO"] == "" || staffOf["USC"] == staffOf["SO"] {
		t.Fatalf("the demo office's staff by unit: %v", staffOf)
	}
	// A letter is handed on by a unit's head of the pushing device.
	head := ""
	staff, err := r.Store().RowsOf(ctx, r.OfficeID, "staff")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range staff {
		if string(s.Fields["role"].V) == `"head"` {
			head = s.EntityID
		}
	}
	people, err := r.Store().DevicePeople(ctx, all.id)
	if err != nil || head == "" {
		t.Fatalf("a head (%q) and the device's people: %v", head, err)
	}
	for _, id := range staffOf { // who records the letters below on this device
		people = append(people, id)
	}
	if err := r.Store().SetDevicePeople(ctx, all.id, append(people, head)); err != nil {
		t.Fatal(err)
	}
	after := seq(t, r, r.OfficeID)
	now := time.Now().UTC()
	letterOp := func(id, assignee, caseID string) protocol.Op {
		rule := "email24h"
		if caseID != "" {
			rule = "case"
		}
		return all.op("letter", id, protocol.Upsert, map[string]any{"id": id, "officeId": r.OfficeID,
			"receivedAt": now.Add(-time.Hour).Format(time.RFC3339), "channel": "email", "sender": "Jan Kowalski",
			"senderAddress": "jan@example.pl", "subject": "meldunek", "assigneeId": assignee, "caseId": caseID, "rule": rule,
			"dueAt": dueAt(rule, now.Add(-time.Hour)), "status": "open", "answeredAt": "", "answerChannel": "",
			"answeredBy": "", "note": "", "createdBy": assignee})
	}
	letter, answer := newID(), newID()
	if res := all.push(t, r, letterOp(letter, staffOf["USC"], ""),
		all.op("survey_answer", answer, protocol.Append, map[string]any{"id": answer, "officeId": r.OfficeID,
			"givenAt": now.Format(time.RFC3339), "source": "screen", "screenId": all.id, "lang": "pl", "unitId": unitOf["USC"],
			"enteredBy": "", "scores": map[string]int{"overall": 5}, "remark": "Pani Kowalska była miła"})); res[0].Status != protocol.Applied || res[1].Status != protocol.Applied {
		t.Fatalf("a letter and a survey answer: %+v", res)
	}
	rows := func(p protocol.PullResponse) []string {
		var out []string
		for _, c := range p.Changes {
			if c.Entity == "letter" || c.Entity == "survey_answer" {
				out = append(out, c.Entity+"/"+c.EntityID)
			}
		}
		slices.Sort(out)
		return out
	}
	both := []string{"letter/" + letter, "survey_answer/" + answer}
	if got := rows(all.pull(t, r, after, 100)); !slices.Equal(got, both) {
		t.Fatalf("the whole office's device was sent %v, want %v", got, both)
	}
	if got := rows(usc.pull(t, r, after, 100)); !slices.Equal(got, both) {
		t.Fatalf("USC's device was sent %v, want %v", got, both)
	}
	page := so.pull(t, r, after, 100)
	if got := rows(page); len(got) != 0 {
		t.Fatalf("SO's device was sent %v", got)
	}
	if !slices.Contains(page.Forget, letter) || !slices.Contains(page.Forget, answer) {
		t.Fatalf("SO's device was told to forget %v, want the letter and the answer", page.Forget)
	}

	// The letter handed to an SO clerk: sent to SO, forgotten by USC.
	mark := seq(t, r, r.OfficeID)
	if res := all.push(t, r, all.op("letter", letter, protocol.Upsert, map[string]any{"assigneeId": staffOf["SO"],
		"assignedBy": head, "assignedAt": now.Format(time.RFC3339)})); res[0].Status != protocol.Applied {
		t.Fatalf("the letter handed to SO: %+v", res)
	}
	if got := rows(so.pull(t, r, mark, 100)); !slices.Equal(got, []string{"letter/" + letter}) {
		t.Fatalf("SO's device after the handover was sent %v", got)
	}
	if page := usc.pull(t, r, mark, 100); len(rows(page)) != 0 || !slices.Contains(page.Forget, letter) {
		t.Fatalf("USC's device after the handover: sent %v, forget %v", rows(page), page.Forget)
	}

	// A letter of an SO case that a USC clerk answers: on SO's device by
	// its case; the case handed to USC takes it along, and SO's device is
	// told to forget the letter with the case. (A letter an SO clerk
	// answers would stay: its own people place it.)
	cs := all.newCase(t, r, newID())
	if res := all.push(t, r, all.op("case_file", cs.EntityID, protocol.Upsert, map[string]any{"assigneeId": staffOf["SO"]})); res[0].Status != protocol.Applied {
		t.Fatalf("the case given to SO: %+v", res)
	}
	mark = seq(t, r, r.OfficeID)
	caseLetter := newID()
	if res := all.push(t, r, letterOp(caseLetter, staffOf["USC"], cs.EntityID)); res[0].Status != protocol.Applied {
		t.Fatalf("a letter of the case: %+v", res)
	}
	if got := rows(so.pull(t, r, mark, 100)); !slices.Equal(got, []string{"letter/" + caseLetter}) {
		t.Fatalf("SO's device was sent %v, want the case's letter", got)
	}
	mark = seq(t, r, r.OfficeID)
	if res := all.push(t, r, all.op("case_file", cs.EntityID, protocol.Upsert, map[string]any{"assigneeId": staffOf["USC"]})); res[0].Status != protocol.Applied {
		t.Fatalf("the case handed to USC: %+v", res)
	}
	if page := so.pull(t, r, mark, 100); !slices.Contains(page.Forget, cs.EntityID) || !slices.Contains(page.Forget, caseLetter) {
		t.Fatalf("SO's device after the case left it: forget %v, want the case and its letter", page.Forget)
	}
	if got := rows(usc.pull(t, r, mark, 100)); !slices.Contains(got, "letter/"+caseLetter) {
		t.Fatalf("USC's device was sent %v with the case, want its letter", got)
	}
}

// dueAt is a letter's answer-by under its rule on the office's clock
// (Europe/Warsaw), as the app sets it and the registry checks it; under a
// case's deadline, the end of the test case's dueOn (rows.Case).
func dueAt(rule string, received time.Time) string {
	loc, _ := time.LoadLocation("Europe/Warsaw")
	var caseDue time.Time
	if rule == "case" {
		caseDue = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	}
	return letters.AnswerBy(letters.Rule(rule), received.In(loc), caseDue).Format(time.RFC3339)
}
