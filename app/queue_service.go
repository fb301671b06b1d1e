package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/app/pdf"
	"okienko/app/queue"
	"okienko/db"
	"okienko/sync/client"
	"okienko/sync/protocol"
)

// This computer's counter, kept in its own settings (device_meta): a
// counter is a desk of the hall, not an office-wide row.
const (
	settingCounterName   = "queue.counter"
	settingCounterGroups = "queue.counterGroups" // group codes, comma-separated
	settingRemoteCurrent = "queue.remoteCurrent" // the registry's ticket this counter called, JSON
	// DefaultCounterName is the counter's name until someone sets it.
	DefaultCounterName = "Stanowisko 1"
	maxCounterName     = 40
	maxKnownTickets    = 200
	reportBatch        = 200
)

// QueueService is the hall's queue at a counter (Kolejka): it issues and
// prints tickets, calls the next one (priority service first: Gostynin
// 2a/2b, Piotrków §5.1), records what became of it and the times, and
// warns the head when the longest wait passes the office's threshold
// (Gostynin 26). The queue lives at the registry when the device has one
// (shared by the hall's counters); a standalone office, or a counter that
// cannot reach its registry, keeps it in its own store.
type QueueService struct {
	c *Core
	// printer prints a ticket the moment it is issued, on the receipt
	// printer chosen in Ustawienia; nil (tests) shows it in the viewer.
	printer *PrintService
	// remoteOf gives the registry's queue, nil when there is none.
	remoteOf func() queueRemote
	// hook, set by tests, runs inside a local issue's transaction.
	hook func()

	mu     sync.Mutex
	online bool                            // the registry answered the last queue call
	known  map[string]protocol.QueueTicket // the registry's tickets seen here, to print again
}

// NewQueueService binds the service to the core and to the printers
// chosen for this computer (nil: tickets show in the viewer).
func NewQueueService(c *Core, p *PrintService) *QueueService {
	return &QueueService{c: c, printer: p, remoteOf: func() queueRemote { return registryQueue(c) }, known: map[string]protocol.QueueTicket{}}
}

func (s *QueueService) remote() queueRemote {
	if s.remoteOf == nil {
		return nil
	}
	return s.remoteOf()
}

// local is this device's queue: offline when it belongs to a registry.
func (s *QueueService) local(shared bool, cn QueueCounter) localQueue {
	return localQueue{st: s.c.Store, officeID: s.c.officeID, offline: shared, prefix: cn.Prefix, hook: s.hook}
}

// unreachable reports whether err means the registry's queue cannot be
// used now: it does not answer, or it has no queue (an older registry).
func unreachable(err error) bool {
	return errors.Is(err, client.ErrOffline) || errors.Is(err, client.ErrUnsupported) || errors.Is(err, context.DeadlineExceeded)
}

func (s *QueueService) setOnline(v bool) {
	s.mu.Lock()
	s.online = v
	s.mu.Unlock()
}

func (s *QueueService) remember(t protocol.QueueTicket) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.known) >= maxKnownTickets {
		clear(s.known) // a day's tickets to print again are the last few
	}
	s.known[t.ID] = t
}

// groups are the office's matter groups (setting queue.groups); a value
// that cannot be read is logged and the default groups stand.
func (s *QueueService) groups(ctx context.Context) []queue.Group {
	v, err := s.c.Store.Setting(ctx, s.c.officeID, queue.SettingGroups)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		s.c.Log.Warn("queue groups setting", "err", err)
	}
	gs, err := queue.ParseGroups(v)
	if err != nil {
		s.c.Log.Warn("queue groups setting unreadable, default groups used", "err", err)
		return queue.DefaultGroups()
	}
	return gs
}

func (s *QueueService) maxWait(ctx context.Context) int {
	v, err := s.c.Store.Setting(ctx, s.c.officeID, queue.SettingMaxWait)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		s.c.Log.Warn("queue max wait setting", "err", err)
	}
	n, err := queue.ParseMaxWait(v)
	if err != nil {
		s.c.Log.Warn("queue max wait setting unreadable, default used", "err", err)
	}
	return n
}

