package registry

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"okienko/app/visits"
	"okienko/sync/entity"
	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// putRowOf writes a reference row at the registry, as its admin would.
func (w *checkWorld) putRowOf(tb testing.TB, entity, id string, f map[string]string) {
	tb.Helper()
	stamp := hlc.Timestamp{Wall: 1, Node: "registry"}.String()
	row := merge.Row{}
	for k, v := range f {
		row[k] = merge.Field{V: json.RawMessage(v), H: stamp}
	}
	err := w.st.InTx(context.Background(), w.office, func(tx store.Tx) error {
		_, err := tx.PutRow(context.Background(), entity, id, row, false)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// TestVisitChecks: a visit and an authorization a device pushes are held
// to their rules by meaning (Piotrków §5.3): only the head of the visit's
// unit, signed in on that device, assigns and issues; a clerk does not;
// a number only in the device's own series; statuses move forward only.
func TestVisitChecks(t *testing.T) {
	w := newCheckWorld(t)
	q := func(s string) string { return `"` + s + `"` }
	unit, head, other := newID(), newID(), newID()
	w.putRowOf(t, "unit", unit, map[string]string{"id": q(unit), "officeId": q(w.office), "symbol": q("SO"), "name": q("Referat")})
	for id, u := range map[string]string{head: unit, other: newID()} {
		w.putRowOf(t, "staff", id, map[string]string{"id": q(id), "officeId": q(w.office), "login": q("h" + id[len(id)-6:]),
			"firstName": q("Katarzyna"), "lastName": q("Zielińska"), "role": q("head"), "unitId": q(u), "active": "true"})
	}
	if err := w.st.SetDevicePeople(context.Background(), w.dev.ID, []string{w.refs.StaffID, head, other}); err != nil {
		t.Fatal(err)
	}
	id := newID()
	good := fields(map[string]string{"id": q(id), "officeId": q(w.office), "unitId": q(unit), "cardId": q(""), "channel": q("phone"),
		"requester": q(""), "client": q("Józef Łęcki"), "address": q("ul. Długa 5"), "phone": q("+48600100200"), "matter": q("dowód"),
		"reason": q("choroba"), "preferred": q(""), "requestedBy": q(w.refs.StaffID), "requestedAt": q("2026-11-23T09:00:00Z"),
		"status": q("requested"), "assigneeId": q(""), "day": q(""), "time": q(""), "assignedBy": q(""), "assignedAt": q(""),
		"note": q(""), "reportedBy": q(""), "reportedAt": q(""), "caseId": q(""), "receipt": q("")})
	for _, c := range []struct{ name, field, value, reason string }{
		{"a new visit already assigned", "status", q("assigned"), "starts requested"},
		{"a phone that is not one", "phone", q("12ab"), "phone"},
		{"an unknown channel", "channel", q("pigeon"), "channel"},
		{"a unit that does not exist", "unitId", q(newID()), "unitId"},
		{"a day that is not a date", "day", q("jutro"), "day"},
	} {
		if res := w.push(t, w.op("visit", id, with(good, c.field, c.value))); res.Status != protocol.Rejected || !strings.Contains(res.Reason, c.reason) {
			t.Errorf("%s: %+v, want rejected naming %q", c.name, res, c.reason)
		}
	}
	if res := w.push(t, w.op("visit", id, good)); res.Status != protocol.Applied {
		t.Fatalf("a valid request: %+v", res)
	}
	assign := func(by string) map[string]json.RawMessage {
		return fields(map[string]string{"status": q("assigned"), "assigneeId": q(w.refs.StaffID), "day": q("2026-11-24"),
			"assignedBy": q(by), "assignedAt": q("2026-11-23T10:00:00Z")})
	}
	for name, by := range map[string]string{"a clerk": w.refs.StaffID, "another unit's head": other} {
		if res := w.push(t, w.op("visit", id, assign(by))); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "only the head") {
			t.Errorf("assigned by %s: %+v", name, res)
		}
	}
	if res := w.push(t, w.op("visit", id, assign(head))); res.Status != protocol.Applied {
		t.Fatalf("assigned by the head: %+v", res)
	}

	series := visits.Series(w.dev.ID)
	auth := func(series string) (string, map[string]json.RawMessage) {
		number := visits.FormatNumber(series, 1, 2026)
		aid := entity.VisitAuthID(w.office, number)
		return aid, fields(map[string]string{"id": q(aid), "officeId": q(w.office), "visitId": q(id), "series": q(series), "seq": "1",
			"year": "2026", "staffId": q(w.refs.StaffID), "unitId": q(unit), "matter": q("dowód"), "place": q("ul. Długa 5"),
			"validFrom": q("2026-11-24"), "validUntil": q("2026-11-24"), "issuedBy": q(head), "issuedAt": q("2026-11-23T10:05:00Z"),
			"deviceId": q(w.dev.ID), "status": q("issued"), "closedBy": q(""), "closedAt": q("")})
	}
	foreign, fa := auth(visits.Series(newID()))
	if res := w.push(t, w.op("visit_auth", foreign, fa)); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "series") {
		t.Errorf("another device's series: %+v", res)
	}
	aid, a := auth(series)
	if res := w.push(t, w.op("visit_auth", aid, with(a, "issuedBy", q(w.refs.StaffID)))); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "only the head") {
		t.Errorf("issued by a clerk: %+v", res)
	}
	if res := w.push(t, w.op("visit_auth", aid, with(a, "validUntil", q("2027-01-30")))); res.Status != protocol.Rejected {
		t.Errorf("valid for two months: %+v", res)
	}
	if res := w.push(t, w.op("visit_auth", aid, a)); res.Status != protocol.Applied {
		t.Fatalf("a valid authorization: %+v", res)
	}
	closed := fields(map[string]string{"status": q("returned"), "closedBy": q(w.refs.StaffID), "closedAt": q("2026-11-24T15:00:00Z")})
	if res := w.push(t, w.op("visit_auth", aid, closed)); res.Status != protocol.Applied {
		t.Fatalf("returned: %+v", res)
	}
	if res := w.push(t, w.op("visit_auth", aid, fields(map[string]string{"status": q("issued")}))); res.Status != protocol.Rejected {
		t.Errorf("issued again after its return: %+v", res)
	}
}

