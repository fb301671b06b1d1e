package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"okienko/app/audit"
	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/app/presence"
	"okienko/db"
)

// PresenceService is Obecność: a clerk leaving the desk says when they
// return and who stands in (Piotrków §4.11, Kielce II.3), and the
// directory shows who is present, away or unknown, so the counter sends a
// client only to someone who is there (Piotrków §4.7, Kielce II.2).
type PresenceService struct {
	c *Core
}

// NewPresenceService binds the service to the core.
func NewPresenceService(c *Core) *PresenceService { return &PresenceService{c: c} }

// PresenceInput is a person going away: the return time (HH:MM, today on
// the office's clock), who stands in (a staff id, or ""), a short note.
type PresenceInput struct {
	Until     string `json:"until"`
	StandInID string `json:"standInId"`
	Note      string `json:"note"`
}

// PresenceEntry is what the directory shows of one person's desk.
type PresenceEntry struct {
	StaffID   string `json:"staffId"`
	State     string `json:"state"` // present, away, unknown
	Until     string `json:"until"` // HH:MM when away
	Late      bool   `json:"late"`  // away past the return time
	StandInID string `json:"standInId"`
	StandIn   string `json:"standIn"` // the stand-in's name
	Note      string `json:"note"`
	Text      string `json:"text"` // the state as a sentence in the interface's language
	Mine      bool   `json:"mine"`
}

// PresenceSaved is one's own presence after a change, and whether this
// device could not tell the registry yet (saved here, sent later).
type PresenceSaved struct {
	PresenceEntry
	Offline bool   `json:"offline"`
	Notice  string `json:"notice"` // a sentence for the person, "" when none
}

// Set marks the signed-in person away until a time today, with a
// stand-in. A bad return time or stand-in is refused with its reason and
// nothing is saved; offline, it is saved here and sent at the next sync.
func (s *PresenceService) Set(in PresenceInput) (PresenceSaved, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return PresenceSaved{}, err
	}
	now := s.c.Now()
	p := presence.Presence{StaffID: st.ID, Away: true, StandInID: in.StandInID, Note: in.Note}
	if in.Until != "" {
		u, err := time.ParseInLocation("2006-01-02 15:04", now.Format(time.DateOnly)+" "+in.Until, now.Location())
		if err != nil {
			return PresenceSaved{}, i18n.E("presence.untilBad", fmt.Errorf("app: presence until: %w", err))
		}
		p.Until = u
	}
	staff, err := s.c.Store.StaffList(ctx, s.c.officeID)
	if err != nil {
		return PresenceSaved{}, s.c.internal("list staff", err)
	}
	active := map[string]bool{}
	for _, m := range staff {
		active[m.ID] = m.Active
	}
	if probs := presence.Validate(p, now, func(id string) bool { return active[id] }); len(probs) > 0 {
		pr := probs[0]
		return PresenceSaved{}, &i18n.Error{Key: pr.Key, Args: pr.Args, Err: fmt.Errorf("app: presence: field %s: %s", pr.Field, pr.Key)}
	}
	return s.save(ctx, st, p, audit.PresenceAway, staff)
}

// Back marks the signed-in person present at the desk.
func (s *PresenceService) Back() (PresenceSaved, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return PresenceSaved{}, err
	}
	staff, err := s.c.Store.StaffList(ctx, s.c.officeID)
	if err != nil {
		return PresenceSaved{}, s.c.internal("list staff", err)
	}
	return s.save(ctx, st, presence.Presence{StaffID: st.ID}, audit.PresenceBack, staff)
}

// List gives the presence of every active member of the staff, for the
// directory.
func (s *PresenceService) List() ([]PresenceEntry, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return nil, err
	}
	staff, err := s.c.Store.StaffList(ctx, s.c.officeID)
	if err != nil {
		return nil, s.c.internal("list staff", err)
	}
	rows, err := s.c.Store.Presences(ctx, s.c.officeID)
	if err != nil {
		return nil, s.c.internal("list presence", err)
	}
	byStaff := map[string]presence.Presence{}
	for _, p := range rows {
		byStaff[p.StaffID] = p
	}
	v := s.view(ctx)
	names := staffNames(staff)
	periods, today, err := absences(ctx, s.c)
	if err != nil {
		return nil, err
	}
	out := []PresenceEntry{}
	for _, m := range staff {
		if !m.Active {
			continue
		}
		p, found := byStaff[m.ID]
		e := s.entry(st, m.ID, p, found, v, names)
		if sub, absent := office.AbsentOn(periods, m.ID, today); absent && e.State == string(presence.Unknown) {
			// Nobody said otherwise today: a period of absence (urlop,
			// delegacja) covering the office's day says away all day.
			e.State, e.StandInID, e.StandIn = string(presence.Away), sub.StandInID, names[sub.StandInID]
			e.Text = s.c.UI("presence.text.absentAllDay")
		}
		out = append(out, e)
	}
	return out, nil
}

