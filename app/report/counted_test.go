package report

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// The sections counted by hand, each from single records and from the
// counts a store groups of the same records (written out as its GROUP BY
// gives them): both entry points must give the figures a person counts.

// text is a section as a line to check by hand: its key and state, its
// figures and each breakdown's rows (values joined by "/"; a row labelled
// by an i18n key shows it after "#"), keys without "report.".
func text(s Section) string {
	short := func(k string) string { return strings.TrimPrefix(k, "report.") }
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", s.Key, s.State)
	for _, f := range s.Figures {
		fmt.Fprintf(&b, " %s=%g", short(f.Key), f.Value)
	}
	for _, d := range s.Breakdowns {
		fmt.Fprintf(&b, " | %s:", short(d.Key))
		for _, r := range d.Rows {
			label := r.Label
			if r.LabelKey != "" {
				label = "#" + short(r.LabelKey)
			}
			vs := make([]string, len(r.Values))
			for i, v := range r.Values {
				vs[i] = fmt.Sprint(v)
			}
			fmt.Fprintf(&b, " %s=%s", label, strings.Join(vs, "/"))
		}
	}
	return b.String()
}

// checkBoth checks the section from records and the one from counts read
// as want, and equal to each other in full (columns and note too).
func checkBoth(t *testing.T, name, want string, records, counted Section) {
	t.Helper()
	if got := text(records); got != want {
		t.Errorf("%s from records:\n got %s\nwant %s", name, got, want)
	}
	if got := text(counted); got != want {
		t.Errorf("%s from counts:\n got %s\nwant %s", name, got, want)
	}
	if !reflect.DeepEqual(records, counted) {
		t.Errorf("%s: records %+v\ncounts %+v", name, records, counted)
	}
}

var (
	office = Scope{OfficeWide: true}
	so     = Scope{Units: []string{"SO"}}
	soUSC  = Scope{Units: []string{"SO", "USC"}}
	fn     = Scope{Units: []string{"FN"}}
)

func TestQueueTable(t *testing.T) {
	m := func(n int64) int64 { return n * 60000 }
	ts := []Ticket{
		{Counter: "Stanowisko 1", Group: "A", Unit: "SO", Status: "served", CalledAt: m(2), DoneAt: m(12)}, // wait 2, service 10
		{Counter: "Stanowisko 1", Group: "A", Status: "served", CalledAt: m(7), DoneAt: m(27)},             // wait 7, service 20, no case
		{Counter: "Stanowisko 2", Group: "B", Status: "absent", CalledAt: m(12)},                           // wait 12
		{Counter: "Stanowisko 2", Group: "B", Unit: "USC", Status: "served", CalledAt: m(40)},              // wait 40, never marked done
		{Group: "A", Status: "waiting"}, // issued only
		{Counter: "Stanowisko 2", Group: "A", Unit: "SO", Status: "served", IssuedAt: m(10), CalledAt: m(9), DoneAt: m(14)}, // called before issue (a clock's step): service 5, no wait
		{Counter: "Stanowisko 1", Group: "A", Unit: "SO", Status: "served", CalledAt: m(2), DoneAt: m(1)},                   // wait 2, done before called: no service
		{Group: "B", Unit: "USC", Status: "transferred", CalledAt: m(3)},                                                    // wait 3
	}
	tc := []TicketCount{
		{"served", "Stanowisko 1", "A", "SO", 2}, {"served", "Stanowisko 1", "A", "", 1}, {"absent", "Stanowisko 2", "B", "", 1},
		{"served", "Stanowisko 2", "B", "USC", 1}, {"waiting", "", "A", "", 1}, {"served", "Stanowisko 2", "A", "SO", 1},
		{"transferred", "", "B", "USC", 1},
	}
	waits := []Spell{{"SO", m(2), 2}, {"", m(7), 1}, {"", m(12), 1}, {"USC", m(40), 1}, {"USC", m(3), 1}}
	services := []Spell{{"SO", m(10), 1}, {"", m(20), 1}, {"SO", m(5), 1}}
	for _, c := range []struct {
		name string
		sc   Scope
		want string
	}{
		// Waits 2 2 3 7 12 40: mean 11, the 3rd and 6th by rank; services 5 10 20.
		{"office", office, "queue data queue.issued=8 queue.served=5 queue.absent=1 queue.waitAvg=11 queue.waitMedian=3 queue.waitP90=40 queue.serviceAvg=11.7 queue.serviceMedian=10" +
			" | queue.byCounter: Stanowisko 1=3/0 Stanowisko 2=2/1 | queue.byUnit: SO=3 USC=1 #noUnit=1 | queue.byGroup: A=4 B=1" +
			" | queue.waits: #wait.under5=3 #wait.5to10=1 #wait.10to15=1 #wait.15to30=0 #wait.over30=1"},
		{"SO", so, "queue data queue.issued=3 queue.served=3 queue.absent=0 queue.waitAvg=2 queue.waitMedian=2 queue.waitP90=2 queue.serviceAvg=7.5 queue.serviceMedian=5" +
			" | queue.byCounter: Stanowisko 1=2/0 Stanowisko 2=1/0 | queue.byUnit: SO=3 | queue.byGroup: A=3" +
			" | queue.waits: #wait.under5=2 #wait.5to10=0 #wait.10to15=0 #wait.15to30=0 #wait.over30=0"},
		// Waits 2 2 3 40: mean 11.75, rounded half away from zero.
		{"SO and USC", soUSC, "queue data queue.issued=5 queue.served=4 queue.absent=0 queue.waitAvg=11.8 queue.waitMedian=2 queue.waitP90=40 queue.serviceAvg=7.5 queue.serviceMedian=5" +
			" | queue.byCounter: Stanowisko 1=2/0 Stanowisko 2=2/0 | queue.byUnit: SO=3 USC=1 | queue.byGroup: A=3 B=1" +
			" | queue.waits: #wait.under5=3 #wait.5to10=0 #wait.10to15=0 #wait.15to30=0 #wait.over30=1"},
		{"a head with none", fn, "queue empty"},
	} {
		checkBoth(t, c.name, c.want, Queue(TicketsIn(ts, c.sc)), QueueCounted(tc, waits, services, c.sc))
	}
	checkBoth(t, "no tickets", "queue empty", Queue(nil), QueueCounted(nil, nil, nil, office))
	// Tickets never called: issued, no waits, no histogram.
	checkBoth(t, "none called", "queue data queue.issued=2 queue.served=0 queue.absent=0 | queue.byCounter: | queue.byUnit: | queue.byGroup:",
		Queue([]Ticket{{Group: "A", Status: "waiting"}, {Group: "A", Status: "waiting"}}),
		QueueCounted([]TicketCount{{Status: "waiting", Group: "A", N: 2}}, nil, nil, office))
}

