package visits

import (
	"testing"
	"time"
)

var waw, _ = time.LoadLocation("Europe/Warsaw")

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, waw)
	if err != nil {
		panic(err)
	}
	return t
}

func TestValidateDay(t *testing.T) {
	for _, tc := range []struct {
		name, today, day, hhmm, key string
	}{
		{"next working day", "2026-12-02", "2026-12-03", "10:00", ""},
		{"same day", "2026-12-02", "2026-12-02", "", "visits.dayTooSoon"},
		{"friday to saturday", "2026-12-04", "2026-12-05", "", "visits.dayTooSoon"},
		{"friday to monday", "2026-12-04", "2026-12-07", "", ""},
		{"over christmas eve", "2026-12-23", "2026-12-24", "", "visits.dayTooSoon"},
		{"after christmas", "2026-12-23", "2026-12-28", "", ""},
		{"a sunday far ahead", "2026-12-02", "2026-12-13", "", "visits.dayOff"},
		{"not a date", "2026-12-02", "31.12.2026", "", "visits.dayBad"},
		{"february 30", "2026-12-02", "2027-02-30", "", "visits.dayBad"},
		{"night", "2026-12-02", "2026-12-03", "22:00", "visits.outsideHours"},
		{"bad time", "2026-12-02", "2026-12-03", "9h", "visits.timeBad"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ValidateDay(tc.day, tc.hhmm, day(tc.today))
			if tc.key == "" && len(got) != 0 || tc.key != "" && (len(got) == 0 || got[0].Key != tc.key) {
				t.Fatalf("ValidateDay(%s, %s) on %s = %+v, want %q", tc.day, tc.hhmm, tc.today, got, tc.key)
			}
		})
	}
}

func TestValidateRequest(t *testing.T) {
	ok := Visit{UnitID: "u", Channel: Phone, Client: "Józef Łęcki", Address: "ul. Długa 5/2, 00-001 Przykładowo",
		Phone: "600 100 200", Matter: "Zameldowanie na pobyt stały", Reason: "Leżący po operacji"}
	ok.Normalize()
	if p := ValidateRequest(ok); len(p) != 0 {
		t.Fatalf("a good request refused: %+v", p)
	}
	if ok.Phone != "+48600100200" {
		t.Fatalf("phone not normalized: %q", ok.Phone)
	}
	for _, tc := range []struct {
		name  string
		edit  func(*Visit)
		field string
	}{
		{"no client", func(v *Visit) { v.Client = "" }, "client"},
		{"no reason", func(v *Visit) { v.Reason = "" }, "reason"},
		{"bad phone", func(v *Visit) { v.Phone = "abc" }, "phone"},
		{"no unit", func(v *Visit) { v.UnitID = "" }, "unit"},
		{"bad channel", func(v *Visit) { v.Channel = "mail" }, "channel"},
		{"emoji in address", func(v *Visit) { v.Address = "ul. 🏠 1" }, "address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := ok
			tc.edit(&v)
			p := ValidateRequest(v)
			if len(p) == 0 || p[0].Field != tc.field {
				t.Fatalf("got %+v, want a problem with %s", p, tc.field)
			}
		})
	}
}

func TestValidateReport(t *testing.T) {
	v := Visit{Status: Assigned, AssigneeID: "jn", Day: "2026-12-03"}
	valid := &Authorization{Status: AuthIssued, ValidFrom: "2026-12-03", ValidUntil: "2026-12-03"}
	revoked := &Authorization{Status: AuthRevoked, ValidFrom: "2026-12-03", ValidUntil: "2026-12-03"}
	for _, tc := range []struct {
		name    string
		v       Visit
		o       Outcome
		note    string
		staff   string
		auth    *Authorization
		day     string
		wantKey string
	}{
		{"done in time", v, OutcomeDone, "", "jn", valid, "2026-12-03", ""},
		{"done after expiry without a note", v, OutcomeDone, "", "jn", valid, "2026-12-04", "visits.authExpiredNote"},
		{"done after expiry with a note", v, OutcomeDone, "Klient prosił o późniejszy termin.", "jn", valid, "2026-12-04", ""},
		{"done without an authorization", v, OutcomeDone, "", "jn", nil, "2026-12-03", "visits.authExpiredNote"},
		{"done on a revoked one", v, OutcomeDone, "", "jn", revoked, "2026-12-03", "visits.authExpiredNote"},
		{"absent needs no note", v, OutcomeAbsent, "", "jn", nil, "2026-12-09", ""},
		{"new date needs one", v, OutcomeNewDate, "", "jn", valid, "2026-12-03", "visits.newDateNote"},
		{"someone else's", v, OutcomeDone, "", "xx", valid, "2026-12-03", "visits.notYours"},
		{"not assigned", Visit{Status: Requested, AssigneeID: "jn"}, OutcomeDone, "", "jn", valid, "2026-12-03", "visits.notAssigned"},
		{"unknown outcome", v, "maybe", "", "jn", valid, "2026-12-03", "visits.outcomeBad"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := ValidateReport(tc.v, tc.o, tc.note, tc.staff, tc.auth, tc.day)
			if tc.wantKey == "" && len(p) != 0 || tc.wantKey != "" && (len(p) == 0 || p[0].Key != tc.wantKey) {
				t.Fatalf("got %+v, want %q", p, tc.wantKey)
			}
		})
	}
}

