package app

import (
	"context"
	"strings"
	"testing"
)

func TestUpdateContact(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	res, err := NewIntakeService(e.core).Register(filledDraft(t, e, "zaswiadczenie o zameldowaniu"))
	if err != nil || !res.OK {
		t.Fatalf("register: %+v %v", res, err)
	}
	cs := NewCaseService(e.core)
	ctx := context.Background()
	before, _ := e.store.PendingOps(ctx)

	// A bad number is refused with a Polish message and nothing changes.
	_, err = cs.UpdateContact(res.CaseID, ContactInput{Phone: "12", Email: ""})
	if keyOf(t, err) != "case.contactInvalid" {
		t.Fatalf("bad phone: %v", err)
	}
	if msg := e.core.userError(err).Message; msg != "Nie zapisano kontaktu. Pole „Telefon” musi mieć 9 znaków (wpisano 2)." {
		t.Fatalf("message %q", msg)
	}
	if n, _ := e.store.PendingOps(ctx); n != before {
		t.Fatalf("a refused change reached the outbox: %d → %d", before, n)
	}

	d, err := cs.UpdateContact(res.CaseID, ContactInput{Phone: " 601 999 888 ", Email: "lucja@example.pl"})
	if err != nil || d.Phone != "601 999 888" || d.Email != "lucja@example.pl" {
		t.Fatalf("update: %+v %v", d, err)
	}
	// The form's own PESEL field (the client's, one value) is masked like
	// the client's identifier.
	masked := false
	for _, a := range d.Answers {
		if strings.Contains(a.Value, "02270803624") {
			t.Fatalf("answer %q shows the PESEL in full", a.Label)
		}
		masked = masked || a.Value == "02•••••••24"
	}
	if !masked {
		t.Fatalf("no masked PESEL among the answers: %+v", d.Answers)
	}
	// The client change and its audit entry.
	if n, _ := e.store.PendingOps(ctx); n != before+2 {
		t.Fatalf("outbox %d → %d, want a client op and an audit op", before, n)
	}
	// Saving the same values again writes nothing.
	if _, err := cs.UpdateContact(res.CaseID, ContactInput{Phone: "601 999 888", Email: "lucja@example.pl"}); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.store.PendingOps(ctx); n != before+2 {
		t.Fatalf("an unchanged contact was queued again: %d", n)
	}
}
