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

// putHead adds an active head of a unit at the registry.
func (w *checkWorld) putHead(tb testing.TB, id string) {
	tb.Helper()
	stamp := hlc.Timestamp{Wall: 1, Node: "registry"}.String()
	v := func(s string) merge.Field { return merge.Field{V: json.RawMessage(`"` + s + `"`), H: stamp} }
	row := merge.Row{"id": v(id), "officeId": v(w.office), "login": v("h" + id[len(id)-6:]), "firstName": v("Ewa"),
		"lastName": v("Kierownik"), "role": v("head"), "active": {V: json.RawMessage(`true`), H: stamp}}
	err := w.st.InTx(context.Background(), w.office, func(tx store.Tx) error {
		_, err := tx.PutRow(context.Background(), "staff", id, row, false)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
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
	id := newID()
	good := fields(map[string]string{"id": q(id), "officeId": q(w.office), "kind": q("complaint"), "channel": q("post"),
		"receivedOn": q("2026-11-23"), "anonymous": "false", "name": q("Jan Kowalski"), "address": q("ul. Polna 5"),
		"contact": q(""), "lang": q("uk"), "subject": q("Skarga na pracownika"), "summary": q(""), "concernsStaffId": q(clerk), "unitId": q(""),
		"competent": "true", "forwardTo": q(""), "forwardedOn": q(""), "forwardLateNote": q(""), "assigneeId": q(head),
		"dueOn": q("2026-12-23"), "extendedTo": q(""), "extendReason": q(""), "status": q("registered"), "outcome": q(""),
		"answeredOn": q(""), "answerChannel": q(""), "answerBody": q(""), "groundsFact": q(""), "groundsLaw": q(""),
		"signerName": q(""), "signerPost": q(""), "repeatNote": q(""), "answerText": q(""), "caseId": q(""),
		"createdBy": q(w.refs.StaffID), "decidedBy": q("")})
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
	// A remark at the counter may be kept without personal data (Płock VII).
	rid := newID()
	remark := with(with(with(with(with(good, "id", q(rid)), "kind", q("remark")), "status", q("noted")), "name", q("")), "address", q(""))
	remark = with(with(with(remark, "anonymous", "true"), "concernsStaffId", q("")), "dueOn", q(""))
	if res := w.push(t, w.op("complaint", rid, remark)); res.Status != protocol.Applied {
		t.Errorf("an anonymous remark: %+v", res)
	}
}
