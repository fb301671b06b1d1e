package report

import "slices"

// Counted inputs: the same sections from counts the store grouped (GROUP
// BY in SQL), so a yearly report reads hundreds of rows, not every case
// and ticket of the year (issue 14: ≤ 1 s on the device, ≤ 2 s at the
// registry). Each count carries its unit, so the scope is applied here.
// These are the only place each section's figures are computed: the
// sections from single records (Queue, Cases, …) count their records into
// these types and call them.

// TicketCount is how many of the period's tickets share a status,
// counter, matter group and unit (their case's; "" when none).
type TicketCount struct {
	Status, Counter, Group, Unit string
	N                            int
}

// Spell is a length of time, in ms, that N tickets of a unit took: a wait
// (issued to first called) or a service (called to done).
type Spell struct {
	Unit string
	Ms   int64
	N    int
}

// CaseCount is how many cases of a unit and service were filed in the
// period, and how many of them are closed.
type CaseCount struct {
	Unit, Service      string
	Registered, Closed int
}

// DeadlineCount is how many of a unit's cases whose deadline fell in the
// period were kept, missed and are still running.
type DeadlineCount struct {
	Unit                  string
	Kept, Missed, Running int
}

// NoticeCount is how many art. 36 notices a unit's cases received in the
// period, and in how many cases (a case is of one unit).
type NoticeCount struct {
	Unit           string
	Notices, Cases int
}

// CallCount is how many calls to supplement of a unit ended alike.
type CallCount struct {
	Unit                                   string
	Supplemented, LeftUnexamined, TermPast bool // TermPast: still awaited, its term before today
	N                                      int
}

// outcome is the call's outcome, as Call.Outcome gives it.
func (c CallCount) outcome() string {
	switch {
	case c.Supplemented:
		return OutcomeSupplemented
	case c.LeftUnexamined:
		return OutcomeLeftUnexamined
	case c.TermPast:
		return OutcomeTermPassed
	default:
		return OutcomeWaiting
	}
}

// QueueCounted is Queue from the period's tickets counted by the store.
func QueueCounted(tc []TicketCount, waits, services []Spell, sc Scope) Section {
	tc = within(tc, sc, func(t TicketCount) string { return t.Unit })
	waits = within(waits, sc, func(s Spell) string { return s.Unit })
	services = within(services, sc, func(s Spell) string { return s.Unit })
	s := Section{Key: SectionQueue, NoteKey: "report.queue.note"}
	issued := 0
	for _, t := range tc {
		issued += t.N
	}
	if issued == 0 {
		s.State = StateEmpty
		return s
	}
	s.State = StateData
	var served, absent int
	byCounter := newTally(2)
	byGroup := newTally(1)
	byUnit := newTally(1)
	for _, t := range tc {
		switch t.Status {
		case "served":
			served += t.N
			if t.Counter != "" {
				byCounter.addN(t.Counter, 0, t.N)
			}
			byGroup.addN(t.Group, 0, t.N)
			byUnit.addKeyN(t.Unit, 0, t.N)
		case "absent":
			absent += t.N
			if t.Counter != "" {
				byCounter.addN(t.Counter, 1, t.N)
			}
		}
	}
	w := minutes(waits)
	sv := minutes(services)
	hist := make([]float64, len(waitBuckets))
	for _, x := range w {
		hist[bucketOf(x)]++
	}
	s.Figures = []Figure{
		{Key: "report.queue.issued", Value: float64(issued), Unit: UnitCount},
		{Key: "report.queue.served", Value: float64(served), Unit: UnitCount},
		{Key: "report.queue.absent", Value: float64(absent), Unit: UnitCount},
	}
	if len(w) > 0 {
		s.Figures = append(s.Figures,
			Figure{Key: "report.queue.waitAvg", Value: round1(mean(w)), Unit: UnitMinutes},
			Figure{Key: "report.queue.waitMedian", Value: round1(quantile(w, 0.5)), Unit: UnitMinutes},
			Figure{Key: "report.queue.waitP90", Value: round1(quantile(w, 0.9)), Unit: UnitMinutes},
		)
	}
	if len(sv) > 0 {
		s.Figures = append(s.Figures,
			Figure{Key: "report.queue.serviceAvg", Value: round1(mean(sv)), Unit: UnitMinutes},
			Figure{Key: "report.queue.serviceMedian", Value: round1(quantile(sv, 0.5)), Unit: UnitMinutes},
		)
	}
	s.Breakdowns = []Breakdown{
		{Key: "report.queue.byCounter", Chart: ChartStacked, Columns: []string{"report.col.served", "report.col.absent"}, Rows: byCounter.rows()},
		{Key: "report.queue.byUnit", Chart: ChartBar, Columns: []string{"report.col.served"}, Rows: byUnit.rows()},
		{Key: "report.queue.byGroup", Chart: ChartBar, Columns: []string{"report.col.served"}, Rows: byGroup.rows()},
	}
	if len(w) > 0 {
		h := Breakdown{Key: "report.queue.waits", Chart: ChartBar, Columns: []string{"report.col.tickets"}}
		for i, b := range waitBuckets {
			h.Rows = append(h.Rows, Row{LabelKey: b.key, Values: []float64{hist[i]}})
		}
		s.Breakdowns = append(s.Breakdowns, h)
	}
	return s
}

