package app

import (
	"context"
	"errors"
	"slices"
	"time"

	"okienko/app/queue"
	"okienko/db"
	"okienko/sync/protocol"
)

// queueBackend is where the hall's queue lives: this computer's SQLite
// store (a standalone office, or a counter cut off from its registry) or
// the registry on the office network, which several counters share. Both
// speak the wire's types, so the service treats them alike.
type queueBackend interface {
	Issue(ctx context.Context, id, group string, priority bool) (protocol.QueueTicket, error)
	CallNext(ctx context.Context, counter string, groups []string) (*protocol.QueueTicket, error)
	Mark(ctx context.Context, id, status, caseID, counter string) (protocol.QueueTicket, error)
	State(ctx context.Context) (protocol.QueueState, error)
}

// localQueue is the queue kept in this device's store. offline: the
// device belongs to a registry that cannot be reached, so its tickets
// are numbered in their own series, labelled with the counter's prefix.
type localQueue struct {
	st       *db.Store
	officeID string
	offline  bool
	prefix   string
	// hook, set by tests, runs inside the issuing transaction after the
	// ticket's row is written: a panic there is a process dying mid-way.
	hook func()
}

func (l localQueue) day() string { return l.st.OfficeClock().Today().Format(time.DateOnly) }

// Issue numbers and stores a ticket in one transaction: a process that
// dies on the way leaves neither the ticket nor a gap-filling half row.
// A retried issue of the same id is the same ticket.
func (l localQueue) Issue(ctx context.Context, id, group string, priority bool) (protocol.QueueTicket, error) {
	var out db.QueueTicket
	err := l.st.InTx(ctx, func(tx *db.Tx) error {
		if k, err := tx.QueueTicket(ctx, id); err == nil {
			out = k
			return nil
		} else if !errors.Is(err, db.ErrNotFound) {
			return err
		}
		day := l.day()
		open, err := tx.QueueOpen(ctx, l.officeID, day)
		if err != nil {
			return err
		}
		n, err := tx.QueueNextNumber(ctx, l.officeID, day, group, l.offline)
		if err != nil {
			return err
		}
		label := queue.Label(group, n)
		if l.offline {
			label = queue.OfflineLabel(l.prefix, group, n)
		}
		out = db.QueueTicket{
			Ticket:   queue.Ticket{ID: id, Group: group, Number: n, Priority: priority, Status: queue.StatusWaiting, IssuedAt: tx.Now()},
			OfficeID: l.officeID, Day: day, Label: label, Ahead: queue.Ahead(plain(open), group, priority), Offline: l.offline,
		}
		if err := tx.QueueInsert(ctx, out); err != nil {
			return err
		}
		if l.hook != nil {
			l.hook()
		}
		tx.Emit(EventQueue, "issued")
		return nil
	})
	return wireTicket(out), err
}

// CallNext takes the next ticket for counter in the same transaction
// that chose it, so two calls never take the same ticket.
func (l localQueue) CallNext(ctx context.Context, counter string, groups []string) (*protocol.QueueTicket, error) {
	var out *protocol.QueueTicket
	err := l.st.InTx(ctx, func(tx *db.Tx) error {
		open, err := tx.QueueOpen(ctx, l.officeID, l.day())
		if err != nil {
			return err
		}
		i := queue.Next(plain(open), counter, groups)
		if i < 0 {
			return nil
		}
		if err := tx.QueueCall(ctx, open[i].ID, counter); err != nil {
			return err
		}
		k, err := tx.QueueTicket(ctx, open[i].ID)
		if err != nil {
			return err
		}
		w := wireTicket(k)
		out = &w
		tx.Emit(EventQueue, "called")
		return nil
	})
	return out, err
}

// Mark records what became of a called ticket (db.ErrTicketTaken when it
// is not called any more).
func (l localQueue) Mark(ctx context.Context, id, status, caseID, counter string) (protocol.QueueTicket, error) {
	var out db.QueueTicket
	err := l.st.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.QueueMark(ctx, id, status, caseID, counter); err != nil {
			return err
		}
		var err error
		out, err = tx.QueueTicket(ctx, id)
		tx.Emit(EventQueue, "marked")
		return err
	})
	return wireTicket(out), err
}

