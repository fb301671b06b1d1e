package db

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"testing"

	"okienko/app/complaints"
)

func complaintOf(f fixture, kind complaints.Kind, received string, out complaints.Outcome, st complaints.Status) complaints.Entry {
	return complaints.Entry{ID: NewID(), Kind: kind, Channel: complaints.Post, ReceivedOn: received, Name: "Zofia Wróblewska",
		Address: "ul. Lipowa 7, 99-300 Testowo", Contact: "+48600700800", Subject: "Skarga na opieszałość referatu",
		Summary: "Sprawa meldunkowa czeka od dwóch miesięcy.", UnitID: f.unit.ID, Competent: true, DueOn: "2026-12-23",
		Status: st, Outcome: out, CreatedBy: f.staff.ID, Lang: "uk"}
}

// TestComplaintRoundTrip: an entry comes back as saved, its personal
// fields sealed (no plaintext in the row), and its outbox row carries it.
func TestComplaintRoundTrip(t *testing.T) {
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	ctx := context.Background()
	e := complaintOf(f, complaints.Complaint, "2026-11-23", complaints.None, complaints.Registered)
	e.ConcernsStaffID, e.AssigneeID = f.staff.ID, "other"
	e.Answer = complaints.Answer{Body: "Wójt Gminy Testowo", GroundsFact: "fakty", GroundsLaw: "art. 238 KPA", SignerName: "Jan", SignerPost: "Wójt"}
	if err := s.InTx(ctx, func(tx *Tx) error { return tx.SaveComplaint(ctx, f.office.ID, e) }); err != nil {
		t.Fatal(err)
	}
	got, err := s.Complaint(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, e) {
		t.Errorf("read back:\n%+v\nwant\n%+v", got, e)
	}
	var sealed []byte
	if err := s.r.QueryRowContext(ctx, "SELECT sealed FROM complaint WHERE id = ?", e.ID).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"Wróblewska", "Lipowa", "600700800", "opieszałość"} {
		if bytes.Contains(sealed, []byte(secret)) {
			t.Errorf("the sealed column holds %q in the clear", secret)
		}
	}
	ops, err := s.OutboxAfter(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, op := range ops {
		found = found || (op.Entity == "complaint" && op.EntityID == e.ID)
	}
	if !found {
		t.Error("no outbox row for the complaint")
	}
	if _, err := s.Complaint(ctx, NewID()); !errors.Is(err, ErrNotFound) {
		t.Errorf("a missing complaint: %v, want ErrNotFound", err)
	}
}

// TestComplaintCounts: the monitoring report's read counts entries
// received within [from, to) by kind, outcome and unit.
func TestComplaintCounts(t *testing.T) {
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	ctx := context.Background()
	other := NewID()
	list := []complaints.Entry{
		complaintOf(f, complaints.Complaint, "2026-11-02", complaints.Justified, complaints.Answered),
		complaintOf(f, complaints.Complaint, "2026-11-10", complaints.Justified, complaints.Answered),
		complaintOf(f, complaints.Complaint, "2026-11-11", complaints.Unjustified, complaints.Answered),
		complaintOf(f, complaints.Complaint, "2026-11-30", complaints.OutForward, complaints.Forwarded),
		complaintOf(f, complaints.Motion, "2026-11-15", complaints.None, complaints.Registered),
		complaintOf(f, complaints.Complaint, "2026-12-01", complaints.Justified, complaints.Answered), // outside
		complaintOf(f, complaints.Complaint, "2026-10-31", complaints.Justified, complaints.Answered), // outside
	}
	list[1].UnitID = other
	err := s.InTx(ctx, func(tx *Tx) error {
		for _, e := range list {
			if err := tx.SaveComplaint(ctx, f.office.ID, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.ComplaintCounts(ctx, "2026-11-01", "2026-12-01")
	if err != nil {
		t.Fatal(err)
	}
	want := map[complaints.Count]bool{
		{Kind: complaints.Complaint, Outcome: complaints.OutForward, UnitID: f.unit.ID, N: 1}:  true,
		{Kind: complaints.Complaint, Outcome: complaints.Justified, UnitID: f.unit.ID, N: 1}:   true,
		{Kind: complaints.Complaint, Outcome: complaints.Justified, UnitID: other, N: 1}:       true,
		{Kind: complaints.Complaint, Outcome: complaints.Unjustified, UnitID: f.unit.ID, N: 1}: true,
		{Kind: complaints.Motion, Outcome: complaints.None, UnitID: f.unit.ID, N: 1}:           true,
	}
	if len(got) != len(want) {
		t.Fatalf("counts %+v, want %d cells", got, len(want))
	}
	for _, c := range got {
		if !want[c] {
			t.Errorf("unexpected cell %+v", c)
		}
	}
	rows, err := s.ComplaintsReceived(ctx, "2026-11-01", "2026-12-01", 100)
	if err != nil || len(rows) != 5 || rows[0].ReceivedOn != "2026-11-02" || rows[4].ReceivedOn != "2026-11-30" {
		t.Errorf("the month's entries in order: %d %v", len(rows), err)
	}
	open, err := s.OpenComplaints(ctx, "", 10)
	if err != nil || len(open) != 1 || open[0].Kind != complaints.Motion {
		t.Errorf("open entries: %+v %v", open, err)
	}
}