// minutes spreads counted spells back into one value per ticket, in
// minutes: the mean and quantiles are then those of the tickets themselves.
func minutes(sp []Spell) []float64 {
	n := 0
	for _, s := range sp {
		n += s.N
	}
	out := make([]float64, 0, n)
	for _, s := range sp {
		m := float64(s.Ms) / 60000
		for range s.N {
			out = append(out, m)
		}
	}
	return out
}

// CasesCounted is Cases from the cases counted by the store.
func CasesCounted(cc []CaseCount, sc Scope) Section {
	cc = within(cc, sc, func(c CaseCount) string { return c.Unit })
	s := Section{Key: SectionCases, NoteKey: "report.cases.note"}
	bySvc, byUnit := newTally(2), newTally(2)
	var registered, closed int
	for _, c := range cc {
		if c.Registered == 0 {
			continue
		}
		registered += c.Registered
		closed += c.Closed
		bySvc.addN(c.Service, 0, c.Registered)
		byUnit.addN(c.Unit, 0, c.Registered)
		if c.Closed > 0 {
			bySvc.addN(c.Service, 1, c.Closed)
			byUnit.addN(c.Unit, 1, c.Closed)
		}
	}
	if registered == 0 {
		s.State = StateEmpty
		return s
	}
	s.State = StateData
	s.Figures = []Figure{
		{Key: "report.cases.registered", Value: float64(registered), Unit: UnitCount},
		{Key: "report.cases.closed", Value: float64(closed), Unit: UnitCount},
		{Key: "report.cases.open", Value: float64(registered - closed), Unit: UnitCount},
	}
	cols := []string{"report.col.registered", "report.col.closed"}
	s.Breakdowns = []Breakdown{
		{Key: "report.cases.byUnit", Chart: ChartBar, Columns: cols, Rows: byUnit.rows()},
		{Key: "report.cases.byService", Chart: ChartBar, Columns: cols, Rows: bySvc.rows()},
	}
	return s
}

// DeadlinesCounted is Deadlines from the deadlines counted by the store.
func DeadlinesCounted(dc []DeadlineCount, sc Scope) Section {
	dc = within(dc, sc, func(d DeadlineCount) string { return d.Unit })
	s := Section{Key: SectionDeadlines, NoteKey: "report.deadlines.note"}
	byUnit := newTally(3)
	var kept, missed, running int
	for _, d := range dc {
		kept += d.Kept
		missed += d.Missed
		running += d.Running
		for col, n := range []int{d.Kept, d.Missed, d.Running} {
			if n > 0 {
				byUnit.addN(d.Unit, col, n)
			}
		}
	}
	due := kept + missed + running
	if due == 0 {
		s.State = StateEmpty
		return s
	}
	s.State = StateData
	s.Figures = []Figure{
		{Key: "report.deadlines.due", Value: float64(due), Unit: UnitCount},
		{Key: "report.deadlines.kept", Value: float64(kept), Unit: UnitCount},
		{Key: "report.deadlines.missed", Value: float64(missed), Unit: UnitCount},
		{Key: "report.deadlines.running", Value: float64(running), Unit: UnitCount},
	}
	if kept+missed > 0 {
		s.Figures = append(s.Figures, Figure{Key: "report.deadlines.keptShare", Value: round1(100 * float64(kept) / float64(kept+missed)), Unit: UnitPercent})
	}
	s.Breakdowns = []Breakdown{{Key: "report.deadlines.byUnit", Chart: ChartStacked,
		Columns: []string{"report.col.kept", "report.col.missed", "report.col.running"}, Rows: byUnit.rows()}}
	return s
}

