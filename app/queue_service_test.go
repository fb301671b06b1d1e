package app

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"okienko/app/queue"
	"okienko/db"
	"okienko/sync/client"
	"okienko/sync/protocol"
)

func newQueueEnv(t testing.TB, login string) (*env, *QueueService) {
	t.Helper()
	e := newEnv(t)
	e.signIn(t, login)
	return e, NewQueueService(e.core, nil)
}

func mustIssue(t testing.TB, e *env, s *QueueService, group string, priority bool) QueueTicketView {
	t.Helper()
	e.clock.Add(time.Minute)
	out, err := s.Issue(group, priority)
	if err != nil {
		t.Fatalf("issue %s: %v", group, err)
	}
	return out.Ticket
}

func currentLabel(v QueueStateView) string {
	if v.Current == nil {
		return ""
	}
	return v.Current.Label
}

// TestQueuePriorityCalledFirst: two ordinary tickets, then a priority
// one; the counter calls the priority one, then the earliest ordinary.
func TestQueuePriorityCalledFirst(t *testing.T) {
	e, s := newQueueEnv(t, "jnowak")
	a1 := mustIssue(t, e, s, "A", false)
	a2 := mustIssue(t, e, s, "A", false)
	p := mustIssue(t, e, s, "A", true)
	if a1.Label != "A001" || a2.Label != "A002" || p.Label != "A003" {
		t.Fatalf("labels %s %s %s", a1.Label, a2.Label, p.Label)
	}
	if a1.Ahead != 0 || a2.Ahead != 1 || p.Ahead != 0 {
		t.Errorf("ahead %d %d %d, want 0 1 0", a1.Ahead, a2.Ahead, p.Ahead)
	}
	if b := mustIssue(t, e, s, "B", false); b.Label != "B001" {
		t.Errorf("group B numbers apart: %s", b.Label)
	}
	if openedCount(e.opener) != 4 {
		t.Errorf("printed %d tickets, want 4", openedCount(e.opener))
	}

	v, err := s.CallNext()
	if err != nil {
		t.Fatal(err)
	}
	if currentLabel(v) != "A003" || !v.Current.Priority {
		t.Fatalf("called %q, want the priority A003", currentLabel(v))
	}
	if _, err := s.CallNext(); keyOf(t, err) != "queue.markCurrentFirst" {
		t.Fatalf("second call before marking: %v", err)
	}
	e.clock.Add(4 * time.Minute)
	e.signIn(t, "jnowak") // the screen may have locked meanwhile
	if v, err = s.Mark(p.ID, queue.StatusServed, "", ""); err != nil {
		t.Fatal(err)
	}
	if v.Current != nil {
		t.Fatalf("current after marking: %+v", v.Current)
	}
	v, err = s.CallNext()
	if err != nil || currentLabel(v) != "A001" {
		t.Fatalf("next = %q, %v; want A001", currentLabel(v), err)
	}
	// Marked twice: the second is refused in words, the first stands.
	if _, err := s.Mark(a1.ID, queue.StatusAbsent, "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Mark(a1.ID, queue.StatusServed, "", ""); keyOf(t, err) != "queue.taken" {
		t.Fatalf("mark again: %v", err)
	}
	ctx := context.Background()
	k, err := e.store.QueueTicket(ctx, a1.ID)
	if err != nil || k.Status != queue.StatusAbsent {
		t.Fatalf("A001 = %+v, %v", k, err)
	}
	served, _ := e.store.QueueTicket(ctx, p.ID)
	if w := queue.Wait(served.Ticket, e.core.Now()); w != time.Minute {
		t.Errorf("priority ticket waited %v, want 1m", w)
	}
	if d := queue.Service(served.Ticket); d != 4*time.Minute {
		t.Errorf("service %v, want 4m", d)
	}
	st, err := s.State()
	if err != nil {
		t.Fatal(err)
	}
	if st.Waiting != 2 || st.Groups[0].Waiting != 1 || st.Groups[1].Waiting != 1 {
		t.Errorf("waiting %d, groups %+v", st.Waiting, st.Groups)
	}
}

