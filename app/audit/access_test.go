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
		name string
		p    Person
		c    CaseRef
		want bool
	}{
		{"own unit", clerk, CaseRef{Unit: "SO", RegisteredBy: "x", Assignee: "y"}, false},
		{"other unit", clerk, CaseRef{Unit: "USC", RegisteredBy: "x", RegistrarUnit: "USC", Assignee: "y"}, true},
		{"other unit, registered by the person", clerk, CaseRef{Unit: "USC", RegisteredBy: "c1", Assignee: "y"}, false},
		{"other unit, handled by the person", clerk, CaseRef{Unit: "USC", RegisteredBy: "x", Assignee: "c1"}, false},
		{"BOM counter's own registration in any unit", bom, CaseRef{Unit: "USC", RegisteredBy: "bom", RegistrarUnit: "BOM"}, false},
		{"BOM counter, a colleague's registration at the counter", bom, CaseRef{Unit: "USC", RegisteredBy: "bom2", RegistrarUnit: "BOM"}, false},
		{"BOM counter, a case the unit registered itself", bom, CaseRef{Unit: "USC", RegisteredBy: "c1", RegistrarUnit: "USC"}, true},
		{"a case the counter registered is still the unit's", clerk, CaseRef{Unit: "SO", RegisteredBy: "bom", RegistrarUnit: "BOM"}, false},
		{"handed over to the person's unit: handled there", clerk, CaseRef{Unit: "USC", RegisteredBy: "x", Assignee: "y", HandlerUnit: "SO"}, false},
		{"the person's unit's case handed over to another unit", clerk, CaseRef{Unit: "SO", RegisteredBy: "x", Assignee: "y", HandlerUnit: "USC"}, true},
		{"admin is office-wide", admin, CaseRef{Unit: "USC", RegisteredBy: "x", Assignee: "y"}, false},
		{"no units at all", Person{StaffID: "z"}, CaseRef{Unit: "SO", RegisteredBy: "x"}, true},
		{"empty person id never matches an empty assignee", Person{Units: []string{"SO"}}, CaseRef{Unit: "USC"}, true},
	} {
		if got := Outside(tc.p, tc.c); got != tc.want {
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
