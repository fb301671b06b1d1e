package protocol

import (
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestOfflineLabel(t *testing.T) {
	for _, c := range []struct {
		mark, group string
		n           int
		want        string
	}{{"2", "A", 7, "2L-A007"}, {"L", "B", 12, "LL-B012"}, {"K3", "Z", 1234, "K3L-Z1234"}} {
		got := OfflineLabel(c.mark, c.group, c.n)
		if got != c.want {
			t.Errorf("OfflineLabel(%q, %q, %d) = %q, want %q", c.mark, c.group, c.n, got, c.want)
		}
		mark, group, n, ok := ParseOfflineLabel(got)
		if !ok || mark != c.mark || group != c.group || n != c.n {
			t.Errorf("ParseOfflineLabel(%q) = %q %q %d %v", got, mark, group, n, ok)
		}
	}
	for _, bad := range []string{"A007", "L-A007", "2L-a007", "2L-A07", "2L-A+07", "2L-A00000", "2L-A0007", "ABCDL-A007", "2l-A007", "2L-A000", "ż2L-A007", ""} {
		if _, _, _, ok := ParseOfflineLabel(bad); ok {
			t.Errorf("ParseOfflineLabel(%q) accepted", bad)
		}
	}
	if OnlineLabel("A", 7) != "A007" {
		t.Errorf("OnlineLabel = %q", OnlineLabel("A", 7))
	}
}

// FuzzOfflineLabel: whatever it accepts is exactly what OfflineLabel
// writes, and never reads like one of the registry's own labels.
func FuzzOfflineLabel(f *testing.F) {
	for _, s := range []string{"2L-A007", "LL-B012", "K3L-Z1234", "A007", "2L-A+07", "2L-A0007"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		mark, group, n, ok := ParseOfflineLabel(s)
		if !ok {
			return
		}
		if again := OfflineLabel(mark, group, n); again != s {
			t.Fatalf("%q parsed to %q %q %d, written back %q", s, mark, group, n, again)
		}
		if !strings.Contains(s, "L-") || ValidGroupCode(s[:1]) && len(s) >= 4 && s[1] >= '0' && s[1] <= '9' && !strings.Contains(s[1:], "-") {
			t.Fatalf("%q accepted though it reads like an online label", s)
		}
	})
}