// counter is this computer's counter; all groups until someone chooses.
func (s *QueueService) counter(ctx context.Context, gs []queue.Group) QueueCounter {
	name, _ := s.c.Store.LocalSetting(ctx, settingCounterName)
	if name == "" {
		name = DefaultCounterName
	}
	raw, _ := s.c.Store.LocalSetting(ctx, settingCounterGroups)
	var codes []string
	for _, c := range strings.Split(raw, ",") {
		if c != "" && slices.ContainsFunc(gs, func(g queue.Group) bool { return g.Code == c }) {
			codes = append(codes, c)
		}
	}
	if len(codes) == 0 {
		for _, g := range gs {
			codes = append(codes, g.Code)
		}
	}
	return QueueCounter{Name: name, Groups: codes, Prefix: queue.CounterPrefix(name)}
}

func findGroup(gs []queue.Group, code string) (queue.Group, bool) {
	i := slices.IndexFunc(gs, func(g queue.Group) bool { return g.Code == code })
	if i < 0 {
		return queue.Group{}, false
	}
	return gs[i], true
}

// Issue takes a ticket for a group, with priority service when the client
// asks for it (one choice, no reason asked or kept: RODO art. 9), and
// prints it at once on the receipt printer chosen in Ustawienia (the
// viewer shows it only when no printer is chosen). A ticket that did not
// print stands: PrintError says why and PrintTicket tries again.
func (s *QueueService) Issue(group string, priority bool) (QueueIssued, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return QueueIssued{}, err
	}
	gs := s.groups(ctx)
	g, ok := findGroup(gs, group)
	if !ok {
		return QueueIssued{}, i18n.E("queue.noGroup", fmt.Errorf("app: queue: group %q", group))
	}
	cn := s.counter(ctx, gs)
	t, err := s.issue(ctx, cn, g.Code, priority)
	if err != nil {
		return QueueIssued{}, err
	}
	out := QueueIssued{Ticket: s.view(t, gs)}
	if !s.c.NoAutoPrint {
		s.printOut(ctx, st.ID, &out, t, gs, cn, pdf.PaperThermal80)
	}
	return out, nil
}

func (s *QueueService) issue(ctx context.Context, cn QueueCounter, group string, priority bool) (protocol.QueueTicket, error) {
	id := db.NewID()
	shared := enrolled(ctx, s.c.Store)
	if r := s.remote(); shared && r != nil {
		t, err := remoteQueue{r}.Issue(ctx, id, group, priority)
		if err == nil {
			s.setOnline(true)
			s.remember(t)
			s.c.Events.Emit(EventQueue, "issued")
			return t, nil
		}
		if !unreachable(err) {
			return protocol.QueueTicket{}, s.remoteError(err, "")
		}
		s.setOnline(false)
		// The same id: if the registry did take it and the answer was
		// lost, the report later names the same ticket.
		s.c.Log.Info("queue: registry unreachable, ticket issued offline", "err", err)
	}
	t, err := s.local(shared, cn).Issue(ctx, id, group, priority)
	if err != nil {
		return protocol.QueueTicket{}, s.c.internal("issue ticket", err)
	}
	return t, nil
}

// CallNext calls the next ticket for this counter: first its own tickets
// issued while the registry could not be reached (their holders wait for
// this counter), then the shared queue's. The counter finishes the ticket
// it called before it calls another.
func (s *QueueService) CallNext() (QueueStateView, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return QueueStateView{}, err
	}
	gs := s.groups(ctx)
	cn := s.counter(ctx, gs)
	shared := enrolled(ctx, s.c.Store)
	if cur, ok := s.current(ctx, cn, shared); ok {
		return QueueStateView{}, i18n.E("queue.markCurrentFirst", fmt.Errorf("app: queue: %s still called", cur.ID), "label", cur.Label)
	}
	t, err := s.local(shared, cn).CallNext(ctx, cn.Name, cn.Groups)
	if err != nil {
		return QueueStateView{}, s.c.internal("call ticket", err)
	}
	if r := s.remote(); t == nil && shared && r != nil {
		t, err = remoteQueue{r}.CallNext(ctx, cn.Name, cn.Groups)
		switch {
		case unreachable(err):
			s.setOnline(false)
		case err != nil:
			return QueueStateView{}, s.remoteError(err, "")
		case t != nil:
			s.setOnline(true)
			s.remember(*t)
			if err := s.setRemoteCurrent(ctx, t); err != nil {
				return QueueStateView{}, s.c.internal("keep called ticket", err)
			}
			s.c.Events.Emit(EventQueue, "called")
		default:
			s.setOnline(true)
		}
	}
	return s.state(ctx, st, gs, cn, shared), nil
}