func (s *PresenceService) save(ctx context.Context, st office.Staff, p presence.Presence, action string, staff []office.Staff) (PresenceSaved, error) {
	err := s.c.Store.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.SavePresence(ctx, s.c.officeID, p); err != nil {
			return err
		}
		tx.Emit(EventPresence, st.ID)
		return nil
	})
	if err != nil {
		return PresenceSaved{}, s.c.internal("save presence", err)
	}
	s.c.audit(ctx, st.ID, action, "staff", st.ID)
	saved, err := s.c.Store.Presence(ctx, st.ID)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return PresenceSaved{}, s.c.internal("load presence", err)
	}
	out := PresenceSaved{PresenceEntry: s.entry(st, st.ID, saved, err == nil, s.view(ctx), staffNames(staff))}
	if s.offline(ctx) {
		out.Offline = true
		out.Notice = s.c.UI("presence.savedOffline")
	}
	return out, nil
}

// view is what this device knows now: its id and when it last heard
// from the registry.
func (s *PresenceService) view(ctx context.Context) presence.View {
	v := presence.View{DeviceID: s.c.Store.DeviceID(), Now: s.c.Now()}
	if st, err := s.c.Store.SyncState(ctx); err == nil && st.LastSync != "" {
		if t, err := time.Parse(time.RFC3339Nano, st.LastSync); err == nil {
			v.LastSync = t
		}
	}
	return v
}

// offline reports whether this device syncs with a registry and cannot
// reach it now: the change waits in the outbox.
func (s *PresenceService) offline(ctx context.Context) bool {
	st, err := s.c.Store.SyncState(ctx)
	if err != nil || !st.Enrolled() {
		return false
	}
	if s.c.Sync != nil {
		return !s.c.Sync.Status(ctx).Online
	}
	return true
}

func (s *PresenceService) entry(st office.Staff, id string, p presence.Presence, found bool, v presence.View, names map[string]string) PresenceEntry {
	state := v.StateOf(p, found)
	e := PresenceEntry{StaffID: id, State: string(state), Mine: id == st.ID}
	t := s.c.ui()
	switch state {
	case presence.Away:
		e.Until = p.Until.In(v.Now.Location()).Format("15:04")
		e.Late = v.Late(p)
		e.StandInID, e.StandIn, e.Note = p.StandInID, names[p.StandInID], p.Note
		switch {
		case e.Until != "" && !p.Until.IsZero() && e.StandIn != "":
			e.Text = t.T("presence.text.awayStandIn", "time", e.Until, "name", e.StandIn)
		case !p.Until.IsZero():
			e.Text = t.T("presence.text.away", "time", e.Until)
		default:
			e.Until = ""
			e.Text = t.T("presence.text.awayNoTime")
		}
		if e.Late {
			e.Text = t.T("presence.text.late", "time", e.Until)
		}
	case presence.Present:
		e.Text = t.T("presence.text.present")
	default:
		e.Text = t.T("presence.text.unknown")
	}
	return e
}

// presentAtSignIn marks a person present when they sign in: someone at a
// computer is at their desk. It writes only when the row does not say so
// already today, so signing in again adds no change to sync. A failure is
// logged and does not stop the sign-in.
func presentAtSignIn(ctx context.Context, c *Core, st office.Staff) {
	now := c.Now()
	p, err := c.Store.Presence(ctx, st.ID)
	if err == nil && !p.Away && p.SetAt.In(now.Location()).Format(time.DateOnly) == now.Format(time.DateOnly) {
		return
	}
	err = c.Store.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.SavePresence(ctx, c.officeID, presence.Presence{StaffID: st.ID}); err != nil {
			return err
		}
		tx.Emit(EventPresence, st.ID)
		return nil
	})
	if err != nil {
		c.Log.Error("presence at sign-in", "staff", st.ID, "err", err)
	}
}
