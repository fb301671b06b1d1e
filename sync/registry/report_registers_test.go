package registry_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"okienko/app"
	"okienko/app/report"
	"okienko/sync/registry"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
)

// TestReportRegistersAcrossDevices: over HTTP, on each store (PostgreSQL
// when OKIENKO_TEST_PG names a server), two devices register complaints,
// home visits, letters and survey answers and sync; the registry's report
// sections of the four registers equal the device's (which then holds
// both devices' entries) for November 2026, office-wide and for a head of
// SO or of USC. Hand-counted, on Monday 23.11.2026 at 10:00 in Warsaw:
//   - complaints received in November: A's complaint C1 of SO (open), C2
//     of SO forwarded, motion C3 of USC (open), remark C4; B's motion C6 of
//     SO (open); C5 received 30.10 is not counted: 2 complaints, 2
//     motions, 1 remark;
//   - visits requested: V1 of SO requested, V2 of SO assigned: 2;
//   - letters received in November (an e-mail's 24 working hours are 3
//     days of 8-16): L1 (e-mail 16.11 9:00, answered at 12:00), L2 (e-mail
//     17.11 9:00, answered 20.11 12:00, 3 hours late), L3 (e-mail 16.11
//     10:00, open, due 19.11 10:00: overdue), L4 (post 23.11, waiting);
//     L5 received 20.10 is not: 4 received, 2 answered, 1 late, 1 overdue;
//   - survey answers: A's on paper of 20.11 (all 5) and on screen now
//     (waiting 3), B's of 23.11 (waiting 1): 3 answers, waiting 3.0.
func TestReportRegistersAcrossDevices(t *testing.T) {
	for _, kind := range synctest.StoreKinds() {
		t.Run(kind, func(t *testing.T) { reportRegistersAcrossDevices(t, synctest.OpenStore(t, kind)) })
	}
}