func TestQueueBadInput(t *testing.T) {
	e, s := newQueueEnv(t, "jnowak")
	if _, err := s.Issue("Z", false); keyOf(t, err) != "queue.noGroup" {
		t.Errorf("unknown group: %v", err)
	}
	a := mustIssue(t, e, s, "A", false)
	if _, err := s.Mark(a.ID, queue.StatusServed, "", ""); keyOf(t, err) != "queue.taken" {
		t.Errorf("mark of a waiting ticket: %v", err)
	}
	if _, err := s.Mark(a.ID, "waiting", "", ""); keyOf(t, err) != "queue.badStatus" {
		t.Errorf("bad status: %v", err)
	}
	if _, err := s.Mark(a.ID, queue.StatusServed, "no-such-case", ""); keyOf(t, err) != "queue.caseUnknown" {
		t.Errorf("unknown case: %v", err)
	}
	if _, err := s.Mark(a.ID, queue.StatusTransferred, "", ""); keyOf(t, err) != "queue.transferTo" {
		t.Errorf("transfer nowhere: %v", err)
	}
	if _, err := s.SetCounter("  ", []string{"A"}); keyOf(t, err) != "queue.counterName" {
		t.Errorf("empty name: %v", err)
	}
	if _, err := s.SetCounter("Stanowisko 2", nil); keyOf(t, err) != "queue.counterGroups" {
		t.Errorf("no groups: %v", err)
	}
	if _, err := s.SetCounter("Stanowisko 2", []string{"A", "Q"}); keyOf(t, err) != "queue.counterGroups" {
		t.Errorf("unknown group: %v", err)
	}
	if _, err := s.PrintTicket(a.ID, "letter"); keyOf(t, err) != "queue.badPaper" {
		t.Errorf("bad paper: %v", err)
	}
	if _, err := s.PrintTicket("nope", "a4"); keyOf(t, err) != "queue.notFound" {
		t.Errorf("unknown ticket: %v", err)
	}
	p, err := s.PrintTicket(a.ID, "a4")
	if err != nil || !strings.HasSuffix(p.Printout.Path, "A001-a4.pdf.okef") {
		t.Errorf("a4 = %+v, %v", p, err)
	}
}

// TestQueueCounterGroupsAndTransfer: a counter calls only its groups; a
// ticket sent on waits for the counter it was sent to, whatever its group.
func TestQueueCounterGroupsAndTransfer(t *testing.T) {
	e, s := newQueueEnv(t, "jnowak")
	if _, err := s.SetCounter("Stanowisko 2", []string{"B"}); err != nil {
		t.Fatal(err)
	}
	mustIssue(t, e, s, "A", true)
	if v, err := s.CallNext(); err != nil || v.Current != nil {
		t.Fatalf("counter of B called %q, %v", currentLabel(v), err)
	}
	b := mustIssue(t, e, s, "B", false)
	if v, _ := s.CallNext(); currentLabel(v) != "B001" {
		t.Fatalf("called %q", currentLabel(v))
	}
	if _, err := s.Mark(b.ID, queue.StatusTransferred, "", "Stanowisko 3"); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.CallNext(); v.Current != nil {
		t.Fatalf("the sender called %q again", currentLabel(v))
	}
	if _, err := s.SetCounter("Stanowisko 3", []string{"C"}); err != nil {
		t.Fatal(err)
	}
	v, err := s.CallNext()
	if err != nil || currentLabel(v) != "B001" {
		t.Fatalf("Stanowisko 3 called %q, %v", currentLabel(v), err)
	}
}

