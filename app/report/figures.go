package report

import (
	"math"
	"sort"
)

// Ticket is a queue ticket as the report counts it. Times are unix ms, 0
// when not yet; Unit is the unit of the case registered for it, if any.
type Ticket struct {
	Day      string // the office day it was issued, YYYY-MM-DD
	Counter  string // the counter that called it
	Group    string // the matter group's code
	Unit     string
	Status   string // waiting, called, served, absent, transferred
	IssuedAt int64
	CalledAt int64
	DoneAt   int64
}

// Case is a case as the report counts it.
type Case struct {
	Unit      string
	Service   string // the card's title
	Submitted string // the day it was filed
	Due       string // its deadline, "" while the clock is stopped
	Closed    string // the day it was settled, left unexamined or forwarded; "" while open
}

// Notice is an art. 36 KPA notice recorded in a case.
type Notice struct {
	Unit string
	Day  string
	Case string // the case's id, to count cases with a notice
}

// Call is a call to supplement (art. 64 § 2 KPA) and what followed it.
type Call struct {
	Unit           string
	Day            string // the day it was made
	Supplemented   bool   // documents came in after it
	LeftUnexamined bool   // the case was left unexamined
	TermDue        string // the art. 64 § 2 term, while still awaited
}

// Outcomes of a call to supplement, i18n keys.
const (
	OutcomeSupplemented   = "report.outcome.supplemented"
	OutcomeLeftUnexamined = "report.outcome.leftUnexamined"
	OutcomeTermPassed     = "report.outcome.termPassed"
	OutcomeWaiting        = "report.outcome.waiting"
)

// Outcome is how a call ended by the office day today.
func (c Call) Outcome(today string) string {
	switch {
	case c.Supplemented:
		return OutcomeSupplemented
	case c.LeftUnexamined:
		return OutcomeLeftUnexamined
	case c.TermDue != "" && c.TermDue < today:
		return OutcomeTermPassed
	default:
		return OutcomeWaiting
	}
}

// NoUnit labels what belongs to no unit (a ticket that led to no case).
const NoUnit = "report.noUnit"

// Queue is the queue's section from the period's tickets in scope.
func Queue(ts []Ticket) Section {
	s := Section{Key: SectionQueue, NoteKey: "report.queue.note"}
	if len(ts) == 0 {
		s.State = StateEmpty
		return s
	}
	s.State = StateData
	var served, absent int
	var waits, services []float64
	byCounter := newTally(2)
	byGroup := newTally(1)
	byUnit := newTally(1)
	hist := make([]float64, len(waitBuckets))
	for _, t := range ts {
		if t.CalledAt > 0 && t.CalledAt >= t.IssuedAt {
			w := float64(t.CalledAt-t.IssuedAt) / 60000
			waits = append(waits, w)
			hist[bucketOf(w)]++
		}
		switch t.Status {
		case "served":
			served++
			if t.Counter != "" {
				byCounter.add(t.Counter, 0)
			}
			byGroup.add(t.Group, 0)
			byUnit.addKey(t.Unit, 0)
			if t.DoneAt > 0 && t.CalledAt > 0 && t.DoneAt >= t.CalledAt {
				services = append(services, float64(t.DoneAt-t.CalledAt)/60000)
			}
		case "absent":
			absent++
			if t.Counter != "" {
				byCounter.add(t.Counter, 1)
			}
		}
	}
	s.Figures = []Figure{
		{Key: "report.queue.issued", Value: float64(len(ts)), Unit: UnitCount},
		{Key: "report.queue.served", Value: float64(served), Unit: UnitCount},
		{Key: "report.queue.absent", Value: float64(absent), Unit: UnitCount},
	}
	if len(waits) > 0 {
		s.Figures = append(s.Figures,
			Figure{Key: "report.queue.waitAvg", Value: round1(mean(waits)), Unit: UnitMinutes},
			Figure{Key: "report.queue.waitMedian", Value: round1(quantile(waits, 0.5)), Unit: UnitMinutes},
			Figure{Key: "report.queue.waitP90", Value: round1(quantile(waits, 0.9)), Unit: UnitMinutes},
		)
	}
	if len(services) > 0 {
		s.Figures = append(s.Figures,
			Figure{Key: "report.queue.serviceAvg", Value: round1(mean(services)), Unit: UnitMinutes},
			Figure{Key: "report.queue.serviceMedian", Value: round1(quantile(services, 0.5)), Unit: UnitMinutes},
		)
	}
	s.Breakdowns = []Breakdown{
		{Key: "report.queue.byCounter", Chart: ChartStacked, Columns: []string{"report.col.served", "report.col.absent"}, Rows: byCounter.rows()},
		{Key: "report.queue.byUnit", Chart: ChartBar, Columns: []string{"report.col.served"}, Rows: byUnit.rows()},
		{Key: "report.queue.byGroup", Chart: ChartBar, Columns: []string{"report.col.served"}, Rows: byGroup.rows()},
	}
	if len(waits) > 0 {
		h := Breakdown{Key: "report.queue.waits", Chart: ChartBar, Columns: []string{"report.col.tickets"}}
		for i, b := range waitBuckets {
			h.Rows = append(h.Rows, Row{LabelKey: b.key, Values: []float64{hist[i]}})
		}
		s.Breakdowns = append(s.Breakdowns, h)
	}
	return s
}