// setRemoteCurrent keeps the registry's ticket this counter called, so a
// restart still shows it (nil forgets it).
func (s *QueueService) setRemoteCurrent(ctx context.Context, t *protocol.QueueTicket) error {
	v := ""
	if t != nil {
		b, err := json.Marshal(t)
		if err != nil {
			return err
		}
		v = string(b)
	}
	return s.c.Store.InTx(ctx, func(tx *db.Tx) error { return tx.SetLocalSetting(ctx, settingRemoteCurrent, v) })
}

// current is the ticket this counter called and has not marked.
func (s *QueueService) current(ctx context.Context, cn QueueCounter, shared bool) (protocol.QueueTicket, bool) {
	day := s.c.Store.OfficeClock().Today().Format(time.DateOnly)
	if k, err := s.c.Store.QueueCurrent(ctx, s.c.officeID, day, cn.Name); err == nil {
		return wireTicket(k), true
	}
	if !shared {
		return protocol.QueueTicket{}, false
	}
	raw, _ := s.c.Store.LocalSetting(ctx, settingRemoteCurrent)
	var t protocol.QueueTicket
	if raw == "" || json.Unmarshal([]byte(raw), &t) != nil || t.Day != day {
		return protocol.QueueTicket{}, false
	}
	return t, true
}

// Mark records what became of a called ticket: served (with the case
// registered for it, if any), absent, or sent to another counter.
func (s *QueueService) Mark(ticketID, status, caseID, toCounter string) (QueueStateView, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return QueueStateView{}, err
	}
	gs := s.groups(ctx)
	cn := s.counter(ctx, gs)
	shared := enrolled(ctx, s.c.Store)
	if !queue.CanMark(queue.StatusCalled, status) {
		return QueueStateView{}, i18n.E("queue.badStatus", fmt.Errorf("app: queue: mark %q", status))
	}
	counter := cn.Name
	if status == queue.StatusTransferred {
		counter = strings.TrimSpace(toCounter)
		if counter == "" || counter == cn.Name || utf8.RuneCountInString(counter) > maxCounterName {
			return QueueStateView{}, i18n.E("queue.transferTo", fmt.Errorf("app: queue: transfer to %q", toCounter))
		}
	}
	if caseID != "" {
		if _, err := s.c.Store.Case(ctx, caseID); err != nil {
			return QueueStateView{}, i18n.E("queue.caseUnknown", fmt.Errorf("app: queue: case for ticket: %w", err))
		}
	}
	if k, err := s.c.Store.QueueTicket(ctx, ticketID); err == nil {
		_, err := s.local(shared, cn).Mark(ctx, ticketID, status, caseID, counter)
		if errors.Is(err, db.ErrTicketTaken) {
			return QueueStateView{}, i18n.E("queue.taken", err, "label", k.Label)
		}
		if err != nil {
			return QueueStateView{}, s.c.internal("mark ticket", err)
		}
		return s.state(ctx, st, gs, cn, shared), nil
	} else if !errors.Is(err, db.ErrNotFound) {
		return QueueStateView{}, s.c.internal("load ticket", err)
	}
	cur, ok := s.current(ctx, cn, shared)
	r := s.remote()
	if !ok || cur.ID != ticketID || r == nil {
		return QueueStateView{}, i18n.E("queue.notFound", fmt.Errorf("app: queue: mark unknown ticket %s", ticketID))
	}
	t, err := remoteQueue{r}.Mark(ctx, ticketID, status, caseID, counter)
	if unreachable(err) {
		s.setOnline(false)
		return QueueStateView{}, i18n.E("queue.markOffline", err, "label", cur.Label)
	}
	if err != nil {
		return QueueStateView{}, s.remoteError(err, cur.Label)
	}
	s.setOnline(true)
	s.remember(t)
	if err := s.setRemoteCurrent(ctx, nil); err != nil {
		return QueueStateView{}, s.c.internal("forget called ticket", err)
	}
	s.c.Events.Emit(EventQueue, "marked")
	return s.state(ctx, st, gs, cn, shared), nil
}

