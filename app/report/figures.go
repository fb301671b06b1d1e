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
func (c Call) Outcome(today string) string { return c.count(today).outcome() }

// count is the call as the stores count it: its unit and how it ended by
// today, N unset.
func (c Call) count(today string) CallCount {
	return CallCount{Unit: c.Unit, Supplemented: c.Supplemented, LeftUnexamined: c.LeftUnexamined,
		TermPast: c.TermDue != "" && c.TermDue < today}
}

// NoUnit labels what belongs to no unit (a ticket that led to no case).
const NoUnit = "report.noUnit"

// The sections from single records: each turns its records into the
// counts the stores group (GROUP BY in SQL) and hands them to its Counted
// twin, so a figure is computed in one place.

// Queue is the queue's section from the period's tickets in scope.
func Queue(ts []Ticket) Section {
	var tc groups[TicketCount, TicketCount]
	var waits, services groups[Spell, Spell]
	for _, t := range ts {
		k := TicketCount{Status: t.Status, Counter: t.Counter, Group: t.Group, Unit: t.Unit}
		tc.get(k, k).N++
		if t.CalledAt > 0 && t.CalledAt >= t.IssuedAt {
			k := Spell{Unit: t.Unit, Ms: t.CalledAt - t.IssuedAt}
			waits.get(k, k).N++
		}
		if t.Status == "served" && t.DoneAt > 0 && t.CalledAt > 0 && t.DoneAt >= t.CalledAt {
			k := Spell{Unit: t.Unit, Ms: t.DoneAt - t.CalledAt}
			services.get(k, k).N++
		}
	}
	return QueueCounted(tc.out, waits.out, services.out, given)
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
	var cc groups[CaseCount, CaseCount]
	for _, c := range cs {
		k := CaseCount{Unit: c.Unit, Service: c.Service}
		x := cc.get(k, k)
		x.Registered++
		if c.Closed != "" {
			x.Closed++
		}
	}
	return CasesCounted(cc.out, given)
}

// Deadlines is the section of cases whose deadline fell in the period:
// kept (closed on or before it), missed (closed after it, or open past
// it on the office day today) and still running.
func Deadlines(cs []Case, today string) Section {
	var dc groups[string, DeadlineCount]
	for _, c := range cs {
		x := dc.get(c.Unit, DeadlineCount{Unit: c.Unit})
		switch {
		case c.Closed != "" && c.Closed <= c.Due:
			x.Kept++
		case c.Closed != "" || c.Due < today:
			x.Missed++
		default:
			x.Running++
		}
	}
	return DeadlinesCounted(dc.out, given)
}

// Notices is the section of art. 36 KPA notices made in the period. A case
// is counted once, under the unit of its first notice (in the stores a
// case's notices share its unit).
func Notices(ns []Notice) Section {
	var nc groups[string, NoticeCount]
	seen := map[string]bool{}
	for _, n := range ns {
		x := nc.get(n.Unit, NoticeCount{Unit: n.Unit})
		x.Notices++
		if !seen[n.Case] {
			seen[n.Case] = true
			x.Cases++
		}
	}
	return NoticesCounted(nc.out, given)
}

// Supplements is the section of calls to supplement made in the period and
// how each ended by today.
func Supplements(calls []Call, today string) Section {
	var cc groups[CallCount, CallCount]
	for _, c := range calls {
		k := c.count(today)
		cc.get(k, k).N++
	}
	return SupplementsCounted(cc.out, given)
}

// given is the scope of records a section is given: already in scope, all
// of them count.
var given = Scope{OfficeWide: true}

// groups is a GROUP BY in memory: one T per key K, in the order the keys
// first came.
type groups[K comparable, T any] struct {
	at  map[K]int
	out []T
}

// get is the group of key k, started as fresh when it is new.
func (g *groups[K, T]) get(k K, fresh T) *T {
	i, ok := g.at[k]
	if !ok {
		if g.at == nil {
			g.at = map[K]int{}
		}
		i = len(g.out)
		g.at[k] = i
		g.out = append(g.out, fresh)
	}
	return &g.out[i]
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
