package office

import (
	"slices"
	"testing"
)

func TestValidateSubstitution(t *testing.T) {
	staff := []Staff{
		{ID: "ann", FirstName: "Anna", LastName: "Nowak", Active: true},
		{ID: "bob", FirstName: "Bogdan", LastName: "Lis", Active: true},
		{ID: "cel", FirstName: "Celina", LastName: "Mróz", Active: true},
		{ID: "gone", FirstName: "Gerard", LastName: "Odszedł", Active: false},
	}
	units := []Unit{{ID: "so", Symbol: "SO", Name: "Spraw Obywatelskich"}, {ID: "old", Symbol: "OLD", Name: "Dawny", RetiredAt: "2026-01-01T00:00:00Z"}}
	today := "2026-12-05"
	ok := Substitution{ID: "new", AbsentID: "ann", StandInID: "bob", From: "2026-12-07", To: "2026-12-11", Reason: ReasonLeave}
	others := []Substitution{
		{ID: "a1", AbsentID: "ann", StandInID: "cel", From: "2026-12-20", To: "2026-12-31", Reason: ReasonLeave},
		{ID: "b1", AbsentID: "bob", StandInID: "cel", From: "2027-01-04", To: "2027-01-08", Reason: ReasonBusinessTrip},
		{ID: "c1", AbsentID: "cel", StandInID: "ann", From: "2027-02-01", To: "2027-02-05", Reason: ReasonSickLeave},
		{ID: "x1", AbsentID: "ann", StandInID: "bob", From: "2026-12-01", To: "2026-12-15", Reason: ReasonOther, CancelledAt: "2026-11-30T10:00:00Z"},
	}
	with := func(f func(*Substitution)) Substitution { s := ok; f(&s); return s }
	cases := []struct {
		name string
		s    Substitution
		want []string // field:key
	}{
		{"a week's leave", ok, nil},
		{"one day", with(func(s *Substitution) { s.To = s.From }), nil},
		{"starts today", with(func(s *Substitution) { s.From = today }), nil},
		{"began before today, ends later", with(func(s *Substitution) { s.From = "2026-11-30" }), nil},
		{"one unit's matters", with(func(s *Substitution) { s.UnitID = "so" }), nil},
		{"a withdrawn period does not clash", with(func(s *Substitution) { s.From, s.To = "2026-12-12", "2026-12-14" }), nil},
		{"the period itself is passed over", with(func(s *Substitution) { s.ID = "a1"; s.From, s.To = "2026-12-19", "2026-12-31" }), nil},
		{"ends the day before another begins", with(func(s *Substitution) { s.To = "2026-12-19" }), nil},
		{"stands in for oneself", with(func(s *Substitution) { s.StandInID = "ann" }), []string{"standInId:substitution.self"}},
		{"no stand-in", with(func(s *Substitution) { s.StandInID = "" }), []string{"standInId:substitution.standInMissing"}},
		{"stand-in left the office", with(func(s *Substitution) { s.StandInID = "gone" }), []string{"standInId:substitution.standInInactive"}},
		{"stand-in of another office", with(func(s *Substitution) { s.StandInID = "stranger" }), []string{"standInId:substitution.standInInactive"}},
		{"absent person unknown", with(func(s *Substitution) { s.AbsentID = "stranger" }), []string{"absentId:substitution.absentUnknown"}},
		{"absent person inactive", with(func(s *Substitution) { s.AbsentID = "gone" }), []string{"absentId:substitution.absentUnknown"}},
		{"a day the calendar has not", with(func(s *Substitution) { s.To = "2026-02-30" }), []string{"to:substitution.dateBad"}},
		{"a typed date", with(func(s *Substitution) { s.From = "7.12.2026" }), []string{"from:substitution.dateBad"}},
		{"to before from", with(func(s *Substitution) { s.From, s.To = "2026-12-11", "2026-12-07" }), []string{"to:substitution.order"}},
		{"over before today", with(func(s *Substitution) { s.From, s.To = "2026-11-02", "2026-12-04" }), []string{"to:substitution.past"}},
		{"longer than a year", with(func(s *Substitution) { s.From, s.To = "2027-03-01", "2028-03-01" }), []string{"to:substitution.tooLong"}},
		{"starting over a year ahead", with(func(s *Substitution) { s.From, s.To = "9999-01-01", "9999-01-31" }), []string{"from:substitution.tooFar"}},
		{"starting a year ahead", with(func(s *Substitution) { s.From, s.To = "2027-12-05", "2027-12-31" }), nil},
		{"a year exactly", with(func(s *Substitution) { s.From, s.To = "2027-03-01", "2028-02-29" }), nil},
		{"no reason", with(func(s *Substitution) { s.Reason = "" }), []string{"reason:substitution.reasonUnknown"}},
		{"a reason that is a diagnosis", with(func(s *Substitution) { s.Reason = "grypa" }), []string{"reason:substitution.reasonUnknown"}},
		{"unknown unit", with(func(s *Substitution) { s.UnitID = "nope" }), []string{"unitId:substitution.unitUnknown"}},
		{"retired unit", with(func(s *Substitution) { s.UnitID = "old" }), []string{"unitId:substitution.unitUnknown"}},
		{"overlaps the person's leave", with(func(s *Substitution) { s.From, s.To = "2026-12-10", "2026-12-20" }), []string{"from:substitution.overlap"}},
		{"inside the person's leave", with(func(s *Substitution) { s.From, s.To = "2026-12-22", "2026-12-23" }), []string{"from:substitution.overlap"}},
		{"the stand-in is away then", with(func(s *Substitution) { s.From, s.To = "2027-01-08", "2027-01-12" }), []string{"standInId:substitution.standInAbsent"}},
		{"the absent person stands in then", with(func(s *Substitution) { s.From, s.To = "2027-02-05", "2027-02-06" }), []string{"absentId:substitution.absentStandsIn"}},
	}
	for _, tc := range cases {
		var got []string
		for _, p := range ValidateSubstitution(tc.s, others, staff, units, today) {
			got = append(got, p.Field+":"+p.Key)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	// The clash names the period in the way, and whose it is.
	p := ValidateSubstitution(with(func(s *Substitution) { s.From, s.To = "2027-01-08", "2027-01-12" }), others, staff, units, today)
	if len(p) != 1 || p[0].Args["from"] != "2027-01-04" || p[0].Args["to"] != "2027-01-08" || p[0].Args["name"] != "Bogdan Lis" {
		t.Fatalf("stand-in's clash: %+v", p)
	}
}

func TestStandInOn(t *testing.T) {
	periods := []Substitution{
		{ID: "1", AbsentID: "ann", StandInID: "bob", From: "2026-12-07", To: "2026-12-11", Reason: ReasonLeave},
		{ID: "2", AbsentID: "ann", StandInID: "cel", From: "2026-12-14", To: "2026-12-14", UnitID: "usc", Reason: ReasonBusinessTrip},
		{ID: "3", AbsentID: "ann", StandInID: "dan", From: "2026-12-15", To: "2026-12-18", Reason: ReasonLeave, CancelledAt: "2026-12-01T08:00:00Z"},
	}
	cases := []struct {
		day, unit, want string
	}{
		{"2026-12-06", "", ""},
		{"2026-12-07", "", "bob"},
		{"2026-12-11", "so", "bob"},
		{"2026-12-12", "", ""},
		{"2026-12-14", "", "cel"},
		{"2026-12-14", "usc", "cel"},
		{"2026-12-14", "so", ""},
		{"2026-12-16", "", ""}, // withdrawn
	}
	for _, tc := range cases {
		p, found := StandInOn(periods, "ann", tc.unit, tc.day)
		if got := p.StandInID; found != (tc.want != "") || got != tc.want {
			t.Errorf("%s %q: %q %v, want %q", tc.day, tc.unit, got, found, tc.want)
		}
	}
}