func TestStatusMoves(t *testing.T) {
	for _, tc := range []struct {
		from, to Status
		ok       bool
	}{
		{Requested, Assigned, true}, {Requested, Done, false}, {Assigned, Done, true}, {Assigned, Absent, true},
		{Assigned, Requested, true}, {Done, Assigned, false}, {Absent, Requested, false}, {Done, Done, false},
	} {
		if CanMove(tc.from, tc.to) != tc.ok {
			t.Errorf("CanMove(%s, %s) = %v", tc.from, tc.to, !tc.ok)
		}
	}
	if CanMoveAuth(AuthRevoked, AuthIssued) || !CanMoveAuth(AuthIssued, AuthReturned) || CanMoveAuth(AuthReturned, AuthRevoked) {
		t.Fatal("authorization moves")
	}
}

func TestNumbers(t *testing.T) {
	s := Series("0193a5b0-0000-7000-8000-000000000001")
	if len(s) != SeriesLen || s == Series("0193a5b0-0000-7000-8000-000000000002") {
		t.Fatalf("series %q", s)
	}
	n := FormatNumber(s, 12, 2026)
	if gs, seq, y, ok := ParseNumber(n); !ok || gs != s || seq != 12 || y != 2026 {
		t.Fatalf("round trip of %s: %s %d %d %v", n, gs, seq, y, ok)
	}
	for _, bad := range []string{"", "UP/ABC/1/2026", "UP/" + s + "/0/2026", "UP/" + s + "/01/2026", "XX/" + s + "/1/2026", "UP/" + s + "/1/1999", "UP/IIIIII/1/2026"} {
		if _, _, _, ok := ParseNumber(bad); ok {
			t.Errorf("ParseNumber(%q) accepted", bad)
		}
	}
}

func TestAuthorizationState(t *testing.T) {
	a := Authorization{Status: AuthIssued, ValidFrom: "2026-12-03", ValidUntil: "2026-12-04"}
	for day, want := range map[string]string{"2026-12-02": "pending", "2026-12-03": "valid", "2026-12-04": "valid", "2026-12-05": "expired"} {
		if got := a.State(day); got != want {
			t.Errorf("State(%s) = %s, want %s", day, got, want)
		}
	}
	a.Status = AuthReturned
	if a.State("2026-12-03") != "returned" || a.CoversDay("2026-12-03") {
		t.Fatal("a returned authorization covers nothing")
	}
	for _, tc := range []struct{ from, until, day, key string }{
		{"2026-12-03", "2026-12-03", "2026-12-03", ""},
		{"2026-12-04", "2026-12-03", "", "visits.authOrder"},
		{"2026-12-03", "2027-02-03", "", "visits.authTooLong"},
		{"2026-12-04", "2026-12-05", "2026-12-03", "visits.authMissesDay"},
		{"x", "2026-12-05", "", "visits.authDatesBad"},
	} {
		p := ValidatePeriod(tc.from, tc.until, tc.day)
		if tc.key == "" && len(p) != 0 || tc.key != "" && (len(p) == 0 || p[0].Key != tc.key) {
			t.Errorf("ValidatePeriod(%s, %s, %s) = %+v, want %q", tc.from, tc.until, tc.day, p, tc.key)
		}
	}
}

func TestMayIssue(t *testing.T) {
	for _, tc := range []struct {
		role, unit, visit string
		ok                bool
	}{
		{"head", "SO", "SO", true}, {"head", "USC", "SO", false}, {"clerk", "SO", "SO", false}, {"admin", "OR", "SO", true}, {"head", "", "", false},
	} {
		if MayIssue(tc.role, tc.unit, tc.visit) != tc.ok {
			t.Errorf("MayIssue(%s, %s, %s) = %v", tc.role, tc.unit, tc.visit, !tc.ok)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	f.Add("UP/ABCDEF/1/2026")
	f.Fuzz(func(t *testing.T, s string) {
		series, seq, year, ok := ParseNumber(s)
		if ok && FormatNumber(series, seq, year) != s {
			t.Fatalf("%q parsed to a different number", s)
		}
	})
}
