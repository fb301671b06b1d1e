package storetest

import (
	"context"
	"testing"
	"time"

	"okienko/sync/registry/store"
)

// testRetentionMarks: a case's mark is kept per office, a second mark of
// the same case replaces the first, and another office sees none.
func testRetentionMarks(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, b := office(t, s), office(t, s)
	at := time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC)
	c1, c2 := id(), id()
	for _, m := range []store.RetentionMark{
		{CaseID: c1, Done: "destroyed", MarkedOn: "2027-01-15", Note: "protokół brakowania nr 1/2027", By: "admin", At: at},
		{CaseID: c2, Done: "assessed", MarkedOn: "2027-01-15", At: at},
		{CaseID: c2, Done: "transferred", MarkedOn: "2027-02-01", Note: "spis zdawczo-odbiorczy nr 3", At: at.Add(time.Hour)},
	} {
		if err := s.MarkRetention(ctx, a.ID, m); err != nil {
			t.Fatal(err)
		}
	}
	marks, err := s.RetentionMarks(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]store.RetentionMark{}
	for _, m := range marks {
		got[m.CaseID] = m
	}
	if len(marks) != 2 || got[c1].Done != "destroyed" || got[c1].Note != "protokół brakowania nr 1/2027" || got[c1].By != "admin" ||
		!got[c1].At.Equal(at) || got[c2].Done != "transferred" || got[c2].MarkedOn != "2027-02-01" {
		t.Fatalf("marks %+v", marks)
	}
	if err := s.MarkRetention(ctx, a.ID, store.RetentionMark{CaseID: id(), Done: "lost", MarkedOn: "2027-01-15", At: at}); err == nil {
		t.Fatal("a mark of an unknown kind was stored")
	}
	if other, err := s.RetentionMarks(ctx, b.ID); err != nil || len(other) != 0 {
		t.Fatalf("another office's marks: %+v %v", other, err)
	}
}
