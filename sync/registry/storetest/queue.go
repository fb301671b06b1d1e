package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"okienko/sync/registry/store"
)

// issue numbers and stores a ticket in one transaction, as the registry does.
func issue(ctx context.Context, s store.Store, officeID, day, group string, priority bool, at time.Time) (store.Ticket, error) {
	var k store.Ticket
	err := s.InTx(ctx, officeID, func(tx store.Tx) error {
		n, err := tx.NextTicketNumber(ctx, day, group)
		if err != nil {
			return err
		}
		k = store.Ticket{ID: id(), Day: day, Group: group, Number: n, Label: group, Priority: priority, Status: "waiting", IssuedAt: at}
		_, err = tx.AddTicket(ctx, k)
		return err
	})
	return k, err
}

// testQueueNumbers: numbers start at 1 per office, day and group; a
// counter's offline tickets stand apart; an id is one ticket.
func testQueueNumbers(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, b := office(t, s), office(t, s)
	want := []struct {
		office, day, group string
		no                 int
	}{
		{a.ID, "2026-12-03", "A", 1}, {a.ID, "2026-12-03", "A", 2}, {a.ID, "2026-12-03", "B", 1},
		{a.ID, "2026-12-04", "A", 1}, {b.ID, "2026-12-03", "A", 1}, {a.ID, "2026-12-03", "A", 3},
	}
	for i, w := range want {
		k, err := issue(ctx, s, w.office, w.day, w.group, false, now.Add(time.Duration(i)*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if k.Number != w.no {
			t.Fatalf("ticket %d: number %d, want %d", i, k.Number, w.no)
		}
	}
	err := s.InTx(ctx, a.ID, func(tx store.Tx) error {
		// An offline ticket numbered 7 by a counter neither takes nor
		// moves the registry's numbers.
		off := store.Ticket{ID: id(), Day: "2026-12-03", Group: "A", Number: 7, Label: "2L-A007", Status: "served", IssuedAt: now, Offline: true, DeviceID: id()}
		if ok, err := tx.AddTicket(ctx, off); err != nil || !ok {
			return errors.Join(err, errors.New("offline ticket not added"))
		}
		again := off
		again.Status = "absent"
		if ok, err := tx.AddTicket(ctx, again); err != nil || ok {
			t.Errorf("the same id again: added %v, %v", ok, err)
		}
		if got, found, err := tx.OfflineTicketByNumber(ctx, off.DeviceID, off.Day, "A", 7); err != nil || !found || got != off.ID {
			t.Errorf("the offline ticket by its number: %q %v %v", got, found, err)
		}
		for _, miss := range []struct{ device, day, group string }{{id(), off.Day, "A"}, {off.DeviceID, "2026-12-04", "A"}, {off.DeviceID, off.Day, "B"}} {
			if got, found, err := tx.OfflineTicketByNumber(ctx, miss.device, miss.day, miss.group, 7); err != nil || found {
				t.Errorf("another device's, day's or group's number 7: %q %v %v", got, found, err)
			}
		}
		if n, err := tx.NextTicketNumber(ctx, "2026-12-03", "A"); err != nil || n != 4 {
			t.Errorf("next number after an offline 7: %d, %v; want 4", n, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.InTx(ctx, a.ID, func(tx store.Tx) error {
		dup := store.Ticket{ID: id(), Day: "2026-12-03", Group: "A", Number: 2, Label: "A002", Status: "waiting", IssuedAt: now}
		_, err := tx.AddTicket(ctx, dup)
		return err
	})
	if !errors.Is(err, store.ErrExists) {
		t.Fatalf("a number given twice: %v, want ErrExists", err)
	}
	ks, err := s.Tickets(ctx, a.ID, "2026-12-03")
	if err != nil {
		t.Fatal(err)
	}
	if len(ks) != 5 {
		t.Fatalf("%d tickets of the day, want 5 (4 numbered, 1 offline; the number given twice is not)", len(ks))
	}
	first := ks[0]
	if first.Group != "A" || first.Number != 1 || first.OfficeID != a.ID || !first.IssuedAt.Equal(now) {
		t.Fatalf("first ticket %+v", first)
	}
}

// testQueueTickets: a ticket is read and changed within its office only,
// its times kept; the open list holds the waiting and sent ones.
func testQueueTickets(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, b := office(t, s), office(t, s)
	day := "2026-12-03"
	k1, err := issue(ctx, s, a.ID, day, "A", false, now)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := issue(ctx, s, a.ID, day, "A", true, now.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	err = s.InTx(ctx, a.ID, func(tx store.Tx) error {
		k, err := tx.Ticket(ctx, k1.ID)
		if err != nil {
			return err
		}
		k.Status, k.Counter, k.FirstCalledAt, k.CalledAt = "called", "Stanowisko 1", now.Add(2*time.Minute), now.Add(2*time.Minute)
		if err := tx.UpdateTicket(ctx, k); err != nil {
			return err
		}
		k.Status, k.DoneAt, k.CaseID = "served", now.Add(9*time.Minute), id()
		if err := tx.UpdateTicket(ctx, k); err != nil {
			return err
		}
		open, err := tx.OpenTickets(ctx, day)
		if err != nil {
			return err
		}
		if len(open) != 1 || open[0].ID != k2.ID || !open[0].Priority {
			t.Errorf("open tickets %+v, want only the priority one", open)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.InTx(ctx, b.ID, func(tx store.Tx) error {
		if _, err := tx.Ticket(ctx, k1.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another office's ticket: %v, want ErrNotFound", err)
		}
		if err := tx.UpdateTicket(ctx, store.Ticket{ID: k1.ID, Status: "absent"}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("changing another office's ticket: %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ks, err := s.Tickets(ctx, a.ID, day)
	if err != nil {
		t.Fatal(err)
	}
	got := ks[0]
	if got.Status != "served" || got.Counter != "Stanowisko 1" || !got.FirstCalledAt.Equal(now.Add(2*time.Minute)) ||
		!got.DoneAt.Equal(now.Add(9*time.Minute)) || got.CaseID == "" {
		t.Fatalf("served ticket %+v", got)
	}
	if _, err := s.BoardKey(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("no board key yet: %v", err)
	}
	for _, h := range []string{"h1", "h2"} {
		if err := s.SetBoardKey(ctx, a.ID, h, now); err != nil {
			t.Fatal(err)
		}
	}
	if h, err := s.BoardKey(ctx, a.ID); err != nil || h != "h2" {
		t.Fatalf("board key %q, %v; want the last", h, err)
	}
}

// testQueueConcurrentIssue: counters taking tickets at once never get
// the same number (the office's lock).
func testQueueConcurrentIssue(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	const workers, each = 4, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if _, err := issue(ctx, s, o.ID, "2026-12-03", "A", false, now); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	ks, err := s.Tickets(ctx, o.ID, "2026-12-03")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, k := range ks {
		seen[k.Number] = true
	}
	if len(ks) != workers*each || len(seen) != workers*each || !seen[1] || !seen[workers*each] {
		t.Fatalf("%d tickets, %d distinct numbers; want %d, 1..%d", len(ks), len(seen), workers*each, workers*each)
	}
}
