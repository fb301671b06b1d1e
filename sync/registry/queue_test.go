package registry_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"okienko/app/queue"
	"okienko/sync/client"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
)

// counter is a counter's device talking to the registry through the
// real client, as the device's QueueService does.
func counter(t testing.TB, r *synctest.Registry, office string) *client.Client {
	t.Helper()
	d := enrol(t, r, office)
	return client.New(r.URL, d.token, d.office, r.Server.Client())
}

func issueTicket(t testing.TB, c *client.Client, group string, priority bool) protocol.QueueTicket {
	t.Helper()
	k, err := c.IssueTicket(context.Background(), protocol.QueueIssueRequest{ID: newID(), Group: group, Priority: priority})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// rank is a ticket's place in the calling order of queue.Next.
type rank struct {
	priority bool
	seq      int // the order it was issued in
}

func (a rank) before(b rank) bool {
	if a.priority != b.priority {
		return a.priority
	}
	return a.seq < b.seq
}

// TestQueueTwoCountersCallAtOnce: two counters call from one queue at
// once over HTTP; every ticket is called exactly once, priority tickets
// before earlier ordinary ones, on SQLite and on PostgreSQL.
func TestQueueTwoCountersCallAtOnce(t *testing.T) {
	for _, kind := range synctest.StoreKinds() {
		t.Run(kind, func(t *testing.T) {
			r := synctest.NewRegistry(t, synctest.OpenStore(t, kind), registry.Options{})
			c1, c2 := counter(t, r, r.OfficeID), counter(t, r, r.OfficeID)
			const n = 40
			ranks := map[string]rank{}
			for i := 0; i < n; i++ {
				c := c1
				if i%2 == 1 {
					c = c2
				}
				prio := i%5 == 4 // taken after ordinary ones, called before them
				k := issueTicket(t, c, "A", prio)
				if k.Number != i+1 || k.Label != protocol.OnlineLabel("A", i+1) {
					t.Fatalf("ticket %d numbered %d %q", i, k.Number, k.Label)
				}
				ranks[k.ID] = rank{priority: prio, seq: i}
			}
			calls := make([][]string, 2)
			var wg sync.WaitGroup
			errs := make(chan error, 2)
			for w, c := range []*client.Client{c1, c2} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					name := []string{"Stanowisko 1", "Stanowisko 2"}[w]
					for {
						resp, err := c.CallNext(context.Background(), protocol.QueueCallRequest{Counter: name, Groups: []string{"A", "B"}})
						if err != nil {
							errs <- err
							return
						}
						if resp.Ticket == nil {
							return
						}
						if resp.Ticket.Counter != name || resp.Ticket.Status != protocol.TicketCalled {
							errs <- errors.New("called ticket " + resp.Ticket.Label + " shows counter " + resp.Ticket.Counter)
							return
						}
						calls[w] = append(calls[w], resp.Ticket.ID)
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			seen := map[string]int{}
			for w, ids := range calls {
				for i, id := range ids {
					seen[id]++
					if i > 0 && !ranks[ids[i-1]].before(ranks[id]) {
						t.Errorf("counter %d called %v after %v", w+1, ranks[id], ranks[ids[i-1]])
					}
				}
			}
			if len(seen) != n {
				t.Fatalf("%d distinct tickets called (%d + %d calls), want %d", len(seen), len(calls[0]), len(calls[1]), n)
			}
			for id, times := range seen {
				if times != 1 {
					t.Fatalf("ticket %v called %d times", ranks[id], times)
				}
			}
			if len(calls[0]) == 0 || len(calls[1]) == 0 {
				t.Logf("one counter called every ticket (%d, %d): the calls did not overlap", len(calls[0]), len(calls[1]))
			}
		})
	}
}

// TestQueueOrderAndNumbers: numbers per group from 1; a retried issue is
// the same ticket; priority before an earlier ordinary ticket; a ticket
// sent to a counter waits for it alone; nobody waiting is an empty answer.
func TestQueueOrderAndNumbers(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	c := counter(t, r, r.OfficeID)
	ctx := context.Background()
	a1 := issueTicket(t, c, "A", false)
	b1 := issueTicket(t, c, "B", false)
	a2 := issueTicket(t, c, "A", false)
	req := protocol.QueueIssueRequest{ID: newID(), Group: "A", Priority: true}
	a3, err := c.IssueTicket(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.IssueTicket(ctx, req)
	if err != nil || again.Number != a3.Number || again.ID != a3.ID {
		t.Fatalf("a retried issue: %+v, %v; want ticket %d again", again, err, a3.Number)
	}
	if a1.Label != "A001" || b1.Label != "B001" || a2.Label != "A002" || a3.Label != "A003" {
		t.Fatalf("labels %s %s %s %s", a1.Label, b1.Label, a2.Label, a3.Label)
	}
	if a2.Ahead != 1 || a3.Ahead != 0 || a1.Day == "" {
		t.Fatalf("ahead: A002 %d (want 1), priority A003 %d (want 0)", a2.Ahead, a3.Ahead)
	}
	call := func(counter string, groups ...string) *protocol.QueueTicket {
		t.Helper()
		resp, err := c.CallNext(ctx, protocol.QueueCallRequest{Counter: counter, Groups: groups})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Ticket
	}
	if k := call("1", "A"); k == nil || k.ID != a3.ID || k.WaitSec < 0 || k.CalledAt == "" {
		t.Fatalf("first call %+v, want the priority A003", k)
	}
	if k := call("1", "A"); k == nil || k.ID != a1.ID {
		t.Fatalf("second call %+v, want A001", k)
	}
	// A001 is sent to counter 7: counter 1 does not get it back, 7 does.
	if _, err := c.MarkTicket(ctx, protocol.QueueMarkRequest{TicketID: a1.ID, Status: protocol.TicketTransferred, Counter: "7"}); err != nil {
		t.Fatal(err)
	}
	if k := call("1", "A"); k == nil || k.ID != a2.ID {
		t.Fatalf("third call %+v, want A002", k)
	}
	if k := call("7", "C"); k == nil || k.ID != a1.ID || k.Counter != "7" {
		t.Fatalf("counter 7 called %+v, want A001 sent to it", k)
	}
	if k := call("1", "A", "C"); k != nil {
		t.Fatalf("nobody waits in A or C, called %+v", k)
	}
	if k := call("2", "B"); k == nil || k.ID != b1.ID {
		t.Fatalf("B called %+v", k)
	}
}

// TestQueueTimesAndWarning: waiting and service times per ticket from the
// registry's clock; the longest wait and the head's warning past the
// office's threshold; the office day (and numbering) from the office's
// zone, not UTC.
func TestQueueTimesAndWarning(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	r := synctest.NewRegistry(t, nil, registry.Options{Now: clock})
	ctx := context.Background()
	if err := r.SetQueueMaxWait(ctx, r.OfficeID, 26); err != nil { // Gostynin 26
		t.Fatal(err)
	}
	c := counter(t, r, r.OfficeID)
	k1 := issueTicket(t, c, "A", false)
	advance(10 * time.Minute)
	k2 := issueTicket(t, c, "A", false)
	advance(5 * time.Minute)
	if _, err := c.CallNext(ctx, protocol.QueueCallRequest{Counter: "1", Groups: []string{"A"}}); err != nil {
		t.Fatal(err)
	}
	advance(7 * time.Minute)
	done, err := c.MarkTicket(ctx, protocol.QueueMarkRequest{TicketID: k1.ID, Status: protocol.TicketServed})
	if err != nil {
		t.Fatal(err)
	}
	if done.WaitSec != 15*60 || done.ServiceSec != 7*60 {
		t.Fatalf("wait %d s, service %d s; want 900 and 420", done.WaitSec, done.ServiceSec)
	}
	// The case registered for it comes later: linked, nothing else changes.
	caseID := newID()
	linked, err := c.MarkTicket(ctx, protocol.QueueMarkRequest{TicketID: k1.ID, Status: protocol.TicketServed, CaseID: caseID})
	if err != nil || linked.CaseID != caseID || linked.DoneAt != done.DoneAt {
		t.Fatalf("linking the case: %+v, %v", linked, err)
	}
	st, err := c.QueueState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.LongestWaitMin != 12 || st.Warn || st.MaxWaitMin != 26 || st.Groups[0].Group != "A" || st.Groups[0].Waiting != 1 {
		t.Fatalf("state %+v, want k2 waiting 12 min, no warning", st)
	}
	if len(st.Board.Calls) != 1 || st.Board.Calls[0].Label != k1.Label || st.Board.Calls[0].Counter != "1" {
		t.Fatalf("board %+v", st.Board)
	}
	advance(15 * time.Minute) // k2 has waited 27 minutes
	if st, err = c.QueueState(ctx); err != nil || st.LongestWaitMin != 27 || !st.Warn {
		t.Fatalf("after 27 min: %+v, %v; want the warning", st, err)
	}
	_ = k2
	// 23:30 UTC is 00:30 the next day in Warsaw: a new day, numbered from 1.
	advance(time.Date(2026, 12, 3, 23, 30, 0, 0, time.UTC).Sub(clock()))
	k3 := issueTicket(t, c, "A", false)
	if k3.Day != "2026-12-04" || k3.Number != 1 {
		t.Fatalf("after midnight in the office: day %s number %d", k3.Day, k3.Number)
	}
	if !strings.HasSuffix(k3.IssuedAt, "+01:00") {
		t.Fatalf("issued at %s, want the office's zone", k3.IssuedAt)
	}
}

// TestQueueRefusals: what a counter may not do is refused with a code
// the device shows in Polish, and changes nothing.
func TestQueueRefusals(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	ctx := context.Background()
	c1, c2 := counter(t, r, r.OfficeID), counter(t, r, r.OfficeID)
	k := issueTicket(t, c1, "A", false)
	code := func(err error) string {
		var qe *client.QueueError
		if errors.As(err, &qe) {
			return qe.Code
		}
		return "not a queue error: " + errors.Join(err, errors.New("")).Error()
	}
	mark := func(c *client.Client, status, from string) error {
		_, err := c.MarkTicket(ctx, protocol.QueueMarkRequest{TicketID: k.ID, Status: status, From: from})
		return err
	}
	if err := mark(c1, protocol.TicketServed, ""); code(err) != protocol.QueueErrNotCalled {
		t.Fatalf("serving a ticket nobody called: %v", err)
	}
	if _, err := c1.CallNext(ctx, protocol.QueueCallRequest{Counter: "1", Groups: []string{"A"}}); err != nil {
		t.Fatal(err)
	}
	// Counter 2 calls the same ticket by its number: refused, it stays at 1.
	_, err := c2.CallNext(ctx, protocol.QueueCallRequest{Counter: "2", TicketID: k.ID})
	if code(err) != protocol.QueueErrTaken {
		t.Fatalf("a second counter calling the same ticket: %v", err)
	}
	if err := mark(c2, protocol.TicketAbsent, "2"); code(err) != protocol.QueueErrOtherCounter {
		t.Fatalf("counter 2 marking counter 1's ticket: %v", err)
	}
	// Counter 1 calls it again (the board shows it anew).
	if resp, err := c1.CallNext(ctx, protocol.QueueCallRequest{Counter: "1", TicketID: k.ID}); err != nil || resp.Ticket == nil || resp.Ticket.Counter != "1" {
		t.Fatalf("calling one's own ticket again: %+v, %v", resp, err)
	}
	if err := mark(c1, protocol.TicketServed, "1"); err != nil {
		t.Fatal(err)
	}
	if err := mark(c1, protocol.TicketServed, "1"); err != nil {
		t.Fatalf("the same mark again (a retry) is no error: %v", err)
	}
	if err := mark(c1, protocol.TicketAbsent, ""); code(err) != protocol.QueueErrDone {
		t.Fatalf("marking a served ticket absent: %v", err)
	}
	if _, err := c2.CallNext(ctx, protocol.QueueCallRequest{Counter: "2", TicketID: k.ID}); code(err) != protocol.QueueErrDone {
		t.Fatalf("calling a served ticket: %v", err)
	}
	if _, err := c1.IssueTicket(ctx, protocol.QueueIssueRequest{ID: newID(), Group: "Q"}); code(err) != protocol.QueueErrGroup {
		t.Fatalf("a group the office does not have: %v", err)
	}
	if _, err := c1.CallNext(ctx, protocol.QueueCallRequest{Counter: "1", Groups: []string{"Z"}}); code(err) != protocol.QueueErrGroup {
		t.Fatalf("calling for a group the office does not have: %v", err)
	}
	// Nothing was lost: the ticket is served, at counter 1, once.
	st, err := c1.QueueState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Board.Calls) != 1 || st.Board.Calls[0].Counter != "1" || st.Groups[0].Waiting != 0 {
		t.Fatalf("after the refusals: %+v", st)
	}
	tks, err := r.Store().Tickets(ctx, r.OfficeID, k.Day)
	if err != nil || len(tks) != 1 || tks[0].Status != protocol.TicketServed || tks[0].Counter != "1" {
		t.Fatalf("stored tickets %+v, %v", tks, err)
	}
}

// TestQueueHostileInput: another office's ticket, unknown fields, invalid
// UTF-8, a huge body, bad statuses: refused at the boundary.
func TestQueueHostileInput(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	ctx := context.Background()
	other := store.Office{ID: newID(), Name: "Urząd Gminy Inna", TERYT: "1099022"}
	if err := r.Store().CreateOffice(ctx, other); err != nil {
		t.Fatal(err)
	}
	d := enrol(t, r, r.OfficeID)
	c := client.New(r.URL, d.token, d.office, r.Server.Client())
	k := issueTicket(t, c, "A", false)
	c.CallNext(ctx, protocol.QueueCallRequest{Counter: "1", Groups: []string{"A"}})
	stranger := counter(t, r, other.ID)
	if _, err := stranger.MarkTicket(ctx, protocol.QueueMarkRequest{TicketID: k.ID, Status: protocol.TicketAbsent}); !errors.Is(err, client.ErrTicketNotFound) {
		t.Fatalf("another office's ticket: %v, want not found", err)
	}
	if _, err := stranger.CallNext(ctx, protocol.QueueCallRequest{Counter: "1", TicketID: k.ID}); !errors.Is(err, client.ErrTicketNotFound) {
		t.Fatalf("calling another office's ticket: %v, want not found", err)
	}
	// Its own office's path only.
	d.call(t, r, request{method: "GET", path: "/v1/offices/" + other.ID + "/queue"}).wantError(t, http.StatusForbidden, "forbidden")
	send(t, r, request{method: "GET", path: d.path("/queue")}).wantError(t, http.StatusUnauthorized, "unauthorized")
	post := func(p string, body any) answer {
		return d.call(t, r, request{method: "POST", path: d.path(p), body: body})
	}
	for name, a := range map[string]answer{
		"unknown field":        post("/queue/tickets", []byte(`{"id":"`+newID()+`","group":"A","priority":false,"reason":"x"}`)),
		"invalid UTF-8":        post("/queue/call", []byte("{\"counter\":\"St\xffanowisko\",\"groups\":[\"A\"]}")),
		"control character":    post("/queue/call", []byte(`{"counter":"St\u0007","groups":["A"]}`)),
		"no groups":            post("/queue/call", protocol.QueueCallRequest{Counter: "1"}),
		"a group twice":        post("/queue/call", protocol.QueueCallRequest{Counter: "1", Groups: []string{"A", "A"}}),
		"unknown status":       post("/queue/mark", protocol.QueueMarkRequest{TicketID: k.ID, Status: "waiting"}),
		"sent nowhere":         post("/queue/mark", protocol.QueueMarkRequest{TicketID: k.ID, Status: protocol.TicketTransferred}),
		"case of an absent":    post("/queue/mark", protocol.QueueMarkRequest{TicketID: k.ID, Status: protocol.TicketAbsent, CaseID: newID()}),
		"ticket id not a v7":   post("/queue/tickets", protocol.QueueIssueRequest{ID: "42", Group: "A"}),
		"lowercase group":      post("/queue/tickets", protocol.QueueIssueRequest{ID: newID(), Group: "a"}),
		"an empty report":      post("/queue/report", protocol.QueueReportRequest{}),
		"trailing data":        post("/queue/tickets", []byte(`{"id":"`+newID()+`","group":"A"} {}`)),
		"counter name too big": post("/queue/call", protocol.QueueCallRequest{Counter: strings.Repeat("x", 41), Groups: []string{"A"}}),
	} {
		var eb protocol.ErrorBody
		_ = protocol.DecodeLenient(a.body, a.header.Get("Content-Encoding"), &eb)
		if a.code != http.StatusBadRequest || eb.Error != "bad_request" {
			t.Errorf("%s: %d %s, want 400 bad_request", name, a.code, a.body)
		}
	}
	huge := append([]byte(`{"id":"`+newID()+`","group":"A","x":"`), make([]byte, registry.MaxCompressedBody+1)...)
	post("/queue/tickets", huge).wantError(t, http.StatusRequestEntityTooLarge, "too_large")
	// Nothing of it was stored.
	tks, err := r.Store().Tickets(ctx, r.OfficeID, k.Day)
	if err != nil || len(tks) != 1 || tks[0].Status != protocol.TicketCalled {
		t.Fatalf("tickets after the hostile input: %+v, %v", tks, err)
	}
}

// TestQueueOfflineReport: tickets a counter took while it could not reach
// the registry are stored for the reports, apart from the registry's
// numbers, once however often they are sent.
func TestQueueOfflineReport(t *testing.T) {
	// Noon in the office: the tickets an hour earlier are of the same day.
	now := time.Date(2026, 12, 3, 11, 0, 0, 0, time.UTC)
	r := synctest.NewRegistry(t, nil, registry.Options{Now: func() time.Time { return now }})
	ctx := context.Background()
	c := counter(t, r, r.OfficeID)
	online := issueTicket(t, c, "A", false)
	day := online.Day
	at := func(min int) string {
		return now.Add(time.Duration(min-60) * time.Minute).Format(time.RFC3339)
	}
	offline := []protocol.QueueTicket{
		{ID: newID(), Day: day, Group: "A", Number: 1, Label: protocol.OfflineLabel("2", "A", 1), Status: protocol.TicketServed,
			Counter: "2", IssuedAt: at(0), CalledAt: at(4), DoneAt: at(10), Offline: true},
		{ID: newID(), Day: day, Group: "B", Number: 2, Label: protocol.OfflineLabel("2", "B", 2), Priority: true, Status: protocol.TicketAbsent,
			Counter: "2", IssuedAt: at(1), CalledAt: at(2), DoneAt: at(3), Offline: true},
	}
	for range 2 { // the second time: the answer was lost, the device sends again
		resp, err := c.ReportTickets(ctx, protocol.QueueReportRequest{Tickets: offline})
		if err != nil || resp.Accepted != 2 {
			t.Fatalf("report: %+v, %v", resp, err)
		}
	}
	tks, err := r.Store().Tickets(ctx, r.OfficeID, day)
	if err != nil {
		t.Fatal(err)
	}
	if len(tks) != 3 {
		t.Fatalf("%d tickets stored, want the online one and 2 offline", len(tks))
	}
	for _, k := range tks {
		if k.ID == offline[0].ID && (!k.Offline || k.Label != "2L-A001" || k.DoneAt.Sub(k.FirstCalledAt) != 6*time.Minute || k.DeviceID == "") {
			t.Fatalf("offline ticket stored as %+v", k)
		}
	}
	// The registry's numbering goes on from its own: A002.
	if k := issueTicket(t, c, "A", false); k.Label != "A002" {
		t.Fatalf("after the report, the next ticket is %s, want A002", k.Label)
	}
	// Offline tickets are not called from the shared queue, nor on the board.
	st, err := c.QueueState(ctx)
	if err != nil || len(st.Board.Calls) != 0 || st.Groups[1].Waiting != 0 {
		t.Fatalf("state %+v, %v", st, err)
	}
	bad := offline[0]
	bad.ID, bad.Label = newID(), "A001" // looks like the registry's own
	if _, err := c.ReportTickets(ctx, protocol.QueueReportRequest{Tickets: []protocol.QueueTicket{bad}}); !errors.Is(err, client.ErrRefused) {
		t.Fatalf("an offline ticket labelled as an online one: %v", err)
	}
	bad = offline[0]
	bad.ID, bad.DoneAt = newID(), at(-5) // done before it was taken
	if _, err := c.ReportTickets(ctx, protocol.QueueReportRequest{Tickets: []protocol.QueueTicket{bad}}); !errors.Is(err, client.ErrRefused) {
		t.Fatalf("times out of order: %v", err)
	}
	bad = offline[0]
	bad.ID, bad.Day = newID(), "2099-01-01" // a day the office has not reached
	if _, err := c.ReportTickets(ctx, protocol.QueueReportRequest{Tickets: []protocol.QueueTicket{bad}}); !errors.Is(err, client.ErrRefused) {
		t.Fatalf("a ticket dated after the office's day: %v", err)
	}
	clash := offline[0]
	clash.ID = online.ID // the registry's own ticket, reported as offline
	clash2 := offline[1]
	clash2.ID = newID()
	if _, err := c.ReportTickets(ctx, protocol.QueueReportRequest{Tickets: []protocol.QueueTicket{clash2, clash}}); err == nil {
		t.Fatal("a report naming an online ticket was taken")
	}
	if tks, _ := r.Store().Tickets(ctx, r.OfficeID, day); len(tks) != 4 {
		t.Fatalf("%d tickets after the refused report, want 4 (nothing half-written)", len(tks))
	}
}

// TestQueueOfflineReportByMeaning: a report is held to what a counter's
// own queue makes of a ticket, not to its shape alone: finished and taken
// on the day it is dated; a ticket finished ahead of the registry's clock
// or after its own day,
// of a day more than registry.OfflineReportDays ago, or with a number the
// device reported before under another id, is left out of the reports.
// Before, a device could date a ticket today and have it taken in 2001
// (a 25-year wait in the month's average) or served in 2199, and fill the
// figures of any past period.
func TestQueueOfflineReportByMeaning(t *testing.T) {
	now := time.Date(2026, 12, 3, 11, 0, 0, 0, time.UTC) // 12:00 in Warsaw
	r := synctest.NewRegistry(t, nil, registry.Options{Now: func() time.Time { return now }})
	ctx := context.Background()
	c := counter(t, r, r.OfficeID)
	n := 0
	ticket := func(day string, issued time.Time) protocol.QueueTicket {
		n++
		return protocol.QueueTicket{ID: newID(), Day: day, Group: "A", Number: n, Label: protocol.OfflineLabel("2", "A", n), Status: protocol.TicketServed,
			Counter: "2", IssuedAt: issued.Format(time.RFC3339), CalledAt: issued.Add(4 * time.Minute).Format(time.RFC3339),
			DoneAt: issued.Add(10 * time.Minute).Format(time.RFC3339), Offline: true}
	}
	report := func(ks ...protocol.QueueTicket) (int, error) {
		resp, err := c.ReportTickets(ctx, protocol.QueueReportRequest{Tickets: ks})
		return resp.Accepted, err
	}
	stored := func(day string) int {
		tks, err := r.Store().Tickets(ctx, r.OfficeID, day)
		if err != nil {
			t.Fatal(err)
		}
		return len(tks)
	}
	today := "2026-12-03"
	hourAgo := now.Add(-time.Hour)
	good := ticket(today, hourAgo)
	// Taken just before midnight, dated the next day by the counter's clock.
	edge := ticket(today, time.Date(2026, 12, 2, 22, 59, 30, 0, time.UTC))
	if got, err := report(good, edge); err != nil || got != 2 {
		t.Fatalf("a counter's own tickets: %d taken, %v", got, err)
	}
	for name, k := range map[string]protocol.QueueTicket{
		"taken in 2001, dated today":   ticket(today, time.Date(2001, 1, 1, 9, 0, 0, 0, time.UTC)),
		"taken yesterday, dated today": ticket(today, now.Add(-24*time.Hour)),
		"still waiting": func() protocol.QueueTicket {
			k := ticket(today, hourAgo)
			k.Status, k.CalledAt, k.DoneAt = protocol.TicketWaiting, "", ""
			return k
		}(),
		"called, never done": func() protocol.QueueTicket {
			k := ticket(today, hourAgo)
			k.Status, k.DoneAt = protocol.TicketCalled, ""
			return k
		}(),
	} {
		if got, err := report(ticket(today, hourAgo), k); !errors.Is(err, client.ErrRefused) {
			t.Errorf("%s: %d taken, %v; want the report refused", name, got, err)
		}
	}
	if got := stored(today); got != 2 {
		t.Fatalf("%d tickets of today stored after the refusals, want the 2 taken", got)
	}
	// Finished ahead of the registry's clock, or of a group the office
	// does not have (its line in the report would be made up): left out,
	// not refused, so the counter still reports the rest.
	for name, k := range map[string]protocol.QueueTicket{
		"served in 2199": func() protocol.QueueTicket {
			k := ticket(today, hourAgo)
			k.DoneAt = "2199-01-01T10:00:00Z"
			return k
		}(),
		"taken later today": ticket(today, now.Add(2*time.Hour)),
		"taken a month ago, finished today": func() protocol.QueueTicket {
			k := ticket("2026-11-03", now.Add(-30*24*time.Hour))
			k.CalledAt, k.DoneAt = now.Add(-time.Hour).Format(time.RFC3339), now.Add(-50*time.Minute).Format(time.RFC3339)
			return k
		}(),
		"of a group the office does not have": func() protocol.QueueTicket {
			k := ticket(today, hourAgo)
			k.Group, k.Label = "Z", protocol.OfflineLabel("2", "Z", k.Number)
			return k
		}(),
	} {
		if got, err := report(ticket(today, hourAgo), k); err != nil || got != 1 {
			t.Errorf("%s: %d taken, %v; want the other ticket taken and this one left out", name, got, err)
		}
	}
	if got := stored(today); got != 6 {
		t.Fatalf("%d tickets of today stored, want the 2 first and the 4 beside those left out", got)
	}
	// The same number of the same group and day again, under another id,
	// is a copy: left out, however often it is sent.
	copied := good
	copied.ID = newID()
	for range 3 {
		if got, err := report(copied); err != nil || got != 0 {
			t.Fatalf("a number reported before, under another id: %d taken, %v; want none, and no refusal", got, err)
		}
	}
	if got, err := report(good); err != nil || got != 1 {
		t.Fatalf("the same ticket sent again: %d taken, %v", got, err)
	}
	if got := stored(today); got != 6 {
		t.Fatalf("%d tickets of today stored after the copies, want 6", got)
	}
	// A ticket of last year rewrites a period already reported: left out.
	if got, err := report(ticket("2025-03-10", time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC))); err != nil || got != 0 {
		t.Fatalf("a ticket of last year: %d taken, %v; want none, and no refusal", got, err)
	}
	if got := stored("2025-03-10"); got != 0 {
		t.Fatalf("%d tickets of last year stored", got)
	}
	// Within the days a counter may be cut off: taken.
	ago := now.AddDate(0, 0, -registry.OfflineReportDays)
	if got, err := report(ticket(ago.Format(time.DateOnly), ago)); err != nil || got != 1 {
		t.Fatalf("a ticket of %d days ago: %d taken, %v", registry.OfflineReportDays, got, err)
	}
}

// TestQueueOfflineTicketsNotShared: a ticket a counter took offline and
// reported is that device's record for the reports, not a ticket of the
// hall's queue: no counter calls it, marks it or links a case to it by
// its id. Before, another device could link any case to it (moving it
// into that case's unit's figures) or call and mark one reported waiting.
func TestQueueOfflineTicketsNotShared(t *testing.T) {
	now := time.Date(2026, 12, 3, 11, 0, 0, 0, time.UTC)
	r := synctest.NewRegistry(t, nil, registry.Options{Now: func() time.Time { return now }})
	ctx := context.Background()
	reporter, other := counter(t, r, r.OfficeID), counter(t, r, r.OfficeID)
	at := func(min int) string { return now.Add(time.Duration(min-60) * time.Minute).Format(time.RFC3339) }
	k := protocol.QueueTicket{ID: newID(), Day: "2026-12-03", Group: "A", Number: 1, Label: protocol.OfflineLabel("2", "A", 1),
		Status: protocol.TicketServed, Counter: "2", IssuedAt: at(0), CalledAt: at(4), DoneAt: at(10), Offline: true}
	if _, err := reporter.ReportTickets(ctx, protocol.QueueReportRequest{Tickets: []protocol.QueueTicket{k}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*client.Client{other, reporter} {
		if _, err := c.MarkTicket(ctx, protocol.QueueMarkRequest{TicketID: k.ID, Status: protocol.TicketServed, CaseID: newID()}); !errors.Is(err, client.ErrTicketNotFound) {
			t.Errorf("a case linked to an offline ticket by its id: %v, want not found", err)
		}
		if _, err := c.CallNext(ctx, protocol.QueueCallRequest{Counter: "5", TicketID: k.ID}); !errors.Is(err, client.ErrTicketNotFound) {
			t.Errorf("an offline ticket called by its id: %v, want not found", err)
		}
	}
	tks, err := r.Store().Tickets(ctx, r.OfficeID, k.Day)
	if err != nil || len(tks) != 1 || tks[0].CaseID != "" || tks[0].Status != protocol.TicketServed || tks[0].Counter != "2" {
		t.Fatalf("the reported ticket after the calls and marks: %+v, %v", tks, err)
	}
}

// TestQueueTodayAndOwnCases: a counter calls and marks only today's queue
// by a ticket's id (one left waiting or called yesterday would carry its
// wait or service across the night), and a device limited to some units gives a served ticket no case
// the registry holds outside them (the reports count a served ticket in
// its case's unit); a case not yet pushed passes.
func TestQueueTodayAndOwnCases(t *testing.T) {
	var shift atomic.Int64 // the registry's clock ahead of now, moved while it serves
	r := synctest.NewRegistry(t, nil, registry.Options{Now: func() time.Time { return time.Now().Add(time.Duration(shift.Load())) }})
	ctx := context.Background()
	all, usc := enrol(t, r, r.OfficeID), enrol(t, r, r.OfficeID)
	limit(t, r, usc, "USC")
	so := all.newCase(t, r, newID()) // a case of SO
	c := client.New(r.URL, usc.token, usc.office, r.Server.Client())
	left := issueTicket(t, c, "A", false)
	called := issueTicket(t, c, "A", false)
	if _, err := c.CallNext(ctx, protocol.QueueCallRequest{Counter: "3", TicketID: called.ID}); err != nil {
		t.Fatal(err)
	}
	shift.Store(int64(24 * time.Hour))
	if _, err := c.CallNext(ctx, protocol.QueueCallRequest{Counter: "3", TicketID: left.ID}); !errors.Is(err, client.ErrTicketNotFound) {
		t.Fatalf("yesterday's ticket called by its id: %v, want not found", err)
	}
	// Nor marked: served "today", it would carry a night's service time.
	if _, err := c.MarkTicket(ctx, protocol.QueueMarkRequest{TicketID: called.ID, Status: protocol.TicketServed}); !errors.Is(err, client.ErrTicketNotFound) {
		t.Fatalf("yesterday's called ticket marked today: %v, want not found", err)
	}
	k := issueTicket(t, c, "A", false)
	if _, err := c.CallNext(ctx, protocol.QueueCallRequest{Counter: "3", TicketID: k.ID}); err != nil {
		t.Fatalf("today's ticket called by its id: %v", err)
	}
	if _, err := c.MarkTicket(ctx, protocol.QueueMarkRequest{TicketID: k.ID, Status: protocol.TicketServed, CaseID: so.EntityID}); err == nil {
		t.Fatal("a USC counter gave its served ticket a case of SO")
	}
	pending := newID()
	got, err := c.MarkTicket(ctx, protocol.QueueMarkRequest{TicketID: k.ID, Status: protocol.TicketServed, CaseID: pending})
	if err != nil || got.CaseID != pending {
		t.Fatalf("a case not pushed yet: %+v, %v", got, err)
	}
	// Nor through a report of tickets taken offline: the ticket is kept,
	// without the case of SO.
	waw, _ := time.LoadLocation("Europe/Warsaw")
	now := time.Now().Add(time.Duration(shift.Load()))
	issued := now.Add(-time.Hour)
	off := protocol.QueueTicket{ID: newID(), Day: issued.In(waw).Format(time.DateOnly), Group: "A", Number: 1, Label: protocol.OfflineLabel("3", "A", 1),
		Status: protocol.TicketServed, Counter: "3", IssuedAt: issued.Format(time.RFC3339), CalledAt: issued.Add(5 * time.Minute).Format(time.RFC3339),
		DoneAt: issued.Add(15 * time.Minute).Format(time.RFC3339), CaseID: so.EntityID, Offline: true}
	if resp, err := c.ReportTickets(ctx, protocol.QueueReportRequest{Tickets: []protocol.QueueTicket{off}}); err != nil || resp.Accepted != 1 {
		t.Fatalf("an offline ticket naming a case of SO: %+v, %v", resp, err)
	}
	kept, err := r.Store().Tickets(ctx, r.OfficeID, off.Day)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range kept {
		if k.ID == off.ID && k.CaseID != "" {
			t.Fatalf("a USC counter's offline ticket kept the case of SO: %+v", k)
		}
	}
	// A device of the whole office gives any case.
	wc := client.New(r.URL, all.token, all.office, r.Server.Client())
	w := issueTicket(t, wc, "A", false)
	if _, err := wc.CallNext(ctx, protocol.QueueCallRequest{Counter: "4", TicketID: w.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := wc.MarkTicket(ctx, protocol.QueueMarkRequest{TicketID: w.ID, Status: protocol.TicketServed, CaseID: so.EntityID}); err != nil {
		t.Fatalf("the whole office's counter gave its ticket a case of SO: %v", err)
	}
}

// TestQueueSettings: the admin's groups and threshold are office setting
// rows (one per key, so devices pulling them keep one), and a counter is
// numbered in the groups set.
func TestQueueSettings(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	ctx := context.Background()
	gs := []queue.Group{{Code: "M", Name: "Meldunki"}, {Code: "P", Name: "Podatki", In: map[string]string{"en": "Taxes"}}}
	for range 2 {
		if err := r.SetQueueGroups(ctx, r.OfficeID, gs); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.SetQueueGroups(ctx, r.OfficeID, []queue.Group{{Code: "mm", Name: "x"}}); err == nil {
		t.Fatal("a bad group was set")
	}
	rows, err := r.Store().RowsOf(ctx, r.OfficeID, "setting")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, row := range rows {
		if strings.Contains(string(row.Fields["key"].V), queue.SettingGroups) {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d rows of %s, want 1", n, queue.SettingGroups)
	}
	got, err := r.QueueGroups(ctx, r.OfficeID)
	if err != nil || len(got) != 2 || got[1].NameIn("en") != "Taxes" {
		t.Fatalf("groups %+v, %v", got, err)
	}
	c := counter(t, r, r.OfficeID)
	if k := issueTicket(t, c, "P", false); k.Label != "P001" {
		t.Fatalf("ticket %s", k.Label)
	}
	if _, err := c.IssueTicket(ctx, protocol.QueueIssueRequest{ID: newID(), Group: "A"}); err == nil {
		t.Fatal("a default group the office replaced was numbered")
	}
	st, err := c.QueueState(ctx)
	if err != nil || len(st.Groups) != 2 || st.Groups[1].Group != "P" || st.Groups[1].Waiting != 1 {
		t.Fatalf("state %+v, %v", st, err)
	}
	if err := r.SetQueueMaxWait(ctx, r.OfficeID, -1); err == nil {
		t.Fatal("a negative threshold was set")
	}
}

// TestBoardCalls: the board's calls only for the office's board key; the
// page itself holds no data and locks itself down.
func TestBoardCalls(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	ctx := context.Background()
	c := counter(t, r, r.OfficeID)
	issueTicket(t, c, "A", false)
	if _, err := c.CallNext(ctx, protocol.QueueCallRequest{Counter: "Stanowisko 3", Groups: []string{"A"}}); err != nil {
		t.Fatal(err)
	}
	get := func(path, key string) (*http.Response, string) {
		req, _ := http.NewRequest("GET", r.URL+path, nil)
		if key != "" {
			req.Header.Set(protocol.HeaderBoardKey, key)
		}
		resp, err := r.Server.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp, string(raw)
	}
	calls := "/board/" + r.OfficeID + "/calls"
	if resp, _ := get(calls, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("calls without a key: %d", resp.StatusCode)
	}
	if resp, _ := get(calls, "guess"); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("calls before any key was made: %d", resp.StatusCode)
	}
	old, err := r.NewBoardKey(ctx, r.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	key, err := r.NewBoardKey(ctx, r.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	if resp, _ := get(calls, old); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("the replaced key still works: %d", resp.StatusCode)
	}
	resp, body := get(calls, key)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `"label":"A001"`) || !strings.Contains(body, `"counter":"Stanowisko 3"`) {
		t.Fatalf("calls: %d %s", resp.StatusCode, body)
	}
	other := store.Office{ID: newID(), Name: "Urząd Gminy Inna", TERYT: "1099022"}
	if err := r.Store().CreateOffice(ctx, other); err != nil {
		t.Fatal(err)
	}
	if resp, _ := get("/board/"+other.ID+"/calls", key); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("one office's key opened another's board: %d", resp.StatusCode)
	}
	resp, page := get("/board/"+r.OfficeID, "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "connect-src 'self'") ||
		!strings.Contains(page, "12vw") || strings.Contains(page, "A001") {
		t.Fatalf("page: %d %q", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}
	if resp, _ := get("/board/"+newID(), ""); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("page of no office: %d", resp.StatusCode)
	}
}
