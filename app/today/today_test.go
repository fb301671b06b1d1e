package today

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

var warsaw, _ = time.LoadLocation("Europe/Warsaw")

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, warsaw)
	if err != nil {
		panic(err)
	}
	return t
}

func ids(items []Item) string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	return strings.Join(out, " ")
}

func TestOrder(t *testing.T) {
	now := at("2026-12-28 10:00")
	for _, tc := range []struct {
		name  string
		items []Item
		want  string
	}{
		{"overdue before due, the oldest first", []Item{
			{ID: "today", Kind: KindDeadline, Day: "2026-12-28"},
			{ID: "old", Kind: KindDeadline, Day: "2026-12-01"},
			{ID: "older", Kind: KindSupplement, Day: "2026-11-30"},
		}, "older old today"},
		{"a callback an hour late is overdue, before a deadline tomorrow", []Item{
			{ID: "tomorrow", Kind: KindDeadline, Day: "2026-12-29"},
			{ID: "call", Kind: KindCallback, At: at("2026-12-28 09:00")},
		}, "call tomorrow"},
		{"timed items the soonest first, before day items", []Item{
			{ID: "day", Kind: KindDeadline, Day: "2026-12-28"},
			{ID: "at14", Kind: KindInterpreter, At: at("2026-12-28 14:00")},
			{ID: "at11", Kind: KindCallback, At: at("2026-12-28 11:00")},
		}, "at11 at14 day"},
		{"day items by day", []Item{
			{ID: "d30", Kind: KindDeadline, Day: "2026-12-30"},
			{ID: "d29", Kind: KindSupplement, Day: "2026-12-29"},
		}, "d29 d30"},
		{"ties by kind priority, then id", []Item{
			{ID: "q", Kind: KindQueue, Day: "2026-12-28"},
			{ID: "h", Kind: KindHandover, Day: "2026-12-28"},
			{ID: "s", Kind: KindSupplement, Day: "2026-12-28"},
			{ID: "b", Kind: KindDeadline, Day: "2026-12-28"},
			{ID: "a", Kind: KindDeadline, Day: "2026-12-28"},
			{ID: "i", Kind: KindInterpreter, Day: "2026-12-28"},
			{ID: "x", Kind: "unknown", Day: "2026-12-28"},
		}, "a b s h i q x"},
		{"overdue on one day: the whole day's item first, then by time", []Item{
			{ID: "late10", Kind: KindCallback, At: at("2026-12-27 10:00")},
			{ID: "day27", Kind: KindSupplement, Day: "2026-12-27"},
			{ID: "late08", Kind: KindCallback, At: at("2026-12-27 08:00")},
		}, "day27 late08 late10"},
		{"a source's overdue mark is kept", []Item{
			{ID: "due", Kind: KindDeadline, Day: "2026-12-29"},
			{ID: "marked", Kind: KindHandover, Day: "2026-12-29", Overdue: true},
		}, "marked due"},
		{"an instant read in the office's zone: 23:30 UTC is the next Warsaw day", []Item{
			{ID: "day27", Kind: KindDeadline, Day: "2026-12-27", Overdue: true},
			{ID: "utc", Kind: KindCallback, At: time.Date(2026, 12, 26, 23, 30, 0, 0, time.UTC)},
		}, "day27 utc"},
		{"nothing", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Order(slices.Clone(tc.items), now)
			if ids(got) != tc.want {
				t.Errorf("order %q, want %q", ids(got), tc.want)
			}
		})
	}
}

func TestOrderMarksOverdue(t *testing.T) {
	now := at("2026-12-28 10:00")
	got := Order([]Item{
		{ID: "past", At: at("2026-12-28 09:59")},
		{ID: "future", At: at("2026-12-28 10:01")},
		{ID: "yesterday", Day: "2026-12-27"},
		{ID: "today", Day: "2026-12-28"},
	}, now)
	want := map[string]bool{"past": true, "future": false, "yesterday": true, "today": false}
	for _, it := range got {
		if it.Overdue != want[it.ID] {
			t.Errorf("%s: overdue %v, want %v", it.ID, it.Overdue, want[it.ID])
		}
	}
}

type fixed []Item

func (f fixed) TodayItems(context.Context, string, string, time.Time) ([]Item, error) {
	return f, nil
}

type failing struct{}

func (failing) TodayItems(context.Context, string, string, time.Time) ([]Item, error) {
	return nil, errors.New("db: today deadlines: disk I/O error")
}

type panicking struct{}

func (panicking) TodayItems(context.Context, string, string, time.Time) ([]Item, error) {
	panic("boom")
}

type asks struct{ staff, day *string }

func (a asks) TodayItems(_ context.Context, staff, day string, _ time.Time) ([]Item, error) {
	*a.staff, *a.day = staff, day
	return nil, nil
}

func TestGather(t *testing.T) {
	now := at("2026-12-28 10:00")
	a := fixed{{ID: "a2", Kind: KindDeadline, Day: "2026-12-30"}}
	b := fixed{{ID: "b1", Kind: KindCallback, At: at("2026-12-28 08:00")}}
	for _, tc := range []struct {
		name     string
		sources  []Source
		want     string
		partial  bool
		failures []int
	}{
		{"all read, ordered together", []Source{a, b}, "b1 a2", false, nil},
		{"a failing source costs only its lines", []Source{a, failing{}, b}, "b1 a2", true, []int{1}},
		{"a panicking source too", []Source{panicking{}, a}, "a2", true, []int{0}},
		{"every source failing", []Source{failing{}, panicking{}}, "", true, []int{0, 1}},
		{"no sources", nil, "", false, nil},
		{"a nil source is skipped", []Source{nil, a}, "a2", false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := Gather(context.Background(), tc.sources, "staff-1", "2026-12-28", now)
			if ids(res.Items) != tc.want || res.Partial != tc.partial {
				t.Errorf("got %q partial %v, want %q partial %v", ids(res.Items), res.Partial, tc.want, tc.partial)
			}
			var failed []int
			for _, f := range res.Failures {
				failed = append(failed, f.Source)
				if f.Err == nil || f.Type == "" {
					t.Errorf("failure %+v lacks its error or type", f)
				}
			}
			if !slices.Equal(failed, tc.failures) {
				t.Errorf("failures %v, want %v", failed, tc.failures)
			}
		})
	}
	var staff, day string
	Gather(context.Background(), []Source{asks{&staff, &day}}, "staff-1", "2026-12-28", now)
	if staff != "staff-1" || day != "2026-12-28" {
		t.Errorf("source asked for %q on %q", staff, day)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if res := Gather(ctx, []Source{a}, "staff-1", "2026-12-28", now); !res.Partial {
		t.Error("a cancelled gathering is not marked partial")
	}
}
