package registry

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"

	"okienko/app/officeclock"
	"okienko/app/queue"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// The hall's shared queue (Kolejka; Gostynin standard 26, "System
// kolejkowy", seeds/003) lives here, at the registry on the office network: every counter calls from it, and each call is one
// transaction under the office's lock (store.InTx), so two counters
// calling at once never get the same ticket. A counter that cannot reach
// the registry numbers its own tickets (protocol.OfflineLabel) and
// reports them later (Report); ARCHITECTURE.md says why.

// queueError is a refusal the counter's clerk is told of: its code
// (protocol.QueueErr*) is shown in Polish by the device.
type queueError struct {
	status int
	code   string
	hint   string
}

func (e queueError) Error() string { return "registry: queue: " + e.code + ": " + e.hint }

func refuse(status int, code, format string, args ...any) error {
	return queueError{status: status, code: code, hint: fmt.Sprintf(format, args...)}
}

// queueRoutes adds the routes of the queue and of the hall's board.
func (r *Registry) queueRoutes(mux *http.ServeMux) {
	mux.Handle("POST /v1/offices/{office}/queue/tickets", r.api("queue_issue", true, r.handleQueueIssue))
	mux.Handle("POST /v1/offices/{office}/queue/call", r.api("queue_call", true, r.handleQueueCall))
	mux.Handle("POST /v1/offices/{office}/queue/mark", r.api("queue_mark", true, r.handleQueueMark))
	mux.Handle("POST /v1/offices/{office}/queue/report", r.api("queue_report", true, r.handleQueueReport))
	mux.Handle("GET /v1/offices/{office}/queue", r.api("queue_state", true, r.handleQueueState))
	mux.HandleFunc("GET /board/{office}", r.handleBoardPage)
	mux.HandleFunc("GET /board/{office}/calls", r.handleBoardCalls)
}

func (r *Registry) handleQueueIssue(c *call) (any, error) {
	var req protocol.QueueIssueRequest
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	return r.IssueTicket(c.req.Context(), c.dev, req)
}

func (r *Registry) handleQueueCall(c *call) (any, error) {
	var req protocol.QueueCallRequest
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	return r.CallNext(c.req.Context(), c.dev, req)
}

func (r *Registry) handleQueueMark(c *call) (any, error) {
	var req protocol.QueueMarkRequest
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	return r.MarkTicket(c.req.Context(), c.dev, req)
}

func (r *Registry) handleQueueReport(c *call) (any, error) {
	var req protocol.QueueReportRequest
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	return r.ReportTickets(c.req.Context(), c.dev, req)
}

func (r *Registry) handleQueueState(c *call) (any, error) {
	return r.QueueState(c.req.Context(), c.dev.OfficeID)
}

// knownGroups refuses a group the office does not have.
func knownGroups(gs []queue.Group, codes ...string) error {
	for _, code := range codes {
		found := false
		for _, g := range gs {
			found = found || g.Code == code
		}
		if !found {
			return refuse(http.StatusBadRequest, protocol.QueueErrGroup, "group %s is not one of the office's", code)
		}
	}
	return nil
}

// IssueTicket takes a ticket for a group, numbered from 1 each office day
// (the registry's own office date); a retry with the same id is the same
// ticket.
func (r *Registry) IssueTicket(ctx context.Context, dev store.Device, req protocol.QueueIssueRequest) (protocol.QueueTicket, error) {
	qs, err := r.queueSettings(ctx, dev.OfficeID)
	if err != nil {
		return protocol.QueueTicket{}, err
	}
	var k store.Ticket
	err = r.st.InTx(ctx, dev.OfficeID, func(tx store.Tx) error {
		var err error
		if k, err = tx.Ticket(ctx, req.ID); err == nil {
			return nil // issued before: the answer was lost on the way
		} else if !isNotFound(err) {
			return err
		}
		if err := knownGroups(qs.groups, req.Group); err != nil {
			return err
		}
		today, err := r.officeToday(ctx, tx, dev.OfficeID)
		if err != nil {
			return err
		}
		day := today.Format(time.DateOnly)
		if !r.ticketDays.take(dev.OfficeID, dev.ID, day) {
			return errTooMany{wait: time.Until(today.AddDate(0, 0, 1))}
		}
		n, err := tx.NextTicketNumber(ctx, day, req.Group)
		if err != nil {
			return err
		}
		if n > protocol.MaxTicketNumber {
			return fmt.Errorf("registry: queue: group %s has given %d tickets today: %w", req.Group, n-1, protocol.ErrInvalid)
		}
		open, err := tx.OpenTickets(ctx, day)
		if err != nil {
			return err
		}
		ahead := 0
		for _, o := range open {
			// A priority ticket waits only behind the other priority ones.
			if o.Group == req.Group && o.Status == protocol.TicketWaiting && (o.Priority || !req.Priority) {
				ahead++
			}
		}
		k = store.Ticket{ID: req.ID, OfficeID: dev.OfficeID, Day: day, Group: req.Group, Number: n, Label: protocol.OnlineLabel(req.Group, n),
			Priority: req.Priority, Status: protocol.TicketWaiting, IssuedAt: r.now(), Ahead: ahead, DeviceID: dev.ID}
		_, err = tx.AddTicket(ctx, k)
		return err
	})
	if err != nil {
		return protocol.QueueTicket{}, err
	}
	r.log.Info("ticket issued", "office", dev.OfficeID, "device", dev.ID, "ticket", k.ID, "label", k.Label)
	return r.wireTicket(ctx, k)
}

