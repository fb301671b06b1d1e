package leak

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"okienko/app"
	"okienko/app/audit"
	"okienko/app/cases"
	"okienko/app/demo"
	"okienko/app/i18n"
	"okienko/app/keys"
	"okienko/app/office"
	"okienko/app/visits"
	"okienko/db"
	"okienko/sync/engine"
	"okienko/sync/registry"
	"okienko/sync/registry/sqlitestore"
	"okienko/sync/snapshot"
	"okienko/sync/synctest"
)

// client is one person registered with marker data: every value unique
// to this test, so a hit is this test's and not the demo office's.
type client struct {
	first, last, pesel, street, phone, birth, sex string
}

// pesel makes a valid PESEL from its first ten digits.
func pesel(ten string) string {
	w := []int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3}
	sum := 0
	for i, r := range ten {
		sum += int(r-'0') * w[i]
	}
	return ten + fmt.Sprint((10-sum%10)%10)
}

var clients = []client{
	{"Bożydar", "Gżegżółkowski", pesel("7903150719"), "ul. Źdźbłowa", "601 742 913", "1979-03-15", "M"},
	{"Świętosława", "Chrząszczewska", pesel("8812241842"), "ul. Kłębuszkowa", "512 086 374", "1988-12-24", "K"},
	{"Jędrzej", "Wąchockiewicz", pesel("6507081233"), "ul. Sękocińska", "698 315 207", "1965-07-08", "M"},
}

// Markers are what must not be found: each client's PESEL, surname,
// street (without "ul.") and phone (as typed and as digits).
func markers() []Marker {
	var m []Marker
	for i, c := range clients {
		n := fmt.Sprintf("client %d", i+1)
		m = append(m,
			Marker{n + " PESEL", c.pesel},
			Marker{n + " surname", c.last},
			Marker{n + " street", strings.TrimPrefix(c.street, "ul. ")},
			Marker{n + " phone", c.phone},
			Marker{n + " phone digits", strings.ReplaceAll(c.phone, " ", "")},
		)
	}
	return m
}

// used is a used device's data directory and a fresh device's cut off
// in its snapshot download, with the registry's log.
type used struct {
	dir, freshDir, registryLog string
}

