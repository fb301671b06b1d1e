package report

import "testing"

func figure(s Section, key string) float64 {
	for _, f := range s.Figures {
		if f.Key == key {
			return f.Value
		}
	}
	return -1
}

func TestRegisterSections(t *testing.T) {
	head := Scope{Units: []string{"SO"}}
	comp := []Tallied{{Kind: "complaint", State: "justified", Unit: "SO", N: 2}, {Kind: "complaint", State: "", Unit: "SO", N: 1},
		{Kind: "motion", State: "forwarded", Unit: "USC", N: 4}, {Kind: "remark", Unit: "", N: 3}}
	s := Complaints(comp, Scope{OfficeWide: true})
	if s.State != StateData || figure(s, "report.complaints.complaints") != 3 || figure(s, "report.complaints.motions") != 4 || figure(s, "report.complaints.remarks") != 3 {
		t.Fatalf("office-wide complaints: %+v", s)
	}
	// A head sees their unit's: 2 justified and 1 pending complaint.
	s = Complaints(comp, head)
	if figure(s, "report.complaints.complaints") != 3 || figure(s, "report.complaints.motions") != 0 {
		t.Fatalf("head's complaints: %+v", s)
	}
	row := s.Breakdowns[0].Rows[0]
	if row.LabelKey != "report.complaints.kind.complaint" || row.Values[0] != 2 || row.Values[4] != 1 {
		t.Fatalf("head's complaints by outcome: %+v", row)
	}
	if s := Complaints(nil, head); s.State != StateEmpty || len(s.Figures) != 0 {
		t.Fatalf("no complaints: %+v", s)
	}
	v := Visits([]Tallied{{State: "done", Unit: "SO", N: 5}, {State: "absent", Unit: "SO", N: 1}, {State: "requested", Unit: "USC", N: 2}}, head)
	if figure(v, "report.visits.count") != 6 || figure(v, "report.visits.state.done") != 5 || figure(v, "report.visits.state.requested") != 0 {
		t.Fatalf("visits: %+v", v)
	}
	l := Letters(LetterCounts{Received: 10, Answered: 7, AnsweredLate: 2, Overdue: 1})
	if got := l.Breakdowns[0].Rows[0].Values; got[0] != 5 || got[1] != 2 || got[2] != 3 {
		t.Fatalf("letters on time, late, waiting: %v", got)
	}
	if Letters(LetterCounts{}).State != StateEmpty {
		t.Fatal("no letters shown as data")
	}
	// Overall: 2×5 + 1×4 = 14 / 3 = 4.7 (rounded to a tenth).
	sv := Survey(3, []Score{{Question: "overall", ByScore: [5]int{0, 0, 0, 1, 2}}, {Question: "waiting"}})
	if figure(sv, "report.survey.mean.overall") != 4.7 || figure(sv, "report.survey.mean.waiting") != -1 {
		t.Fatalf("survey means: %+v", sv.Figures)
	}
	if Survey(0, nil).State != StateEmpty {
		t.Fatal("no answers shown as data")
	}
}
