package registry

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"okienko/app/survey"
	"okienko/sync/hlc"
	"okienko/sync/registry/store"
)

// paperDays holds paper survey forms to what the app lets a clerk type in
// (SurveyService.EnterPaper): survey.PaperPerDay forms of one day of
// filling in by one person. A device that pushed more is not typing in
// forms: it would fill the monitoring report's satisfaction figures. The
// office's paper answers are read from the store at its first paper
// answer after the registry starts and kept here, by answer id, so the
// same answer pushed again is not counted twice.
type paperDays struct {
	mu      sync.Mutex
	offices map[string]map[string]map[string]bool // office id → person and day → answer ids
}

// paperKey is one person's forms of one day, the day on the office's
// clock.
func paperKey(personID string, at time.Time, loc *time.Location) string {
	return personID + "/" + at.In(loc).Format(time.DateOnly)
}

// checkPaperAnswer holds a new paper answer to the app's rules: typed in
// by an active member of the staff (one who may sign in on the pushing
// device, as every author field is: entityRules.authors);
// filled in on a day no later than today (the app dates a form noon of
// its day and takes none more than 12 hours ahead; two more hours and the
// clocks' drift spare a device whose zone or clock is a little off) and
// no longer ago than survey.PaperAge; and no more than survey.PaperPerDay
// forms of one day by one person.
func (c *rowCheck) checkPaperAnswer(enteredBy string, at time.Time) (string, error) {
	if enteredBy == "" {
		return "survey answer: paper: without who typed it in", nil
	}
	active, err := c.activeStaff(enteredBy)
	if err != nil {
		return "", err
	}
	if !active {
		return "survey answer: paper: who typed it in is not an active member of the staff", nil
	}
	now := c.r.now()
	if at.After(now.Add(14*time.Hour+hlc.MaxDrift)) || survey.PaperTooOld(at, now.Add(-hlc.MaxDrift)) {
		return "survey answer: paper: filled in after today or over " + strconv.Itoa(int(survey.PaperAge/(24*time.Hour))) + " days ago", nil
	}
	loc, err := c.r.officeZone(c.ctx, c.tx, c.dev.OfficeID)
	if err != nil {
		return "", err
	}
	p := &c.r.papers
	p.mu.Lock()
	defer p.mu.Unlock()
	days := p.offices[c.dev.OfficeID] // read before the transaction (readFacts)
	if days == nil {
		return "", errors.New("registry: paper answers of the office not read before the transaction")
	}
	k := paperKey(enteredBy, at, loc)
	ids := days[k]
	if !ids[c.op.EntityID] && len(ids) >= survey.PaperPerDay {
		return "survey answer: paper: more than " + strconv.Itoa(survey.PaperPerDay) + " forms of one day typed in by one person", nil
	}
	if ids == nil {
		forgetPaperDays(days, now, loc) // a new day: the days no form may come for any more go
		ids = map[string]bool{}
		days[k] = ids
	}
	ids[c.op.EntityID] = true
	return "", nil
}

// paperKeep is how far back the counts are kept: past it no paper answer
// is taken (survey.PaperAge, the clocks' drift and a day's zone).
const paperKeep = survey.PaperAge + 48*time.Hour

// forgetPaperDays drops the counts of days older than paperKeep.
func forgetPaperDays(days map[string]map[string]bool, now time.Time, loc *time.Location) {
	oldest := now.Add(-paperKeep).In(loc).Format(time.DateOnly)
	for k := range days {
		if i := strings.LastIndexByte(k, '/'); i >= 0 && k[i+1:] < oldest {
			delete(days, k)
		}
	}
}

// loadPaperDays reads, once after the registry starts, the office's paper
// answers the store holds, by who typed them in and the day they were
// filled in: before a write's transaction, as every read on the pool is
// (facts.go). surveyRows reads them (one read shared with
// loadScreenTurns).
func (r *Registry) loadPaperDays(ctx context.Context, dev store.Device, surveyRows func() ([]store.Row, error)) error {
	p := &r.papers
	p.mu.Lock()
	_, ok := p.offices[dev.OfficeID]
	p.mu.Unlock()
	if ok {
		return nil
	}
	loc, err := r.OfficeZone(ctx, dev.OfficeID)
	if err != nil {
		return err
	}
	rows, err := surveyRows()
	if err != nil {
		return err
	}
	out := map[string]map[string]bool{}
	for _, row := range rows {
		var source, by, given string
		_ = json.Unmarshal(row.Fields["source"].V, &source)
		_ = json.Unmarshal(row.Fields["enteredBy"].V, &by)
		_ = json.Unmarshal(row.Fields["givenAt"].V, &given)
		at, err := time.Parse(time.RFC3339, given)
		if source != string(survey.Paper) || err != nil || at.Before(r.now().Add(-paperKeep)) {
			continue
		}
		k := paperKey(by, at, loc)
		if out[k] == nil {
			out[k] = map[string]bool{}
		}
		out[k][row.EntityID] = true
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.offices == nil {
		p.offices = map[string]map[string]map[string]bool{}
	}
	if _, ok := p.offices[dev.OfficeID]; !ok { // another write of the office read them meanwhile
		p.offices[dev.OfficeID] = out
	}
	return nil
}
