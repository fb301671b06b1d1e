package db

import (
	"context"
	"time"

	"okienko/app/callbacks"
	"okienko/db/internal/dbq"
	"okienko/sync/entity"
)

// callbackPayload is the synced form of a callback.
type callbackPayload = entity.Callback

// stampText writes an instant as the payloads carry it: RFC 3339 in UTC,
// "" for none.
func stampText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// stampMS reads a payload's RFC 3339 instant into ms (0 for "" or a text
// that is none: the registry refuses such rows, so only an older row can
// carry one).
func stampMS(s string) int64 {
	if s == "" {
		return 0
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return 0
	}
	return t.UnixMilli()
}

func msTime(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v)
}

func callbackToPayload(officeID string, c callbacks.Callback) callbackPayload {
	return callbackPayload{ID: c.ID, OfficeID: officeID, Name: c.Name, Phone: c.Phone, Topic: c.Topic,
		From: stampText(c.From), Until: stampText(c.Until), AssigneeID: c.AssigneeID, CaseID: c.CaseID,
		ClientID: c.ClientID, CreatedBy: c.CreatedBy, Status: string(c.Status), Outcome: c.Outcome,
		DoneAt: stampText(c.DoneAt), DoneBy: c.DoneBy, Reagreed: c.Reagreed}
}

func callbackFromRow(r dbq.Callback) callbacks.Callback {
	return callbacks.Callback{ID: r.ID, Name: r.Name, Phone: r.Phone, Topic: r.Topic, From: msTime(r.DueFrom),
		Until: msTime(r.DueUntil), AssigneeID: r.AssigneeID, CaseID: r.CaseID, ClientID: r.ClientID,
		CreatedBy: r.CreatedBy, Status: callbacks.Status(r.Status), Outcome: r.Outcome, DoneAt: msTime(r.DoneAt),
		DoneBy: r.DoneBy, Reagreed: int(r.Reagreed)}
}

func callbacksFromRows(rows []dbq.Callback) []callbacks.Callback {
	out := make([]callbacks.Callback, len(rows))
	for i, r := range rows {
		out[i] = callbackFromRow(r)
	}
	return out
}

func (t *Tx) writeCallback(ctx context.Context, p callbackPayload) error {
	n := ms(t.now)
	status := p.Status
	if status == "" {
		status = string(callbacks.Open)
	}
	return wrap("save callback", t.q.CallbackUpsert(ctx, dbq.CallbackUpsertParams{
		ID: p.ID, OfficeID: p.OfficeID, Name: p.Name, Phone: p.Phone, Topic: p.Topic, DueFrom: stampMS(p.From),
		DueUntil: stampMS(p.Until), AssigneeID: p.AssigneeID, CaseID: p.CaseID, ClientID: p.ClientID,
		CreatedBy: p.CreatedBy, Status: status, Outcome: p.Outcome, DoneAt: stampMS(p.DoneAt), DoneBy: p.DoneBy,
		Reagreed: int64(p.Reagreed), CreatedAt: n, UpdatedAt: n,
	}))
}

func writeCallbackJSON(t *Tx, ctx context.Context, raw []byte) error {
	var p callbackPayload
	if err := decodeInto(raw, &p); err != nil {
		return err
	}
	return t.writeCallback(ctx, p)
}

// SaveCallback stores a callback (new, done or re-agreed) and records it
// for sync: only the fields that changed travel, status and assignee with
// the stamps they replace, so two people acting on one callback at once
// meet as a conflict at the registry.
func (t *Tx) SaveCallback(ctx context.Context, officeID string, c callbacks.Callback) error {
	if c.ID == "" {
		c.ID = newID()
	}
	p := callbackToPayload(officeID, c)
	if err := t.writeCallback(ctx, p); err != nil {
		return err
	}
	return t.record(ctx, "callback", c.ID, p)
}

// Callback returns one callback.
func (r reader) Callback(ctx context.Context, id string) (callbacks.Callback, error) {
	row, err := r.q.CallbackGet(ctx, id)
	if err != nil {
		return callbacks.Callback{}, notFound(err, "callback")
	}
	return callbackFromRow(row), nil
}

// OpenCallbacksOf lists up to limit open callbacks a person makes, the
// earliest first.
func (r reader) OpenCallbacksOf(ctx context.Context, staffID string, limit int) ([]callbacks.Callback, error) {
	rows, err := r.q.CallbackListOpenOf(ctx, dbq.CallbackListOpenOfParams{AssigneeID: staffID, Limit: int64(limit)})
	return callbacksFromRows(rows), wrap("open callbacks of", err)
}

// OpenCallbacks lists up to limit open callbacks of the office, the
// earliest first.
func (r reader) OpenCallbacks(ctx context.Context, limit int) ([]callbacks.Callback, error) {
	rows, err := r.q.CallbackListOpen(ctx, int64(limit))
	return callbacksFromRows(rows), wrap("open callbacks", err)
}

// CallbacksDoneSince lists up to limit callbacks done at or after since,
// the latest first.
func (r reader) CallbacksDoneSince(ctx context.Context, since time.Time, limit int) ([]callbacks.Callback, error) {
	rows, err := r.q.CallbackListDoneSince(ctx, dbq.CallbackListDoneSinceParams{DoneAt: ms(since), Limit: int64(limit)})
	return callbacksFromRows(rows), wrap("callbacks done", err)
}

// CallbacksOfCase lists a case's callbacks.
func (r reader) CallbacksOfCase(ctx context.Context, caseID string) ([]callbacks.Callback, error) {
	rows, err := r.q.CallbackListOfCase(ctx, caseID)
	return callbacksFromRows(rows), wrap("callbacks of case", err)
}