// remoteError says what a refusal of the registry's queue means: for a
// mark (label given), a ticket another counter called or finished first
// (nothing is lost); else a refusal the office's IT is to look at.
func (s *QueueService) remoteError(err error, label string) error {
	if errors.Is(err, client.ErrRefused) && label != "" {
		return i18n.E("queue.taken", err, "label", label)
	}
	if errors.Is(err, client.ErrUnauthorized) {
		return i18n.E("sync.revoked", err)
	}
	s.c.Log.Error("queue: registry refused", "err", err)
	return i18n.E("queue.registryRefused", err)
}

// State returns the queue screen: waiting per group, the longest wait
// (and the head's warning), this counter and its current ticket.
func (s *QueueService) State() (QueueStateView, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return QueueStateView{}, err
	}
	gs := s.groups(ctx)
	return s.state(ctx, st, gs, s.counter(ctx, gs), enrolled(ctx, s.c.Store)), nil
}

// SetCounter names this computer's counter and the groups it serves.
func (s *QueueService) SetCounter(name string, groups []string) (QueueStateView, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return QueueStateView{}, err
	}
	name = strings.Join(strings.Fields(name), " ")
	if n := utf8.RuneCountInString(name); n == 0 || n > maxCounterName || len(pdf.Unprintable(name)) > 0 || strings.Contains(name, ",") {
		return QueueStateView{}, i18n.E("queue.counterName", fmt.Errorf("app: queue: counter name of %d characters", n), "max", fmt.Sprint(maxCounterName))
	}
	gs := s.groups(ctx)
	var codes []string
	for _, c := range groups {
		if _, ok := findGroup(gs, c); ok && !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	if len(codes) == 0 || len(codes) != len(groups) {
		return QueueStateView{}, i18n.E("queue.counterGroups", fmt.Errorf("app: queue: counter groups %v", groups))
	}
	err = s.c.Store.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.SetLocalSetting(ctx, settingCounterName, name); err != nil {
			return err
		}
		tx.Emit(EventQueue, "counter")
		return tx.SetLocalSetting(ctx, settingCounterGroups, strings.Join(codes, ","))
	})
	if err != nil {
		return QueueStateView{}, s.c.internal("save counter", err)
	}
	return s.state(ctx, st, gs, s.counter(ctx, gs), enrolled(ctx, s.c.Store)), nil
}

// state builds the screen from the queue that serves this counter now.
func (s *QueueService) state(ctx context.Context, st office.Staff, gs []queue.Group, cn QueueCounter, shared bool) QueueStateView {
	now := s.c.Now()
	local := s.local(shared, cn)
	qs, err := local.State(ctx)
	if err != nil {
		s.c.Log.Error("queue state", "err", err)
	}
	out := QueueStateView{Counter: cn, Shared: shared, Day: qs.Day}
	if shared {
		out.OfflineWaiting, _ = s.c.Store.QueueOpenOffline(ctx, s.c.officeID, qs.Day)
		if r := s.remote(); r != nil {
			rs, err := r.QueueState(ctx)
			switch {
			case err == nil:
				s.setOnline(true)
				out.Online = true
				qs = mergeStates(rs, qs)
				s.report(ctx, r)
			case unreachable(err):
				s.setOnline(false)
			default:
				s.c.Log.Warn("queue state at the registry", "err", err)
			}
		}
	}
	waiting := map[string]protocol.QueueGroupState{}
	for _, g := range qs.Groups {
		waiting[g.Group] = g
	}
	out.Groups = make([]QueueGroupView, len(gs))
	for i, g := range gs {
		w := waiting[g.Code]
		out.Groups[i] = QueueGroupView{Code: g.Code, Name: g.NameIn(s.c.Locale()), Waiting: w.Waiting, Priority: w.Priority, Serves: slices.Contains(cn.Groups, g.Code)}
		out.Waiting += w.Waiting
	}
	out.LongestWaitMin, out.MaxWaitMin = qs.LongestWaitMin, s.maxWait(ctx)
	out.Warn = (st.Role == office.RoleHead || st.Role == office.RoleAdmin) &&
		queue.WaitWarning(time.Duration(out.LongestWaitMin)*time.Minute, out.MaxWaitMin)
	if cur, ok := s.current(ctx, cn, shared); ok {
		v := s.viewAt(cur, gs, now)
		out.Current = &v
	}
	out.Calls = []QueueCallView{}
	for _, c := range qs.Board.Calls {
		if len(out.Calls) == 8 {
			break
		}
		out.Calls = append(out.Calls, QueueCallView{Label: c.Label, Counter: c.Counter, At: s.clock(c.At)})
	}
	return out
}

