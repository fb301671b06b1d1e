package registry_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"okienko/app/audit"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// TestAuditRoles: the registry answers the audit view only to a head
// (their unit's cases) or the admin (all), checked against the person
// session; a clerk is refused, except for one client's art. 15 copy.
func TestAuditRoles(t *testing.T) {
	forEachStore(t, registry.Options{}, func(t *testing.T, r *synctest.Registry) {
		a := enrolFor(t, r, r.OfficeID, clerk, head, admin, "mwojcik")
		caseID := newID()
		created := a.newCase(t, r, caseID) // a case of SO, kzielinska's unit
		var clientID string
		_ = json.Unmarshal(created.Fields["clientId"], &clientID)
		at := time.Now().UTC()
		entry := a.op("audit_log", newID(), protocol.Append, map[string]any{"id": "", "officeId": a.office, "staffId": staffID(t, clerk),
			"action": audit.CaseOutside, "objectType": "case_file", "objectId": caseID, "detail": audit.ReasonStandIn,
			"note": "Zastępstwo.", "at": at})
		entry.Fields["id"], _ = json.Marshal(entry.EntityID)
		if res := a.push(t, r, entry); res[0].Status != protocol.Applied {
			t.Fatalf("audit entry: %+v", res)
		}
		query := func(who string, q protocol.AuditQuery) answer {
			return a.call(t, r, request{method: "POST", path: a.path("/audit"), body: q, header: as(a.person(t, r, who))})
		}
		a.call(t, r, request{method: "POST", path: a.path("/audit"), body: protocol.AuditQuery{}}).wantError(t, http.StatusForbidden, protocol.ErrorPersonRequired)
		query(clerk, protocol.AuditQuery{}).wantError(t, http.StatusForbidden, protocol.ErrorRole)

		var got protocol.AuditResponse
		query(head, protocol.AuditQuery{Outside: true}).decode(t, &got)
		if len(got.Entries) != 1 || got.Entries[0].ObjectID != caseID || got.Entries[0].ClientID != clientID || got.Entries[0].Unit != "SO" ||
			got.Entries[0].Note != "Zastępstwo." || len(got.Units) != 1 || got.Units[0] != "SO" {
			t.Fatalf("the SO head's list: %+v", got)
		}
		got = protocol.AuditResponse{}
		query("mwojcik", protocol.AuditQuery{}).decode(t, &got)
		if len(got.Entries) != 0 {
			t.Fatalf("the USC head sees SO's entries: %+v", got)
		}
		got = protocol.AuditResponse{}
		query(admin, protocol.AuditQuery{ClientID: clientID, StaffID: staffID(t, clerk)}).decode(t, &got)
		if len(got.Entries) != 1 {
			t.Fatalf("the admin's list by client and person: %+v", got)
		}
		got = protocol.AuditResponse{}
		query(admin, protocol.AuditQuery{To: at.Add(-time.Hour).Format(time.RFC3339)}).decode(t, &got)
		if len(got.Entries) != 0 {
			t.Fatalf("a period before the entry: %+v", got)
		}
		// A clerk may ask for one client's accesses, for their art. 15 copy.
		got = protocol.AuditResponse{}
		query(clerk, protocol.AuditQuery{ClientID: clientID, Purpose: protocol.AuditArt15}).decode(t, &got)
		if len(got.Entries) != 1 {
			t.Fatalf("art. 15 accesses: %+v", got)
		}
		query(clerk, protocol.AuditQuery{Purpose: protocol.AuditArt15}).wantError(t, http.StatusBadRequest, "bad_request")
	})
}

// TestArt15LeavesOthersWordsOut: a client's art. 15 query is answered to
// any role over every unit, but it is for the accesses (who, what, when):
// the words someone gave for opening a case outside their unit stay with
// those who see that entry in their own audit view (the admin, the head of
// the case's unit). A clerk, who is refused the audit view, or the head of
// another unit, does not read them through the art. 15 purpose.
func TestArt15LeavesOthersWordsOut(t *testing.T) {
	forEachStore(t, registry.Options{}, func(t *testing.T, r *synctest.Registry) {
		a := enrolFor(t, r, r.OfficeID, clerk, head, admin, "mwojcik")
		caseID := newID()
		created := a.newCase(t, r, caseID) // a case of SO, kzielinska's unit
		var clientID string
		_ = json.Unmarshal(created.Fields["clientId"], &clientID)
		entry := a.op("audit_log", newID(), protocol.Append, map[string]any{"id": "", "officeId": a.office, "staffId": staffID(t, clerk),
			"action": audit.CaseOutside, "objectType": "case_file", "objectId": caseID, "detail": audit.ReasonStandIn,
			"note": "Zastępstwo za chorą koleżanką.", "at": time.Now().UTC()})
		entry.Fields["id"], _ = json.Marshal(entry.EntityID)
		if res := a.push(t, r, entry); res[0].Status != protocol.Applied {
			t.Fatalf("audit entry: %+v", res)
		}
		art15 := func(who string) protocol.AuditEntryView {
			t.Helper()
			var got protocol.AuditResponse
			a.call(t, r, request{method: "POST", path: a.path("/audit"), header: as(a.person(t, r, who)),
				body: protocol.AuditQuery{ClientID: clientID, Purpose: protocol.AuditArt15}}).decode(t, &got)
			if len(got.Entries) != 1 || got.Entries[0].ObjectID != caseID || got.Entries[0].Action != audit.CaseOutside {
				t.Fatalf("%s's art. 15 accesses: %+v", who, got)
			}
			return got.Entries[0]
		}
		for _, who := range []string{clerk, "mwojcik"} {
			if e := art15(who); e.Note != "" {
				t.Errorf("%s reads the reason's words through art. 15: %q", who, e.Note)
			}
		}
		for _, who := range []string{head, admin} {
			if e := art15(who); e.Note != "Zastępstwo za chorą koleżanką." {
				t.Errorf("%s's art. 15 answer lost the words they may see: %q", who, e.Note)
			}
		}
	})
}
