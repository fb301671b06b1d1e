package registry

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"okienko/app/cases"
	"okienko/sync/protocol"
	"okienko/sync/synctest/rows"
)

// pushAll applies ops of the device in one batch and returns their results.
func (w *checkWorld) pushAll(tb testing.TB, ops ...protocol.Op) []protocol.OpResult {
	tb.Helper()
	resp, err := w.r.Push(context.Background(), w.dev, protocol.PushRequest{BatchID: newID(), Ops: ops})
	if err != nil {
		tb.Fatal(err)
	}
	return resp.Results
}

// notice is an art. 36 notice event of caseID moving its date from old to
// newDue, recorded by the device's clerk.
func (w *checkWorld) notice(caseID, old, newDue, staffID string) protocol.Op {
	detail, _ := json.Marshal(cases.Duty{Note: "opinia biegłego", OldDue: old, NewDue: newDue, Signer: "Anna Kowalska, referent"})
	id := newID()
	q := func(s string) json.RawMessage { return json.RawMessage(strconv.Quote(s)) }
	return w.op("case_event", id, map[string]json.RawMessage{"id": q(id), "caseId": q(caseID), "kind": q(cases.EventNoticeArt36),
		"staffId": q(staffID), "detail": q(string(detail)), "at": q("2026-11-30T08:00:00Z")})
}