// State counts the waiting tickets per group and lists the open calls.
func (l localQueue) State(ctx context.Context) (protocol.QueueState, error) {
	day := l.day()
	open, err := l.st.QueueOpen(ctx, l.officeID, day)
	if err != nil {
		return protocol.QueueState{}, err
	}
	return stateOf(day, open, l.st.OfficeClock().Now()), nil
}

func stateOf(day string, open []db.QueueTicket, now time.Time) protocol.QueueState {
	st := protocol.QueueState{Day: day, Groups: []protocol.QueueGroupState{}, Board: protocol.QueueBoard{Day: day, Calls: []protocol.QueueCall{}}}
	byGroup := map[string]int{}
	for _, k := range open {
		if k.Status == queue.StatusCalled {
			st.Board.Calls = append(st.Board.Calls, protocol.QueueCall{Label: k.Label, Counter: k.Counter, At: k.CalledAt.UTC().Format(time.RFC3339)})
			continue
		}
		i, ok := byGroup[k.Group]
		if !ok {
			i = len(st.Groups)
			byGroup[k.Group] = i
			st.Groups = append(st.Groups, protocol.QueueGroupState{Group: k.Group, OldestIssuedAt: k.IssuedAt.UTC().Format(time.RFC3339)})
		}
		st.Groups[i].Waiting++
		if k.Priority {
			st.Groups[i].Priority++
		}
	}
	slices.SortFunc(st.Board.Calls, func(a, b protocol.QueueCall) int { return -compareStr(a.At, b.At) })
	st.LongestWaitMin = queue.Minutes(queue.LongestWait(plain(open), now))
	return st
}

func compareStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func plain(ks []db.QueueTicket) []queue.Ticket {
	out := make([]queue.Ticket, len(ks))
	for i, k := range ks {
		out[i] = k.Ticket
	}
	return out
}

func rfc(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// wireTicket is a stored ticket in the wire's shape.
func wireTicket(k db.QueueTicket) protocol.QueueTicket {
	return protocol.QueueTicket{ID: k.ID, Day: k.Day, Group: k.Group, Number: k.Number, Label: k.Label, Priority: k.Priority,
		Status: k.Status, Counter: k.Counter, IssuedAt: rfc(k.IssuedAt), CalledAt: rfc(k.CalledAt), DoneAt: rfc(k.DoneAt),
		CaseID: k.CaseID, Ahead: k.Ahead, Offline: k.Offline}
}

// queueRemote is the registry's queue as the device's sync client offers
// it (sync/client; its methods are the registry's queue routes). The
// service depends on this interface alone, so a fake stands in for tests.
type queueRemote interface {
	IssueTicket(ctx context.Context, req protocol.QueueIssueRequest) (protocol.QueueTicket, error)
	CallNext(ctx context.Context, req protocol.QueueCallRequest) (protocol.QueueCallResponse, error)
	MarkTicket(ctx context.Context, req protocol.QueueMarkRequest) (protocol.QueueTicket, error)
	ReportTickets(ctx context.Context, req protocol.QueueReportRequest) (protocol.QueueReportResponse, error)
	QueueState(ctx context.Context) (protocol.QueueState, error)
}

// remoteQueue adapts queueRemote to queueBackend.
type remoteQueue struct{ r queueRemote }

func (q remoteQueue) Issue(ctx context.Context, id, group string, priority bool) (protocol.QueueTicket, error) {
	return q.r.IssueTicket(ctx, protocol.QueueIssueRequest{ID: id, Group: group, Priority: priority})
}

func (q remoteQueue) CallNext(ctx context.Context, counter string, groups []string) (*protocol.QueueTicket, error) {
	res, err := q.r.CallNext(ctx, protocol.QueueCallRequest{Counter: counter, Groups: groups})
	return res.Ticket, err
}

func (q remoteQueue) Mark(ctx context.Context, id, status, caseID, counter string) (protocol.QueueTicket, error) {
	return q.r.MarkTicket(ctx, protocol.QueueMarkRequest{TicketID: id, Status: status, CaseID: caseID, Counter: counter})
}

func (q remoteQueue) State(ctx context.Context) (protocol.QueueState, error) {
	return q.r.QueueState(ctx)
}
