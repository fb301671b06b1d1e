package db

import (
	"context"
	"encoding/json"
	"fmt"
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

// callbackPrivate is what a callback keeps sealed (callback, sealed, id):
// whom to call, the number, what about and what came of it. Its plain
// columns name, phone, topic and outcome stay blank.
type callbackPrivate struct {
	Name    string `json:"name"`
	Phone   string `json:"phone"`
	Topic   string `json:"topic"`
	Outcome string `json:"outcome"`
}

func (r reader) callbackFromRow(x dbq.Callback) (callbacks.Callback, error) {
	priv := callbackPrivate{Name: x.Name, Phone: x.Phone, Topic: x.Topic, Outcome: x.Outcome}
	if len(x.Sealed) > 0 {
		raw, err := r.lk.open("callback", "sealed", x.ID, x.Sealed)
		if err != nil {
			return callbacks.Callback{}, err
		}
		if err := json.Unmarshal(raw, &priv); err != nil {
			return callbacks.Callback{}, fmt.Errorf("db: callback %s: %w", x.ID, err)
		}
	}
	return callbacks.Callback{ID: x.ID, Name: priv.Name, Phone: priv.Phone, Topic: priv.Topic, From: msTime(x.DueFrom),
		Until: msTime(x.DueUntil), AssigneeID: x.AssigneeID, CaseID: x.CaseID, ClientID: x.ClientID,
		CreatedBy: x.CreatedBy, Status: callbacks.Status(x.Status), Outcome: priv.Outcome, DoneAt: msTime(x.DoneAt),
		DoneBy: x.DoneBy, Reagreed: int(x.Reagreed)}, nil
}

func (r reader) callbacksFromRows(rows []dbq.Callback, err error) ([]callbacks.Callback, error) {
	if err != nil {
		return nil, err
	}
	out := make([]callbacks.Callback, len(rows))
	for i, x := range rows {
		if out[i], err = r.callbackFromRow(x); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (t *Tx) writeCallback(ctx context.Context, p callbackPayload) error {
	n := ms(t.now)
	status := p.Status
	if status == "" {
		status = string(callbacks.Open)
	}
	raw, err := json.Marshal(callbackPrivate{Name: p.Name, Phone: p.Phone, Topic: p.Topic, Outcome: p.Outcome})
	if err != nil {
		return fmt.Errorf("db: save callback: %w", err)
	}
	sealed, err := t.lk.seal("callback", "sealed", p.ID, raw)
	if err != nil {
		return err
	}
	return wrap("save callback", t.q.CallbackUpsert(ctx, dbq.CallbackUpsertParams{
		ID: p.ID, OfficeID: p.OfficeID, DueFrom: stampMS(p.From),
		DueUntil: stampMS(p.Until), AssigneeID: p.AssigneeID, CaseID: p.CaseID, ClientID: p.ClientID,
		CreatedBy: p.CreatedBy, Status: status, DoneAt: stampMS(p.DoneAt), DoneBy: p.DoneBy,
		Reagreed: int64(p.Reagreed), Sealed: sealed, CreatedAt: n, UpdatedAt: n,
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
	return r.callbackFromRow(row)
}

// OpenCallbacksOf lists up to limit open callbacks a person makes, the
// earliest first.
func (r reader) OpenCallbacksOf(ctx context.Context, staffID string, limit int) ([]callbacks.Callback, error) {
	rows, err := r.q.CallbackListOpenOf(ctx, dbq.CallbackListOpenOfParams{AssigneeID: staffID, Limit: int64(limit)})
	return r.callbacksFromRows(rows, wrap("open callbacks of", err))
}

// OpenCallbacks lists up to limit open callbacks of the office, the
// earliest first.
func (r reader) OpenCallbacks(ctx context.Context, limit int) ([]callbacks.Callback, error) {
	rows, err := r.q.CallbackListOpen(ctx, int64(limit))
	return r.callbacksFromRows(rows, wrap("open callbacks", err))
}

// CallbacksDoneSince lists up to limit callbacks done at or after since,
// the latest first.
func (r reader) CallbacksDoneSince(ctx context.Context, since time.Time, limit int) ([]callbacks.Callback, error) {
	rows, err := r.q.CallbackListDoneSince(ctx, dbq.CallbackListDoneSinceParams{DoneAt: ms(since), Limit: int64(limit)})
	return r.callbacksFromRows(rows, wrap("callbacks done", err))
}

// CallbacksOfCase lists a case's callbacks.
func (r reader) CallbacksOfCase(ctx context.Context, caseID string) ([]callbacks.Callback, error) {
	rows, err := r.q.CallbackListOfCase(ctx, caseID)
	return r.callbacksFromRows(rows, wrap("callbacks of case", err))
}