// ticketsPerDevice is how many tickets one device may issue in an office
// day: a hall's dispenser in a gmina gives a few hundred; without a bound
// one device could take a group's 9,999 numbers and leave every other
// counter without tickets for the day.
const ticketsPerDevice = 2000

// ticketDays counts each device's tickets of the day (in memory: a
// restart gives a device a day's tickets more at most).
type ticketDays struct {
	mu sync.Mutex
	m  map[[3]string]int // office, device, day → tickets
}

// take counts a ticket of dev on day, or reports that it issued its
// day's tickets already.
func (d *ticketDays) take(officeID, deviceID, day string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.m == nil || len(d.m) >= refCacheMax {
		d.m = map[[3]string]int{}
	}
	k := [3]string{officeID, deviceID, day}
	if d.m[k] >= ticketsPerDevice {
		return false
	}
	d.m[k]++
	return true
}

// CallNext calls, for a counter, the next ticket of the groups it serves
// (queue.Next: priority first, then by the time taken), or the one it
// names; nobody waiting is an answer without a ticket.
func (r *Registry) CallNext(ctx context.Context, dev store.Device, req protocol.QueueCallRequest) (protocol.QueueCallResponse, error) {
	qs, err := r.queueSettings(ctx, dev.OfficeID)
	if err != nil {
		return protocol.QueueCallResponse{}, err
	}
	if err := knownGroups(qs.groups, req.Groups...); err != nil {
		return protocol.QueueCallResponse{}, err
	}
	var k store.Ticket
	found := false
	err = r.st.InTx(ctx, dev.OfficeID, func(tx store.Tx) error {
		now := r.now()
		if req.TicketID != "" {
			var err error
			if k, err = tx.Ticket(ctx, req.TicketID); err != nil {
				return err
			}
			if k.Offline {
				return offlineNotShared(k)
			}
			// Only today's queue is called: a ticket left waiting on an
			// earlier day would carry a wait across the night into the
			// reports.
			today, err := r.officeToday(ctx, tx, dev.OfficeID)
			if err != nil {
				return err
			}
			if k.Day != today.Format(time.DateOnly) {
				return fmt.Errorf("registry: queue: ticket %s is of %s, not of today's queue: %w", k.ID, k.Day, store.ErrNotFound)
			}
			if err := callable(k, req.Counter); err != nil {
				return err
			}
		} else {
			today, err := r.officeToday(ctx, tx, dev.OfficeID)
			if err != nil {
				return err
			}
			open, err := tx.OpenTickets(ctx, today.Format(time.DateOnly))
			if err != nil {
				return err
			}
			// The device's own calling order (queue.Next), so a counter
			// calls the same ticket from the hall's queue as from its own.
			ts := make([]queue.Ticket, len(open))
			for i, o := range open {
				ts[i] = queue.Ticket{ID: o.ID, Group: o.Group, Number: o.Number, Priority: o.Priority, Status: o.Status, Counter: o.Counter, IssuedAt: o.IssuedAt}
			}
			i := queue.Next(ts, req.Counter, req.Groups)
			if i < 0 {
				return nil
			}
			k = open[i]
		}
		found = true
		k.Status, k.Counter, k.CalledAt = protocol.TicketCalled, req.Counter, now
		if k.FirstCalledAt.IsZero() {
			k.FirstCalledAt = now
		}
		return tx.UpdateTicket(ctx, k)
	})
	if err != nil || !found {
		return protocol.QueueCallResponse{}, err
	}
	r.log.Info("ticket called", "office", dev.OfficeID, "device", dev.ID, "ticket", k.ID, "label", k.Label, "counter", k.Counter)
	t, err := r.wireTicket(ctx, k)
	return protocol.QueueCallResponse{Ticket: &t}, err
}

