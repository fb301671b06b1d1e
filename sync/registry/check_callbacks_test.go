package registry

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// putStaff adds a staff member at the registry, active or not.
func (w *checkWorld) putStaff(tb testing.TB, id string, active bool) {
	tb.Helper()
	stamp := hlc.Timestamp{Wall: 1, Node: "registry"}.String()
	act, _ := json.Marshal(active)
	row := merge.Row{"id": {V: json.RawMessage(`"` + id + `"`), H: stamp}, "officeId": {V: json.RawMessage(`"` + w.office + `"`), H: stamp},
		"login": {V: json.RawMessage(`"x` + id[len(id)-6:] + `"`), H: stamp}, "firstName": {V: json.RawMessage(`"Jan"`), H: stamp},
		"lastName": {V: json.RawMessage(`"Nowak"`), H: stamp}, "role": {V: json.RawMessage(`"clerk"`), H: stamp},
		"unitId": {V: json.RawMessage(`"` + checkUnit + `"`), H: stamp}, "active": {V: act, H: stamp}}
	err := w.st.InTx(context.Background(), w.office, func(tx store.Tx) error {
		_, err := tx.PutRow(context.Background(), "staff", id, row, false)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func fields(m map[string]string) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for k, v := range m {
		out[k] = json.RawMessage(v)
	}
	return out
}

// TestCallbackChecks: a callback a device pushes is held to its rules:
// who calls an active member of the staff, real RFC 3339 times, a window
// in order, a known status that only moves from open to done, references
// that exist; the reason names the rule.
func TestCallbackChecks(t *testing.T) {
	w := newCheckWorld(t)
	gone := newID()
	w.putStaff(t, gone, false)
	q := func(s string) string { return `"` + s + `"` }
	id := newID()
	good := fields(map[string]string{"id": q(id), "officeId": q(w.office), "name": q("Jan Kowalski"), "phone": q("+48600100200"),
		"topic": q("zasiłek"), "from": q("2026-11-23T11:30:00Z"), "until": q(""), "assigneeId": q(w.refs.StaffID),
		"caseId": q(""), "clientId": q(""), "createdBy": q(w.refs.StaffID), "status": q("open"), "outcome": q(""),
		"doneAt": q(""), "doneBy": q(""), "reagreed": "0"})
	for _, c := range []struct {
		name, field, value, reason string
	}{
		{"an assignee who does not exist", "assigneeId", q(newID()), "who calls"},
		{"an assignee no longer active", "assigneeId", q(gone), "who calls"},
		{"a time that is not RFC 3339", "from", q("23.11.2026 12:30"), "RFC 3339"},
		{"a window that ends before it begins", "until", q("2026-11-23T10:00:00Z"), "window"},
		{"a call planned for 2199", "from", q("2199-01-01T09:00:00Z"), "more than a year ahead"},
		{"an unknown status", "status", q("maybe"), "status"},
		{"a new callback already done", "status", q("done"), ""},
		{"a case that does not exist", "caseId", q(newID()), "caseId"},
		{"a phone that is not one", "phone", q("12ab"), "phone"},
		{"a field it does not have", "secret", q("x"), ""},
		{"a topic far too long", "topic", q(strings.Repeat("x", 5000)), ""},
	} {
		res := w.push(t, w.op("callback", id, with(good, c.field, c.value)))
		if res.Status != protocol.Rejected || !strings.Contains(res.Reason, c.reason) {
			t.Errorf("%s: %+v, want rejected naming %q", c.name, res, c.reason)
		}
	}
	if res := w.push(t, w.op("callback", id, good)); res.Status != protocol.Applied {
		t.Fatalf("a valid callback: %+v", res)
	}
	if res := w.push(t, w.op("callback", id, fields(map[string]string{"status": q("done")}))); res.Status != protocol.Rejected {
		t.Errorf("done without who and when: %+v", res)
	}
	done := fields(map[string]string{"status": q("done"), "doneBy": q(w.refs.StaffID), "doneAt": q("2026-11-23T11:40:00Z"), "outcome": q("ok")})
	if res := w.push(t, w.op("callback", id, done)); res.Status != protocol.Applied {
		t.Fatalf("done: %+v", res)
	}
	if res := w.push(t, w.op("callback", id, fields(map[string]string{"status": q("open")}))); res.Status != protocol.Rejected {
		t.Errorf("reopened: %+v", res)
	}
	if res := w.push(t, w.op("callback", id, fields(map[string]string{"createdBy": q(gone)}))); res.Status != protocol.Rejected {
		t.Errorf("its author changed: %+v", res)
	}
}

// TestPresenceChecks: a device speaks for its own people only, for a
// person on the staff, said on itself, with an active stand-in other
// than the person.
func TestPresenceChecks(t *testing.T) {
	w := newCheckWorld(t)
	ctx := context.Background()
	other, gone := newID(), newID()
	w.putStaff(t, other, true)
	w.putStaff(t, gone, false)
	q := func(s string) string { return `"` + s + `"` }
	me := w.refs.StaffID
	row := func(staff string) map[string]json.RawMessage {
		return fields(map[string]string{"id": q(staff), "officeId": q(w.office), "staffId": q(staff), "away": "true",
			"until": q("2026-11-23T11:30:00Z"), "standInId": q(other), "note": q(""), "setAt": q("2026-11-23T10:00:00Z"),
			"deviceId": q(w.dev.ID)})
	}
	// No one is allowed on the device yet: it may not speak for anyone.
	if err := w.st.SetDevicePeople(ctx, w.dev.ID, nil); err != nil {
		t.Fatal(err)
	}
	if res := w.push(t, w.op("presence", me, row(me))); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "not allowed") {
		t.Fatalf("a person not on the device: %+v", res)
	}
	if err := w.st.SetDevicePeople(ctx, w.dev.ID, []string{me}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		id     string
		f      map[string]json.RawMessage
		reason string
	}{
		{"someone else's presence", other, row(other), "not allowed"},
		{"an id not its person's", newID(), row(me), "id"},
		{"said on another device", me, with(row(me), "deviceId", q(newID())), "another device"},
		{"standing in for oneself", me, with(row(me), "standInId", q(me)), "themselves"},
		{"a stand-in no longer active", me, with(row(me), "standInId", q(gone)), "stand-in"},
		{"a return time that is no time", me, with(row(me), "until", q("12:30")), "RFC 3339"},
	} {
		if res := w.push(t, w.op("presence", c.id, c.f)); res.Status != protocol.Rejected || !strings.Contains(res.Reason, c.reason) {
			t.Errorf("%s: %+v, want rejected naming %q", c.name, res, c.reason)
		}
	}
	if res := w.push(t, w.op("presence", me, row(me))); res.Status != protocol.Applied {
		t.Fatalf("a valid presence: %+v", res)
	}
}

// benchCallback is a new callback's row, for the checks' benchmark.
func benchCallback(w *checkWorld, id string) map[string]json.RawMessage {
	q := func(s string) string { return `"` + s + `"` }
	return fields(map[string]string{"id": q(id), "officeId": q(w.office), "name": q("Jan Kowalski"), "phone": q("+48600100200"),
		"topic": q("zasiłek"), "from": q("2026-11-23T11:30:00Z"), "until": q("2026-11-23T12:00:00Z"), "assigneeId": q(w.refs.StaffID),
		"caseId": q(""), "clientId": q(""), "createdBy": q(w.refs.StaffID), "status": q("open"), "outcome": q(""),
		"doneAt": q(""), "doneBy": q(""), "reagreed": "0"})
}

// benchPresence is a person going away, for the checks' benchmark.
func benchPresence(w *checkWorld) map[string]json.RawMessage {
	q := func(s string) string { return `"` + s + `"` }
	me := w.refs.StaffID
	return fields(map[string]string{"id": q(me), "officeId": q(w.office), "staffId": q(me), "away": "true",
		"until": q("2026-11-23T11:30:00Z"), "standInId": q(""), "note": q(""), "setAt": q("2026-11-23T10:00:00Z"),
		"deviceId": q(w.dev.ID)})
}
