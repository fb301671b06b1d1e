package db

import (
	"context"
	"errors"
	"testing"

	"okienko/app/queue"
)

// TestQueueCallAndMarkGuards: a ticket is called once and marked once; a
// second call or mark is ErrTicketTaken and changes nothing.
func TestQueueCallAndMarkGuards(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	k := QueueTicket{Ticket: queue.Ticket{ID: NewID(), Group: "A", Number: 1, Status: queue.StatusWaiting, IssuedAt: t0},
		OfficeID: "o", Day: "2026-01-05", Label: "A001"}
	step := func(fn func(*Tx) error) error { return s.InTx(ctx, fn) }
	if err := step(func(tx *Tx) error { return tx.QueueInsert(ctx, k) }); err != nil {
		t.Fatal(err)
	}
	if err := step(func(tx *Tx) error { return tx.QueueCall(ctx, k.ID, "S1") }); err != nil {
		t.Fatal(err)
	}
	if err := step(func(tx *Tx) error { return tx.QueueCall(ctx, k.ID, "S2") }); !errors.Is(err, ErrTicketTaken) {
		t.Fatalf("second call: %v", err)
	}
	if err := step(func(tx *Tx) error { return tx.QueueMark(ctx, k.ID, queue.StatusServed, "", "S1") }); err != nil {
		t.Fatal(err)
	}
	if err := step(func(tx *Tx) error { return tx.QueueMark(ctx, k.ID, queue.StatusAbsent, "", "S2") }); !errors.Is(err, ErrTicketTaken) {
		t.Fatalf("second mark: %v", err)
	}
	got, err := s.QueueTicket(ctx, k.ID)
	if err != nil || got.Status != queue.StatusServed || got.Counter != "S1" || got.CalledAt.IsZero() || got.DoneAt.IsZero() {
		t.Fatalf("ticket %+v, %v", got, err)
	}
	if _, err := s.QueueTicket(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown ticket: %v", err)
	}
}

// queueFixture is a waiting ticket of the office "o" with the given id.
func queueFixture(id string) QueueTicket {
	return QueueTicket{Ticket: queue.Ticket{ID: id, Group: "A", Number: 1, Status: queue.StatusWaiting, IssuedAt: t0},
		OfficeID: "o", Day: "2026-01-05", Label: "A-" + id}
}
