package registry

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"okienko/app/survey"
	"okienko/sync/hlc"
	"okienko/sync/registry/store"
)

// screenTurns holds a device's own survey screen to what the app lets a
// client do on it: one answer a visit, survey.Window apart (app's
// SurveyService.Submit refuses a second within it). A device that pushed
// answers faster, or as another screen, is not reporting clients: it
// would fill the monitoring report's satisfaction figures. The times of
// each device's screen answers are read from the store at its first
// screen answer after the registry starts and kept here, by answer id, so
// the same answer pushed again is not its own neighbour.
type screenTurns struct {
	mu      sync.Mutex
	devices map[string]map[string]int64 // device id → answer id → givenAt (Unix ms)
}

// screenAge is how old a screen answer may be when it reaches the
// registry: a laptop offline for weeks still delivers its answers, and a
// device cannot spread invented ones over the years.
const screenAge = 31 * 24 * time.Hour

// checkScreenAnswer holds a survey answer given on a device's screen to
// the screen's rules: the pushing device's own screen, given no later
// than now (with the clocks' drift) and no earlier than screenAge, and
// survey.Window away from the device's other screen answers.
func (c *rowCheck) checkScreenAnswer(screenID string, at time.Time) (string, error) {
	if screenID != c.dev.ID {
		return "survey answer: screen: an answer from another device's screen", nil
	}
	now := c.r.now()
	if at.After(now.Add(hlc.MaxDrift)) || at.Before(now.Add(-screenAge)) {
		return "survey answer: screen: an answer given in the future or over a month ago", nil
	}
	t := &c.r.screens
	t.mu.Lock()
	defer t.mu.Unlock()
	seen := t.devices[c.dev.ID] // read before the transaction (readFacts)
	if seen == nil {
		return "", errors.New("registry: screen answers of the device not read before the transaction")
	}
	ms, w, old := at.UnixMilli(), survey.Window.Milliseconds(), now.Add(-screenAge-survey.Window).UnixMilli()
	for id, other := range seen {
		if other < old {
			delete(seen, id) // past any answer that may still come
			continue
		}
		if id != c.op.EntityID && ms > other-w && ms < other+w {
			return "survey answer: screen: two answers from one screen within a minute", nil
		}
	}
	seen[c.op.EntityID] = ms
	return "", nil
}

// loadScreenTurns reads, once after the registry starts, the times of the
// device's screen answers the store holds: before a write's transaction,
// as every read on the pool is (facts.go). surveyRows reads the office's
// survey answers (one read shared with loadPaperDays).
func (r *Registry) loadScreenTurns(ctx context.Context, dev store.Device, surveyRows func() ([]store.Row, error)) error {
	t := &r.screens
	t.mu.Lock()
	_, ok := t.devices[dev.ID]
	t.mu.Unlock()
	if ok {
		return nil
	}
	rows, err := surveyRows()
	if err != nil {
		return err
	}
	out := map[string]int64{}
	for _, row := range rows {
		var source, screen, given string
		_ = json.Unmarshal(row.Fields["source"].V, &source)
		_ = json.Unmarshal(row.Fields["screenId"].V, &screen)
		_ = json.Unmarshal(row.Fields["givenAt"].V, &given)
		if source != string(survey.Screen) || screen != dev.ID {
			continue
		}
		if at, err := time.Parse(time.RFC3339, given); err == nil {
			out[row.EntityID] = at.UnixMilli()
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.devices == nil {
		t.devices = map[string]map[string]int64{}
	}
	if _, ok := t.devices[dev.ID]; !ok { // another write of the device read them meanwhile
		t.devices[dev.ID] = out
	}
	return nil
}