// TestCaseDueChecks: a case's due date is the office's. A device may not
// set it later than the card's rule gives (the seeded card: 7 days from
// 23 November, 30 November) unless an art. 36 notice the registry holds,
// or one sent before it, moved it; nor rewrite the pauses the date is
// counted with. Every reason names the rule, never a value of a person.
func TestCaseDueChecks(t *testing.T) {
	w := newCheckWorld(t)
	q := func(s string) string { return strconv.Quote(s) }
	newCase := func(status cases.Status, f func(map[string]json.RawMessage) map[string]json.RawMessage) (string, protocol.OpResult) {
		t.Helper()
		id, client := newID(), newID()
		if res := w.push(t, w.op("client", client, rows.Client(w.office, client, "Anna"))); res.Status != protocol.Applied {
			t.Fatalf("a client: %+v", res)
		}
		return id, w.push(t, w.op("case_file", id, f(rows.Case(w.office, id, client, w.refs, w.dev.ID, status))))
	}
	same := func(f map[string]json.RawMessage) map[string]json.RawMessage { return f }
	due := func(d string) func(map[string]json.RawMessage) map[string]json.RawMessage {
		return func(f map[string]json.RawMessage) map[string]json.RawMessage { return with(f, "dueOn", q(d)) }
	}
	for _, c := range []struct {
		name   string
		status cases.Status
		f      func(map[string]json.RawMessage) map[string]json.RawMessage
		reason string // "" when applied
	}{
		{"the rule's date", cases.Registered, same, ""},
		{"an earlier date", cases.Registered, due("2026-11-27"), ""},
		{"a month later than the rule", cases.Registered, due("2026-12-30"), "later than its card's rule"},
		{"no date though the deadline runs", cases.Registered, due(""), "no due date"},
		{"awaiting documents with no date", cases.AwaitingSupplement, func(f map[string]json.RawMessage) map[string]json.RawMessage {
			return with(with(f, "pauses", `[{"from":"2026-11-23"}]`), "dueOn", q(""))
		}, ""},
		{"a date while the call to supplement stops it", cases.AwaitingSupplement, func(f map[string]json.RawMessage) map[string]json.RawMessage {
			return with(f, "pauses", `[{"from":"2026-11-23"}]`)
		}, "while a call to supplement"},
		{"a pause before its submission", cases.AwaitingSupplement, func(f map[string]json.RawMessage) map[string]json.RawMessage {
			return with(with(f, "pauses", `[{"from":"2026-11-01"}]`), "dueOn", q(""))
		}, "outside the case's days"},
		{"a pause closed next year, to stretch the date", cases.Registered, func(f map[string]json.RawMessage) map[string]json.RawMessage {
			return with(with(f, "pauses", `[{"from":"2026-11-23","to":"2027-06-30"}]`), "dueOn", q("2027-07-08"))
		}, "outside the case's days"},
		{"a pause that arrives closed", cases.Registered, func(f map[string]json.RawMessage) map[string]json.RawMessage {
			return with(with(f, "pauses", `[{"from":"2026-11-23","to":"2026-11-27"}]`), "dueOn", q("2026-12-04"))
		}, "not a call to supplement"},
		{"submitted ahead and flagged: its date with it", cases.Registered, func(f map[string]json.RawMessage) map[string]json.RawMessage {
			return with(with(f, "submittedOn", q("2026-12-03")), "dueOn", q("2026-12-10"))
		}, ""},
		{"submitted ahead, called to supplement today", cases.AwaitingSupplement, func(f map[string]json.RawMessage) map[string]json.RawMessage {
			return with(with(with(f, "submittedOn", q("2026-12-03")), "pauses", `[{"from":"2026-11-30"}]`), "dueOn", q(""))
		}, ""},
		{"submitted two years ahead", cases.Registered, func(f map[string]json.RawMessage) map[string]json.RawMessage {
			return with(with(f, "submittedOn", q("2028-12-01")), "dueOn", q("2028-12-08"))
		}, "more than a year ahead"},
	} {
		_, res := newCase(c.status, c.f)
		if c.reason == "" && res.Status != protocol.Applied || c.reason != "" && (res.Status != protocol.Rejected || !strings.Contains(res.Reason, c.reason)) {
			t.Errorf("%s: %+v, want %q", c.name, res, c.reason)
		}
	}

	// A registered case moved later: refused without a notice, and with
	// a notice sent after it; applied with one sent before it in the
	// batch, or one the registry already holds.
	kase, res := newCase(cases.Registered, same)
	if res.Status != protocol.Applied {
		t.Fatalf("a case: %+v", res)
	}
	later := func(d string) protocol.Op {
		return w.op("case_file", kase, map[string]json.RawMessage{"dueOn": json.RawMessage(q(d))})
	}
	if res := w.push(t, later("2026-12-30")); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "art. 36") {
		t.Errorf("a later date without a notice: %+v", res)
	}
	if got := w.pushAll(t, later("2026-12-30"), w.notice(kase, "2026-11-30", "2026-12-30", w.refs.StaffID)); got[0].Status != protocol.Rejected || got[1].Status != protocol.Applied {
		t.Errorf("a later date before its notice: %+v", got)
	}
	// A notice the registry refuses (here: recorded by no person of the
	// device) moves nothing.
	stranger := newID()
	w.putStaff(t, stranger, true)
	if got := w.pushAll(t, w.notice(kase, "2026-11-30", "2027-01-29", stranger), later("2027-01-29")); got[0].Status != protocol.Rejected || got[1].Status != protocol.Rejected {
		t.Errorf("a later date on a refused notice: %+v", got)
	}
	// The notice of the earlier batch is held: the date it set is let through.
	if res := w.push(t, later("2026-12-30")); res.Status != protocol.Applied {
		t.Errorf("the date of a notice held: %+v", res)
	}
	if res := w.push(t, later("2026-12-31")); res.Status != protocol.Rejected {
		t.Errorf("a day past the notice held: %+v", res)
	}
	if got := w.pushAll(t, w.notice(kase, "2026-12-30", "2027-01-29", w.refs.StaffID), later("2027-01-29")); got[0].Status != protocol.Applied || got[1].Status != protocol.Applied {
		t.Errorf("a second notice and its date in one batch: %+v", got)
	}
	if res := w.push(t, w.notice(kase, "2027-01-29", "2029-01-29", w.refs.StaffID)); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "year ahead") {
		t.Errorf("a notice two years ahead: %+v", res)
	}

	// The pauses held stay: a call to supplement opened, closed, and
	// neither rewritten nor removed afterwards.
	pauses := func(p, d string) protocol.Op {
		return w.op("case_file", kase, map[string]json.RawMessage{"pauses": json.RawMessage(p), "dueOn": json.RawMessage(q(d))})
	}
	withStatus := func(op protocol.Op, st cases.Status) protocol.Op {
		op.Fields["status"] = json.RawMessage(q(string(st)))
		return op
	}
	// A pause made up in the past, with no call to supplement: days the
	// clock never stood still for, moving an overdue case's date.
	if res := w.push(t, pauses(`[{"from":"2026-11-23","to":"2026-11-30"}]`, "2027-01-29")); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "not a call to supplement") {
		t.Errorf("a closed pause made up: %+v", res)
	}
	if res := w.push(t, pauses(`[{"from":"2026-11-25"}]`, "")); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "not a call to supplement") {
		t.Errorf("an open pause without the call to supplement: %+v", res)
	}
	if res := w.push(t, withStatus(pauses(`[{"from":"2026-11-25"}]`, ""), cases.AwaitingSupplement)); res.Status != protocol.Applied {
		t.Fatalf("a call to supplement: %+v", res)
	}
	if res := w.push(t, withStatus(pauses(`[{"from":"2026-11-25","to":"2026-11-27"}]`, "2027-01-29"), cases.Supplemented)); res.Status != protocol.Applied {
		t.Fatalf("the documents brought (the notice's date stays): %+v", res)
	}
	for _, c := range []struct{ name, pauses, due string }{
		{"a closed pause lengthened", `[{"from":"2026-11-25","to":"2026-11-30"}]`, "2027-01-29"},
		{"a closed pause moved", `[{"from":"2026-11-24","to":"2026-11-27"}]`, "2027-01-29"},
		{"a closed pause removed", `[]`, "2027-01-29"},
	} {
		if res := w.push(t, pauses(c.pauses, c.due)); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "pause") {
			t.Errorf("%s: %+v", c.name, res)
		}
	}
	// Set aside in a conflict (another device's view, from an older
	// base), pauses are not held to those the registry holds, for a
	// person chooses later; their days are still the case's.
	aside := func(p, d string) protocol.Op {
		op := pauses(p, d)
		op.Base = map[string]string{"pauses": "", "dueOn": ""}
		return op
	}
	if res := w.push(t, aside(`[{"from":"2026-11-24","to":"2026-11-26"}]`, "2027-01-29")); res.Status == protocol.Rejected {
		t.Errorf("another view of the pauses, set aside: %+v", res)
	}
	if res := w.push(t, aside(`[{"from":"2020-01-01","to":"2020-12-31"}]`, "2027-01-29")); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "outside the case's days") {
		t.Errorf("a year of pauses before the case, set aside for a head to choose: %+v", res)
	}
}
