package app

import (
	"context"
	"testing"
	"time"

	"okienko/app/audit"
)

// TestLetterReassign: a letter is handed to another official by a unit's
// head, never by a clerk; the register and the detail show who has it and
// who handed it on; the act is audited and goes to the outbox; an
// answered letter stays with who answered it.
func TestLetterReassign(t *testing.T) {
	e := newEnv(t)
	officeNow(e, 10, 0)
	e.signIn(t, "jnowak") // a clerk
	s := NewLetterService(e.core)
	row, err := s.Create(LetterInput{Channel: "post", Sender: "Jan Kowalski", SenderAddress: "ul. Polna 5, 99-300 Przykładowo",
		Subject: "Odpis aktu", AssigneeID: idNowak})
	if err != nil {
		t.Fatal(err)
	}
	if row.MayReassign {
		t.Error("a clerk is offered to hand the letter on")
	}
	if _, err := s.Reassign(LetterReassignInput{ID: row.ID, AssigneeID: idKowalska}); userKey(err) != "letters.reassignRole" {
		t.Errorf("a clerk hands a letter on: %v", err)
	}
	ctx := context.Background()
	before, _ := e.store.PendingOpsOf(ctx, "letter")

	e.signIn(t, "kzielinska") // the head of SO
	got, err := s.Get(row.ID)
	if err != nil || !got.MayReassign {
		t.Fatalf("the head is not offered to hand it on: %+v %v", got, err)
	}
	if _, err := s.Reassign(LetterReassignInput{ID: row.ID, AssigneeID: idNowak}); userKey(err) != "letters.reassignSame" {
		t.Errorf("handed to who has it: %v", err)
	}
	if _, err := s.Reassign(LetterReassignInput{ID: row.ID, AssigneeID: "01a20102-0000-7000-8000-000000000000"}); userKey(err) != "letters.assigneeAbsent" {
		t.Errorf("handed to nobody on the staff: %v", err)
	}
	r, err := s.Reassign(LetterReassignInput{ID: row.ID, AssigneeID: idKowalska})
	if err != nil {
		t.Fatal(err)
	}
	if r.AssigneeID != idKowalska || r.Assignee != "Anna Kowalska" || r.AssignedBy == "" || r.Assigned == "" {
		t.Errorf("after handing on: %+v", r)
	}
	list, err := s.List(LetterFilter{Show: "all"})
	if err != nil || len(list) != 1 || list[0].Assignee != "Anna Kowalska" || list[0].AssignedBy != r.AssignedBy {
		t.Errorf("the register: %+v %v", list, err)
	}
	if ok, _ := e.store.AuditedSince(ctx, idZielinska, audit.LetterReassign, "letter", row.ID, time.Time{}); !ok {
		t.Error("handing on not audited")
	}
	if after, _ := e.store.PendingOpsOf(ctx, "letter"); after <= before {
		t.Errorf("handing on not in the outbox: %d ops, %d before", after, before)
	}

	e.signIn(t, "akowalska")
	if _, err := s.Answer(LetterAnswerInput{ID: row.ID, Channel: "post"}); err != nil {
		t.Fatal(err)
	}
	e.signIn(t, "kzielinska")
	if _, err := s.Reassign(LetterReassignInput{ID: row.ID, AssigneeID: idNowak}); userKey(err) != "letters.reassignAnswered" {
		t.Errorf("an answered letter handed on: %v", err)
	}
}
