package registry

import (
	"context"
	"encoding/json"
	"time"

	"okienko/app/cases"
	"okienko/app/deadline"
	"okienko/app/officeclock"
	"okienko/sync/entity"
	"okienko/sync/protocol"
)

// A case's dates are the office's (BRIEF: every date is the office's): a
// device may not move a case's deadline to keep it off the overdue lists
// and out of the monitoring report. The app sets it from the card's rule
// (art. 35 KPA or the card's statute) counted from the day of submission,
// with the days the clock stood still for a call to supplement (art. 64
// § 2) added, and moves it later only by a notice under art. 36 KPA,
// recorded as a case event before the case's new date (app/case_duties_
// service.go). The registry holds every push of those fields to the same.

// checkCaseDue holds a new case, or a change of its pauses or due date,
// to the rules: its pauses as checkPauses says; no due date while a pause
// is open, and otherwise one no later than the card's rule gives or the
// latest art. 36 notice set. An earlier date is let through: it hides
// nothing, and a device that has not yet pulled a card's longer term
// computes one.
func checkCaseDue(c *rowCheck, k *entity.Case) (string, error) {
	if c.found && !c.changed("dueOn") && !c.changed("pauses") {
		return "", nil
	}
	loc, err := c.r.officeZone(c.ctx, c.tx, c.dev.OfficeID)
	if err != nil {
		return "", err
	}
	// A day of slack, as for a client's birth date: the office's day may
	// already be the next where the registry's clock still reads today.
	today := officeclock.Day(c.r.now(), loc)
	tomorrow := today.AddDate(0, 0, 1).Format(time.DateOnly)
	if c.changed("pauses") {
		// A submission dated ahead is accepted and flagged for a head to
		// check (dateflags.go): a call to supplement at its registration
		// is dated with it, a later one by the office's clock, which may
		// lie before it.
		earliest := min(k.SubmittedOn, today.AddDate(0, 0, -1).Format(time.DateOnly))
		if why := checkPauses(c, k, earliest, max(tomorrow, k.SubmittedOn)); why != "" {
			return why, nil
		}
	}
	rule, ok, err := c.cardRule(k.CardID)
	if err != nil || !ok {
		return "", err // an unknown card is refused by reference
	}
	start, _ := time.Parse(time.DateOnly, k.SubmittedOn)
	pauses := make([]deadline.Pause, 0, len(k.Pauses))
	for _, p := range k.Pauses {
		from, _ := time.Parse(time.DateOnly, p.From) // checkCase refused what does not parse
		dp := deadline.Pause{From: from}
		if p.To != "" {
			dp.To, _ = time.Parse(time.DateOnly, p.To)
		}
		pauses = append(pauses, dp)
	}
	due, paused, err := deadline.Due(rule, start, pauses)
	if err != nil {
		return "", nil // a card's rule the registry itself holds badly is not the device's fault
	}
	switch {
	case paused && k.DueOn != "":
		return "case: a due date while a call to supplement stops the deadline", nil
	case paused:
		return "", nil
	case k.DueOn == "":
		return "case: no due date though the deadline runs", nil
	}
	bound := due.Format(time.DateOnly)
	notice, err := c.noticeDue(k.ID)
	if err != nil {
		return "", err
	}
	bound = max(bound, notice)
	if k.DueOn > bound {
		return refused("case: due date later than its card's rule and its art. 36 notices give (%s)", bound), nil
	}
	return "", nil
}

// checkPauses holds a case's pauses to how the app writes them: appended
// open at a call to supplement, closed when the documents come, never edited
// or removed once closed, never before earliest (the submission) nor
// after latest (the office's tomorrow, or a submission dated past it): a
// pause of days long gone would stretch the date by as many.
func checkPauses(c *rowCheck, k *entity.Case, earliest, latest string) string {
	for _, p := range k.Pauses {
		if p.From < earliest || p.From > latest || p.To > latest {
			return "case: a pause of the deadline lies outside the case's days so far"
		}
	}
	if c.setAside("pauses") {
		// Set aside in a conflict, the pauses are another device's view
		// of the case, kept for a person to choose, not a rewrite of
		// those held: only their days are held to the case's.
		return ""
	}
	var held []cases.Pause
	if c.found {
		if f, ok := c.cur.Fields["pauses"]; ok {
			_ = json.Unmarshal(f.V, &held) // the held row passed this check
		}
	}
	if len(k.Pauses) < len(held) {
		return "case: a pause of the deadline was removed"
	}
	for i, p := range k.Pauses {
		if i < len(held) && (p.From != held[i].From || held[i].To != "" && p.To != held[i].To) {
			return "case: a pause of the deadline held by the registry was changed"
		}
		// A pause the registry does not hold is a call to supplement made
		// with this op: the last, open, the case now awaiting documents.
		// One that arrives closed would be days the registry never saw
		// the clock stand still for, each moving the date a day later.
		if i >= len(held) && (p.To != "" || i != len(k.Pauses)-1 || k.Status != cases.AwaitingSupplement) {
			return "case: a pause of the deadline that is new is not a call to supplement"
		}
	}
	return ""
}

