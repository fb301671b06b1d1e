package registry

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"okienko/app/cases"
	"okienko/app/demo"
	"okienko/app/office"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
	"okienko/sync/synctest/rows"
)

// settable is a registry clock a test moves.
type settable struct{ ns atomic.Int64 }

func (c *settable) set(t time.Time) { c.ns.Store(t.UnixNano()) }
func (c *settable) now() time.Time  { return time.Unix(0, c.ns.Load()).UTC() }
func at(s string) time.Time         { t, _ := time.Parse(time.RFC3339, s); return t }
func refusal(year int, why string) protocol.LeaseRefusal {
	return protocol.LeaseRefusal{RegisterRef: protocol.RegisterRef{Unit: "SO", JRWA: "5352", Year: year}, Reason: why}
}

// officeRow writes an office row with the zone given, as the admin would
// (bypassing office.Validate for a bad name, as a hand-edited row might).
func officeRow(t *testing.T, r *Registry, officeID, zone string) {
	t.Helper()
	o := office.Office{ID: officeID, Name: "Urząd", TimeZone: zone}
	if err := r.inTx(context.Background(), officeID, func(tx store.Tx) error { return r.write(context.Background(), tx, "office", officeID, o) }); err != nil {
		t.Fatal(err)
	}
}

// TestLeaseYears: the registry leases numbers of a year only on the
// office's dates that allow it, by its own clock in the office's zone,
// whatever the zone of the machine: the current year, the next one from
// 18 December, the previous one in the first 14 days of January while it
// is not closed, and never a year further off.
func TestLeaseYears(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name    string
		zone    string // the office row's; "-" for an office without one
		now     string // UTC
		closed  int    // a year closed before the lease, 0 for none
		year    int
		refused string // "" when leased
	}{
		{"31.12 23:30 UTC is 1 January in Warsaw: the new year", "-", "2026-12-31T23:30:00Z", 0, 2027, ""},
		{"31.12 23:30 UTC: the year before, in its first days", "-", "2026-12-31T23:30:00Z", 0, 2026, ""},
		{"31.12 23:30 UTC: the year before, closed, still in its window (a late number is recorded as such)", "-", "2026-12-31T23:30:00Z", 2026, 2026, ""},
		{"31.12 23:30 UTC: two years on", "-", "2026-12-31T23:30:00Z", 0, 2028, protocol.RefusedYear},
		{"31.12 23:30 UTC: two years back", "-", "2026-12-31T23:30:00Z", 0, 2025, protocol.RefusedYear},
		{"14 January: the year before still", "-", "2027-01-14T12:00:00Z", 0, 2026, ""},
		{"15 January: the year before no more", "-", "2027-01-15T12:00:00Z", 0, 2026, protocol.RefusedYear},
		{"18 December: the next year", "-", "2026-12-18T09:00:00Z", 0, 2027, ""},
		{"17 December: not yet the next year", "-", "2026-12-17T09:00:00Z", 0, 2027, protocol.RefusedYear},
		{"17.12 23:30 UTC is 18 December in Warsaw", "-", "2026-12-17T23:30:00Z", 0, 2027, ""},
		{"2028 never in 2026", "-", "2026-12-18T09:00:00Z", 0, 2028, protocol.RefusedYear},
		{"the current year", "-", "2026-06-01T09:00:00Z", 0, 2026, ""},
		{"the current year, closed early", "-", "2026-12-31T15:00:00Z", 2026, 2026, ""},
		{"a year closed with the one after it, in its window", "-", "2027-01-02T09:00:00Z", 2027, 2026, ""},
		{"the next year is never closed yet", "-", "2026-12-20T09:00:00Z", 2026, 2027, ""},
		{"an empty zone is Warsaw", "", "2026-12-17T23:30:00Z", 0, 2027, ""},
		{"New York: 31.12 23:30 UTC is still the old year", "America/New_York", "2027-01-01T03:00:00Z", 0, 2026, ""},
		{"New York: 17.12 23:30 UTC is 17 December", "America/New_York", "2026-12-17T23:30:00Z", 0, 2027, protocol.RefusedYear},
		{"a bad zone is Warsaw", "Mars/Olympus", "2026-12-17T23:30:00Z", 0, 2027, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lite, officeID := testOffice(t)
			dev := testDevice(t, lite, officeID, "t")
			var clock settable
			clock.set(at(c.now))
			r := New(lite, Options{Now: clock.now, LeaseSize: 2})
			knowRegisters(officeID, r)
			if c.zone != "-" {
				officeRow(t, r, officeID, c.zone)
			}
			if c.closed != 0 {
				if _, err := r.CloseYear(ctx, officeID, c.closed); err != nil {
					t.Fatal(err)
				}
			}
			reg := protocol.RegisterRef{Unit: "SO", JRWA: "5352", Year: c.year}
			resp, err := r.Lease(ctx, dev, protocol.LeaseRequest{Registers: []protocol.RegisterRef{reg}})
			if err != nil {
				t.Fatal(err)
			}
			if err := resp.Validate(); err != nil {
				t.Fatal(err)
			}
			if c.refused == "" {
				if len(resp.Leases) != 1 || len(resp.Refused) != 0 || numbersLeased(t, lite, officeID, c.year) != 2 {
					t.Fatalf("year %d: %+v, want leased", c.year, resp)
				}
				return
			}
			if len(resp.Leases) != 0 || len(resp.Refused) != 1 || resp.Refused[0] != refusal(c.year, c.refused) {
				t.Fatalf("year %d: %+v, want refused %q", c.year, resp, c.refused)
			}
			if n := numbersLeased(t, lite, officeID, c.year); n != 0 {
				t.Fatalf("year %d refused, yet %d numbers of it are rows", c.year, n)
			}
		})
	}
}

