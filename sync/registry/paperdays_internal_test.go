package registry

import (
	"errors"
	"testing"
	"time"

	"okienko/sync/registry/store"
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

// TestSurveyRowsReadOnce: the screen and paper memories, loaded at the
// first survey answer after a start, share one read of the office's
// answers; a failed read is not remembered as an empty one.
func TestSurveyRowsReadOnce(t *testing.T) {
	reads, fail := 0, true
	rows := surveyRows(func() ([]store.Row, error) {
		reads++
		if fail {
			return nil, errors.New("store: busy")
		}
		return []store.Row{{EntityID: "a"}}, nil
	})
	if _, err := rows(); err == nil {
		t.Fatalf("a failed read answered no error")
	}
	fail = false
	for range 3 {
		got, err := rows()
		if err != nil || len(got) != 1 {
			t.Fatalf("rows = %v %v", got, err)
		}
	}
	if reads != 2 {
		t.Fatalf("the store was read %d times, want 2 (the failed read and one more)", reads)
	}
}