// TestQueueIssueDiesMidway: a process dying after the ticket's row was
// written, before the commit, leaves no ticket and no used number.
func TestQueueIssueDiesMidway(t *testing.T) {
	e, s := newQueueEnv(t, "jnowak")
	s.hook = func() { panic("killed") }
	func() {
		defer func() { _ = recover() }()
		_, _ = s.Issue("A", false)
	}()
	s.hook = nil
	ctx := context.Background()
	open, err := e.store.QueueOpen(ctx, e.core.OfficeID(), e.core.Today().Format(time.DateOnly))
	if err != nil || len(open) != 0 {
		t.Fatalf("after the crash: %d tickets, %v", len(open), err)
	}
	if a := mustIssue(t, e, s, "A", false); a.Label != "A001" {
		t.Fatalf("after the crash the first ticket is %s", a.Label)
	}
}

// TestQueueConcurrentCalls: counters calling at once never take the same
// ticket.
func TestQueueConcurrentCalls(t *testing.T) {
	e, s := newQueueEnv(t, "jnowak")
	for range 20 {
		if _, err := s.Issue("A", false); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	lq := localQueue{st: e.store, officeID: e.core.OfficeID()}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for c := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				k, err := lq.CallNext(ctx, fmt.Sprint("S", c), []string{"A"})
				if err != nil || k == nil {
					t.Errorf("call: %v, %v", k, err)
					return
				}
				mu.Lock()
				seen[k.ID]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != 20 {
		t.Fatalf("%d distinct tickets called, want 20", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("ticket %s called %d times", id, n)
		}
	}
}

// TestQueueWaitWarning: the head is warned when the longest wait passes
// the office's threshold; a clerk is not.
func TestQueueWaitWarning(t *testing.T) {
	e, s := newQueueEnv(t, "kzielinska")
	ctx := context.Background()
	err := e.store.InTx(ctx, func(tx *db.Tx) error {
		return tx.SetSetting(ctx, e.core.OfficeID(), queue.SettingMaxWait, "10")
	})
	if err != nil {
		t.Fatal(err)
	}
	mustIssue(t, e, s, "C", false)
	e.clock.Add(10 * time.Minute)
	e.signIn(t, "kzielinska") // the screen locked meanwhile
	if v, _ := s.State(); v.Warn || v.LongestWaitMin != 10 || v.MaxWaitMin != 10 {
		t.Fatalf("at 10 min: warn %v, longest %d, max %d", v.Warn, v.LongestWaitMin, v.MaxWaitMin)
	}
	e.clock.Add(time.Minute)
	if v, err := s.State(); !v.Warn {
		t.Log(err)
		t.Fatal("head not warned at 11 min")
	}
	head, _, _ := e.store.Credentials(ctx, "kzielinska")
	items, err := NewQueueToday(s).TodayItems(ctx, head.ID, e.core.Today().Format(time.DateOnly), e.core.Now())
	if err != nil || len(items) != 1 || !items[0].Overdue || items[0].Args["count"] != "1" || items[0].Args["minutes"] != "11" {
		t.Fatalf("today items %+v, %v", items, err)
	}
	e.signIn(t, "jnowak")
	if v, _ := s.State(); v.Warn {
		t.Fatal("a clerk was warned")
	}
}

// TestQueuePrintoutText reads the printed ticket back.
func TestQueuePrintoutText(t *testing.T) {
	e, s := newQueueEnv(t, "jnowak")
	mustIssue(t, e, s, "A", false)
	out, err := s.Issue("A", true)
	if err != nil || out.PrintError != "" {
		t.Fatalf("issue: %v %q", err, out.PrintError)
	}
	txt := pdfText(t, out.Printout.Path)
	for _, want := range []string{"A002", "Meldunki i dowody osobiste", "W kolejce przed tym biletem nikt nie czeka.", "Obsługa w pierwszej kolejności.", "Bilet pobrano 23.11.2026 r. o godz. 10:01."} {
		if !strings.Contains(txt, want) {
			t.Errorf("%q missing from the ticket:\n%s", want, txt)
		}
	}
}

// fakeRemote stands in for the registry's queue: the sync client's queue
// methods are not on this branch yet (they come with the registry's side).
type fakeRemote struct {
	mu       sync.Mutex
	offline  bool
	refuse   bool
	tickets  []protocol.QueueTicket
	reported []protocol.QueueTicket
}

func (f *fakeRemote) fail() error {
	if f.offline {
		return client.ErrOffline
	}
	if f.refuse {
		return client.ErrRefused
	}
	return nil
}

func (f *fakeRemote) IssueTicket(_ context.Context, r protocol.QueueIssueRequest) (protocol.QueueTicket, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail(); err != nil {
		return protocol.QueueTicket{}, err
	}
	n := len(f.tickets) + 1
	t := protocol.QueueTicket{ID: r.ID, Day: "2026-11-23", Group: r.Group, Number: n, Label: queue.Label(r.Group, n), Priority: r.Priority,
		Status: protocol.TicketWaiting, IssuedAt: time.Date(2026, 11, 23, 8, n, 0, 0, time.UTC).Format(time.RFC3339)}
	f.tickets = append(f.tickets, t)
	return t, nil
}

func (f *fakeRemote) CallNext(_ context.Context, r protocol.QueueCallRequest) (protocol.QueueCallResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail(); err != nil {
		return protocol.QueueCallResponse{}, err
	}
	for i := range f.tickets {
		if f.tickets[i].Status == protocol.TicketWaiting {
			f.tickets[i].Status, f.tickets[i].Counter = protocol.TicketCalled, r.Counter
			t := f.tickets[i]
			return protocol.QueueCallResponse{Ticket: &t}, nil
		}
	}
	return protocol.QueueCallResponse{}, nil
}

func (f *fakeRemote) MarkTicket(_ context.Context, r protocol.QueueMarkRequest) (protocol.QueueTicket, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail(); err != nil {
		return protocol.QueueTicket{}, err
	}
	for i := range f.tickets {
		if f.tickets[i].ID == r.TicketID {
			f.tickets[i].Status = r.Status
			return f.tickets[i], nil
		}
	}
	return protocol.QueueTicket{}, client.ErrRefused
}

func (f *fakeRemote) ReportTickets(_ context.Context, r protocol.QueueReportRequest) (protocol.QueueReportResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail(); err != nil {
		return protocol.QueueReportResponse{}, err
	}
	f.reported = append(f.reported, r.Tickets...)
	return protocol.QueueReportResponse{Accepted: len(r.Tickets)}, nil
}

func (f *fakeRemote) QueueState(context.Context) (protocol.QueueState, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail(); err != nil {
		return protocol.QueueState{}, err
	}
	st := protocol.QueueState{Day: "2026-11-23"}
	for _, t := range f.tickets {
		if t.Status == protocol.TicketWaiting {
			st.Groups = append(st.Groups, protocol.QueueGroupState{Group: t.Group, Waiting: 1})
		}
	}
	return st, nil
}

func (f *fakeRemote) set(offline, refuse bool) {
	f.mu.Lock()
	f.offline, f.refuse = offline, refuse
	f.mu.Unlock()
}

// TestQueueRemoteAndOffline: a device of a registry uses the shared
// queue; cut off, it issues its own tickets, labelled apart, serves them
// first, and reports them once the registry answers again.
func TestQueueRemoteAndOffline(t *testing.T) {
	e, s := newQueueEnv(t, "jnowak")
	ctx := context.Background()
	if err := e.store.InTx(ctx, func(tx *db.Tx) error {
		return tx.Enroll(ctx, "http://127.0.0.1:1", "token", e.core.OfficeID())
	}); err != nil {
		t.Fatal(err)
	}
	f := &fakeRemote{}
	s.remoteOf = func() queueRemote { return f }

	r1 := mustIssue(t, e, s, "A", false)
	if r1.Label != "A001" || r1.Offline {
		t.Fatalf("online ticket %+v", r1)
	}
	f.set(true, false)
	off := mustIssue(t, e, s, "A", false)
	if off.Label != "1L-A001" || !off.Offline {
		t.Fatalf("offline ticket %+v", off)
	}
	if v, _ := s.State(); v.Online || v.OfflineWaiting != 1 {
		t.Fatalf("offline state: online %v, own waiting %d", v.Online, v.OfflineWaiting)
	}
	v, err := s.CallNext()
	if err != nil || currentLabel(v) != "1L-A001" {
		t.Fatalf("offline call %q, %v", currentLabel(v), err)
	}
	if _, err := s.Mark(off.ID, queue.StatusServed, "", ""); err != nil {
		t.Fatal(err)
	}
	f.set(false, false)
	v, err = s.CallNext() // the registry again: its own ticket, and the report
	if err != nil || currentLabel(v) != "A001" || !v.Online {
		t.Fatalf("online call %q, %v", currentLabel(v), err)
	}
	if len(f.reported) != 1 || f.reported[0].Label != "1L-A001" || f.reported[0].Status != queue.StatusServed || f.reported[0].DeviceID == "" {
		t.Fatalf("reported %+v", f.reported)
	}
	if left, _ := e.store.QueueUnreported(ctx, 10); len(left) != 0 {
		t.Fatalf("%d still unreported", len(left))
	}
	// Restarted: the called ticket is still this counter's.
	s2 := NewQueueService(e.core, nil)
	s2.remoteOf = s.remoteOf
	if v, _ := s2.State(); currentLabel(v) != "A001" {
		t.Fatalf("after restart current %q", currentLabel(v))
	}
	f.set(true, false)
	if _, err := s2.Mark(r1.ID, queue.StatusServed, "", ""); keyOf(t, err) != "queue.markOffline" {
		t.Fatalf("mark while offline: %v", err)
	}
	if v, _ := s2.State(); currentLabel(v) != "A001" {
		t.Fatal("the called ticket was lost by a failed mark")
	}
	f.set(false, true)
	if _, err := s2.Issue("B", false); keyOf(t, err) != "queue.registryRefused" {
		t.Fatalf("issue the registry refused: %v", err)
	}
	if _, err := s2.Mark(r1.ID, queue.StatusServed, "", ""); keyOf(t, err) != "queue.taken" {
		t.Fatalf("mark another counter finished: %v", err)
	}
	f.set(false, false)
	if _, err := s2.Mark(r1.ID, queue.StatusServed, "", ""); err != nil {
		t.Fatal(err)
	}
	if v, _ := s2.State(); v.Current != nil {
		t.Fatal("current after marking at the registry")
	}
	if p, err := s.PrintTicket(r1.ID, "80mm"); err != nil || p.Printout.Path == "" {
		t.Fatalf("print a registry ticket again: %v", err)
	}
}

func openedCount(o *NoOpener) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.Opened)
}

// TestQueueTicketLinksCase: a ticket marked served keeps the case
// registered for it.
func TestQueueTicketLinksCase(t *testing.T) {
	e, s := newQueueEnv(t, "jnowak")
	ctx := context.Background()
	st, _, _ := e.store.Credentials(ctx, "jnowak")
	in := filledDraft(t, e, "zaswiadczenie o zameldowaniu")
	if _, err := NewIntakeService(e.core).SaveDraft(in); err != nil {
		t.Fatal(err)
	}
	res, _, err := e.core.register(ctx, st, in.ID, "")
	if err != nil || !res.OK {
		t.Fatal(res, err)
	}
	a := mustIssue(t, e, s, "A", false)
	if _, err := s.CallNext(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Mark(a.ID, queue.StatusServed, res.CaseID, ""); err != nil {
		t.Fatal(err)
	}
	k, err := e.store.QueueTicket(ctx, a.ID)
	if err != nil || k.CaseID != res.CaseID || k.Status != queue.StatusServed {
		t.Fatalf("ticket %+v, %v", k, err)
	}
}