// TestVisitAuthFollowsItsVisit: an authorization is issued for its
// visit as the visit stands (its unit's head or the admin, naming its
// official), and once in the register it names what it named: a device
// cannot issue one for another unit's visit under its own unit, name
// someone other than the official, or later rewrite whom, where or when
// it authorizes (only its return or revocation is recorded).
func TestVisitAuthFollowsItsVisit(t *testing.T) {
	w := newCheckWorld(t)
	q := func(s string) string { return `"` + s + `"` }
	unit, otherUnit, head, otherHead, colleague := newID(), newID(), newID(), newID(), newID()
	for id, sym := range map[string]string{unit: "SO", otherUnit: "USC"} {
		w.putRowOf(t, "unit", id, map[string]string{"id": q(id), "officeId": q(w.office), "symbol": q(sym), "name": q("Referat")})
	}
	for id, u := range map[string]string{head: unit, otherHead: otherUnit, colleague: unit} {
		role := "head"
		if id == colleague {
			role = "clerk"
		}
		w.putRowOf(t, "staff", id, map[string]string{"id": q(id), "officeId": q(w.office), "login": q("h" + id[len(id)-6:]),
			"firstName": q("Katarzyna"), "lastName": q("Zielińska"), "role": q(role), "unitId": q(u), "active": "true"})
	}
	if err := w.st.SetDevicePeople(context.Background(), w.dev.ID, []string{w.refs.StaffID, head, otherHead}); err != nil {
		t.Fatal(err)
	}
	visit := newID()
	w.putRowOf(t, "visit", visit, map[string]string{"id": q(visit), "officeId": q(w.office), "unitId": q(unit), "cardId": q(""),
		"channel": q("phone"), "requester": q(""), "client": q("Józef Łęcki"), "address": q("ul. Długa 5"), "phone": q("+48600100200"),
		"matter": q("dowód"), "reason": q("choroba"), "preferred": q(""), "requestedBy": q(w.refs.StaffID),
		"requestedAt": q("2026-11-23T09:00:00Z"), "status": q("assigned"), "assigneeId": q(w.refs.StaffID), "day": q("2026-11-24"),
		"time": q(""), "assignedBy": q(head), "assignedAt": q("2026-11-23T10:00:00Z"), "note": q(""), "reportedBy": q(""),
		"reportedAt": q(""), "caseId": q(""), "receipt": q("")})
	series := visits.Series(w.dev.ID)
	seq := 0
	auth := func() (string, map[string]json.RawMessage) {
		seq++
		number := visits.FormatNumber(series, seq, 2026)
		aid := entity.VisitAuthID(w.office, number)
		return aid, fields(map[string]string{"id": q(aid), "officeId": q(w.office), "visitId": q(visit), "series": q(series),
			"seq": strconv.Itoa(seq), "year": "2026", "staffId": q(w.refs.StaffID), "unitId": q(unit), "matter": q("dowód"),
			"place": q("ul. Długa 5"), "validFrom": q("2026-11-24"), "validUntil": q("2026-11-24"), "issuedBy": q(head),
			"issuedAt": q("2026-11-23T10:05:00Z"), "deviceId": q(w.dev.ID), "status": q("issued"), "closedBy": q(""), "closedAt": q("")})
	}
	// Issued under another unit by that unit's head, for this unit's visit.
	aid, a := auth()
	if res := w.push(t, w.op("visit_auth", aid, with(with(a, "unitId", q(otherUnit)), "issuedBy", q(otherHead)))); res.Status != protocol.Rejected {
		t.Errorf("issued for another unit's visit: %+v", res)
	}
	// Naming someone other than the visit's official.
	aid, a = auth()
	if res := w.push(t, w.op("visit_auth", aid, with(a, "staffId", q(colleague)))); res.Status != protocol.Rejected {
		t.Errorf("naming someone other than the official: %+v", res)
	}
	aid, a = auth()
	if res := w.push(t, w.op("visit_auth", aid, a)); res.Status != protocol.Applied {
		t.Fatalf("a valid authorization: %+v", res)
	}
	// Rewritten afterwards, by a device whose clerk alone would push it.
	for field, v := range map[string]string{"staffId": q(colleague), "place": q("ul. Krótka 1"), "matter": q("inna sprawa"),
		"validFrom": q("2026-11-25"), "validUntil": q("2026-12-20"), "issuedBy": q(otherHead), "unitId": q(otherUnit)} {
		if res := w.push(t, w.op("visit_auth", aid, fields(map[string]string{field: v}))); res.Status != protocol.Rejected {
			t.Errorf("%s rewritten after the issue: %+v", field, res)
		}
	}
	// Its return is recorded by a person of the device, not in anyone's name.
	if res := w.push(t, w.op("visit_auth", aid, fields(map[string]string{"status": q("returned"), "closedBy": q(colleague),
		"closedAt": q("2026-11-24T15:00:00Z")}))); res.Status != protocol.Rejected {
		t.Errorf("returned in the name of someone not on the device: %+v", res)
	}
	if res := w.push(t, w.op("visit_auth", aid, fields(map[string]string{"status": q("returned"), "closedBy": q(w.refs.StaffID),
		"closedAt": q("2026-11-24T15:00:00Z")}))); res.Status != protocol.Applied {
		t.Fatalf("returned: %+v", res)
	}
}
