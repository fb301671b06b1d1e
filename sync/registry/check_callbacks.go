package registry

import (
	"encoding/json"
	"slices"
	"time"

	"okienko/app/callbacks"
	"okienko/sync/entity"
	"okienko/sync/protocol"
)

// Sizes of a callback's and a presence's texts, in bytes: the app's
// limits in characters, each of up to four bytes in UTF-8.
const (
	maxCallbackTopic   = 4 * callbacks.MaxTopic
	maxCallbackOutcome = 4 * callbacks.MaxOutcome
	maxPresenceNote    = 4 * 120
)

// checkCallback holds a callback to its rules: its people on the staff
// (who calls: active), its case and client existing when named, real
// instants, a window that ends after it begins, a known status that only
// moves from open to done, texts within their sizes. A time in the past
// is not refused here: a device offline since the morning pushes late.
func checkCallback(c *rowCheck) (string, error) {
	k, err := decodeAs[entity.Callback](c)
	if err != nil {
		return refused("callback: %v", err), nil
	}
	for _, s := range []string{k.Name, k.Phone, k.CaseID, k.ClientID, k.CreatedBy, k.AssigneeID, k.DoneBy} {
		if !plainText(s, maxName) {
			return "callback: a text field is too long or holds control characters", nil
		}
	}
	if !plainText(k.Topic, maxCallbackTopic) || len(k.Outcome) > maxCallbackOutcome {
		return "callback: the topic or outcome is too long", nil
	}
	if c.changed("phone") && !callbacks.ValidPhone(k.Phone) {
		return "callback: the phone is not a phone number", nil
	}
	from, okFrom := instant(k.From, false)
	until, okUntil := instant(k.Until, true)
	_, okDone := instant(k.DoneAt, true)
	if !okFrom || !okUntil || !okDone {
		return "callback: a time is not a real RFC 3339 instant", nil
	}
	if !until.IsZero() && !until.After(from) {
		return "callback: the window ends before it begins", nil
	}
	st := callbacks.Status(k.Status)
	if !st.Valid() {
		return "callback: unknown status", nil
	}
	if c.changed("status") && !c.setAside("status") {
		if !c.found && st != callbacks.Open {
			return "callback: a new callback starts open", nil
		}
		if c.found {
			var before entity.Callback
			if err := decodeRow(c.cur.Fields, &before); err == nil && before.Status == string(callbacks.Done) && st != callbacks.Done {
				return "callback: a callback done stays done", nil
			}
		}
	}
	if st == callbacks.Done && (k.DoneBy == "" || k.DoneAt == "") {
		return "callback: done without who and when", nil
	}
	if !c.found && k.CreatedBy == "" {
		return "callback: createdBy missing", nil
	}
	if k.AssigneeID == "" {
		return "callback: assigneeId missing", nil
	}
	if c.changed("assigneeId") {
		ok, err := c.activeStaff(k.AssigneeID)
		if err != nil {
			return "", err
		}
		if !ok {
			return "callback: who calls is not an active member of the staff", nil
		}
	}
	refs := []struct{ field, entity, id string }{{"createdBy", "staff", k.CreatedBy}, {"doneBy", "staff", k.DoneBy},
		{"caseId", "case_file", k.CaseID}, {"clientId", "client", k.ClientID}}
	for _, ref := range refs {
		if ref.id == "" || !c.changed(ref.field) {
			continue
		}
		ok, err := c.exists(ref.entity, ref.id)
		if err != nil {
			return "", err
		}
		if !ok {
			return refused("callback: its %s does not exist", ref.field), nil
		}
	}
	return "", nil
}

// checkPresence holds a person's presence to its rules: one row per
// person (its id the staff id), the person on the staff and allowed on
// the pushing device (a device speaks for its own people only), the
// stand-in an active colleague other than the person, real instants.
func checkPresence(c *rowCheck) (string, error) {
	p, err := decodeAs[entity.Presence](c)
	if err != nil {
		return refused("presence: %v", err), nil
	}
	if p.StaffID != p.ID {
		return "presence: its id is not its person's", nil
	}
	if !plainText(p.Note, maxPresenceNote) || !plainText(p.StandInID, 64) || !plainText(p.DeviceID, 64) {
		return "presence: a text field is too long or holds control characters", nil
	}
	if _, ok := instant(p.Until, true); !ok {
		return "presence: a time is not a real RFC 3339 instant", nil
	}
	if _, ok := instant(p.SetAt, false); !ok {
		return "presence: a time is not a real RFC 3339 instant", nil
	}
	if p.DeviceID != c.dev.ID {
		return "presence: said on another device", nil
	}
	ok, err := c.exists("staff", p.StaffID)
	if err != nil {
		return "", err
	}
	if !ok {
		return "presence: its person is not on the staff", nil
	}
	people, err := c.devicePeople()
	if err != nil {
		return "", err
	}
	if !slices.Contains(people, p.StaffID) {
		return "presence: its person is not allowed on this device", nil
	}
	if p.StandInID != "" && c.changed("standInId") {
		if p.StandInID == p.StaffID {
			return "presence: a person does not stand in for themselves", nil
		}
		ok, err := c.activeStaff(p.StandInID)
		if err != nil {
			return "", err
		}
		if !ok {
			return "presence: the stand-in is not an active member of the staff", nil
		}
	}
	return "", nil
}

// instant reads an RFC 3339 instant between 2000 and 2200; "" is the zero
// time when allowed.
func instant(s string, empty bool) (time.Time, bool) {
	if s == "" {
		return time.Time{}, empty
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil || t.Year() < 2000 || t.Year() > 2200 {
		return time.Time{}, false
	}
	return t, true
}

// activeStaff reports whether id is a staff member of the office marked
// active: one the admin deactivated makes no calls and stands in for no
// one. An active member is remembered for refTTL like the office's live
// staff (refs.go): a deactivation is seen within it.
func (c *rowCheck) activeStaff(id string) (bool, error) {
	if !protocol.ValidID(id) {
		return false, nil
	}
	k := liveKey{c.dev.OfficeID, "staff.active", id}
	now := time.Now()
	c.r.refs.mu.Lock()
	at, ok := c.r.refs.live[k]
	c.r.refs.mu.Unlock()
	if ok && now.Sub(at) < refTTL {
		return true, nil
	}
	row, found, err := c.tx.Row(c.ctx, "staff", id)
	if err != nil || !found || row.Deleted {
		return false, err
	}
	var active bool
	if f, ok := row.Fields["active"]; ok {
		if err := json.Unmarshal(f.V, &active); err != nil {
			return false, nil
		}
	}
	if active {
		c.r.refs.mu.Lock()
		if c.r.refs.live == nil || len(c.r.refs.live) >= refCacheMax {
			c.r.refs.live = map[liveKey]time.Time{}
		}
		c.r.refs.live[k] = seenAt(now)
		c.r.refs.mu.Unlock()
	}
	return active, nil
}