// mergeStates adds this counter's own offline tickets to the registry's.
func mergeStates(r, l protocol.QueueState) protocol.QueueState {
	for _, g := range l.Groups {
		i := slices.IndexFunc(r.Groups, func(x protocol.QueueGroupState) bool { return x.Group == g.Group })
		if i < 0 {
			r.Groups = append(r.Groups, g)
			continue
		}
		r.Groups[i].Waiting += g.Waiting
		r.Groups[i].Priority += g.Priority
	}
	r.LongestWaitMin = max(r.LongestWaitMin, l.LongestWaitMin)
	return r
}

// report hands the registry the tickets this device issued and finished
// while it could not reach it, for the reports; each is marked reported
// once the registry has taken the batch, so a lost answer sends it again
// (the registry takes a ticket id once).
func (s *QueueService) report(ctx context.Context, r queueRemote) {
	ks, err := s.c.Store.QueueUnreported(ctx, reportBatch)
	if err != nil || len(ks) == 0 {
		return
	}
	req := protocol.QueueReportRequest{Tickets: make([]protocol.QueueTicket, len(ks))}
	for i, k := range ks {
		req.Tickets[i] = wireTicket(k)
		req.Tickets[i].DeviceID = s.c.Store.DeviceID()
	}
	if _, err := r.ReportTickets(ctx, req); err != nil {
		s.c.Log.Warn("queue: report offline tickets", "count", len(ks), "err", err)
		return
	}
	err = s.c.Store.InTx(ctx, func(tx *db.Tx) error {
		for _, k := range ks {
			if err := tx.QueueReported(ctx, k.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.c.Log.Error("queue: record reported tickets", "err", err)
	}
}

// clock writes an RFC 3339 instant as the office's time of day.
func (s *QueueService) clock(at string) string {
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return ""
	}
	return t.In(s.c.Store.OfficeClock().Location()).Format("15:04")
}

func (s *QueueService) view(t protocol.QueueTicket, gs []queue.Group) QueueTicketView {
	return s.viewAt(t, gs, s.c.Now())
}

func (s *QueueService) viewAt(t protocol.QueueTicket, gs []queue.Group, now time.Time) QueueTicketView {
	name := t.Group
	if g, ok := findGroup(gs, t.Group); ok {
		name = g.NameIn(s.c.Locale())
	}
	v := QueueTicketView{ID: t.ID, Label: t.Label, Group: t.Group, GroupName: name, Number: t.Number, Priority: t.Priority,
		Status: t.Status, Counter: t.Counter, IssuedAt: s.clock(t.IssuedAt), Ahead: t.Ahead, Offline: t.Offline, CaseID: t.CaseID}
	issued, err1 := time.Parse(time.RFC3339Nano, t.IssuedAt)
	called, err2 := time.Parse(time.RFC3339Nano, t.CalledAt)
	if err1 == nil {
		k := queue.Ticket{IssuedAt: issued}
		if err2 == nil {
			k.CalledAt = called
		}
		v.WaitMin = queue.Minutes(queue.Wait(k, now))
	}
	return v
}
