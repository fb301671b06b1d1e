package engine_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"okienko/app"
	"okienko/app/audit"
	"okienko/app/cases"
	"okienko/db"
	"okienko/sync/hlc"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
	"okienko/sync/synctest/rows"
)

// TestBreakTheGlass: a USC clerk opening an SO case is asked for a
// reason, gives one, and the case opens; the entry syncs to the registry,
// where SO's head sees it in "Dostęp spoza wydziału" (and USC's head does
// not); the head's audit view filters by client, person and period; the
// client's art. 15 copy lists their case and the accesses.
func TestBreakTheGlass(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registryOptions())
	d := synctest.NewDevice(t, synctest.DeviceOptions{})
	d.EnrollFor(t, reg, "plewandowski", "kzielinska", "mwojcik", "jnowak")
	out := t.TempDir()
	rights := app.NewAuditService(d.Core, app.FixedFolder(out))
	caseSvc := app.NewCaseService(d.Core)

	// Another computer registers an SO case (SO.5352, provisional sign).
	other := store.Device{ID: db.NewID(), OfficeID: reg.OfficeID}
	clock := hlc.New(other.ID, nil)
	refs := rows.Refs{StaffID: staffOf(t, "jnowak")}
	cards, err := reg.Store().RowsOf(ctx, reg.OfficeID, "service_card")
	if err != nil || len(cards) == 0 {
		t.Fatal(err)
	}
	refs.CardID = rows.CardSettledLater(cards)
	other = enrolledAs(t, reg, refs.StaffID) // the case's registrar signs in there
	clock = hlc.New(other.ID, nil)
	clientID, caseID := db.NewID(), db.NewID()
	op := func(entity, id string, f map[string]json.RawMessage) protocol.Op {
		return protocol.Op{ID: db.NewID(), Entity: entity, EntityID: id, Kind: protocol.Upsert, HLC: clock.Now().String(), Fields: f}
	}
	res, err := reg.Push(ctx, other, protocol.PushRequest{BatchID: db.NewID(), Ops: []protocol.Op{
		op("client", clientID, rows.Client(reg.OfficeID, clientID, "Anna")),
		op("case_file", caseID, rows.Case(reg.OfficeID, caseID, clientID, refs, other.ID, cases.Registered))}})
	if err != nil || res.Results[1].Status != protocol.Applied {
		t.Fatalf("the SO case: %+v %v", res, err)
	}

	d.SignIn(t, "plewandowski") // a USC clerk
	d.Sync(t)
	if _, err := caseSvc.Case(caseID); keyOf(t, err) != "rights.reasonNeeded" {
		t.Fatalf("an SO case opened by a USC clerk without a reason: %v", err)
	}
	if _, err := caseSvc.Print(caseID, app.PrintReceipt); keyOf(t, err) != "rights.reasonNeeded" {
		t.Fatalf("printed without a reason: %v", err)
	}
	if _, err := rights.OpenOutside(caseID, audit.ReasonOther, "  "); keyOf(t, err) != "rights.reasonInvalid" {
		t.Fatalf("\"other\" without words: %v", err)
	}
	detail, err := rights.OpenOutside(caseID, audit.ReasonStandIn, "Zastępstwo za J. Nowaka.")
	if err != nil || detail.ID != caseID {
		t.Fatalf("opened with a reason: %+v %v", detail.ID, err)
	}
	if _, err := caseSvc.Case(caseID); err != nil { // the reason holds for the day
		t.Fatalf("opened again: %v", err)
	}
	d.Sync(t) // the entries go to the registry
	if _, err := rights.Query(app.AuditQueryInput{}); keyOf(t, err) != "auth.forbidden" {
		t.Fatalf("a clerk's audit view: %v", err)
	}
	signOut := func() {
		if _, err := app.NewAuthService(d.Core).SignOut(); err != nil {
			t.Fatal(err)
		}
	}
	signOut()

	d.SignIn(t, "mwojcik") // USC's head: not hers to see
	list, err := rights.Query(app.AuditQueryInput{Outside: true})
	if err != nil || list.Partial || len(list.Lines) != 0 {
		t.Fatalf("USC's head's list: %+v %v", list, err)
	}
	signOut()

	d.SignIn(t, "kzielinska") // SO's head
	list, err = rights.Query(app.AuditQueryInput{Outside: true})
	if err != nil || list.Partial || len(list.Lines) != 1 {
		t.Fatalf("SO's head's list: %+v %v", list, err)
	}
	l := list.Lines[0]
	if l.Staff != "Piotr Lewandowski" || l.CaseID != caseID || l.ClientID != clientID || l.Kind != "view" ||
		!strings.Contains(l.Reason, "Zastępuję pracownika") || !strings.Contains(l.Reason, "Zastępstwo za J. Nowaka.") || l.Unit != "SO" || list.Units != "SO" {
		t.Fatalf("the line: %+v", l)
	}
	byClient, err := rights.Query(app.AuditQueryInput{ClientID: clientID})
	if err != nil || len(byClient.Lines) < 3 { // the reason, two views
		t.Fatalf("by client: %+v %v", byClient, err)
	}
	byPerson, err := rights.Query(app.AuditQueryInput{StaffID: staffOf(t, "kzielinska")})
	if err != nil || len(byPerson.Lines) != 0 {
		t.Fatalf("by a person who opened nothing: %+v %v", byPerson, err)
	}
	past, err := rights.Query(app.AuditQueryInput{From: "2020-01-01", To: "2020-12-31"})
	if err != nil || len(past.Lines) != 0 {
		t.Fatalf("a past period: %+v %v", past, err)
	}
	if _, err := rights.Query(app.AuditQueryInput{From: "2026-12-31", To: "2026-01-01"}); keyOf(t, err) != "audit.badPeriod" {
		t.Fatalf("a reversed period: %v", err)
	}

	// The client's art. 15 copy (the head is SO's: no reason needed).
	got, err := rights.ExportArt15(clientID)
	if err != nil || got.Cases != 1 || got.Accesses < 2 || got.Partial {
		t.Fatalf("art. 15: %+v %v", got, err)
	}
	if filepath.Dir(got.PDF) != out || strings.Contains(got.PDF, "Anna") {
		t.Fatalf("saved as %s", got.PDF)
	}
	text, err := exec.Command("pdftotext", "-layout", got.PDF, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	sign := cases.ProvisionalSign(rows.Register, caseID)
	for _, want := range []string{"art. 15 RODO", "Anna", sign, "wyświetlono (osoba: Piotr Lewandowski)", "art. 16 RODO", "archiwalnym"} {
		if !strings.Contains(strings.Join(strings.Fields(string(text)), " "), want) {
			t.Errorf("the printout lacks %q:\n%s", want, text)
		}
	}
	raw, err := os.ReadFile(got.JSON)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Format   string `json:"format"`
		Version  int    `json:"version"`
		Source   string `json:"source"`
		Client   struct{ ID, FirstName string }
		Cases    []struct{ Sign, Status string }
		Accesses []struct{ Person, Kind, Sign string }
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	if f.Format != app.Art15Format || f.Version != 1 || f.Source != "registry" || f.Client.ID != clientID || len(f.Cases) != 1 ||
		f.Cases[0].Sign != sign || len(f.Accesses) != got.Accesses {
		t.Fatalf("the JSON: %+v", f)
	}
	seen := false
	for _, a := range f.Accesses {
		seen = seen || a.Person == "Piotr Lewandowski" && a.Sign == sign && a.Kind == "view"
	}
	if !seen {
		t.Fatalf("the JSON lists no access by the USC clerk: %+v", f.Accesses)
	}
	// The export itself is recorded.
	recs, err := d.Store.FindAudit(ctx, reg.OfficeID, audit.Filter{ClientID: clientID})
	if err != nil || len(recs) == 0 || recs[0].Action != audit.ClientExport {
		t.Fatalf("export not audited: %+v %v", recs, err)
	}
	if os.Getenv("OKIENKO_RIGHTS_PDF") != "" {
		_ = os.WriteFile(os.Getenv("OKIENKO_RIGHTS_PDF"), mustRead(t, got.PDF), 0o644)
	}

	// The registry cannot be reached: this device's entries, said to be
	// partial, still limited to the head's unit.
	reg.Server.Close()
	list, err = rights.Query(app.AuditQueryInput{Outside: true})
	if err != nil || !list.Partial || list.Notice == "" || len(list.Lines) != 1 || list.Lines[0].Staff != "Piotr Lewandowski" {
		t.Fatalf("offline, SO's head: %+v %v", list, err)
	}
	signOut()
	d.SignIn(t, "mwojcik")
	list, err = rights.Query(app.AuditQueryInput{})
	if err != nil || !list.Partial || len(list.Lines) != 0 {
		t.Fatalf("offline, USC's head sees SO's entries: %+v %v", list, err)
	}
	// Offline, the art. 15 copy says its accesses are this device's.
	got, err = rights.ExportArt15(clientID)
	if err != nil || !got.Partial || !strings.HasSuffix(got.PDF, "-2.pdf") {
		t.Fatalf("art. 15 offline (a second copy the same day, beside the first): %+v %v", got, err)
	}
	text, _ = exec.Command("pdftotext", got.PDF, "-").Output()
	if !strings.Contains(strings.Join(strings.Fields(string(text)), " "), "rejestr urzędu był wtedy niedostępny") {
		t.Errorf("the offline printout does not say its list is partial:\n%s", text)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
