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

// checkUnit is the unit of the staff putStaff and putHead add: each head
// is the superior of each clerk (art. 229).
const checkUnit = "01a20102-0000-7000-8000-00000000c0de"

// putHead adds an active head of a unit at the registry.
func (w *checkWorld) putHead(tb testing.TB, id string) {
	tb.Helper()
	stamp := hlc.Timestamp{Wall: 1, Node: "registry"}.String()
	v := func(s string) merge.Field { return merge.Field{V: json.RawMessage(`"` + s + `"`), H: stamp} }
	row := merge.Row{"id": v(id), "officeId": v(w.office), "login": v("h" + id[len(id)-6:]), "firstName": v("Ewa"),
		"lastName": v("Kierownik"), "role": v("head"), "unitId": v(checkUnit), "active": {V: json.RawMessage(`true`), H: stamp}}
	err := w.st.InTx(context.Background(), w.office, func(tx store.Tx) error {
		_, err := tx.PutRow(context.Background(), "staff", id, row, false)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// complaint is a new complaint in the register, received by post, about
// the person concerns, considered by assignee: its id and fields.
func (w *checkWorld) complaint(concerns, assignee string) (string, map[string]json.RawMessage) {
	q := func(s string) string { return `"` + s + `"` }
	id := newID()
	return id, fields(map[string]string{"id": q(id), "officeId": q(w.office), "kind": q("complaint"), "channel": q("post"),
		"receivedOn": q("2026-11-23"), "anonymous": "false", "name": q("Jan Kowalski"), "address": q("ul. Polna 5"),
		"contact": q(""), "lang": q("pl"), "subject": q("Skarga na pracownika"), "summary": q(""), "concernsStaffId": q(concerns), "unitId": q(""),
		"competent": "true", "forwardTo": q(""), "forwardedOn": q(""), "forwardLateNote": q(""), "assigneeId": q(assignee),
		"dueOn": q("2026-12-23"), "extendedTo": q(""), "extendReason": q(""), "status": q("registered"), "outcome": q(""),
		"answeredOn": q(""), "answerChannel": q(""), "answerBody": q(""), "groundsFact": q(""), "groundsLaw": q(""),
		"signerName": q(""), "signerPost": q(""), "repeatNote": q(""), "answerText": q(""), "caseId": q(""),
		"createdBy": q(w.refs.StaffID), "decidedBy": q("")})
}

// TestComplaintChecks: an entry of the register of complaints a device
// pushes is held to the law by meaning: statuses and outcomes that fit,
// days in order and the one-month answer date of art. 237 § 1, an
// anonymous complaint left without consideration (§ 8 of the 2002
// regulation), a body not competent naming the competent one, nobody
// considering or deciding a complaint about themselves (art. 227, 229),
// the answer's elements of art. 238, who may decide.
func TestComplaintChecks(t *testing.T) {
	w := newCheckWorld(t)
	ctx := context.Background()
	clerk, head, stranger := newID(), newID(), newID()
	w.putStaff(t, clerk, true)
	w.putHead(t, head)
	w.putHead(t, stranger)
	if err := w.st.SetDevicePeople(ctx, w.dev.ID, []string{w.refs.StaffID, clerk, head}); err != nil {
		t.Fatal(err)
	}
	q := func(s string) string { return `"` + s + `"` }
	id, good := w.complaint(clerk, head)
	good = with(good, "lang", q("uk"))
	for _, c := range []struct {
		name   string
		edit   map[string]string
		reason string
	}{
		{"assigned to the person it concerns", map[string]string{"assigneeId": q(clerk)}, "the person it concerns"},
		{"an unknown kind", map[string]string{"kind": q("petition")}, "unknown kind"},
		{"an unknown language", map[string]string{"lang": q("de")}, "language"},
		{"a language in capitals", map[string]string{"lang": q("PL")}, "language"},
		{"received in the future", map[string]string{"receivedOn": q("2027-01-10"), "dueOn": q("2027-02-10")}, "future"},
		{"a due date that is not a month", map[string]string{"dueOn": q("2027-01-23")}, "art. 237"},
		{"anonymous, still considered", map[string]string{"anonymous": "true", "name": q(""), "address": q("")}, "anonymous"},
		{"anonymous but named", map[string]string{"anonymous": "true", "status": q("left"), "outcome": q("left")}, "anonymous"},
		{"no address and not anonymous", map[string]string{"address": q("")}, "anonymous"},
		{"not competent, no body named", map[string]string{"competent": "false"}, "competent body"},
		{"a new one already answered", map[string]string{"status": q("answered"), "outcome": q("justified")}, ""},
		{"an outcome that does not fit", map[string]string{"outcome": q("justified")}, "outcome"},
		{"a remark not noted", map[string]string{"kind": q("remark")}, "remark"},
		{"a person that does not exist", map[string]string{"concernsStaffId": q(newID())}, "concernsStaffId"},
	} {
		f := good
		for k, v := range c.edit {
			f = with(f, k, v)
		}
		res := w.push(t, w.op("complaint", id, f))
		if res.Status != protocol.Rejected || !strings.Contains(res.Reason, c.reason) {
			t.Errorf("%s: %+v, want rejected naming %q", c.name, res, c.reason)
		}
	}
	if res := w.push(t, w.op("complaint", id, good)); res.Status != protocol.Applied {
		t.Fatalf("a valid complaint: %+v", res)
	}
	answer := map[string]string{"status": q("answered"), "outcome": q("unjustified"), "answeredOn": q("2026-11-27"),
		"answerChannel": q("post"), "answerBody": q("Wójt Gminy"), "groundsFact": q("fakty"), "groundsLaw": q("art. 238 KPA"),
		"signerName": q("Jan Wójcik"), "signerPost": q("Wójt"), "repeatNote": q("art. 239"), "decidedBy": q(head)}
	for _, c := range []struct {
		name   string
		edit   map[string]string
		reason string
	}{
		{"no repeat note for an unjustified complaint", map[string]string{"repeatNote": q("")}, "art. 238"},
		{"no grounds in law", map[string]string{"groundsLaw": q("")}, "art. 238"},
		{"decided by the person concerned", map[string]string{"decidedBy": q(clerk)}, "the person it concerns"},
		{"decided by a head of another device", map[string]string{"decidedBy": q(stranger)}, "this device"},
		{"decided by a clerk who does not consider it", map[string]string{"decidedBy": q(w.refs.StaffID)}, "neither considers"},
		{"answered before receipt", map[string]string{"answeredOn": q("2026-11-20")}, "before receipt"},
		{"forwarded while competent", map[string]string{"status": q("forwarded"), "outcome": q("forwarded"), "forwardedOn": q("2026-11-25")}, "forwarded"},
	} {
		f := fields(answer)
		for k, v := range c.edit {
			f = with(f, k, v)
		}
		res := w.push(t, w.op("complaint", id, f))
		if res.Status != protocol.Rejected || !strings.Contains(res.Reason, c.reason) {
			t.Errorf("%s: %+v, want rejected naming %q", c.name, res, c.reason)
		}
	}
	if res := w.push(t, w.op("complaint", id, fields(answer))); res.Status != protocol.Applied {
		t.Fatalf("a complete answer by the superior: %+v", res)
	}
	if res := w.push(t, w.op("complaint", id, fields(map[string]string{"status": q("registered"), "outcome": q("")}))); res.Status != protocol.Rejected {
		t.Errorf("reopened: %+v", res)
	}
	// The answer rewritten under the head's name on a device the head
	// does not sign in on: the decision is the head's, so it is refused.
	if err := w.st.SetDevicePeople(ctx, w.dev.ID, []string{w.refs.StaffID, clerk}); err != nil {
		t.Fatal(err)
	}
	for _, edit := range []map[string]string{{"outcome": q("justified"), "repeatNote": q("")}, {"groundsFact": q("inne fakty")}, {"answeredOn": q("2026-11-28")}} {
		if res := w.push(t, w.op("complaint", id, fields(edit))); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "this device") {
			t.Errorf("the answer rewritten by another device (%v): %+v", edit, res)
		}
	}
	// A field beside the decision (the complainant's language) is not a
	// decision: it stays the entry's to correct.
	if res := w.push(t, w.op("complaint", id, fields(map[string]string{"lang": q("en")}))); res.Status != protocol.Applied {
		t.Errorf("the language corrected: %+v", res)
	}
	if err := w.st.SetDevicePeople(ctx, w.dev.ID, []string{w.refs.StaffID, clerk, head}); err != nil {
		t.Fatal(err)
	}
	// A remark at the counter may be kept without personal data (Płock VII).
	rid := newID()
	remark := with(with(with(with(with(good, "id", q(rid)), "kind", q("remark")), "status", q("noted")), "name", q("")), "address", q(""))
	remark = with(with(with(remark, "anonymous", "true"), "concernsStaffId", q("")), "dueOn", q(""))
	if res := w.push(t, w.op("complaint", rid, remark)); res.Status != protocol.Applied {
		t.Errorf("an anonymous remark: %+v", res)
	}
}

// TestComplaintSuperiors: a complaint about a member of staff is
// considered and settled by their superior only (art. 229; the brief:
// "complaints about staff go to that person's superior"): the head of
// their unit or an administrator, never a colleague, a subordinate or
// another unit's head.
func TestComplaintSuperiors(t *testing.T) {
	w := newCheckWorld(t)
	ctx := context.Background()
	stamp := hlc.Timestamp{Wall: 1, Node: "registry"}.String()
	person := func(role, unit string) string {
		id := newID()
		v := func(s string) merge.Field { return merge.Field{V: json.RawMessage(`"` + s + `"`), H: stamp} }
		row := merge.Row{"id": v(id), "officeId": v(w.office), "login": v("p" + id[len(id)-6:]), "firstName": v("Anna"),
			"lastName": v("Nowak"), "role": v(role), "unitId": v(unit), "active": {V: json.RawMessage(`true`), H: stamp}}
		if err := w.st.InTx(ctx, w.office, func(tx store.Tx) error {
			_, err := tx.PutRow(ctx, "staff", id, row, false)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	so, usc := newID(), newID()
	clerk, colleague, head, otherHead, admin := person("clerk", so), person("clerk", so), person("head", so), person("head", usc), person("admin", "")
	if err := w.st.SetDevicePeople(ctx, w.dev.ID, []string{w.refs.StaffID, clerk, colleague, head, otherHead, admin}); err != nil {
		t.Fatal(err)
	}
	q := func(s string) string { return `"` + s + `"` }
	complaint := w.complaint
	for _, c := range []struct {
		name               string
		concerns, assignee string
		ok                 bool
	}{
		{"about a clerk, to their head", clerk, head, true},
		{"about a clerk, to an administrator", clerk, admin, true},
		{"about a clerk, to a colleague", clerk, colleague, false},
		{"about a clerk, to another unit's head", clerk, otherHead, false},
		{"about a head, to a clerk of their unit", head, clerk, false},
		{"about a head, to another head", head, otherHead, false},
		{"about a head, to an administrator", head, admin, true},
	} {
		id, f := complaint(c.concerns, c.assignee)
		res := w.push(t, w.op("complaint", id, f))
		if c.ok != (res.Status == protocol.Applied) || !c.ok && !strings.Contains(res.Reason, "not a superior") {
			t.Errorf("%s: %+v", c.name, res)
		}
	}
	// Settled by someone other than its assignee: a superior only.
	answer := map[string]string{"status": `"answered"`, "outcome": `"unjustified"`, "answeredOn": `"2026-11-27"`,
		"answerChannel": `"post"`, "answerBody": `"Wójt Gminy"`, "groundsFact": `"fakty"`, "groundsLaw": `"art. 238 KPA"`,
		"signerName": `"Jan Wójcik"`, "signerPost": `"Wójt"`, "repeatNote": `"art. 239"`}
	id, f := complaint(clerk, admin)
	if res := w.push(t, w.op("complaint", id, f)); res.Status != protocol.Applied {
		t.Fatalf("the complaint: %+v", res)
	}
	decided := func(by string) protocol.OpResult {
		f := fields(answer)
		f = with(f, "decidedBy", q(by))
		return w.push(t, w.op("complaint", id, f))
	}
	if res := decided(otherHead); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "superior") {
		t.Errorf("decided by another unit's head: %+v", res)
	}
	if res := decided(head); res.Status != protocol.Applied {
		t.Errorf("decided by the clerk's head: %+v", res)
	}
	// A person whose staff row was removed at the registry still has only
	// superiors: not a colleague.
	gone := person("clerk", so)
	if err := w.st.InTx(ctx, w.office, func(tx store.Tx) error {
		row, _, err := tx.Row(ctx, "staff", gone)
		if err == nil {
			_, err = tx.PutRow(ctx, "staff", gone, row.Fields, true)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	gid, gf := complaint(gone, colleague)
	if res := w.push(t, w.op("complaint", gid, gf)); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "not a superior") {
		t.Errorf("about a removed clerk, to a colleague: %+v", res)
	}
}
