package db

import (
	"context"
	"testing"
	"time"

	"okienko/app/audit"
	"okienko/app/office"
)

// TestFindAudit: the audit view's filters on this device: a client (their
// record and their cases), a person, a period and break-the-glass records
// only; entries that are not about a client's data are never listed.
func TestFindAudit(t *testing.T) {
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	k := newCaseFixture(t, s, f)
	ctx := context.Background()
	other := office.Staff{ID: NewID(), Login: "bkowal", FirstName: "Bartosz", LastName: "Kowal", UnitID: f.unit.ID, Role: office.RoleHead, Active: true}
	otherClient := NewID()
	err := s.InTx(ctx, func(tx *Tx) error {
		if err := tx.SaveStaff(ctx, f.office.ID, other, "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$a2V5"); err != nil {
			return err
		}
		for _, e := range []audit.Entry{
			{StaffID: f.staff.ID, Action: audit.CaseView, ObjectType: "case_file", ObjectID: k.cs.ID},
			{StaffID: other.ID, Action: audit.CaseOutside, ObjectType: "case_file", ObjectID: k.cs.ID, Detail: audit.ReasonOther, Note: "Prośba IOD."},
			{StaffID: other.ID, Action: audit.ClientReveal, ObjectType: "client", ObjectID: k.client.ID},
			{StaffID: other.ID, Action: audit.ClientRead, ObjectType: "client", ObjectID: otherClient},
			{StaffID: other.ID, Action: audit.SignIn},
		} {
			if err := tx.Audit(ctx, f.office.ID, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	count := func(fl audit.Filter) []audit.Record {
		t.Helper()
		recs, err := s.FindAudit(ctx, f.office.ID, fl)
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	if n := len(count(audit.Filter{})); n != 4 {
		t.Errorf("everything about clients: %d entries, want 4 (the sign-in is not)", n)
	}
	byClient := count(audit.Filter{ClientID: k.client.ID})
	if len(byClient) != 3 {
		t.Fatalf("by client: %+v", byClient)
	}
	for _, r := range byClient {
		if r.ClientID != k.client.ID || r.ObjectType == "case_file" && r.Unit != "SO" {
			t.Errorf("record %+v: its client or unit", r)
		}
	}
	if n := len(count(audit.Filter{StaffID: other.ID})); n != 3 {
		t.Errorf("by person: %d, want 3", n)
	}
	if n := len(count(audit.Filter{StaffID: other.ID, ClientID: k.client.ID})); n != 2 {
		t.Errorf("by person and client: %d, want 2", n)
	}
	out := count(audit.Filter{Outside: true})
	if len(out) != 1 || out[0].Note != "Prośba IOD." || out[0].Detail != audit.ReasonOther {
		t.Errorf("outside only: %+v", out)
	}
	if n := len(count(audit.Filter{From: t0, To: t0.Add(time.Millisecond)})); n != 4 {
		t.Errorf("the period holding them: %d", n)
	}
	if n := len(count(audit.Filter{From: t0.Add(time.Millisecond)})); n != 0 {
		t.Errorf("a period after them: %d", n)
	}
	if n := len(count(audit.Filter{To: t0})); n != 0 {
		t.Errorf("a period before them (To excluded): %d", n)
	}
	if n := len(count(audit.Filter{Limit: 2})); n != 2 {
		t.Errorf("limited: %d", n)
	}
	given, err := s.AuditedSince(ctx, other.ID, audit.CaseOutside, "case_file", k.cs.ID, t0)
	if err != nil || !given {
		t.Errorf("reason given: %v %v", given, err)
	}
	if given, _ := s.AuditedSince(ctx, f.staff.ID, audit.CaseOutside, "case_file", k.cs.ID, t0); given {
		t.Error("a reason another person gave counts for this one")
	}
	if given, _ := s.AuditedSince(ctx, other.ID, audit.CaseOutside, "case_file", k.cs.ID, t0.Add(time.Millisecond)); given {
		t.Error("yesterday's reason counts today")
	}
	ids, err := s.CaseIDsOfClient(ctx, k.client.ID)
	if err != nil || len(ids) != 1 || ids[0] != k.cs.ID {
		t.Errorf("cases of the client: %v %v", ids, err)
	}
	if _, err := s.CaseIDsOfClient(ctx, otherClient); err != ErrNotFound {
		t.Errorf("a client without cases: %v", err)
	}
}
