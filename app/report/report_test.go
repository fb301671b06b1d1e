package report

import (
	"context"
	"errors"
	"testing"
)

func TestParsePeriod(t *testing.T) {
	for _, c := range []struct {
		from, to string
		err      error
	}{
		{"2026-01-01", "2026-12-31", nil},
		{"2026-03-01", "2026-03-01", nil},
		{"2025-01-01", "2026-12-31", nil}, // 730 days
		{"2024-01-01", "2025-12-31", nil}, // 731 days, a leap year
		{"2024-01-01", "2026-01-01", ErrTooLong},
		{"2026-02-01", "2026-01-31", ErrFromAfter},
		{"2026-02-30", "2026-03-01", ErrBadDate},
		{"", "2026-03-01", ErrBadDate},
		{"01.02.2026", "2026-03-01", ErrBadDate},
	} {
		_, err := ParsePeriod(c.from, c.to)
		if !errors.Is(err, c.err) {
			t.Errorf("%s..%s: %v, want %v", c.from, c.to, err, c.err)
		}
	}
}

func fig(s Section, key string) (float64, bool) {
	for _, f := range s.Figures {
		if f.Key == key {
			return f.Value, true
		}
	}
	return 0, false
}

func min(m int64) int64 { return m * 60000 }

// The queue counted by hand: four tickets, waits 2, 7, 12 and 40 minutes
// (one absent, one never called), service 10 and 20 minutes.
func TestQueueHandCounted(t *testing.T) {
	ts := []Ticket{
		{Day: "2026-03-02", Counter: "Stanowisko 1", Group: "A", Unit: "SO", Status: "served", IssuedAt: 0, CalledAt: min(2), DoneAt: min(12)},
		{Day: "2026-03-02", Counter: "Stanowisko 1", Group: "A", Unit: "", Status: "served", IssuedAt: 0, CalledAt: min(7), DoneAt: min(27)},
		{Day: "2026-03-02", Counter: "Stanowisko 2", Group: "B", Status: "absent", IssuedAt: 0, CalledAt: min(12)},
		{Day: "2026-03-03", Counter: "Stanowisko 2", Group: "B", Status: "served", IssuedAt: 0, CalledAt: min(40)},
		{Day: "2026-03-03", Group: "A", Status: "waiting", IssuedAt: 0},
	}
	s := Queue(ts)
	want := map[string]float64{
		"report.queue.issued": 5, "report.queue.served": 3, "report.queue.absent": 1,
		"report.queue.waitAvg": 15.3, "report.queue.waitMedian": 7, "report.queue.waitP90": 40,
		"report.queue.serviceAvg": 15, "report.queue.serviceMedian": 10,
	}
	for k, v := range want {
		if got, ok := fig(s, k); !ok || got != v {
			t.Errorf("%s = %v (%v), want %v", k, got, ok, v)
		}
	}
	counters := s.Breakdowns[0]
	if len(counters.Rows) != 2 || counters.Rows[0].Label != "Stanowisko 1" || counters.Rows[0].Values[0] != 2 ||
		counters.Rows[1].Values[0] != 1 || counters.Rows[1].Values[1] != 1 {
		t.Errorf("by counter: %+v", counters.Rows)
	}
	units := s.Breakdowns[1]
	if len(units.Rows) != 2 || units.Rows[0].LabelKey != NoUnit || units.Rows[0].Values[0] != 2 || units.Rows[1].Label != "SO" {
		t.Errorf("by unit: %+v", units.Rows)
	}
	hist := s.Breakdowns[3]
	wantH := []float64{1, 1, 1, 0, 1}
	for i, r := range hist.Rows {
		if r.Values[0] != wantH[i] {
			t.Errorf("histogram %s = %v, want %v", r.LabelKey, r.Values[0], wantH[i])
		}
	}
}

func TestDeadlinesAndSupplements(t *testing.T) {
	today := "2026-04-10"
	cs := []Case{
		{Unit: "SO", Due: "2026-03-10", Closed: "2026-03-10"}, // kept on the day
		{Unit: "SO", Due: "2026-03-10", Closed: "2026-03-11"}, // missed by a day
		{Unit: "USC", Due: "2026-03-20"},                      // open past it: missed
		{Unit: "USC", Due: "2026-04-15"},                      // running
	}
	d := Deadlines(cs, today)
	for k, v := range map[string]float64{"report.deadlines.kept": 1, "report.deadlines.missed": 2,
		"report.deadlines.running": 1, "report.deadlines.keptShare": 33.3} {
		if got, _ := fig(d, k); got != v {
			t.Errorf("%s = %v, want %v", k, got, v)
		}
	}
	calls := []Call{
		{Unit: "SO", Supplemented: true},
		{Unit: "SO", LeftUnexamined: true},
		{Unit: "SO", TermDue: "2026-04-09"},
		{Unit: "USC", TermDue: "2026-04-10"},
	}
	s := Supplements(calls, today)
	for k, v := range map[string]float64{OutcomeSupplemented: 1, OutcomeLeftUnexamined: 1, OutcomeTermPassed: 1, OutcomeWaiting: 1, "report.supplements.count": 4} {
		if got, _ := fig(s, k); got != v {
			t.Errorf("%s = %v, want %v", k, got, v)
		}
	}
}

func TestGatherEmptyAndNotRecorded(t *testing.T) {
	p, _ := ParsePeriod("2026-01-01", "2026-01-31")
	boom := SourceFunc(func(context.Context, Period, Scope) (Section, error) { panic("boom") })
	empty := SourceFunc(func(context.Context, Period, Scope) (Section, error) { return Queue(nil), nil })
	r := Gather(context.Background(), p, Scope{OfficeWide: true},
		[]Part{{SectionQueue, empty}, {SectionCases, boom}, {SectionSurvey, NotRecorded(SectionSurvey)}})
	if !r.Empty || !r.Partial {
		t.Fatalf("empty %v partial %v", r.Empty, r.Partial)
	}
	states := []State{StateEmpty, StateFailed, StateNotRecorded}
	for i, s := range r.Sections {
		if s.State != states[i] || len(s.Figures) != 0 {
			t.Errorf("section %d %s: %s %v", i, s.Key, s.State, s.Figures)
		}
	}
	if r.Sections[1].Key != SectionCases {
		t.Errorf("failed section's key %q", r.Sections[1].Key)
	}
	r = Gather(context.Background(), p, Scope{}, []Part{{SectionNotices, SourceFunc(func(context.Context, Period, Scope) (Section, error) {
		return Notices([]Notice{{Unit: "SO", Case: "a"}}), nil
	})}})
	if r.Empty {
		t.Error("a section with data left the report empty")
	}
}

func TestScope(t *testing.T) {
	if (Scope{Units: []string{"SO"}}).Has("USC") || !(Scope{Units: []string{"SO"}}).Has("SO") || (Scope{}).Has("") {
		t.Error("scope")
	}
}
