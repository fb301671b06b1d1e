package queue

import "testing"

func TestLabels(t *testing.T) {
	tests := []struct{ got, want string }{
		{Label("A", 12), "A012"},
		{Label("B", 1), "B001"},
		{Label("D", 999), "D999"},
		{Label("D", 1000), "D1000"},
		{OfflineLabel("2", "A", 12), "2L-A012"},
		{OfflineLabel("B", "C", 3), "BL-C003"},
		{CounterPrefix("Stanowisko 2"), "2"},
		{CounterPrefix("okno b"), "B"},
		{CounterPrefix("Stanowisko 12"), "12"},
		{CounterPrefix("Stanowisko 1234"), "234"},
		{CounterPrefix("Kasa ł"), "A"},
		{CounterPrefix("łż"), "X"},
		{CounterPrefix(""), "X"},
		{CounterPrefix("  7  "), "7"},
	}
	for i, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%d: got %q, want %q", i, tc.got, tc.want)
		}
	}
}

func FuzzCounterPrefix(f *testing.F) {
	for _, s := range []string{"Stanowisko 2", "", "łł", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := CounterPrefix(s)
		if len(p) != 1 || !(p[0] >= '0' && p[0] <= '9' || p[0] >= 'A' && p[0] <= 'Z') {
			t.Fatalf("CounterPrefix(%q) = %q", s, p)
		}
	})
}