// cardRule is the deadline rule of the case's card as the registry holds
// it, remembered per office and card as cardNeeds is (a card version is
// immutable: reading and decoding a whole card for every new case was a
// fifth of the registry's time under 200 pushing devices); ok is false
// when the card is unknown or unreadable.
func (c *rowCheck) cardRule(cardID string) (rule deadline.Rule, ok bool, err error) {
	k := liveKey{c.dev.OfficeID, "service_card", cardID}
	c.r.refs.mu.Lock()
	rule, ok = c.r.refs.rules[k]
	c.r.refs.mu.Unlock()
	if ok {
		return rule, true, nil
	}
	row, found, err := c.tx.Row(c.ctx, "service_card", cardID)
	if err != nil || !found {
		return deadline.Rule{}, false, err
	}
	var card entity.Card
	if err := decodeRow(row.Fields, &card); err != nil {
		return deadline.Rule{}, false, nil
	}
	rule = deadline.Rule{Kind: string(card.Card.Deadline.Kind), N: card.Card.Deadline.N}
	c.r.refs.mu.Lock()
	if c.r.refs.rules == nil || len(c.r.refs.rules) >= refCacheMax {
		c.r.refs.rules = map[liveKey]deadline.Rule{}
	}
	c.r.refs.rules[k] = rule
	c.r.refs.mu.Unlock()
	return rule, true, nil
}

// noticeDue is the latest date an art. 36 notice of the case set: of
// the notices the registry held before this write, and of this write's
// own that were applied before this op (a refused one moves nothing).
func (c *rowCheck) noticeDue(caseID string) (string, error) {
	n, err := c.notices()
	if err != nil {
		return "", err
	}
	due := n.held[caseID]
	for _, p := range n.batch[caseID] {
		if p.newDue <= due {
			continue
		}
		if _, applied, err := c.tx.Row(c.ctx, "case_event", p.eventID); err != nil {
			return "", err
		} else if applied {
			due = p.newDue
		}
	}
	return due, nil
}

// notices are the write's facts about art. 36 notices, or, outside a job
// (tests), the same read now.
func (c *rowCheck) notices() (*caseNotices, error) {
	if f := factsFrom(c.ctx); f != nil && f.notices != nil {
		return f.notices, nil
	}
	return c.r.readNotices(c.ctx, c.dev.OfficeID, []protocol.Op{c.op})
}

// caseNotices are the art. 36 notices a write's checks of case deadlines
// need: the latest date the held notices of each case set, and the
// notices among the write's own ops, by case.
type caseNotices struct {
	held  map[string]string
	batch map[string][]batchNotice
}

// batchNotice is a notice among a write's ops.
type batchNotice struct{ eventID, newDue string }

// readNotices reads, before a write's transaction, the art. 36 notices of
// each case whose deadline or pauses its ops change: those the registry
// holds, and those among ops. The app records a notice before the case's
// new date (app/case_duties_service.go), so it comes in the same batch,
// before the case, or in an earlier one.
func (r *Registry) readNotices(ctx context.Context, officeID string, ops []protocol.Op) (*caseNotices, error) {
	n := &caseNotices{held: map[string]string{}, batch: map[string][]batchNotice{}}
	var ids []string
	for _, op := range ops {
		if op.Entity != "case_file" {
			continue
		}
		_, due := op.Fields["dueOn"]
		_, paused := op.Fields["pauses"]
		// A case's registration carries registeredBy (fixed, so sent
		// once): no notice of it can be held yet, only one of this write.
		_, registered := op.Fields["registeredBy"]
		if (due || paused) && !registered {
			ids = append(ids, op.EntityID)
		}
	}
	if len(ids) == 0 {
		return n, nil
	}
	rows, err := r.st.CaseNotices(ctx, officeID, ids)
	if err != nil {
		return nil, err
	}
	for _, row := range rows {
		if id, d, ok := noticeOf(row.Fields["caseId"].V, row.Fields["kind"].V, row.Fields["detail"].V); ok && d > n.held[id] {
			n.held[id] = d
		}
	}
	for _, op := range ops {
		if op.Entity != "case_event" {
			continue
		}
		if id, d, ok := noticeOf(op.Fields["caseId"], op.Fields["kind"], op.Fields["detail"]); ok {
			n.batch[id] = append(n.batch[id], batchNotice{eventID: op.EntityID, newDue: d})
		}
	}
	return n, nil
}

// noticeOf reads an art. 36 notice's case and new date from an event's
// fields; ok is false for any other event or one that does not parse.
func noticeOf(caseID, kind, detail json.RawMessage) (id, newDue string, ok bool) {
	var k, text string
	if json.Unmarshal(caseID, &id) != nil || json.Unmarshal(kind, &k) != nil || k != cases.EventNoticeArt36 ||
		json.Unmarshal(detail, &text) != nil {
		return "", "", false
	}
	d, err := cases.ParseDuty(k, text)
	if err != nil {
		return "", "", false
	}
	return id, d.NewDue, true
}