func numbersLeased(t *testing.T, st store.Store, officeID string, year int) int {
	t.Helper()
	n := 0
	for _, r := range numbersOf(t, st, officeID, year) {
		var state string
		_ = json.Unmarshal(r.Fields["state"].V, &state)
		if state == "reserved" {
			n++
		}
	}
	return n
}

// TestLeaseRefusedWithPush: a push asking for numbers of a year the
// office may not lease applies its ops, leases the registers it may and
// names the one refused; a replay answers the same.
func TestLeaseRefusedWithPush(t *testing.T) {
	ctx := context.Background()
	lite, officeID := testOffice(t)
	dev := testDevice(t, lite, officeID, "t")
	r := New(lite, Options{Now: func() time.Time { return at("2026-12-03T10:00:00Z") }, LeaseSize: 2})
	knowRegisters(officeID, r)
	req := protocol.PushRequest{BatchID: newID(), Lease: []protocol.RegisterRef{{Unit: "SO", JRWA: "5352", Year: 2026}, {Unit: "SO", JRWA: "5352", Year: 2031}}}
	first, err := r.Push(ctx, dev, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Leases) != 1 || first.Leases[0].Year != 2026 || len(first.LeaseRefused) != 1 || first.LeaseRefused[0] != refusal(2031, protocol.RefusedYear) {
		t.Fatalf("answer %+v", first)
	}
	again, err := r.Push(ctx, dev, req)
	if err != nil || len(again.LeaseRefused) != 1 || len(again.Leases) != 1 || again.Leases[0] != first.Leases[0] {
		t.Fatalf("replay %+v %v", again, err)
	}
	if got := r.Metrics().LeasesRefused.Load(); got != 1 {
		t.Fatalf("%d refusals counted, want 1 (a replay is not another)", got)
	}
}

// TestBadZoneLoggedOnce: an office row naming no zone falls back to
// Warsaw and is logged once, not at every push.
func TestBadZoneLoggedOnce(t *testing.T) {
	ctx := context.Background()
	lite, officeID := testOffice(t)
	var log bytes.Buffer
	r := New(lite, Options{Now: func() time.Time { return at("2026-12-31T23:30:00Z") }, Logger: slog.New(slog.NewTextHandler(&log, nil))})
	officeRow(t, r, officeID, "Mars/Olympus")
	for range 3 {
		r.zones.mu.Lock()
		r.zones.zones = nil // as after refTTL
		r.zones.mu.Unlock()
		now, err := r.OfficeNow(ctx, officeID)
		if err != nil || now.Format("2006-01-02 15:04") != "2027-01-01 00:30" {
			t.Fatalf("office time %v, %v", now, err)
		}
	}
	if n := strings.Count(log.String(), "office time zone unknown"); n != 1 {
		t.Fatalf("logged %d times:\n%s", n, log.String())
	}
}

