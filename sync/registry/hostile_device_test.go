package registry_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/registry/sqlitestore"
	"okienko/sync/synctest"
)

// TestLeaseHeldToTheCards: a device asking for a register a hundred times
// in one request gets a day's blocks of it (25) and no more that day; a
// register no card of the office files into gets none (a made-up unit
// would open a register of nobody, whose numbers every device pulls).
func TestLeaseHeldToTheCards(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	d := enrol(t, r, r.OfficeID)
	lease := func(regs ...protocol.RegisterRef) protocol.LeaseResponse {
		t.Helper()
		var out protocol.LeaseResponse
		d.call(t, r, request{method: "POST", path: d.path("/lease"), body: protocol.LeaseRequest{Registers: regs}}).decode(t, &out)
		return out
	}
	usc := protocol.RegisterRef{Unit: "USC", JRWA: "5362", Year: thisYear}
	hundred := make([]protocol.RegisterRef, 100)
	for i := range hundred {
		hundred[i] = usc
	}
	// A register named 100 times: a day's blocks at most, the rest
	// refused, and nothing more of it that day.
	if out := lease(hundred...); len(out.Leases) != 25 || len(out.Refused) != 75 || out.Refused[0].Reason != "plenty" {
		t.Fatalf("a register named 100 times: %d blocks, %d refused (%+v)", len(out.Leases), len(out.Refused), out.Refused[:min(1, len(out.Refused))])
	}
	if out := lease(usc); len(out.Leases) != 0 {
		t.Fatalf("a block past the day's: %+v", out.Leases)
	}
	for _, reg := range []protocol.RegisterRef{{Unit: "ZZZZ", JRWA: "0000", Year: thisYear}, {Unit: "USC", JRWA: "9999", Year: thisYear}} {
		if out := lease(reg); len(out.Leases) != 0 || len(out.Refused) != 1 || out.Refused[0].Reason != "unknown" {
			t.Fatalf("a register of no card %+v: %+v", reg, out)
		}
	}
}

// TestResendKeepsToTheScope: after a restore, a device limited to USC
// sending "again" a row of SO's case that names its own clerk is refused:
// it would bring the case and its client to the device.
func TestResendKeepsToTheScope(t *testing.T) {
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	r := synctest.NewRegistry(t, st, registry.Options{})
	all, usc := enrol(t, r, r.OfficeID), enrol(t, r, r.OfficeID)
	limit(t, r, usc, "USC")
	cs := all.newCase(t, r, newID())
	var client string
	_ = json.Unmarshal(cs.Fields["clientId"], &client)
	after := int64(0)
	for {
		p := usc.pull(t, r, after, protocol.MaxPullLimit)
		after = p.Cursor
		if !p.More {
			break
		}
	}
	time.Sleep(5 * time.Millisecond)
	g, err := registry.NewGeneration(ctx, st, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	r2 := registry.New(st, registry.Options{PasswordParams: synctest.Cheap})
	srv := httptest.NewServer(r2.Handler())
	t.Cleanup(srv.Close)
	restored := &synctest.Registry{Registry: r2, URL: srv.URL, OfficeID: r.OfficeID, Server: srv}
	who, _ := json.Marshal(usc.people[0])
	row := protocol.ResendRow{Entity: "case_file", EntityID: cs.EntityID, Fields: map[string]protocol.Field{
		"assigneeId": {V: who, H: usc.clock.Now().String()}}}
	var rr protocol.ResendResponse
	usc.call(t, restored, request{method: "POST", path: usc.path("/resend"), body: protocol.ResendRequest{Generation: g.ID, Rows: []protocol.ResendRow{row}}}).decode(t, &rr)
	if len(rr.Results) != 1 || rr.Results[0].Status != protocol.Rejected || rr.Results[0].Reason != registry.ReasonOutsideScope {
		t.Fatalf("SO's case sent again by USC's device: %+v", rr.Results)
	}
	var page protocol.PullResponse
	usc.call(t, restored, request{method: "GET", path: usc.path(fmt.Sprintf("/pull?after=%d&limit=1000", after))}).decode(t, &page)
	for _, c := range page.Changes {
		if c.EntityID == cs.EntityID || c.EntityID == client {
			t.Fatalf("USC's device was sent %s %s", c.Entity, c.EntityID)
		}
	}
}

// TestControlCharactersRefused: a NUL in a register's unit or in a login
// is a 400 on both stores (PostgreSQL's text refuses it: it was a 500).
func TestControlCharactersRefused(t *testing.T) {
	for _, kind := range synctest.StoreKinds() {
		t.Run(kind, func(t *testing.T) {
			r := synctest.NewRegistry(t, synctest.OpenStore(t, kind), registry.Options{})
			d := enrol(t, r, r.OfficeID)
			a := d.call(t, r, request{method: "POST", path: d.path("/lease"), body: protocol.LeaseRequest{Registers: []protocol.RegisterRef{{Unit: "S\x00O", JRWA: "5352", Year: thisYear}}}})
			if a.code != http.StatusBadRequest {
				t.Fatalf("a NUL in a lease's unit: %d %s", a.code, a.body)
			}
			if s := d.signIn(t, r, "ghost\x00", "x"); s.code != http.StatusBadRequest {
				t.Fatalf("a NUL in a login: %d %s", s.code, s.body)
			}
		})
	}
}

// TestSessionFloodFromOneDevice: a device token trying made-up logins,
// each new and so under no login's back-off, is held back as a device
// after a few; it writes no login-failure row for them; another device's
// person still signs in at once.
func TestSessionFloodFromOneDevice(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	stolen := enrolFor(t, r, r.OfficeID, clerk)
	held := -1
	for i := range 40 {
		a := stolen.signIn(t, r, fmt.Sprintf("ghost%03d", i), "whatever")
		var eb protocol.ErrorBody
		_ = protocol.DecodeLenient(a.body, a.header.Get("Content-Encoding"), &eb)
		if a.code != http.StatusForbidden || eb.Error != protocol.ErrorWrongPassword {
			t.Fatalf("made-up login %d: %d %s", i, a.code, a.body)
		}
		if eb.Hint != "" {
			held = i
			break
		}
	}
	if held < 0 || held > 12 {
		t.Fatalf("the device was held back after %d made-up logins, want about 10", held)
	}
	for i := range held {
		if f, err := r.Store().LoginFailures(context.Background(), r.OfficeID, fmt.Sprintf("ghost%03d/%s", i, stolen.id)); err != nil || f.Failures != 0 {
			t.Fatalf("a made-up login's failures in the store: %+v %v", f, err)
		}
	}
	enrolFor(t, r, r.OfficeID, head).person(t, r, head)
}
