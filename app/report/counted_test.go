package report

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestCountedMatchesRecords: the sections from counts (as the stores group
// them) are those from the single records, on random records, for the
// whole office and for a head's units.
func TestCountedMatchesRecords(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	units := []string{"SO", "USC", "FN", ""}
	days := []string{"2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", ""}
	today := "2026-03-03"
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	for round := range 20 {
		var ts []Ticket
		for range r.IntN(300) {
			issued := int64(r.IntN(1000)) * 60000
			tk := Ticket{Counter: pick([]string{"Stanowisko 1", "Stanowisko 2", ""}), Group: pick([]string{"A", "B"}), Unit: pick(units),
				Status: pick([]string{"waiting", "called", "served", "absent", "transferred"}), IssuedAt: issued}
			if r.IntN(5) > 0 {
				tk.CalledAt = issued + int64(r.IntN(40))*60000 - 60000 // now and then before issue: not counted
			}
			if r.IntN(4) > 0 {
				tk.DoneAt = tk.CalledAt + int64(r.IntN(20))*30000 - 30000
			}
			ts = append(ts, tk)
		}
		var cs []Case
		for range r.IntN(300) {
			cs = append(cs, Case{Unit: pick(units[:3]), Service: pick([]string{"Dowód", "Meldunek"}), Due: pick(days[:4]), Closed: pick(days)})
		}
		var ns []Notice
		for i := range r.IntN(50) {
			ns = append(ns, Notice{Unit: pick(units[:3]), Case: fmt.Sprint(i % 7)})
		}
		var calls []Call
		for range r.IntN(100) {
			calls = append(calls, Call{Unit: pick(units[:3]), Supplemented: r.IntN(3) == 0, LeftUnexamined: r.IntN(4) == 0, TermDue: pick(days)})
		}
		for _, sc := range []Scope{{OfficeWide: true}, {Units: []string{"SO"}}, {Units: []string{"USC", "FN"}}} {
			check := func(name string, want, got Section) {
				t.Helper()
				if !reflect.DeepEqual(want, got) {
					t.Errorf("round %d %s %+v:\nrecords %+v\ncounted %+v", round, name, sc, want, got)
				}
			}
			tc, waits, svcs := countTickets(ts)
			check("queue", Queue(TicketsIn(ts, sc)), QueueCounted(tc, waits, svcs, sc))
			check("cases", Cases(CasesIn(cs, sc)), CasesCounted(countCases(cs), sc))
			check("deadlines", Deadlines(CasesIn(cs, sc), today), DeadlinesCounted(countDeadlines(cs, today), sc))
			// Notices of one case share its unit, as in the stores.
			for i := range ns {
				ns[i].Unit = units[int(ns[i].Case[0]-'0')%3]
			}
			check("notices", Notices(NoticesIn(ns, sc)), NoticesCounted(countNotices(ns), sc))
			check("supplements", Supplements(CallsIn(calls, sc), today), SupplementsCounted(countCalls(calls, today), sc))
		}
	}
}

// The groupings the stores' queries make, written plainly.

func countTickets(ts []Ticket) ([]TicketCount, []Spell, []Spell) {
	type k struct{ s, c, g, u string }
	type sk struct {
		u  string
		ms int64
	}
	m, w, sv := map[k]int{}, map[sk]int{}, map[sk]int{}
	for _, t := range ts {
		m[k{t.Status, t.Counter, t.Group, t.Unit}]++
		if t.CalledAt > 0 && t.CalledAt >= t.IssuedAt {
			w[sk{t.Unit, t.CalledAt - t.IssuedAt}]++
		}
		if t.Status == "served" && t.DoneAt > 0 && t.CalledAt > 0 && t.DoneAt >= t.CalledAt {
			sv[sk{t.Unit, t.DoneAt - t.CalledAt}]++
		}
	}
	var tc []TicketCount
	for x, n := range m {
		tc = append(tc, TicketCount{Status: x.s, Counter: x.c, Group: x.g, Unit: x.u, N: n})
	}
	spells := func(m map[sk]int) (out []Spell) {
		for x, n := range m {
			out = append(out, Spell{Unit: x.u, Ms: x.ms, N: n})
		}
		return out
	}
	return tc, spells(w), spells(sv)
}

func countCases(cs []Case) []CaseCount {
	type k struct{ u, s string }
	m := map[k]*CaseCount{}
	var out []CaseCount
	for _, c := range cs {
		x := m[k{c.Unit, c.Service}]
		if x == nil {
			x = &CaseCount{Unit: c.Unit, Service: c.Service}
			m[k{c.Unit, c.Service}] = x
		}
		x.Registered++
		if c.Closed != "" {
			x.Closed++
		}
	}
	for _, x := range m {
		out = append(out, *x)
	}
	return out
}

func countDeadlines(cs []Case, today string) []DeadlineCount {
	m := map[string]*DeadlineCount{}
	var out []DeadlineCount
	for _, c := range cs {
		x := m[c.Unit]
		if x == nil {
			x = &DeadlineCount{Unit: c.Unit}
			m[c.Unit] = x
		}
		switch {
		case c.Closed != "" && c.Closed <= c.Due:
			x.Kept++
		case c.Closed != "" || c.Due < today:
			x.Missed++
		default:
			x.Running++
		}
	}
	for _, x := range m {
		out = append(out, *x)
	}
	return out
}

func countNotices(ns []Notice) []NoticeCount {
	m := map[string]*NoticeCount{}
	seen := map[string]bool{}
	var out []NoticeCount
	for _, n := range ns {
		x := m[n.Unit]
		if x == nil {
			x = &NoticeCount{Unit: n.Unit}
			m[n.Unit] = x
		}
		x.Notices++
		if !seen[n.Case] {
			seen[n.Case] = true
			x.Cases++
		}
	}
	for _, x := range m {
		out = append(out, *x)
	}
	return out
}

func countCalls(cs []Call, today string) []CallCount {
	m := map[CallCount]int{}
	for _, c := range cs {
		m[CallCount{Unit: c.Unit, Supplemented: c.Supplemented, LeftUnexamined: c.LeftUnexamined, TermPast: c.TermDue != "" && c.TermDue < today}]++
	}
	var out []CallCount
	for x, n := range m {
		x.N = n
		out = append(out, x)
	}
	return out
}