// TestSetOfficeZone: the admin sets a zone the office then takes its
// dates in; a name that names no zone is refused and changes nothing.
func TestSetOfficeZone(t *testing.T) {
	ctx := context.Background()
	lite, officeID := testOffice(t)
	r := New(lite, Options{Now: func() time.Time { return at("2026-12-31T23:30:00Z") }})
	d, err := demo.LoadOffice()
	if err != nil {
		t.Fatal(err)
	}
	o := d.Office
	o.ID, o.TimeZone = officeID, ""
	if err := r.inTx(ctx, officeID, func(tx store.Tx) error { return r.write(ctx, tx, "office", officeID, o) }); err != nil {
		t.Fatal(err)
	}
	if now, _ := r.OfficeNow(ctx, officeID); now.Year() != 2027 {
		t.Fatalf("default zone: office time %v", now)
	}
	if err := r.SetOfficeZone(ctx, officeID, "Mars/Olympus"); !errors.Is(err, office.ErrInvalid) {
		t.Fatalf("a bad zone: %v", err)
	}
	if err := r.SetOfficeZone(ctx, officeID, "America/New_York"); err != nil {
		t.Fatal(err)
	}
	if now, _ := r.OfficeNow(ctx, officeID); now.Format("2006-01-02 15:04") != "2026-12-31 18:30" {
		t.Fatalf("New York: office time %v", now)
	}
	rowsNow, _ := lite.RowsOf(ctx, officeID, "office")
	if len(rowsNow) != 1 || string(rowsNow[0].Fields["timeZone"].V) != `"America/New_York"` || string(rowsNow[0].Fields["feeAccount"].V) != `"`+o.FeeAccount+`"` {
		t.Fatalf("office row %+v", rowsNow)
	}
}

// TestDateFlags: a new case dated a day or more after the registry's
// office date, or four days or more before it, is applied and flagged
// with the registry's date; an edit of it, or a case dated near that
// date, is not flagged.
func TestDateFlags(t *testing.T) {
	ctx := context.Background()
	w := newCheckWorld(t)
	var clock settable
	clock.set(at("2026-12-31T23:30:00Z")) // 1 January 2027 in Warsaw
	w.r = New(w.st, Options{Now: clock.now})
	cl := newID()
	if res := w.push(t, w.op("client", cl, rows.Client(w.office, cl, "Anna"))); res.Status != protocol.Applied {
		t.Fatalf("client: %+v", res)
	}
	cases_ := []struct {
		submitted, flag string
	}{
		{"2027-01-01", ""},
		{"2026-12-31", ""}, // the laptop in UTC: a day behind, no more
		{"2027-01-02", protocol.DateAhead},
		{"2026-12-29", ""},
		{"2026-12-28", protocol.DateBehind},
	}
	want := map[string]string{}
	for _, c := range cases_ {
		id := newID()
		fields := with(rows.Case(w.office, id, cl, w.refs, w.dev.ID, cases.Registered), "submittedOn", `"`+c.submitted+`"`)
		op := w.op("case_file", id, fields)
		if res := w.push(t, op); res.Status != protocol.Applied {
			t.Fatalf("case of %s: %+v", c.submitted, res)
		}
		if c.flag != "" {
			want[id] = c.flag
		}
		// An edit of the case arrives later: never flagged.
		if res := w.push(t, w.op("case_file", id, map[string]json.RawMessage{"id": json.RawMessage(`"` + id + `"`), "assigneeId": json.RawMessage(`"` + w.refs.StaffID + `"`)})); res.Status != protocol.Applied {
			t.Fatalf("edit of %s: %+v", c.submitted, res)
		}
	}
	flags, err := w.r.DateFlags(ctx, w.office)
	if err != nil {
		t.Fatal(err)
	}
	if err := flags.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(flags.Flags) != len(want) {
		t.Fatalf("flags %+v, want %v", flags.Flags, want)
	}
	for _, f := range flags.Flags {
		if want[f.CaseID] != f.Reason || f.RegistryDate != "2027-01-01" || f.DeviceID != w.dev.ID || f.Sign == "" || !strings.Contains(f.Sign, ".T-") {
			t.Errorf("flag %+v", f)
		}
		if f.ArrivedAt != "2027-01-01T00:30:00+01:00" {
			t.Errorf("arrived at %s, want the office's time", f.ArrivedAt)
		}
	}
	if got := w.r.Metrics().DateFlags.Load(); got != int64(len(want)) {
		t.Fatalf("%d flags counted, want %d", got, len(want))
	}
	ids := []string{}
	for _, f := range flags.Flags {
		ids = append(ids, f.ID)
	}
	if err := w.r.CheckDateFlags(ctx, w.office, w.refs.StaffID, ids); err != nil {
		t.Fatal(err)
	}
	if left, _ := w.r.DateFlags(ctx, w.office); len(left.Flags) != 0 {
		t.Fatalf("left after the check: %+v", left)
	}
	if err := w.r.CheckDateFlags(ctx, w.office, w.refs.StaffID, ids[:1]); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("checked twice: %v", err)
	}
}
