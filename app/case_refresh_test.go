package app

import (
	"testing"

	"okienko/app/audit"
)

// TestCaseRefreshIsNoNewView: a case read again because a sync changed it
// while open shows the change, under the same rights as opening it, and
// adds no "viewed" entry to the access log (the clerk opened it once).
func TestCaseRefreshIsNoNewView(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	res, err := NewIntakeService(e.core).Register(filledDraft(t, e, "Zaświadczenie o zameldowaniu"))
	if err != nil || !res.OK {
		t.Fatalf("register: %+v %v", res, err)
	}
	svc := NewCaseService(e.core)
	views := func() int {
		t.Helper()
		list, err := e.store.RecentAudit(t.Context(), e.core.OfficeID(), 1000)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, a := range list {
			if a.Action == audit.CaseView && a.ObjectID == res.CaseID {
				n++
			}
		}
		return n
	}
	if _, err := svc.Case(res.CaseID); err != nil {
		t.Fatal(err)
	}
	if got := views(); got != 1 {
		t.Fatalf("%d views after opening, want 1", got)
	}
	// Another device's change arrives (here, this person's own write).
	if _, err := svc.ChangeStatus(res.CaseID, "in_progress"); err != nil {
		t.Fatal(err)
	}
	d, err := svc.Refresh(res.CaseID)
	if err != nil || d.Status != "in_progress" {
		t.Fatalf("refresh: %+v %v, want in_progress", d.Status, err)
	}
	if got := views(); got != 1 {
		t.Fatalf("%d views after a refresh, want still 1", got)
	}
	// Outside the person's units a refresh asks for the reason as Case does.
	e.signIn(t, "plewandowski") // USC
	if _, err := svc.Refresh(res.CaseID); keyOf(t, err) != "rights.reasonNeeded" {
		t.Fatalf("refresh outside the units: %v, want rights.reasonNeeded", err)
	}
}
