package app

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"okienko/app/i18n"
	"okienko/app/pdf"
	"okienko/app/visits"
)

// unitSO is Referat Spraw Obywatelskich, whose head is Zielińska
// (idZielinska, complaint_service_test.go).
const unitSO = "01a20102-030b-707a-93bc-f7824741d6f4"

// soCard is a current card of the SO unit.
func soCard(t *testing.T, e *env) (string, string) {
	t.Helper()
	cards, err := e.store.CurrentCards(context.Background(), e.core.OfficeID())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cards {
		if c.UnitID == unitSO && len(c.Card.Documents) > 0 {
			return c.ID, c.Card.Title
		}
	}
	t.Fatal("no SO card with documents")
	return "", ""
}

// TestVisitLifecycle: a request taken at the counter (annex 1); a clerk
// cannot assign it; the head of its unit cannot set it for today, and
// then can for the next working day; the authorization is numbered in
// this device's series and printed; the official reports it done on the
// day, and an expired authorization asks for a note. Refusals save
// nothing.
func TestVisitLifecycle(t *testing.T) {
	e := newEnv(t)
	officeNow(e, 10, 0) // Monday 23 November 2026
	e.signIn(t, "akowalska")
	s := NewVisitService(e.core)
	ctx := context.Background()
	cardID, cardTitle := soCard(t, e)
	in := VisitRequestInput{Channel: "phone", Requester: "Maria Łęcka", Client: "Józef Łęcki", Address: "ul. Długa 5/2, 09-500 Przykładowo",
		Phone: "600 100 200", UnitID: unitSO, CardID: cardID, Matter: "Wymiana dowodu osobistego", Reason: "Leżący po operacji biodra", Preferred: "przed południem"}

	pending, _ := e.store.PendingOps(ctx)
	bad := in
	bad.Reason = ""
	if _, err := s.Request(bad); keyOf(t, err) != "visits.required" {
		t.Fatalf("no reason: %v", err)
	}
	bad = in
	bad.Phone = "tel"
	if _, err := s.Request(bad); keyOf(t, err) != "visits.phoneBad" {
		t.Fatalf("bad phone: %v", err)
	}
	if now, _ := e.store.PendingOps(ctx); now != pending {
		t.Fatalf("refused requests left %d outbox ops", now-pending)
	}
	row, err := s.Request(in)
	if err != nil || row.Status != "requested" || row.Phone != "+4••••••••00" || row.MayAssign {
		t.Fatalf("request: %+v %v", row, err)
	}

	// A clerk may not assign.
	if _, err := s.Assign(row.ID, VisitAssignInput{AssigneeID: idNowak, Day: "2026-11-24"}); keyOf(t, err) != "visits.headOnly" {
		t.Fatalf("clerk assigns: %v", err)
	}
	e.signIn(t, "kzielinska")
	if _, err := s.Assign(row.ID, VisitAssignInput{AssigneeID: idNowak, Day: "2026-11-23"}); keyOf(t, err) != "visits.dayTooSoon" {
		t.Fatalf("today: %v", err)
	}
	if v, _ := e.store.Visit(ctx, row.ID); v.Status != visits.Requested || v.AssigneeID != "" {
		t.Fatalf("a refused assignment changed the visit: %+v", v)
	}
	a, err := s.Assign(row.ID, VisitAssignInput{AssigneeID: idNowak, Day: "2026-11-24", Time: "10:30"})
	if err != nil || a.Status != "assigned" || a.Assignee != "Jan Nowak" || !a.MayAssign {
		t.Fatalf("assign: %+v %v", a, err)
	}
	if _, err := s.IssueAuthorization(row.ID, VisitAuthInput{ValidFrom: "2026-11-25", ValidUntil: "2026-11-26"}); keyOf(t, err) != "visits.authMissesDay" {
		t.Fatalf("validity missing the day: %v", err)
	}
	auth, err := s.IssueAuthorization(row.ID, VisitAuthInput{})
	series := visits.Series(e.store.DeviceID())
	if err != nil || auth.Number != "UP/"+series+"/1/2026" || auth.State != "pending" || auth.ValidFrom != "2026-11-24" {
		t.Fatalf("authorization: %+v %v", auth, err)
	}
	out, err := s.PrintAuthorization(auth.ID)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := readPrintout(e.store, e.core.DataDir, out.Path)
	if err != nil || !bytes.HasPrefix(raw, []byte("%PDF")) {
		t.Fatalf("printout: %v", err)
	}
	if onDisk, _ := os.ReadFile(out.Path); bytes.Contains(onDisk, []byte("%PDF")) {
		t.Fatal("the authorization lies on the disk in the clear")
	}
	// A name cannot be declined by a template: the sentence takes it as an
	// apposition, never "upoważniam Jan Nowak".
	if text := pdfText(t, out.Path); !strings.Contains(text, "upoważniam pracownika urzędu: Jan Nowak, Inspektor ds. ewidencji ludności i dowodów osobistych, Referat Spraw Obywatelskich, do wykonania") {
		t.Errorf("the authorization does not name whom it authorizes in a sentence:\n%s", text)
	}
	reg, err := s.Register(2026)
	if err != nil || len(reg) != 1 || reg[0].Number != auth.Number || reg[0].Staff != "Jan Nowak" || reg[0].IssuedBy != "Katarzyna Zielińska" {
		t.Fatalf("register: %+v %v", reg, err)
	}

	// The official's day: the visit with what to bring, in Dziś.
	e.clock.Add(24 * time.Hour) // Tuesday the 24th, 10:00
	e.signIn(t, "jnowak")
	mine, err := s.List(VisitFilter{Show: "mine"})
	if err != nil || len(mine) != 1 || mine[0].ID != row.ID {
		t.Fatalf("mine: %+v %v", mine, err)
	}
	d, err := s.Get(row.ID)
	if err != nil || d.Address != in.Address || !d.AuthValidToday || len(d.Bring) < 4 || !strings.Contains(d.Bring[0], cardTitle) {
		t.Fatalf("detail: %+v %v", d, err)
	}
	items, err := NewVisitToday(e.core).TodayItems(ctx, idNowak, "2026-11-24", e.core.Now())
	if err != nil || len(items) != 1 || items[0].Key != "today.visitAt" || items[0].Args["client"] != "Józef Łęcki" {
		t.Fatalf("Dziś: %+v %v", items, err)
	}
	// Someone else cannot report it.
	e.signIn(t, "akowalska")
	if _, err := s.Report(row.ID, VisitReportInput{Outcome: "done"}); keyOf(t, err) != "visits.notYours" {
		t.Fatalf("another reports: %v", err)
	}
	e.signIn(t, "jnowak")
	done, err := s.Report(row.ID, VisitReportInput{Outcome: "done", Receipt: "later"})
	if err != nil || done.Status != "done" {
		t.Fatalf("report: %+v %v", done, err)
	}
	if _, err := s.Report(row.ID, VisitReportInput{Outcome: "done"}); keyOf(t, err) != "visits.notAssigned" {
		t.Fatalf("reported twice: %v", err)
	}
	if n, _ := e.store.VisitsBetween(ctx, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)); len(n) != 1 || n[0].N != 1 || n[0].Status != visits.Done || n[0].UnitID != unitSO {
		t.Fatalf("VisitsBetween: %+v", n)
	}
}

