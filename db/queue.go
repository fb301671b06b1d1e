package db

import (
	"context"
	"errors"
	"fmt"
	"time"

	"okienko/app/queue"
	"okienko/db/internal/dbq"
)

// The queue's tickets this device keeps (queue_ticket, never synced): the
// whole queue of a standalone office, or those issued while the registry
// could not be reached, which go to it later through its queue routes.

// ErrTicketTaken is a call or a mark of a ticket that is no longer in the
// state it needs: another call took it first, or it was already marked.
var ErrTicketTaken = errors.New("db: ticket taken")

// QueueTicket is a ticket as the device keeps it.
type QueueTicket struct {
	queue.Ticket
	OfficeID   string
	Day        string // the office day, YYYY-MM-DD
	Label      string
	CaseID     string
	Ahead      int
	Offline    bool // issued while the registry could not be reached
	ReportedAt time.Time
}

func ticketFromRow(r dbq.QueueTicket) QueueTicket {
	t := QueueTicket{
		Ticket: queue.Ticket{ID: r.ID, Group: r.Grp, Number: int(r.Number), Priority: r.Priority != 0,
			Status: r.Status, Counter: r.Counter, IssuedAt: fromMS(r.IssuedAt)},
		OfficeID: r.OfficeID, Day: r.Day, Label: r.Label, CaseID: r.CaseID, Ahead: int(r.Ahead), Offline: r.Offline != 0,
	}
	t.CalledAt, t.DoneAt, t.ReportedAt = msOrZero(r.CalledAt), msOrZero(r.DoneAt), msOrZero(r.ReportedAt)
	return t
}

func msOrZero(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return fromMS(v)
}

func msOf(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return ms(t)
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// QueueTicket returns a ticket by id, or ErrNotFound.
func (r reader) QueueTicket(ctx context.Context, id string) (QueueTicket, error) {
	row, err := r.q.QueueTicketGet(ctx, id)
	if err != nil {
		return QueueTicket{}, notFound(err, "queue ticket")
	}
	return ticketFromRow(row), nil
}

// QueueOpen lists a day's tickets still waiting, called or sent on, in the
// order they were issued.
func (r reader) QueueOpen(ctx context.Context, officeID, day string) ([]QueueTicket, error) {
	rows, err := r.q.QueueTicketListOpen(ctx, dbq.QueueTicketListOpenParams{OfficeID: officeID, Day: day})
	if err != nil {
		return nil, fmt.Errorf("db: open tickets: %w", err)
	}
	out := make([]QueueTicket, len(rows))
	for i, row := range rows {
		out[i] = ticketFromRow(row)
	}
	return out, nil
}

// QueueCurrent returns the ticket a counter called last and has not yet
// marked, or ErrNotFound.
func (r reader) QueueCurrent(ctx context.Context, officeID, day, counter string) (QueueTicket, error) {
	rows, err := r.q.QueueTicketCurrent(ctx, dbq.QueueTicketCurrentParams{OfficeID: officeID, Day: day, Counter: counter})
	if err != nil {
		return QueueTicket{}, fmt.Errorf("db: current ticket: %w", err)
	}
	if len(rows) == 0 {
		return QueueTicket{}, fmt.Errorf("db: current ticket: %w", ErrNotFound)
	}
	return ticketFromRow(rows[0]), nil
}

// QueueUnreported lists up to limit tickets issued offline and finished
// that the registry has not yet taken.
func (r reader) QueueUnreported(ctx context.Context, limit int) ([]QueueTicket, error) {
	rows, err := r.q.QueueTicketListUnreported(ctx, int64(limit))
	if err != nil {
		return nil, fmt.Errorf("db: unreported tickets: %w", err)
	}
	out := make([]QueueTicket, len(rows))
	for i, row := range rows {
		out[i] = ticketFromRow(row)
	}
	return out, nil
}

// QueueOpenOffline counts a day's offline tickets still waiting.
func (r reader) QueueOpenOffline(ctx context.Context, officeID, day string) (int, error) {
	n, err := r.q.QueueTicketOpenOffline(ctx, dbq.QueueTicketOpenOfflineParams{OfficeID: officeID, Day: day})
	return int(n), wrap("open offline tickets", err)
}

// QueueNextNumber is the next number of a group on a day, in the series of
// tickets issued online (offline false) or offline.
func (t *Tx) QueueNextNumber(ctx context.Context, officeID, day, group string, offline bool) (int, error) {
	n, err := t.q.QueueTicketNextNumber(ctx, dbq.QueueTicketNextNumberParams{OfficeID: officeID, Day: day, Grp: group, Offline: b2i(offline)})
	return int(n), wrap("next ticket number", err)
}

// QueueInsert stores a new ticket.
func (t *Tx) QueueInsert(ctx context.Context, k QueueTicket) error {
	return wrap("insert ticket", t.q.QueueTicketInsert(ctx, dbq.QueueTicketInsertParams{
		ID: k.ID, OfficeID: k.OfficeID, Day: k.Day, Grp: k.Group, Number: int64(k.Number), Label: k.Label,
		Priority: b2i(k.Priority), Status: k.Status, Counter: k.Counter, IssuedAt: ms(k.IssuedAt),
		CalledAt: msOf(k.CalledAt), DoneAt: msOf(k.DoneAt), CaseID: k.CaseID, Ahead: int64(k.Ahead),
		Offline: b2i(k.Offline), ReportedAt: msOf(k.ReportedAt),
	}))
}

// QueueCall records that counter called the ticket at the transaction's
// time (the first call's time stays, for the waiting time). A ticket no
// longer waiting is ErrTicketTaken: it is never called twice.
func (t *Tx) QueueCall(ctx context.Context, id, counter string) error {
	n, err := t.q.QueueTicketCall(ctx, dbq.QueueTicketCallParams{Counter: counter, At: ms(t.now), ID: id})
	if err != nil {
		return wrap("call ticket", err)
	}
	if n == 0 {
		return fmt.Errorf("db: call ticket: %w", ErrTicketTaken)
	}
	return nil
}

// QueueMark records what became of a called ticket: served (with its
// case), absent, or sent to counter. A ticket not called is ErrTicketTaken.
func (t *Tx) QueueMark(ctx context.Context, id, status, caseID, counter string) error {
	done := ms(t.now)
	if status == queue.StatusTransferred {
		done = 0 // it waits again; its service ends at the next counter
	}
	n, err := t.q.QueueTicketMark(ctx, dbq.QueueTicketMarkParams{Status: status, CaseID: caseID, Counter: counter, DoneAt: done, ID: id})
	if err != nil {
		return wrap("mark ticket", err)
	}
	if n == 0 {
		return fmt.Errorf("db: mark ticket: %w", ErrTicketTaken)
	}
	return nil
}

// QueueReported records that the registry took the ticket.
func (t *Tx) QueueReported(ctx context.Context, id string) error {
	return wrap("ticket reported", t.q.QueueTicketSetReported(ctx, dbq.QueueTicketSetReportedParams{ReportedAt: ms(t.now), ID: id}))
}
