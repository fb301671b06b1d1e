package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"okienko/app/cases"
	"okienko/db/internal/dbq"
)

// DutyEvent is a duty of a case's history (a handover, an art. 36
// notice, an interpreter request) with what "Dziś" shows beside it.
type DutyEvent struct {
	cases.Event
	Sign       string // the case's sign
	AssigneeID string // the case's handler now
}

// NearDue is an open case due soon, with the date its latest art. 36
// notice set ("" when none).
type NearDue struct {
	CaseID, Sign, DueOn, NoticeDue string
}

// HandOverCase gives a case to a new handler (c.AssigneeID) and appends
// its handover event, both with their outbox rows in the caller's
// transaction. Only the assignee changes: the deadline stays.
func (t *Tx) HandOverCase(ctx context.Context, officeID string, c cases.Case, e cases.Event) error {
	if err := t.q.CaseUpdateAssignee(ctx, dbq.CaseUpdateAssigneeParams{AssigneeID: nullString(c.AssigneeID), UpdatedAt: ms(t.now), ID: c.ID}); err != nil {
		return fmt.Errorf("db: hand over case %s: %w", c.Sign, err)
	}
	if err := t.record(ctx, "case_file", c.ID, payloadOf(officeID, c)); err != nil {
		return err
	}
	return t.AppendCaseEvent(ctx, e)
}

// A duty's note (a handover's why, a notice's reason) is free text about
// a client's matter: it is taken out of the stored detail, whose dates
// the queries read, and kept sealed (case_event, sealed, id). The outbox
// and the registry see the whole detail.

// sealDutyNote is the detail to store and the sealed note of a duty event
// (detail as it is, and nothing sealed, for other events).
func (t *Tx) sealDutyNote(e cases.Event) (string, []byte, error) {
	if !slices.Contains(cases.DutyKinds, e.Kind) {
		return e.Detail, []byte{}, nil
	}
	var d cases.Duty
	if err := json.Unmarshal([]byte(e.Detail), &d); err != nil || d.Note == "" {
		return e.Detail, []byte{}, nil // not a duty's detail (the registry checks those it takes)
	}
	sealed, err := t.lk.seal("case_event", "sealed", e.ID, []byte(d.Note))
	if err != nil {
		return "", nil, err
	}
	d.Note = ""
	return d.JSON(), sealed, nil
}

// dutyDetail puts a duty event's sealed note back into its detail.
func (r reader) dutyDetail(id, detail string, sealed []byte) (string, error) {
	if len(sealed) == 0 {
		return detail, nil
	}
	note, err := r.lk.open("case_event", "sealed", id, sealed)
	if err != nil {
		return "", err
	}
	if len(note) == 0 {
		return detail, nil
	}
	var d cases.Duty
	if err := json.Unmarshal([]byte(detail), &d); err != nil {
		return "", fmt.Errorf("db: case event %s: %w", id, err)
	}
	d.Note = string(note)
	return d.JSON(), nil
}

// DutyEvents lists the office's duty events of one kind recorded since.
func (r reader) DutyEvents(ctx context.Context, officeID, kind string, since time.Time) ([]DutyEvent, error) {
	rows, err := r.q.CaseDutyEventsSince(ctx, dbq.CaseDutyEventsSinceParams{Kind: kind, Since: ms(since), OfficeID: officeID})
	if err != nil {
		return nil, wrap("duty events", err)
	}
	out := make([]DutyEvent, len(rows))
	for i, x := range rows {
		detail, err := r.dutyDetail(x.ID, x.Detail, x.Sealed)
		if err != nil {
			return nil, err
		}
		out[i] = DutyEvent{Event: cases.Event{ID: x.ID, CaseID: x.CaseID, Kind: x.Kind, StaffID: x.StaffID, Detail: detail, At: fromMS(x.CreatedAt)},
			Sign: x.Sign, AssigneeID: x.AssigneeID.String}
	}
	return out, nil
}

// InterpreterVisits lists the interpreter requests for visits on day
// (YYYY-MM-DD), by the visit's time.
func (r reader) InterpreterVisits(ctx context.Context, officeID, day string) ([]DutyEvent, error) {
	rows, err := r.q.CaseInterpreterVisits(ctx, dbq.CaseInterpreterVisitsParams{OfficeID: officeID, Day: day})
	if err != nil {
		return nil, wrap("interpreter visits", err)
	}
	out := make([]DutyEvent, len(rows))
	for i, x := range rows {
		detail, err := r.dutyDetail(x.ID, x.Detail, x.Sealed)
		if err != nil {
			return nil, err
		}
		out[i] = DutyEvent{Event: cases.Event{ID: x.ID, CaseID: x.CaseID, Kind: x.Kind, StaffID: x.StaffID, Detail: detail, At: fromMS(x.CreatedAt)},
			Sign: x.Sign, AssigneeID: x.AssigneeID.String}
	}
	return out, nil
}

// CaseNoticeDue is the date the case's latest art. 36 notice set, "" when
// it has none: recomputing the deadline from the card keeps it.
func (r reader) CaseNoticeDue(ctx context.Context, caseID string) (string, error) {
	d, err := r.q.CaseLastNotice(ctx, caseID)
	if err != nil {
		return "", wrap("case notice", err)
	}
	return d, nil
}

// CasesNearDue lists a handler's open cases due from dueFrom to dueTo
// (inclusive), with their latest notice's date.
func (r reader) CasesNearDue(ctx context.Context, officeID, assigneeID, dueFrom, dueTo string) ([]NearDue, error) {
	rows, err := r.q.CaseListNearDue(ctx, dbq.CaseListNearDueParams{OfficeID: officeID, AssigneeID: nullString(assigneeID),
		DueFrom: nullString(dueFrom), DueTo: nullString(dueTo)})
	if err != nil {
		return nil, wrap("cases near due", err)
	}
	out := make([]NearDue, len(rows))
	for i, x := range rows {
		out[i] = NearDue{CaseID: x.ID, Sign: x.Sign, DueOn: x.DueOn, NoticeDue: x.NoticeDue}
	}
	return out, nil
}

// casesAssigned is the list of one handler's cases ("moje").
func (r reader) casesAssigned(ctx context.Context, officeID string, f CaseFilter, open int64, from, to sql.NullString) ([]dbq.CaseListRow, error) {
	found, err := r.q.CaseListAssigned(ctx, dbq.CaseListAssignedParams{OfficeID: officeID, AssigneeID: nullString(f.Assignee),
		Status: string(f.Status), DueFrom: from, DueTo: to, OpenOnly: open, Lim: int64(f.Limit)})
	rows := make([]dbq.CaseListRow, len(found))
	for i, x := range found {
		rows[i] = dbq.CaseListRow(x)
	}
	return rows, err
}