// offlineNotShared answers a call or mark naming a ticket a counter took
// offline and reported: it is that device's record for the reports, not
// a ticket of the shared queue, so no counter calls it, marks it or gives
// it a case (which would move it into that case's unit's figures).
func offlineNotShared(k store.Ticket) error {
	return fmt.Errorf("registry: queue: ticket %s was taken offline, not in the shared queue: %w", k.ID, store.ErrNotFound)
}

// callable says why a counter may not call a named ticket: another
// counter has it, or it is done. Its own called ticket is called again.
func callable(k store.Ticket, counter string) error {
	switch k.Status {
	case protocol.TicketWaiting:
		return nil
	case protocol.TicketCalled, protocol.TicketTransferred:
		if k.Counter == counter {
			return nil
		}
		return refuse(http.StatusConflict, protocol.QueueErrTaken, "ticket %s is at counter %s", k.Label, k.Counter)
	}
	return refuse(http.StatusConflict, protocol.QueueErrDone, "ticket %s is already %s", k.Label, k.Status)
}

// MarkTicket records what became of a called ticket. The same mark sent
// again (a retry) is answered as the first; a served ticket may still be
// given the case registered for it.
func (r *Registry) MarkTicket(ctx context.Context, dev store.Device, req protocol.QueueMarkRequest) (protocol.QueueTicket, error) {
	if err := r.caseOfDevice(ctx, dev, req.CaseID); err != nil {
		return protocol.QueueTicket{}, err
	}
	var k store.Ticket
	err := r.st.InTx(ctx, dev.OfficeID, func(tx store.Tx) error {
		var err error
		if k, err = tx.Ticket(ctx, req.TicketID); err != nil {
			return err
		}
		if k.Offline {
			return offlineNotShared(k)
		}
		if markedAlready(k, req) {
			if req.CaseID != "" && k.CaseID == "" {
				k.CaseID = req.CaseID
				return tx.UpdateTicket(ctx, k)
			}
			return nil
		}
		// Only today's queue is marked, as only today's is called: a
		// ticket served "today" that was called yesterday would carry a
		// night's service time into the reports.
		today, err := r.officeToday(ctx, tx, dev.OfficeID)
		if err != nil {
			return err
		}
		if k.Day != today.Format(time.DateOnly) {
			return fmt.Errorf("registry: queue: ticket %s is of %s, not of today's queue: %w", k.ID, k.Day, store.ErrNotFound)
		}
		switch k.Status {
		case protocol.TicketWaiting, protocol.TicketTransferred:
			return refuse(http.StatusConflict, protocol.QueueErrNotCalled, "ticket %s is not called", k.Label)
		case protocol.TicketServed, protocol.TicketAbsent:
			return refuse(http.StatusConflict, protocol.QueueErrDone, "ticket %s is already %s", k.Label, k.Status)
		}
		if req.From != "" && req.From != k.Counter {
			return refuse(http.StatusConflict, protocol.QueueErrOtherCounter, "ticket %s is at counter %s", k.Label, k.Counter)
		}
		k.Status = req.Status
		if req.Status == protocol.TicketTransferred {
			k.Counter = req.Counter // it waits again, for that counter
		} else {
			k.DoneAt, k.CaseID = r.now(), req.CaseID
		}
		return tx.UpdateTicket(ctx, k)
	})
	if err != nil {
		return protocol.QueueTicket{}, err
	}
	r.log.Info("ticket marked", "office", dev.OfficeID, "device", dev.ID, "ticket", k.ID, "status", k.Status)
	return r.wireTicket(ctx, k)
}

// caseOfDevice refuses a case given to a ticket by a device limited to
// some units when the registry holds that case outside its view: the
// reports count a served ticket in its case's unit, so such a device
// could move its counter's clients into another unit's figures. A case
// the registry does not know yet (registered a moment ago, not pushed)
// passes, as outsideScope lets such rows through.
func (r *Registry) caseOfDevice(ctx context.Context, dev store.Device, caseID string) error {
	if caseID == "" {
		return nil
	}
	outside, err := r.casesOutside(ctx, dev, []string{caseID})
	if err != nil {
		return err
	}
	if outside[caseID] {
		return fmt.Errorf("registry: queue: case %s is outside the device's units: %w", caseID, protocol.ErrInvalid)
	}
	return nil
}

