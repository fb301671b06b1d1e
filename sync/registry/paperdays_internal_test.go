package registry

import (
	"testing"
	"time"
)

// TestForgetPaperDays: the counts of days no paper answer may come for any
// more are dropped; the rest stay.
func TestForgetPaperDays(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Warsaw")
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, loc)
	keep := now.Add(-paperKeep).Add(24 * time.Hour).Format(time.DateOnly)
	old := now.Add(-paperKeep).Add(-24 * time.Hour).Format(time.DateOnly)
	days := map[string]map[string]bool{"a/" + keep: {"1": true}, "a/" + old: {"2": true}, "b/2026-12-06": {"3": true}}
	forgetPaperDays(days, now, loc)
	if _, ok := days["a/"+old]; ok || len(days) != 2 {
		t.Fatalf("after forgetting: %v", days)
	}
}
