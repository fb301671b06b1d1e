package audit

import (
	"strings"
	"testing"
	"time"
)

func TestOutside(t *testing.T) {
	clerk := Person{StaffID: "c1", Units: []string{"SO"}}
	bom := Person{StaffID: "bom", Units: []string{"BOM"}}
	admin := Person{StaffID: "a1", OfficeWide: true}
	for _, tc := range []struct {
		name                  string
		p                     Person
		unit, registered, asg string
		want                  bool
	}{
		{"own unit", clerk, "SO", "x", "y", false},
		{"other unit", clerk, "USC", "x", "y", true},
		{"other unit, registered by the person", clerk, "USC", "c1", "y", false},
		{"other unit, handled by the person", clerk, "USC", "x", "c1", false},
		{"BOM counter's own registration in any unit", bom, "USC", "bom", "", false},
		{"BOM counter, another's registration", bom, "USC", "c1", "", true},
		{"admin is office-wide", admin, "USC", "x", "y", false},
		{"no units at all", Person{StaffID: "z"}, "SO", "x", "", true},
		{"empty person id never matches an empty assignee", Person{Units: []string{"SO"}}, "USC", "", "", true},
	} {
		if got := Outside(tc.p, tc.unit, tc.registered, tc.asg); got != tc.want {
			t.Errorf("%s: Outside = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestValidReason(t *testing.T) {
	for _, tc := range []struct {
		code, note string
		want       bool
	}{
		{ReasonClientAtCounter, "", true},
		{ReasonStandIn, "Zastępstwo za p. K.", true},
		{ReasonOther, "", false},
		{ReasonOther, "   ", false},
		{ReasonOther, "Prośba sekretarza.", true},
		{"curious", "", false},
		{ReasonHeadOrder, strings.Repeat("ż", MaxNote), true},
		{ReasonHeadOrder, strings.Repeat("ż", MaxNote+1), false},
		{ReasonHeadOrder, "\xff", false},
		{ReasonHeadOrder, "line\nbreak", false},
		{ReasonHeadOrder, "bell\a", false},
	} {
		if got := ValidReason(tc.code, tc.note); got != tc.want {
			t.Errorf("ValidReason(%q, %d chars) = %v, want %v", tc.code, len(tc.note), got, tc.want)
		}
	}
}

func TestKindOfAndFilter(t *testing.T) {
	for action, want := range map[string]Kind{CaseView: KindView, CaseOutside: KindView, CasePrint: KindPrint,
		ClientExport: KindExport, CaseStatus: KindChange, SignIn: KindOther} {
		if got := KindOf(action); got != want {
			t.Errorf("KindOf(%s) = %s, want %s", action, got, want)
		}
	}
	d := func(s string) time.Time { v, _ := time.Parse(time.DateOnly, s); return v }
	f := Filter{From: d("2026-11-01"), To: d("2026-12-01")}
	if !f.Period(d("2026-11-01")) || f.Period(d("2026-12-01")) || f.Period(d("2026-10-31")) {
		t.Error("period bounds wrong: [From, To) expected")
	}
	if (Filter{}).Limited() != MaxRows || (Filter{Limit: 10}).Limited() != 10 || (Filter{Limit: 1e6}).Limited() != MaxRows {
		t.Error("Limited wrong")
	}
}
