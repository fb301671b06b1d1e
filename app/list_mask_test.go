package app

import (
	"strings"
	"testing"
)

// TestListsMaskPersonalData: the lists of the correspondence register,
// home visits and complaints show a sender's, client's or complainant's
// initials and a masked address, never the whole name or address; the
// detail, opened on purpose, shows them in full.
func TestListsMaskPersonalData(t *testing.T) {
	e := newEnv(t)
	officeNow(e, 10, 0)
	e.signIn(t, "jnowak")
	const name, addr = "Zofia Wróblewska", "zofia.wroblewska@example.pl"
	leaks := func(what, text string) {
		t.Helper()
		for _, s := range []string{"Zofia", "Wróblewska", "wroblewska", "Lipowa"} {
			if strings.Contains(text, s) {
				t.Errorf("%s shows %q: %q", what, s, text)
			}
		}
	}

	ls := NewLetterService(e.core)
	made, err := ls.Create(LetterInput{Channel: "email", Sender: name, SenderAddress: addr, Subject: "Odpis aktu", AssigneeID: idNowak})
	if err != nil {
		t.Fatal(err)
	}
	leaks("the new letter's row", made.Sender+made.SenderAddress)
	rows, err := ls.List(LetterFilter{})
	if err != nil || len(rows) != 1 {
		t.Fatalf("letters %v, %v", rows, err)
	}
	leaks("the letters list", rows[0].Sender+" "+rows[0].SenderAddress)
	if rows[0].Sender != "Z. W." {
		t.Errorf("the letters list shows the sender as %q, want the initials", rows[0].Sender)
	}
	d, err := ls.Get(rows[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Sender != name || d.SenderAddress != addr {
		t.Errorf("the letter's detail shows %q %q, want them in full", d.Sender, d.SenderAddress)
	}

	vs := NewVisitService(e.core)
	v, err := vs.Request(VisitRequestInput{Channel: "phone", Client: name, Address: "ul. Lipowa 7, 99-300 Przykładowo",
		Phone: "600 100 200", UnitID: unitSO, Matter: "Wymiana dowodu", Reason: "Leżąca po operacji"})
	if err != nil {
		t.Fatal(err)
	}
	vrows, err := vs.List(VisitFilter{})
	if err != nil || len(vrows) == 0 {
		t.Fatalf("visits %v, %v", vrows, err)
	}
	for _, r := range vrows {
		leaks("the visits list", r.Client+" "+r.Phone)
	}
	vd, err := vs.Get(v.ID)
	if err != nil || vd.Client != name {
		t.Errorf("the visit's detail shows %q (%v), want the whole name", vd.Client, err)
	}

	cs := NewComplaintService(e.core)
	c, err := cs.Register(ComplaintInput{Kind: "motion", Channel: "post", Name: name, Address: "ul. Lipowa 7, 99-300 Przykładowo",
		Subject: "Dłuższe godziny w soboty", Competent: true})
	if err != nil {
		t.Fatal(err)
	}
	crows, err := cs.List(ComplaintFilter{})
	if err != nil || len(crows) == 0 {
		t.Fatalf("complaints %v, %v", crows, err)
	}
	for _, r := range crows {
		leaks("the complaints list", r.Author)
	}
	cd, err := cs.Get(c.ID)
	if err != nil || cd.Author != name || cd.Name != name {
		t.Errorf("the complaint's detail shows %q (%v), want the whole name", cd.Author, err)
	}
}