// waitBuckets are the histogram's classes of waiting time in minutes: the
// upper bound (exclusive) and the label's key.
var waitBuckets = []struct {
	upTo float64
	key  string
}{
	{5, "report.wait.under5"},
	{10, "report.wait.5to10"},
	{15, "report.wait.10to15"},
	{30, "report.wait.15to30"},
	{math.Inf(1), "report.wait.over30"},
}

func bucketOf(minutes float64) int {
	for i, b := range waitBuckets {
		if minutes < b.upTo {
			return i
		}
	}
	return len(waitBuckets) - 1
}

// Cases is the section of cases filed in the period, by service and unit.
func Cases(cs []Case) Section {
	s := Section{Key: SectionCases, NoteKey: "report.cases.note"}
	if len(cs) == 0 {
		s.State = StateEmpty
		return s
	}
	s.State = StateData
	bySvc, byUnit := newTally(2), newTally(2)
	closed := 0
	for _, c := range cs {
		bySvc.add(c.Service, 0)
		byUnit.add(c.Unit, 0)
		if c.Closed != "" {
			closed++
			bySvc.add(c.Service, 1)
			byUnit.add(c.Unit, 1)
		}
	}
	s.Figures = []Figure{
		{Key: "report.cases.registered", Value: float64(len(cs)), Unit: UnitCount},
		{Key: "report.cases.closed", Value: float64(closed), Unit: UnitCount},
		{Key: "report.cases.open", Value: float64(len(cs) - closed), Unit: UnitCount},
	}
	cols := []string{"report.col.registered", "report.col.closed"}
	s.Breakdowns = []Breakdown{
		{Key: "report.cases.byUnit", Chart: ChartBar, Columns: cols, Rows: byUnit.rows()},
		{Key: "report.cases.byService", Chart: ChartBar, Columns: cols, Rows: bySvc.rows()},
	}
	return s
}