func TestQueueValidate(t *testing.T) {
	id := uuid.Must(uuid.NewV7()).String()
	ticket := QueueTicket{ID: id, Day: "2026-12-03", Group: "A", Number: 1, Label: "2L-A001", Status: TicketServed, Counter: "2",
		IssuedAt: "2026-12-03T09:00:00+01:00", CalledAt: "2026-12-03T09:05:00+01:00", DoneAt: "2026-12-03T09:12:00+01:00", Offline: true}
	with := func(f func(*QueueTicket)) QueueReportRequest {
		k := ticket
		f(&k)
		return QueueReportRequest{Tickets: []QueueTicket{k}}
	}
	cases := []struct {
		name string
		v    interface{ Validate() error }
		ok   bool
	}{
		{"issue", QueueIssueRequest{ID: id, Group: "A"}, true},
		{"issue, v4 id", QueueIssueRequest{ID: uuidV4, Group: "A"}, false},
		{"issue, two letters", QueueIssueRequest{ID: id, Group: "AB"}, false},
		{"call", QueueCallRequest{Counter: "Stanowisko 2", Groups: []string{"A", "B"}}, true},
		{"call a named ticket", QueueCallRequest{Counter: "2", TicketID: id}, true},
		{"call, no counter", QueueCallRequest{Counter: " ", Groups: []string{"A"}}, false},
		{"call, a tab in the counter", QueueCallRequest{Counter: "2\t", Groups: []string{"A"}}, false},
		{"call, replaced bytes", QueueCallRequest{Counter: "St\uFFFD", Groups: []string{"A"}}, false},
		{"call, 27 groups", QueueCallRequest{Counter: "2", Groups: strings.Split(strings.Repeat("A", 27), "")}, false},
		{"mark served with a case", QueueMarkRequest{TicketID: id, Status: TicketServed, CaseID: id}, true},
		{"mark transferred", QueueMarkRequest{TicketID: id, Status: TicketTransferred, Counter: "5"}, true},
		{"mark absent to a counter", QueueMarkRequest{TicketID: id, Status: TicketAbsent, Counter: "5"}, false},
		{"mark called", QueueMarkRequest{TicketID: id, Status: TicketCalled}, false},
		{"mark, case not an id", QueueMarkRequest{TicketID: id, Status: TicketServed, CaseID: "x"}, false},
		{"report", QueueReportRequest{Tickets: []QueueTicket{ticket}}, true},
		{"report, not offline", with(func(k *QueueTicket) { k.Offline = false }), false},
		{"report, online label", with(func(k *QueueTicket) { k.Label = "A001" }), false},
		{"report, label of another group", with(func(k *QueueTicket) { k.Label = "2L-B001" }), false},
		{"report, label of another number", with(func(k *QueueTicket) { k.Label = "2L-A002" }), false},
		{"report, done before called", with(func(k *QueueTicket) { k.DoneAt = "2026-12-03T09:01:00+01:00" }), false},
		{"report, no issue time", with(func(k *QueueTicket) { k.IssuedAt = "" }), false},
		{"report, bad day", with(func(k *QueueTicket) { k.Day = "2026-13-01" }), false},
		{"report, number 0", with(func(k *QueueTicket) { k.Number, k.Label = 0, "2L-A000" }), false},
		{"report, the same ticket twice", QueueReportRequest{Tickets: []QueueTicket{ticket, ticket}}, false},
		{"report, none", QueueReportRequest{}, false},
		{"state", QueueState{Day: "2026-12-03", Groups: []QueueGroupState{{Group: "A", Waiting: 2, Priority: 1}}}, true},
		{"state, more priority than waiting", QueueState{Day: "2026-12-03", Groups: []QueueGroupState{{Group: "A", Waiting: 1, Priority: 2}}}, false},
		{"board call without a time", QueueBoard{Calls: []QueueCall{{Label: "A001", Counter: "2"}}}, false},
	}
	for _, c := range cases {
		if err := c.v.Validate(); (err == nil) != c.ok {
			t.Errorf("%s: %v, want ok %v", c.name, err, c.ok)
		}
	}
	many := make([]QueueTicket, MaxQueueReport+1)
	if (QueueReportRequest{Tickets: many}).Validate() == nil {
		t.Error("a report over the limit accepted")
	}
}

// FuzzQueueRequests: any body decodes strictly and validates without
// panicking, and a report it accepts holds only offline tickets labelled
// as such.
func FuzzQueueRequests(f *testing.F) {
	f.Add([]byte(`{"tickets":[{"id":"01a20102-0714-7339-af88-47962f533b9a","day":"2026-12-03","group":"A","number":1,"label":"2L-A001","status":"served","issuedAt":"2026-12-03T09:00:00+01:00","offline":true}]}`))
	f.Add([]byte(`{"counter":"Stanowisko 2","groups":["A","B"]}`))
	f.Add([]byte(`{"ticketId":"01a20102-0714-7339-af88-47962f533b9a","status":"transferred","counter":"5"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var rep QueueReportRequest
		if Decode(body, "", &rep) == nil && rep.Validate() == nil {
			for _, k := range rep.Tickets {
				if !k.Offline || !strings.Contains(k.Label, "L-") {
					t.Fatalf("accepted %+v", k)
				}
			}
		}
		var call QueueCallRequest
		if Decode(body, "", &call) == nil && call.Validate() == nil && !validCounter(call.Counter) {
			t.Fatalf("accepted counter %q", call.Counter)
		}
		var mark QueueMarkRequest
		if Decode(body, "", &mark) == nil {
			_ = mark.Validate()
		}
	})
}
