package sqlitestore

import (
	"context"
	"fmt"
	"time"

	"okienko/sync/registry/sqlitestore/internal/rq"
	"okienko/sync/registry/store"
)

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func ticket(t rq.QueueTicket) store.Ticket {
	return store.Ticket{ID: t.ID, OfficeID: t.OfficeID, Day: t.Day, Group: t.Grp, Number: int(t.Number), Label: t.Label,
		Priority: t.Priority != 0, Status: t.Status, Counter: t.Counter, IssuedAt: fromMS(t.IssuedAt),
		FirstCalledAt: fromMS(t.FirstCalledAt), CalledAt: fromMS(t.CalledAt), DoneAt: fromMS(t.DoneAt), CaseID: t.CaseID,
		Ahead: int(t.Ahead), Offline: t.Offline != 0, DeviceID: t.DeviceID}
}

func tickets(rows []rq.QueueTicket) []store.Ticket {
	out := make([]store.Ticket, len(rows))
	for i, t := range rows {
		out[i] = ticket(t)
	}
	return out
}

// Tickets lists an office's tickets of a day.
func (s *Store) Tickets(ctx context.Context, officeID, day string) ([]store.Ticket, error) {
	rows, err := s.qr.TicketListDay(ctx, rq.TicketListDayParams{OfficeID: officeID, Day: day})
	return tickets(rows), wrap("tickets", err)
}

// SetBoardKey replaces the hash of the office's board key.
func (s *Store) SetBoardKey(ctx context.Context, officeID, keyHash string, now time.Time) error {
	return wrap("board key", s.qw.BoardKeyPut(ctx, rq.BoardKeyPutParams{OfficeID: officeID, KeyHash: keyHash, CreatedAt: ms(now)}))
}

// BoardKey is the hash of the office's board key.
func (s *Store) BoardKey(ctx context.Context, officeID string) (string, error) {
	h, err := s.qr.BoardKeyGet(ctx, officeID)
	if err != nil {
		return "", notFound(err, "board key")
	}
	return h, nil
}

func (t *txn) Ticket(ctx context.Context, id string) (store.Ticket, error) {
	row, err := t.q.TicketGet(ctx, rq.TicketGetParams{OfficeID: t.office, ID: id})
	if err != nil {
		return store.Ticket{}, notFound(err, "ticket")
	}
	return ticket(row), nil
}

func (t *txn) NextTicketNumber(ctx context.Context, day, group string) (int, error) {
	n, err := t.q.TicketNextNumber(ctx, rq.TicketNextNumberParams{OfficeID: t.office, Day: day, Grp: group})
	return int(n), wrap("next ticket number", err)
}

func (t *txn) AddTicket(ctx context.Context, k store.Ticket) (bool, error) {
	n, err := t.q.TicketInsert(ctx, rq.TicketInsertParams{OfficeID: t.office, ID: k.ID, Day: k.Day, Grp: k.Group, Number: int64(k.Number),
		Label: k.Label, Priority: b2i(k.Priority), Status: k.Status, Counter: k.Counter, IssuedAt: ms(k.IssuedAt),
		FirstCalledAt: ms(k.FirstCalledAt), CalledAt: ms(k.CalledAt), DoneAt: ms(k.DoneAt), CaseID: k.CaseID, Ahead: int64(k.Ahead),
		Offline: b2i(k.Offline), DeviceID: k.DeviceID})
	if err != nil && isUnique(err) {
		return false, fmt.Errorf("sqlitestore: ticket %s number %d: %w", k.Group, k.Number, store.ErrExists)
	}
	return n == 1, wrap("add ticket", err)
}

func (t *txn) OfflineTicketByNumber(ctx context.Context, deviceID, day, group string, number int) (string, bool, error) {
	ids, err := t.q.TicketOfflineByNumber(ctx, rq.TicketOfflineByNumberParams{OfficeID: t.office, DeviceID: deviceID, Day: day, Grp: group,
		Number: int64(number)})
	if err != nil || len(ids) == 0 {
		return "", false, wrap("offline ticket by number", err)
	}
	return ids[0], true, nil
}

func (t *txn) OpenTickets(ctx context.Context, day string) ([]store.Ticket, error) {
	rows, err := t.q.TicketListOpen(ctx, rq.TicketListOpenParams{OfficeID: t.office, Day: day})
	return tickets(rows), wrap("open tickets", err)
}

func (t *txn) UpdateTicket(ctx context.Context, k store.Ticket) error {
	n, err := t.q.TicketUpdate(ctx, rq.TicketUpdateParams{Status: k.Status, Counter: k.Counter, FirstCalledAt: ms(k.FirstCalledAt),
		CalledAt: ms(k.CalledAt), DoneAt: ms(k.DoneAt), CaseID: k.CaseID, OfficeID: t.office, ID: k.ID})
	if err != nil {
		return wrap("update ticket", err)
	}
	if n == 0 {
		return fmt.Errorf("sqlitestore: ticket %s: %w", k.ID, store.ErrNotFound)
	}
	return nil
}