func TestCasesTable(t *testing.T) {
	cs := []Case{
		{Unit: "SO", Service: "Dowód"}, {Unit: "SO", Service: "Dowód", Closed: "2026-03-02"}, {Unit: "SO", Service: "Meldunek"},
		{Unit: "USC", Service: "Dowód", Closed: "2026-03-01"}, {Unit: "FN", Service: "Meldunek"},
	}
	cc := []CaseCount{{"SO", "Dowód", 2, 1}, {"SO", "Meldunek", 1, 0}, {"USC", "Dowód", 1, 1}, {"FN", "Meldunek", 1, 0}}
	for _, c := range []struct {
		name string
		sc   Scope
		want string
	}{
		{"office", office, "cases data cases.registered=5 cases.closed=2 cases.open=3 | cases.byUnit: SO=3/1 USC=1/1 FN=1/0 | cases.byService: Dowód=3/2 Meldunek=2/0"},
		{"USC and FN", Scope{Units: []string{"USC", "FN"}}, "cases data cases.registered=2 cases.closed=1 cases.open=1 | cases.byUnit: USC=1/1 FN=1/0 | cases.byService: Dowód=1/1 Meldunek=1/0"},
		{"a head with none", Scope{Units: []string{"OR"}}, "cases empty"},
	} {
		checkBoth(t, c.name, c.want, Cases(CasesIn(cs, c.sc)), CasesCounted(cc, c.sc))
	}
	checkBoth(t, "only zero counts", "cases empty", Cases(nil), CasesCounted([]CaseCount{{Unit: "SO", Service: "Dowód"}}, office))
}

func TestDeadlinesTable(t *testing.T) {
	today := "2026-04-10"
	cs := []Case{
		{Unit: "SO", Due: "2026-03-10", Closed: "2026-03-10"}, // kept on the day
		{Unit: "SO", Due: "2026-03-10", Closed: "2026-03-11"}, // missed by a day
		{Unit: "USC", Due: "2026-03-20"},                      // open past it: missed
		{Unit: "USC", Due: "2026-04-15"},                      // running
		{Unit: "USC", Due: "2026-04-10"},                      // due today: still running
		{Unit: "FN", Due: "2026-04-01", Closed: "2026-03-30"}, // kept early
	}
	dc := []DeadlineCount{{"SO", 1, 1, 0}, {"USC", 0, 1, 2}, {"FN", 1, 0, 0}}
	for _, c := range []struct {
		name string
		sc   Scope
		want string
	}{
		{"office", office, "deadlines data deadlines.due=6 deadlines.kept=2 deadlines.missed=2 deadlines.running=2 deadlines.keptShare=50 | deadlines.byUnit: USC=0/1/2 SO=1/1/0 FN=1/0/0"},
		{"SO and USC", soUSC, "deadlines data deadlines.due=5 deadlines.kept=1 deadlines.missed=2 deadlines.running=2 deadlines.keptShare=33.3 | deadlines.byUnit: USC=0/1/2 SO=1/1/0"},
		{"FN", fn, "deadlines data deadlines.due=1 deadlines.kept=1 deadlines.missed=0 deadlines.running=0 deadlines.keptShare=100 | deadlines.byUnit: FN=1/0/0"},
		{"a head with none", Scope{Units: []string{"OR"}}, "deadlines empty"},
	} {
		checkBoth(t, c.name, c.want, Deadlines(CasesIn(cs, c.sc), today), DeadlinesCounted(dc, c.sc))
	}
	// Only running: no share of kept ones to give.
	checkBoth(t, "only running", "deadlines data deadlines.due=1 deadlines.kept=0 deadlines.missed=0 deadlines.running=1 | deadlines.byUnit: SO=0/0/1",
		Deadlines([]Case{{Unit: "SO", Due: "2026-05-01"}}, today), DeadlinesCounted([]DeadlineCount{{Unit: "SO", Running: 1}}, office))
	checkBoth(t, "none", "deadlines empty", Deadlines(nil, today), DeadlinesCounted(nil, office))
}

