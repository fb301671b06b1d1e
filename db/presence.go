package db

import (
	"context"

	"okienko/app/presence"
	"okienko/db/internal/dbq"
	"okienko/sync/entity"
)

// presencePayload is the synced form of a person's presence.
type presencePayload = entity.Presence

// presenceFromRow opens the note, sealed (presence, sealed, id) when
// there is one; the plain column note stays blank.
func (r reader) presenceFromRow(x dbq.Presence) (presence.Presence, error) {
	note := x.Note
	if len(x.Sealed) > 0 {
		raw, err := r.lk.open("presence", "sealed", x.ID, x.Sealed)
		if err != nil {
			return presence.Presence{}, err
		}
		note = string(raw)
	}
	return presence.Presence{StaffID: x.StaffID, Away: x.Away == 1, Until: msTime(x.UntilAt), StandInID: x.StandInID,
		Note: note, SetAt: msTime(x.SetAt), DeviceID: x.DeviceID}, nil
}

func (t *Tx) writePresence(ctx context.Context, p presencePayload) error {
	n := ms(t.now)
	staff := p.StaffID
	if staff == "" {
		staff = p.ID
	}
	sealed := []byte{}
	if p.Note != "" {
		var err error
		if sealed, err = t.lk.seal("presence", "sealed", p.ID, []byte(p.Note)); err != nil {
			return err
		}
	}
	return wrap("save presence", t.q.PresenceUpsert(ctx, dbq.PresenceUpsertParams{
		ID: p.ID, OfficeID: p.OfficeID, StaffID: staff, Away: boolInt(p.Away), UntilAt: stampMS(p.Until),
		StandInID: p.StandInID, Sealed: sealed, SetAt: stampMS(p.SetAt), DeviceID: p.DeviceID, CreatedAt: n, UpdatedAt: n,
	}))
}

func writePresenceJSON(t *Tx, ctx context.Context, raw []byte) error {
	var p presencePayload
	if err := decodeInto(raw, &p); err != nil {
		return err
	}
	return t.writePresence(ctx, p)
}

// SavePresence stores a person's word about their desk, said on this
// device now, and records it for sync. The row's id is the staff id: one
// row per person, the latest word winning field by field.
func (t *Tx) SavePresence(ctx context.Context, officeID string, p presence.Presence) error {
	p.DeviceID = t.s.deviceID
	if p.SetAt.IsZero() {
		p.SetAt = t.now
	}
	pl := presencePayload{ID: p.StaffID, OfficeID: officeID, StaffID: p.StaffID, Away: p.Away, Until: stampText(p.Until),
		StandInID: p.StandInID, Note: p.Note, SetAt: stampText(p.SetAt), DeviceID: p.DeviceID}
	if err := t.writePresence(ctx, pl); err != nil {
		return err
	}
	return t.record(ctx, "presence", pl.ID, pl)
}

// Presence returns a person's presence row.
func (r reader) Presence(ctx context.Context, staffID string) (presence.Presence, error) {
	row, err := r.q.PresenceGet(ctx, staffID)
	if err != nil {
		return presence.Presence{}, notFound(err, "presence")
	}
	return r.presenceFromRow(row)
}

// Presences lists the office's presence rows.
func (r reader) Presences(ctx context.Context, officeID string) ([]presence.Presence, error) {
	rows, err := r.q.PresenceList(ctx, officeID)
	if err != nil {
		return nil, wrap("presences", err)
	}
	out := make([]presence.Presence, len(rows))
	for i, row := range rows {
		if out[i], err = r.presenceFromRow(row); err != nil {
			return nil, err
		}
	}
	return out, nil
}