// buildUsed makes a device's data directory used as an office uses one,
// through the real app services and a real registry over HTTP: clients
// and cases registered with the markers, their printouts (receipts, calls
// to supplement, forms, today's list), a sync, the app's and the
// registry's logs written to files; and a second device whose first sync
// was cut off in the middle of the snapshot's download.
func buildUsed(t *testing.T) used {
	t.Helper()
	ctx := context.Background()
	root := t.TempDir()
	u := used{dir: filepath.Join(root, "device"), freshDir: filepath.Join(root, "fresh"), registryLog: filepath.Join(root, "registry.log")}

	regLog := logTo(t, u.registryLog)
	rst, err := sqlitestore.Open(ctx, filepath.Join(root, "registry"))
	if err != nil {
		t.Fatal(err)
	}
	snaps, err := snapshot.New(filepath.Join(root, "snapshots"), rst, snapshot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { snaps.Close() })
	reg := synctest.NewRegistry(t, rst, registry.Options{Snapshots: snaps, Logger: regLog})

	dev := newDevice(t, u.dir, nil)
	code, _, err := reg.NewEnrollment(ctx, reg.OfficeID, "leak device", synctest.DemoLogins(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dev.eng.Enroll(ctx, reg.URL, code, "leak device"); err != nil {
		t.Fatal(err)
	}
	if err := dev.core.Bootstrap(ctx, false); err != nil {
		t.Fatal(err)
	}
	if _, err := app.NewAuthService(dev.core).SignIn("jnowak", demo.Password); err != nil {
		t.Fatal(err)
	}
	intake, casesSvc := app.NewIntakeService(dev.core), app.NewCaseService(dev.core)
	hits, err := app.NewCatalogService(dev.core).Search("zaswiadczenie o zameldowaniu")
	if err != nil || len(hits) == 0 {
		t.Fatalf("card: %v %v", hits, err)
	}
	var firstCase string
	for i, c := range clients {
		open, err := intake.StartDraft(hits[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		in := open.Draft
		for _, f := range open.Form.Fields {
			if f.Example != nil {
				in.Answers[f.Name] = f.Example
			}
		}
		in.Client = cases.Client{Kind: cases.Person, FirstName: c.first, LastName: c.last, PESEL: c.pesel, BirthDate: c.birth, Sex: c.sex,
			Street: c.street, HouseNo: fmt.Sprint(i + 3), PostalCode: "99-300", City: "Przykładowo", Phone: c.phone, Lang: "pl"}
		v, err := dev.store.Card(ctx, in.CardID)
		if err != nil {
			t.Fatal(err)
		}
		in.Checklist = cases.BuildChecklist(v.Card, in.Answers, nil)
		for j := range in.Checklist {
			in.Checklist[j].Mark = cases.Original
			if i == 1 && j == 0 {
				in.Checklist[j].Mark = cases.Missing // a call to supplement too
			}
			if in.Checklist[j].MustBeValid {
				in.Checklist[j].ValidUntil = "2031-01-01"
			}
			if in.Checklist[j].Check != "" {
				in.Checklist[j].Number = "ABS123456"
			}
		}
		res, err := intake.Register(in)
		if err != nil || !res.OK || res.Receipt.Path == "" {
			t.Fatalf("register client %d: %+v %v", i+1, res, err)
		}
		if i == 0 {
			firstCase = res.CaseID
		}
		if _, err := casesSvc.Print(res.CaseID, app.PrintForm); err != nil {
			t.Fatalf("print form: %v", err)
		}
	}
	usedVisit(t, dev)
	// A complaint of the first client, forwarded to another body with its
	// printed notice (issue 14): the register's personal data is sealed.
	comp := app.NewComplaintService(dev.core)
	cd, err := comp.Register(app.ComplaintInput{Kind: "complaint", Channel: "post", Name: clients[0].first + " " + clients[0].last,
		Address: clients[0].street + " 3, 99-300 Przykładowo", Contact: clients[0].phone, Subject: "Stan drogi powiatowej",
		Competent: false, ForwardTo: "Zarząd Powiatu"})
	if err != nil {
		t.Fatalf("register complaint: %v", err)
	}
	if _, err := comp.Forward(cd.ID, app.ComplaintForwardInput{}); err != nil {
		t.Fatalf("forward complaint: %v", err)
	}
	// Issue 14: each client also writes to the office; the register of
	// correspondence is printed, and the answers' remarks name them too.
	staff, err := dev.store.StaffList(ctx, dev.core.OfficeID())
	if err != nil {
		t.Fatal(err)
	}
	var me office.Staff
	for _, p := range staff {
		if p.Login == "jnowak" {
			me = p
		}
	}
	letterSvc := app.NewLetterService(dev.core)
	for i, c := range clients {
		row, err := letterSvc.Create(app.LetterInput{Channel: "post", Sender: c.first + " " + c.last,
			SenderAddress: c.street + " 4, tel. " + c.phone, Subject: "Pismo w sprawie " + c.last, AssigneeID: me.ID})
		if err != nil {
			t.Fatalf("letter of client %d: %v", i+1, err)
		}
		if _, err := letterSvc.Answer(app.LetterAnswerInput{ID: row.ID, Channel: "phone", Note: "Oddzwoniono do " + c.last}); err != nil {
			t.Fatalf("answer letter of client %d: %v", i+1, err)
		}
	}
	if _, err := letterSvc.PrintRegister(0); err != nil {
		t.Fatalf("print letter register: %v", err)
	}
	if _, err := app.NewSurveyService(dev.core).EnterPaper(app.SurveyInput{Scores: map[string]int{"overall": 5},
		Remark: "Dziękuję pani " + clients[0].last}); err != nil {
		t.Fatalf("paper survey: %v", err)
	}
	// Issue 13: a USC clerk opens the first client's SO case outside his
	// unit, with a reason in words that names her (audit_log's note).
	auth := app.NewAuthService(dev.core)
	if _, err := auth.SignOut(); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.SignIn("plewandowski", demo.Password); err != nil {
		t.Fatal(err)
	}
	if _, err := app.NewAuditService(dev.core, nil).OpenOutside(firstCase, audit.ReasonOther, "Pani "+clients[0].last+" prosi o wgląd, tel. "+clients[0].phone); err != nil {
		t.Fatalf("open a case outside the unit: %v", err)
	}
	if n, err := dev.store.FindAudit(ctx, dev.core.OfficeID(), audit.Filter{Outside: true}); err != nil || len(n) != 1 || !strings.Contains(n[0].Note, clients[0].last) {
		t.Fatalf("the reason recorded: %+v %v", n, err)
	}
	if err := dev.eng.Round(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := app.NewTodayService(dev.core, app.NewDeadlineSource(dev.core)).Print(); err != nil {
		t.Fatalf("print today: %v", err)
	}
	dev.core.Log.Error("a failure as the app logs one", "err", fmt.Errorf("db: save client %s: disk full", "0194-ids-only"))

	// The registry publishes a snapshot holding the clients; a fresh
	// device's first sync is cut off in its middle.
	snap, ok, err := snaps.Refresh(ctx, reg.OfficeID)
	if err != nil || !ok {
		t.Fatalf("publish snapshot: %v %v", ok, err)
	}
	fi, err := os.Stat(snap.Path)
	if err != nil {
		t.Fatal(err)
	}
	// Cut near its end, so what arrived holds the clients' rows (the
	// office's catalogue comes first).
	fresh := newDevice(t, u.freshDir, &http.Client{Transport: &cutSnapshot{base: http.DefaultTransport, after: fi.Size() - 64}})
	code, _, err = reg.NewEnrollment(ctx, reg.OfficeID, "fresh device", synctest.DemoLogins(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.eng.Enroll(ctx, reg.URL, code, "fresh device"); err == nil {
		t.Fatal("the fresh device's first sync finished although its snapshot was cut")
	}
	part := filepath.Join(u.freshDir, "snapshot", "download.okef")
	if fi, err := os.Stat(part); err != nil || fi.Size() == 0 {
		t.Fatalf("no half-downloaded snapshot: %v %v", fi, err)
	}
	return u
}

type device struct {
	store *db.Store
	eng   *engine.Engine
	core  *app.Core
}

// newDevice opens a device as main.go does, its log in <dir>/logs, its
// store unlocked as a sign-in will (a data key of the test's own) and
// printouts made but not shown.
func newDevice(t *testing.T, dir string, hc *http.Client) device {
	t.Helper()
	ctx := context.Background()
	log := logTo(t, filepath.Join(dir, "logs", "okienko.log"))
	dk := keys.NewDataKey()
	ci, err := keys.NewCipher(dk)
	dk.Destroy()
	if err != nil {
		t.Fatal(err)
	}
	st, err := db.Open(ctx, dir, db.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.AfterUnlock(func(ctx context.Context, c *keys.Cipher) error {
		_, err := app.SealLegacyPrintouts(ctx, dir, c, log)
		return err
	})
	if err := st.Unlock(ctx, ci); err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(ctx, st, engine.Options{Logger: log, HTTP: hc, LeaseLow: 5, CredentialsEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	core := app.NewCore(app.Deps{Store: st, I18n: bundle, Log: log, Sync: eng, Opener: &app.NoOpener{},
		DataDir: dir, Version: "test", PasswordParams: synctest.Cheap})
	_ = core.Bootstrap(ctx, false)
	return device{store: st, eng: eng, core: core}
}

// logTo is a logger writing to path, as main.go's writes the app's.
func logTo(t *testing.T, path string) *slog.Logger {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// cutSnapshot ends the first snapshot answer after a number of bytes, as
// a dropped connection would.
type cutSnapshot struct {
	base  http.RoundTripper
	after int64
	mu    sync.Mutex
	cut   bool
}

func (c *cutSnapshot) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(r)
	if err != nil || !strings.HasSuffix(r.URL.Path, "/snapshot") {
		return resp, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.cut {
		c.cut = true
		resp.Body = &cutBody{ReadCloser: resp.Body, left: c.after}
	}
	return resp, nil
}

type cutBody struct {
	io.ReadCloser
	left int64
}

func (b *cutBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, io.ErrUnexpectedEOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	return n, err
}

// report fails the test with every hit, grouped for reading.
func report(t *testing.T, hits []Hit) {
	t.Helper()
	if len(hits) == 0 {
		return
	}
	const show = 200
	var b strings.Builder
	per := map[string]int{}
	var files []string
	for _, h := range hits {
		if per[h.File] == 0 {
			files = append(files, h.File)
		}
		per[h.File]++
	}
	for _, f := range files {
		fmt.Fprintf(&b, "%s: %d\n", f, per[f])
	}
	for i, h := range hits {
		if i == show {
			fmt.Fprintf(&b, "… and %d more\n", len(hits)-show)
			break
		}
		b.WriteString(h.String() + "\n")
	}
	t.Errorf("%d places hold personal data:\n%s", len(hits), b.String())
}

// usedVisit records a home visit for the third client (issue 14): the
// request with their name, street and phone, assigned by the head, its
// authorization and the year's register printed.
func usedVisit(t *testing.T, dev device) {
	t.Helper()
	c := clients[2]
	s := app.NewVisitService(dev.core)
	v, err := s.Request(app.VisitRequestInput{Channel: "phone", Client: c.first + " " + c.last, Address: c.street + " 9, 99-300 Przykładowo",
		Phone: c.phone, UnitID: "01a20102-030b-707a-93bc-f7824741d6f4", Matter: "Zameldowanie", Reason: "Leżący po udarze"})
	if err != nil {
		t.Fatalf("visit request: %v", err)
	}
	if _, err := app.NewAuthService(dev.core).SignIn("kzielinska", demo.Password); err != nil {
		t.Fatal(err)
	}
	day := visits.EarliestDay(dev.core.Now()).Format(time.DateOnly)
	if _, err := s.Assign(v.ID, app.VisitAssignInput{AssigneeID: "01a20102-030b-7097-8777-030f69b3e408", Day: day}); err != nil {
		t.Fatalf("visit assign: %v", err)
	}
	a, err := s.IssueAuthorization(v.ID, app.VisitAuthInput{})
	if err != nil {
		t.Fatalf("authorization: %v", err)
	}
	if _, err := s.PrintAuthorization(a.ID); err != nil {
		t.Fatalf("print authorization: %v", err)
	}
	if _, err := s.PrintRegister(0); err != nil {
		t.Fatalf("print register: %v", err)
	}
	if _, err := app.NewAuthService(dev.core).SignIn("jnowak", demo.Password); err != nil {
		t.Fatal(err)
	}
}