// Deadlines is the section of cases whose deadline fell in the period:
// kept (closed on or before it), missed (closed after it, or open past
// it on the office day today) and still running.
func Deadlines(cs []Case, today string) Section {
	s := Section{Key: SectionDeadlines, NoteKey: "report.deadlines.note"}
	if len(cs) == 0 {
		s.State = StateEmpty
		return s
	}
	s.State = StateData
	byUnit := newTally(3)
	var kept, missed, running int
	for _, c := range cs {
		switch {
		case c.Closed != "" && c.Closed <= c.Due:
			kept++
			byUnit.add(c.Unit, 0)
		case c.Closed != "" || c.Due < today:
			missed++
			byUnit.add(c.Unit, 1)
		default:
			running++
			byUnit.add(c.Unit, 2)
		}
	}
	s.Figures = []Figure{
		{Key: "report.deadlines.due", Value: float64(len(cs)), Unit: UnitCount},
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

// Notices is the section of art. 36 KPA notices made in the period.
func Notices(ns []Notice) Section {
	s := Section{Key: SectionNotices, NoteKey: "report.notices.note"}
	if len(ns) == 0 {
		s.State = StateEmpty
		return s
	}
	s.State = StateData
	byUnit := newTally(1)
	casesWith := map[string]bool{}
	for _, n := range ns {
		byUnit.add(n.Unit, 0)
		casesWith[n.Case] = true
	}
	s.Figures = []Figure{
		{Key: "report.notices.count", Value: float64(len(ns)), Unit: UnitCount},
		{Key: "report.notices.cases", Value: float64(len(casesWith)), Unit: UnitCount},
	}
	s.Breakdowns = []Breakdown{{Key: "report.notices.byUnit", Chart: ChartBar, Columns: []string{"report.col.notices"}, Rows: byUnit.rows()}}
	return s
}

// Supplements is the section of calls to supplement made in the period and
// how each ended by today.
func Supplements(calls []Call, today string) Section {
	s := Section{Key: SectionSupplements, NoteKey: "report.supplements.note"}
	if len(calls) == 0 {
		s.State = StateEmpty
		return s
	}
	s.State = StateData
	outcomes := []string{OutcomeSupplemented, OutcomeLeftUnexamined, OutcomeTermPassed, OutcomeWaiting}
	idx := map[string]int{}
	for i, o := range outcomes {
		idx[o] = i
	}
	counts := make([]float64, len(outcomes))
	byUnit := newTally(len(outcomes))
	for _, c := range calls {
		i := idx[c.Outcome(today)]
		counts[i]++
		byUnit.add(c.Unit, i)
	}
	s.Figures = []Figure{{Key: "report.supplements.count", Value: float64(len(calls)), Unit: UnitCount}}
	for i, o := range outcomes {
		s.Figures = append(s.Figures, Figure{Key: o, Value: counts[i], Unit: UnitCount})
	}
	s.Breakdowns = []Breakdown{{Key: "report.supplements.byUnit", Chart: ChartStacked, Columns: outcomes, Rows: byUnit.rows()}}
	return s
}

// tally counts rows by label, in a stable order: the most first, then by label.
type tally struct {
	cols  int
	rows_ map[string][]float64
	isKey map[string]bool
}

func newTally(cols int) *tally {
	return &tally{cols: cols, rows_: map[string][]float64{}, isKey: map[string]bool{}}
}

func (t *tally) add(label string, col int) {
	v := t.rows_[label]
	if v == nil {
		v = make([]float64, t.cols)
		t.rows_[label] = v
	}
	v[col]++
}

// addN counts n under label.
func (t *tally) addN(label string, col, n int) {
	t.add(label, col)
	t.rows_[label][col] += float64(n - 1)
}

// addKeyN counts n under label, or under NoUnit when it is empty.
func (t *tally) addKeyN(label string, col, n int) {
	t.addKey(label, col)
	if label == "" {
		label = NoUnit
	}
	t.rows_[label][col] += float64(n - 1)
}

// addKey counts under label, or under NoUnit when it is empty.
func (t *tally) addKey(label string, col int) {
	if label == "" {
		t.isKey[NoUnit] = true
		label = NoUnit
	}
	t.add(label, col)
}

func (t *tally) rows() []Row {
	out := make([]Row, 0, len(t.rows_))
	for l, v := range t.rows_ {
		r := Row{Label: l, Values: v}
		if t.isKey[l] {
			r = Row{LabelKey: l, Values: v}
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		si, sj := sum(out[i].Values), sum(out[j].Values)
		if si != sj {
			return si > sj
		}
		return out[i].Label+out[i].LabelKey < out[j].Label+out[j].LabelKey
	})
	return out
}

func sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

func mean(v []float64) float64 { return sum(v) / float64(len(v)) }

// quantile is the q-th quantile by the nearest-rank method (the median of
// 1, 2, 3, 4 is 2): a figure a person can count by hand.
func quantile(v []float64, q float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	rank := int(math.Ceil(q * float64(len(s))))
	if rank < 1 {
		rank = 1
	}
	return s[rank-1]
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