func TestNoticesTable(t *testing.T) {
	ns := []Notice{{Unit: "SO", Case: "a"}, {Unit: "SO", Case: "a"}, {Unit: "SO", Case: "b"}, {Unit: "USC", Case: "c"}}
	nc := []NoticeCount{{"SO", 3, 2}, {"USC", 1, 1}}
	for _, c := range []struct {
		name string
		sc   Scope
		want string
	}{
		{"office", office, "notices data notices.count=4 notices.cases=3 | notices.byUnit: SO=3 USC=1"},
		{"USC", Scope{Units: []string{"USC"}}, "notices data notices.count=1 notices.cases=1 | notices.byUnit: USC=1"},
		{"a head with none", fn, "notices empty"},
	} {
		checkBoth(t, c.name, c.want, Notices(NoticesIn(ns, c.sc)), NoticesCounted(nc, c.sc))
	}
	checkBoth(t, "none", "notices empty", Notices(nil), NoticesCounted([]NoticeCount{{Unit: "SO"}}, office))
}

func TestSupplementsTable(t *testing.T) {
	today := "2026-04-10"
	calls := []Call{
		{Unit: "SO", Supplemented: true},
		{Unit: "SO", Supplemented: true, LeftUnexamined: true}, // documents came in: supplemented, whatever followed
		{Unit: "SO", LeftUnexamined: true},
		{Unit: "SO", TermDue: "2026-04-09"},  // term passed yesterday
		{Unit: "USC", TermDue: "2026-04-10"}, // term ends today: still waiting
		{Unit: "USC"},                        // no term yet: waiting
		{Unit: "USC", Supplemented: true, TermDue: "2026-04-01"},
	}
	cc := []CallCount{
		{Unit: "SO", Supplemented: true, N: 2}, {Unit: "SO", LeftUnexamined: true, N: 1}, {Unit: "SO", TermPast: true, N: 1},
		{Unit: "USC", N: 2}, {Unit: "USC", Supplemented: true, N: 1},
	}
	for _, c := range []struct {
		name string
		sc   Scope
		want string
	}{
		{"office", office, "supplements data supplements.count=7 outcome.supplemented=3 outcome.leftUnexamined=1 outcome.termPassed=1 outcome.waiting=2" +
			" | supplements.byUnit: SO=2/1/1/0 USC=1/0/0/2"},
		{"SO", so, "supplements data supplements.count=4 outcome.supplemented=2 outcome.leftUnexamined=1 outcome.termPassed=1 outcome.waiting=0" +
			" | supplements.byUnit: SO=2/1/1/0"},
		{"a head with none", fn, "supplements empty"},
	} {
		checkBoth(t, c.name, c.want, Supplements(CallsIn(calls, c.sc), today), SupplementsCounted(cc, c.sc))
	}
	checkBoth(t, "none", "supplements empty", Supplements(nil, today), SupplementsCounted([]CallCount{{Unit: "SO"}}, office))
	for _, c := range []struct {
		call Call
		want string
	}{
		{calls[1], OutcomeSupplemented}, {calls[2], OutcomeLeftUnexamined}, {calls[3], OutcomeTermPassed}, {calls[4], OutcomeWaiting}, {calls[5], OutcomeWaiting},
	} {
		if got := c.call.Outcome(today); got != c.want {
			t.Errorf("%+v: %s, want %s", c.call, got, c.want)
		}
	}
}

func TestNameGroups(t *testing.T) {
	tc := []TicketCount{{"served", "Stanowisko 1", "A", "SO", 2}, {"served", "Stanowisko 2", "Z", "SO", 1}}
	names := map[string]string{"A": "A – Meldunki i dowody osobiste", "SO": "wrong: units are not groups"}
	s := NameGroups(QueueCounted(tc, nil, nil, Scope{OfficeWide: true}), func(code string) (string, bool) {
		n, ok := names[code]
		return n, ok
	})
	var got []string
	for _, b := range s.Breakdowns {
		for _, r := range b.Rows {
			got = append(got, b.Key+": "+r.Label+r.LabelKey)
		}
	}
	want := []string{
		"report.queue.byCounter: Stanowisko 1", "report.queue.byCounter: Stanowisko 2",
		"report.queue.byUnit: SO",
		"report.queue.byGroup: A – Meldunki i dowody osobiste", "report.queue.byGroup: Z", // a removed group keeps its code
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