// casesOutside names those of caseIDs that a limited device's view does
// not hold (none for a device of the whole office; a case the registry
// does not know yet passes, as it would be sent), read at once.
func (r *Registry) casesOutside(ctx context.Context, dev store.Device, caseIDs []string) (map[string]bool, error) {
	out := map[string]bool{}
	v, o, cut, err := r.limitedView(ctx, dev)
	if err != nil || v == nil {
		return out, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, id := range caseIDs {
		if info := o.cases[id]; id != "" && info != nil && !o.holds(v, info.caseAttrs, cut) {
			out[id] = true
		}
	}
	return out, nil
}

// markedAlready reports a mark the ticket already has (a retried request).
func markedAlready(k store.Ticket, req protocol.QueueMarkRequest) bool {
	if k.Status != req.Status {
		return false
	}
	switch req.Status {
	case protocol.TicketTransferred:
		return k.Counter == req.Counter
	case protocol.TicketServed:
		return req.CaseID == "" || k.CaseID == "" || k.CaseID == req.CaseID
	}
	return true
}

// OfflineReportDays is how many office days back a counter's offline
// tickets are taken for the reports, as a screen's survey answers are
// (31 days): a counter cut off from the registry reports when it is back,
// within hours, not a month later; an older ticket would only rewrite the
// figures of a period already reported.
const OfflineReportDays = 31

// ReportTickets stores the tickets a counter took while it could not
// reach the registry, for the reports: as they were, marked offline and
// the device's. A ticket reported before is taken again without change
// (the device may not have heard the answer). Each is held to what a
// counter's own queue makes of a ticket (offlineTicket); one that breaks
// it refuses the report whole. A ticket older than OfflineReportDays is
// left out and not counted as taken rather than refused: the device sends
// its oldest tickets first until a report is taken, so a refusal would
// hold back every later one for ever; so is one finished ahead of the
// registry's clock (offlineAhead), and one of a matter group the office
// does not have.
func (r *Registry) ReportTickets(ctx context.Context, dev store.Device, req protocol.QueueReportRequest) (protocol.QueueReportResponse, error) {
	var resp protocol.QueueReportResponse
	old := 0
	// Read before the transaction, as a write's facts are (facts.go).
	qc, err := r.queueSettings(ctx, dev.OfficeID)
	if err != nil {
		return resp, err
	}
	groups := map[string]bool{}
	for _, g := range qc.groups {
		groups[g.Code] = true
	}
	caseIDs := make([]string, len(req.Tickets))
	for i, t := range req.Tickets {
		caseIDs[i] = t.CaseID
	}
	outside, err := r.casesOutside(ctx, dev, caseIDs)
	if err != nil {
		return resp, err
	}
	err = r.st.InTx(ctx, dev.OfficeID, func(tx store.Tx) error {
		resp.Accepted, old = 0, 0 // afresh if the transaction is retried
		today, err := r.officeToday(ctx, tx, dev.OfficeID)
		if err != nil {
			return err
		}
		loc, err := r.officeZone(ctx, tx, dev.OfficeID)
		if err != nil {
			return err
		}
		oldest := today.AddDate(0, 0, -OfflineReportDays).Format(time.DateOnly)
		for _, t := range req.Tickets {
			if t.Day > today.Format(time.DateOnly) {
				return fmt.Errorf("registry: queue: ticket %s dated %s, after the office's day: %w", t.ID, t.Day, protocol.ErrInvalid)
			}
			if err := offlineTicket(t, loc); err != nil {
				return err
			}
			// A group the office does not have (now: the admin may have
			// removed it since) would add a line of its own to the
			// queue's report: left out, as an old ticket is.
			if t.Day < oldest || offlineAhead(t, r.now()) || finishedLater(t, loc) || !groups[t.Group] {
				old++
				continue
			}
			// A counter numbers its day's tickets of a group from 1, once
			// each: a number it reported before under another id is not a
			// ticket but a copy (left out, so a report cannot be padded
			// with the same ticket again and again).
			had, found, err := tx.OfflineTicketByNumber(ctx, dev.ID, t.Day, t.Group, t.Number)
			if err != nil {
				return err
			}
			if found && had != t.ID {
				if err := ownOrNew(ctx, tx, dev, t.ID); err != nil {
					return err
				}
				old++
				continue
			}
			k := storeTicket(t)
			k.OfficeID, k.DeviceID, k.Offline = dev.OfficeID, dev.ID, true
			if outside[k.CaseID] {
				// A limited device names only cases it holds, as when it
				// marks a ticket (caseOfDevice): the visit happened, but
				// it is not counted under another unit's case.
				k.CaseID = ""
			}
			added, err := tx.AddTicket(ctx, k)
			if err != nil {
				return err
			}
			if !added {
				if err := ownOrNew(ctx, tx, dev, t.ID); err != nil {
					return err
				}
			}
			resp.Accepted++
		}
		return nil
	})
	if err != nil {
		return protocol.QueueReportResponse{}, err
	}
	r.log.Info("offline tickets reported", "office", dev.OfficeID, "device", dev.ID, "tickets", resp.Accepted, "leftOut", old)
	return resp, nil
}

// ownOrNew refuses a report naming a ticket the registry numbered or
// another device reported (ErrExists); a ticket the device reported itself,
// or none of that id, passes.
func ownOrNew(ctx context.Context, tx store.Tx, dev store.Device, id string) error {
	had, err := tx.Ticket(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if !had.Offline || had.DeviceID != dev.ID {
		return fmt.Errorf("registry: queue: ticket %s is another's: %w", id, store.ErrExists)
	}
	return nil
}

// offlineTicket refuses a reported ticket no counter's own queue makes:
// one not finished (a counter reports only the tickets it served or
// marked absent, with their call and end), one taken on another day than
// the one it is dated (the office's day of its issue, within
// officeclock.Skew of a counter's clock). The reports count a ticket's
// wait and service from its times: a ticket dated today but taken in
// 2001 would otherwise skew every average of its period (one finished
// ahead of the registry's clock is left out: offlineAhead).
func offlineTicket(t protocol.QueueTicket, loc *time.Location) error {
	if t.Status != protocol.TicketServed && t.Status != protocol.TicketAbsent || t.CalledAt == "" || t.DoneAt == "" {
		return fmt.Errorf("registry: queue: ticket %s reported %s, not finished: %w", t.ID, t.Status, protocol.ErrInvalid)
	}
	k := storeTicket(t) // its times in order, validated
	if officeDay(k.IssuedAt.Add(-officeclock.Skew), loc) > t.Day || officeDay(k.IssuedAt.Add(officeclock.Skew), loc) < t.Day {
		return fmt.Errorf("registry: queue: ticket %s dated %s, taken on another day: %w", t.ID, t.Day, protocol.ErrInvalid)
	}
	return nil
}

// offlineAhead reports a reported ticket finished after the registry's
// clock (beyond officeclock.Skew): left out of the reports, not refused,
// since a counter whose clock ran ahead while it was cut off would
// otherwise send the same refused report for ever and report nothing
// after it.
func offlineAhead(t protocol.QueueTicket, now time.Time) bool {
	return storeTicket(t).DoneAt.After(now.Add(officeclock.Skew))
}

// finishedLater reports a reported ticket finished after its own office
// day (beyond officeclock.Skew): a counter's queue ends with the day, and
// a ticket "called" a month after it was taken would put a month's wait
// into its period's average. Left out, not refused, like offlineAhead: a
// clerk who marked yesterday's last client only this morning must not
// hold back the counter's later reports.
func finishedLater(t protocol.QueueTicket, loc *time.Location) bool {
	return officeDay(storeTicket(t).DoneAt.Add(-officeclock.Skew), loc) > t.Day
}

// storeTicket is a reported ticket as stored (its times validated).
func storeTicket(t protocol.QueueTicket) store.Ticket {
	at := func(s string) time.Time {
		v, _ := time.Parse(time.RFC3339, s)
		if s == "" {
			return time.Time{}
		}
		return v.UTC()
	}
	return store.Ticket{ID: t.ID, Day: t.Day, Group: t.Group, Number: t.Number, Label: t.Label, Priority: t.Priority, Status: t.Status,
		Counter: t.Counter, IssuedAt: at(t.IssuedAt), FirstCalledAt: at(t.CalledAt), CalledAt: at(t.CalledAt), DoneAt: at(t.DoneAt),
		CaseID: t.CaseID, Ahead: t.Ahead}
}

// wireTicket is a ticket as sent, its times in the office's zone.
func (r *Registry) wireTicket(ctx context.Context, k store.Ticket) (protocol.QueueTicket, error) {
	loc, err := r.OfficeZone(ctx, k.OfficeID)
	if err != nil {
		return protocol.QueueTicket{}, err
	}
	return toWire(k, loc), nil
}

func toWire(k store.Ticket, loc *time.Location) protocol.QueueTicket {
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format(time.RFC3339)
	}
	out := protocol.QueueTicket{ID: k.ID, Day: k.Day, Group: k.Group, Number: k.Number, Label: k.Label, Priority: k.Priority,
		Status: k.Status, Counter: k.Counter, IssuedAt: ts(k.IssuedAt), CalledAt: ts(k.CalledAt), DoneAt: ts(k.DoneAt),
		CaseID: k.CaseID, Ahead: k.Ahead, Offline: k.Offline, DeviceID: k.DeviceID}
	if !k.FirstCalledAt.IsZero() {
		out.WaitSec = int(k.FirstCalledAt.Sub(k.IssuedAt) / time.Second)
		if !k.DoneAt.IsZero() {
			out.ServiceSec = int(k.DoneAt.Sub(k.FirstCalledAt) / time.Second)
		}
	}
	return out
}

// QueueState is the office's queue today: each group's waiting tickets,
// the longest wait, whether it passed the office's threshold (so the head
// can "react flexibly to excessive queues", Gostynin standard 1,
// seeds/003), and the board.
func (r *Registry) QueueState(ctx context.Context, officeID string) (protocol.QueueState, error) {
	qs, err := r.queueSettings(ctx, officeID)
	if err != nil {
		return protocol.QueueState{}, err
	}
	loc, err := r.OfficeZone(ctx, officeID)
	if err != nil {
		return protocol.QueueState{}, err
	}
	now := r.now()
	day := officeDay(now, loc)
	ks, err := r.st.Tickets(ctx, officeID, day)
	if err != nil {
		return protocol.QueueState{}, err
	}
	out := protocol.QueueState{Day: day, Groups: make([]protocol.QueueGroupState, 0, len(qs.groups)), MaxWaitMin: qs.maxWait}
	at := map[string]int{}
	for _, g := range qs.groups {
		at[g.Code] = len(out.Groups)
		out.Groups = append(out.Groups, protocol.QueueGroupState{Group: g.Code})
	}
	var oldest time.Time
	for _, k := range ks {
		if k.Offline || k.Status != protocol.TicketWaiting && k.Status != protocol.TicketTransferred {
			continue
		}
		if oldest.IsZero() || k.IssuedAt.Before(oldest) {
			oldest = k.IssuedAt
		}
		i, ok := at[k.Group]
		if !ok {
			continue // a group the office has since removed: still waits, still counts for the longest wait
		}
		g := &out.Groups[i]
		g.Waiting++
		if k.Priority {
			g.Priority++
		}
		if is := k.IssuedAt.In(loc).Format(time.RFC3339); g.OldestIssuedAt == "" || is < g.OldestIssuedAt {
			g.OldestIssuedAt = is
		}
	}
	if !oldest.IsZero() && now.After(oldest) {
		out.LongestWaitMin = int(now.Sub(oldest) / time.Minute)
	}
	out.Warn = qs.maxWait > 0 && out.LongestWaitMin > qs.maxWait
	out.Board = boardOf(day, ks, loc)
	return out, nil
}

// boardOf is the board's latest calls, newest first: tickets called and
// not sent elsewhere since, their labels and counters only.
func boardOf(day string, ks []store.Ticket, loc *time.Location) protocol.QueueBoard {
	called := make([]store.Ticket, 0, len(ks))
	for _, k := range ks {
		if !k.Offline && !k.CalledAt.IsZero() && k.Status != protocol.TicketTransferred && k.Status != protocol.TicketWaiting {
			called = append(called, k)
		}
	}
	sort.SliceStable(called, func(i, j int) bool { return called[i].CalledAt.After(called[j].CalledAt) })
	if len(called) > protocol.MaxBoardCalls {
		called = called[:protocol.MaxBoardCalls]
	}
	b := protocol.QueueBoard{Day: day, Calls: make([]protocol.QueueCall, len(called))}
	for i, k := range called {
		b.Calls[i] = protocol.QueueCall{Label: k.Label, Counter: k.Counter, At: k.CalledAt.In(loc).Format(time.RFC3339)}
	}
	return b
}