// NoticesCounted is Notices from the notices counted by the store.
func NoticesCounted(nc []NoticeCount, sc Scope) Section {
	nc = within(nc, sc, func(n NoticeCount) string { return n.Unit })
	s := Section{Key: SectionNotices, NoteKey: "report.notices.note"}
	byUnit := newTally(1)
	var notices, cases int
	for _, n := range nc {
		if n.Notices == 0 {
			continue
		}
		notices += n.Notices
		cases += n.Cases
		byUnit.addN(n.Unit, 0, n.Notices)
	}
	if notices == 0 {
		s.State = StateEmpty
		return s
	}
	s.State = StateData
	s.Figures = []Figure{
		{Key: "report.notices.count", Value: float64(notices), Unit: UnitCount},
		{Key: "report.notices.cases", Value: float64(cases), Unit: UnitCount},
	}
	s.Breakdowns = []Breakdown{{Key: "report.notices.byUnit", Chart: ChartBar, Columns: []string{"report.col.notices"}, Rows: byUnit.rows()}}
	return s
}

// SupplementsCounted is Supplements from the calls counted by the store.
func SupplementsCounted(cc []CallCount, sc Scope) Section {
	cc = within(cc, sc, func(c CallCount) string { return c.Unit })
	s := Section{Key: SectionSupplements, NoteKey: "report.supplements.note"}
	outcomes := []string{OutcomeSupplemented, OutcomeLeftUnexamined, OutcomeTermPassed, OutcomeWaiting}
	idx := map[string]int{}
	for i, o := range outcomes {
		idx[o] = i
	}
	counts := make([]float64, len(outcomes))
	byUnit := newTally(len(outcomes))
	total := 0
	for _, c := range cc {
		if c.N == 0 {
			continue
		}
		i := idx[c.outcome()]
		counts[i] += float64(c.N)
		byUnit.addN(c.Unit, i, c.N)
		total += c.N
	}
	if total == 0 {
		s.State = StateEmpty
		return s
	}
	s.State = StateData
	s.Figures = []Figure{{Key: "report.supplements.count", Value: float64(total), Unit: UnitCount}}
	for i, o := range outcomes {
		s.Figures = append(s.Figures, Figure{Key: o, Value: counts[i], Unit: UnitCount})
	}
	s.Breakdowns = []Breakdown{{Key: "report.supplements.byUnit", Chart: ChartStacked, Columns: outcomes, Rows: byUnit.rows()}}
	return s
}

// NameGroups labels the queue's breakdown by matter group with what each
// code stands for ("A – Meldunki i dowody osobiste"): a head reading the
// report does not know the hall's letters. label gives a code's label; a
// code it does not know (a group since removed) keeps the bare code.
func NameGroups(s Section, label func(code string) (string, bool)) Section {
	s.Breakdowns = slices.Clone(s.Breakdowns) // the caller's section stays as it was
	for i, b := range s.Breakdowns {
		if b.Key != "report.queue.byGroup" {
			continue
		}
		rows := make([]Row, len(b.Rows))
		for j, r := range b.Rows {
			if r.LabelKey == "" {
				if l, ok := label(r.Label); ok {
					r.Label = l
				}
			}
			rows[j] = r
		}
		s.Breakdowns[i].Rows = rows
	}
	return s
}