// TestVisitExpiredAuthorization: a visit reported done after its
// authorization's last day is refused without a note and taken with one.
func TestVisitExpiredAuthorization(t *testing.T) {
	e := newEnv(t)
	officeNow(e, 10, 0)
	e.signIn(t, "kzielinska")
	s := NewVisitService(e.core)
	row, err := s.Request(VisitRequestInput{Channel: "counter", Client: "Józef Łęcki", Address: "ul. Długa 5", Phone: "600100200",
		UnitID: unitSO, Matter: "Zameldowanie", Reason: "Choroba"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Assign(row.ID, VisitAssignInput{AssigneeID: idNowak, Day: "2026-11-24"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IssueAuthorization(row.ID, VisitAuthInput{}); err != nil {
		t.Fatal(err)
	}
	e.clock.Add(3 * 24 * time.Hour) // Thursday: the authorization ended on Tuesday
	e.signIn(t, "jnowak")
	if _, err := s.Report(row.ID, VisitReportInput{Outcome: "done"}); keyOf(t, err) != "visits.authExpiredNote" {
		t.Fatalf("expired without a note: %v", err)
	}
	if v, _ := e.store.Visit(context.Background(), row.ID); v.Status != visits.Assigned {
		t.Fatalf("the refused report changed the visit: %s", v.Status)
	}
	if r, err := s.Report(row.ID, VisitReportInput{Outcome: "done", Note: "Klient był w szpitalu we wtorek, wizytę wykonano w czwartek."}); err != nil || r.Status != "done" {
		t.Fatalf("with a note: %+v %v", r, err)
	}
}

// BenchmarkVisitRegisterPDF: the yearly register of 5,000 authorizations
// laid out and written as a PDF (issue 14: ≤ 500 ms).
func BenchmarkVisitRegisterPDF(b *testing.B) {
	e := newEnv(b)
	o, err := e.store.Office(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	list := make([]visits.Authorization, 5000)
	for i := range list {
		list[i] = visits.Authorization{Series: "K7QD2M", Seq: i + 1, Year: 2026, StaffID: idNowak, UnitID: unitSO, IssuedBy: idZielinska,
			Matter: "Wymiana dowodu osobistego z powodu utraty ważności", ValidFrom: "2026-03-02", ValidUntil: "2026-03-03", Status: visits.AuthReturned}
	}
	names := map[string]string{idNowak: "Jan Nowak", idZielinska: "Katarzyna Zielińska"}
	units := map[string]string{unitSO: "Referat Spraw Obywatelskich"}
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for i := 0; i < b.N; i++ {
		t := e.core.tr(i18n.Default)
		var buf bytes.Buffer
		if err := pdf.Write(&buf, registerSheet(t, o, 2026, list, names, units, now)); err != nil || t.err != nil {
			b.Fatal(err, t.err)
		}
	}
	// CPU time per register: on the shared build machine the wall time
	// mostly measures the other jobs' load.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/float64(time.Millisecond), "cpu-ms/register")
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/register")
}