func reportRegistersAcrossDevices(t *testing.T, st store.Store) {
	ctx := context.Background()
	waw, _ := time.LoadLocation("Europe/Warsaw")
	var mu sync.Mutex
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, waw)
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return now
	}
	r := synctest.NewRegistry(t, st, registry.Options{Now: clock})
	a, b := synctest.NewDevice(t, synctest.DeviceOptions{Now: clock}), synctest.NewDevice(t, synctest.DeviceOptions{Now: clock})
	a.EnrollFor(t, r, "akowalska", "kzielinska")
	b.EnrollFor(t, r, "jnowak")
	a.SignIn(t, "akowalska")
	b.SignIn(t, "jnowak")

	units, err := a.Store.Units(ctx, a.Core.OfficeID())
	if err != nil {
		t.Fatal(err)
	}
	unit := map[string]string{}
	for _, u := range units {
		unit[u.Symbol] = u.ID
	}
	staff, err := a.Store.StaffList(ctx, a.Core.OfficeID())
	if err != nil {
		t.Fatal(err)
	}
	person := map[string]string{}
	for _, s := range staff {
		person[s.Login] = s.ID
	}
	if unit["SO"] == "" || unit["USC"] == "" || person["akowalska"] == "" || person["jnowak"] == "" {
		t.Fatalf("the demo office: units %v, staff %v", unit, person)
	}
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}

	// Device A: complaints and motions.
	ks := app.NewComplaintService(a.Core)
	complaint := func(kind, on, unitID string, competent bool) string {
		t.Helper()
		in := app.ComplaintInput{Kind: kind, Channel: "post", ReceivedOn: on, Name: "Zofia Wróblewska",
			Address: "ul. Lipowa 7, 99-300 Przykładowo", Subject: "Godziny pracy urzędu", UnitID: unitID, Competent: competent}
		if !competent {
			in.ForwardTo = "Zarząd Powiatu Gostynińskiego"
		}
		d, err := ks.Register(in)
		must("register "+kind, err)
		return d.ID
	}
	complaint("complaint", "2026-11-20", unit["SO"], true)
	c2 := complaint("complaint", "2026-11-20", unit["SO"], false)
	_, err = ks.Forward(c2, app.ComplaintForwardInput{})
	must("forward", err)
	complaint("motion", "2026-11-02", unit["USC"], true)
	complaint("remark", "2026-11-23", unit["SO"], true)
	complaint("complaint", "2026-10-30", unit["SO"], true)

	// Home visits: one requested, one assigned by SO's head.
	vs := app.NewVisitService(a.Core)
	visit := func() string {
		t.Helper()
		row, err := vs.Request(app.VisitRequestInput{Channel: "phone", Client: "Józef Łęcki", Address: "ul. Długa 5, 99-300 Przykładowo",
			Phone: "600 100 200", UnitID: unit["SO"], Matter: "Wymiana dowodu osobistego", Reason: "Leżący po operacji"})
		must("request a visit", err)
		return row.ID
	}
	visit()
	v2 := visit()
	a.SignIn(t, "kzielinska")
	_, err = vs.Assign(v2, app.VisitAssignInput{AssigneeID: person["jnowak"], Day: "2026-11-24"})
	must("assign a visit", err)
	a.SignIn(t, "akowalska")

	// Letters.
	ls := app.NewLetterService(a.Core)
	letter := func(channel, day, hm string) string {
		t.Helper()
		addr := "ul. Polna 1, 99-300 Przykładowo"
		if channel == "email" {
			addr = "jan@example.pl"
		}
		row, err := ls.Create(app.LetterInput{Day: day, Time: hm, Channel: channel, Sender: "Jan Kowalski",
			SenderAddress: addr, Subject: "Meldunek", AssigneeID: person["akowalska"]})
		must("letter", err)
		return row.ID
	}
	answer := func(id, day, hm string) {
		t.Helper()
		_, err := ls.Answer(app.LetterAnswerInput{ID: id, Day: day, Time: hm, Channel: "email"})
		must("answer", err)
	}
	answer(letter("email", "2026-11-16", "09:00"), "2026-11-16", "12:00")
	answer(letter("email", "2026-11-17", "09:00"), "2026-11-20", "12:00")
	letter("email", "2026-11-16", "10:00")
	letter("post", "2026-11-23", "09:00")
	letter("email", "2026-10-20", "09:00")

	// Survey answers: on paper, on the screen.
	ss := app.NewSurveyService(a.Core)
	_, err = ss.EnterPaper(app.SurveyInput{Day: "2026-11-20", Lang: "pl",
		Scores: map[string]int{"waiting": 5, "courtesy": 5, "competence": 5, "clarity": 5, "overall": 5}})
	must("paper survey", err)
	_, err = ss.Submit(app.SurveyInput{Lang: "pl", Scores: map[string]int{"waiting": 3, "courtesy": 4, "competence": 5, "clarity": 4, "overall": 4}})
	must("survey", err)

	// Device B: a motion and a survey answer.
	_, err = app.NewComplaintService(b.Core).Register(app.ComplaintInput{Kind: "motion", Channel: "email", ReceivedOn: "2026-11-23",
		Name: "Piotr Lis", Address: "ul. Krótka 2, 09-500 Gostynin", Subject: "Ławka przed urzędem", UnitID: unit["SO"], Competent: true})
	must("B's motion", err)
	_, err = app.NewSurveyService(b.Core).EnterPaper(app.SurveyInput{Day: "2026-11-23", Lang: "pl",
		Scores: map[string]int{"waiting": 1, "courtesy": 2, "competence": 3, "clarity": 2, "overall": 2}})
	must("B's survey", err)

	for range 2 {
		a.Sync(t)
		b.Sync(t)
	}

	nov, _ := report.ParsePeriod("2026-11-01", "2026-11-30")
	registers := []string{report.SectionComplaints, report.SectionVisits, report.SectionSurvey, report.SectionLetters}
	sections := func(rep report.Report) map[string]report.Section {
		out := map[string]report.Section{}
		for _, s := range rep.Sections {
			out[s.Key] = s
		}
		return out
	}
	for _, sc := range []report.Scope{{OfficeWide: true}, {Units: []string{"SO"}}, {Units: []string{"USC"}}, {Units: []string{"FN"}}} {
		dev := sections(report.Gather(ctx, nov, sc, app.ReportParts(a.Core)))
		rep, err := r.Report(ctx, r.OfficeID, nov, sc)
		if err != nil {
			t.Fatal(err)
		}
		reg := sections(rep)
		for _, key := range registers {
			d, _ := json.Marshal(dev[key])
			g, _ := json.Marshal(reg[key])
			if string(d) != string(g) {
				t.Errorf("%+v %s:\nregistry %s\n  device %s", sc, key, g, d)
			}
		}
	}

	// The hand count, office-wide.
	rep, err := r.Report(ctx, r.OfficeID, nov, report.Scope{OfficeWide: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, s := range rep.Sections {
		if s.Key == report.SectionQueue || s.Key == report.SectionCases || s.Key == report.SectionDeadlines {
			continue
		}
		for _, f := range s.Figures {
			got[f.Key] = f.Value
		}
	}
	want := map[string]float64{
		"report.complaints.complaints": 2, "report.complaints.motions": 2, "report.complaints.remarks": 1,
		"report.visits.count": 2, "report.visits.state.requested": 1, "report.visits.state.assigned": 1,
		"report.visits.state.done": 0, "report.visits.state.absent": 0,
		"report.letters.received": 4, "report.letters.answered": 2, "report.letters.answeredLate": 1, "report.letters.overdue": 1,
		"report.survey.answers": 3, "report.survey.mean.waiting": 3,
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("%s = %v (%v), want %v", k, g, ok, v)
		}
	}
	if t.Failed() {
		t.Logf("figures: %v", got)
	}
}
