package app

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"okienko/app/auth"
	"okienko/app/catalog"
	"okienko/app/demo"
	"okienko/app/i18n"
	"okienko/app/keys"
	"okienko/db"
	"okienko/db/dbtest"
)

// testClock is a settable clock shared by the store and the core.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

type recorder struct {
	mu     sync.Mutex
	events []string
}

func (r *recorder) Emit(name string, _ any) {
	r.mu.Lock()
	r.events = append(r.events, name)
	r.mu.Unlock()
}

type env struct {
	core    *Core
	store   *db.Store
	clock   *testClock
	events  *recorder
	opener  *NoOpener
	dir     string
	auth    *AuthService
	catalog *CatalogService
	office  *OfficeService
	sets    *SettingsService
}

var cheap = auth.Params{Time: 1, Memory: 1024, Threads: 1, KeyLen: 32, SaltLen: 16}

// newEnv opens a fresh data directory with the demo office. Demo password
// hashes are re-made at low cost so sign-ins stay fast under -race.
func newEnv(t testing.TB) *env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	clock := &testClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)}
	rec := &recorder{}
	if err := dbtest.StartFromTemplate(dir); err != nil {
		t.Fatal(err)
	}
	store, err := db.Open(ctx, dir, db.Options{Now: clock.Now, Cipher: keys.TestCipher("app"), OnCommit: func(es []db.Event) {
		for _, e := range es {
			rec.Emit(e.Name, e.Data)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	unlockForTest(t, store)
	bundle, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	op := &NoOpener{}
	core := NewCore(Deps{Store: store, I18n: bundle, Log: slog.New(slog.DiscardHandler), Events: rec, Opener: op,
		DataDir: dir, Version: "test", PasswordParams: cheap})
	if err := core.Bootstrap(ctx, true); err != nil {
		t.Fatal(err)
	}
	err = store.InTx(ctx, func(tx *db.Tx) error {
		staff, err := tx.StaffList(ctx, core.OfficeID())
		if err != nil {
			return err
		}
		for _, s := range staff {
			h, _ := auth.Hash(demo.Password, cheap)
			if err := tx.SaveStaff(ctx, core.OfficeID(), s, h); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return &env{core: core, store: store, clock: clock, events: rec, opener: op, dir: dir,
		auth: NewAuthService(core), catalog: NewCatalogService(core), office: NewOfficeService(core), sets: NewSettingsService(core)}
}

func keyOf(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var ue *i18n.Error
	if !errors.As(err, &ue) {
		t.Fatalf("error %v is not a user error", err)
	}
	return ue.Key
}

func (e *env) signIn(t testing.TB, login string) {
	t.Helper()
	if _, err := e.auth.SignIn(login, demo.Password); err != nil {
		t.Fatalf("sign in %s: %v", login, err)
	}
}

func TestBootstrapLoadsDemo(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o, err := e.store.Office(ctx)
	if err != nil || !strings.Contains(o.Name, "Przykładowo") || !o.Sample {
		t.Fatalf("office = %+v, %v", o, err)
	}
	staff, _ := e.store.StaffList(ctx, o.ID)
	cards, _ := e.store.CurrentCards(ctx, o.ID)
	units, _ := e.store.Units(ctx, o.ID)
	if len(staff) < 8 || len(cards) < 12 || len(units) < 4 {
		t.Fatalf("%d staff, %d cards, %d units", len(staff), len(cards), len(units))
	}
	n, _ := e.store.PendingOps(ctx)
	if n < len(staff)+len(cards)+len(units)+1 {
		t.Fatalf("only %d outbox rows for the demo office", n)
	}
	// A second bootstrap on the same data leaves it as it is.
	if err := e.core.Bootstrap(ctx, true); err != nil {
		t.Fatal(err)
	}
	if again, _ := e.store.CurrentCards(ctx, o.ID); len(again) != len(cards) {
		t.Fatalf("second bootstrap changed the catalogue: %d -> %d", len(cards), len(again))
	}
}

func TestBootstrapWithoutDemoRefuses(t *testing.T) {
	store, err := db.Open(context.Background(), t.TempDir(), db.Options{Cipher: keys.TestCipher("app")})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	b, _ := i18n.Load()
	c := NewCore(Deps{Store: store, I18n: b})
	if err := c.Bootstrap(context.Background(), false); !errors.Is(err, ErrNoOffice) {
		t.Fatalf("err = %v, want ErrNoOffice", err)
	}
}

func TestSignInWrongThenRight(t *testing.T) {
	e := newEnv(t)
	if _, err := e.catalog.Search("x"); keyOf(t, err) != "auth.signedOut" {
		t.Fatalf("search before sign-in: %v", err)
	}
	_, err := e.auth.SignIn("akowalska", "zle-haslo")
	if keyOf(t, err) != "auth.wrongPassword" {
		t.Fatalf("wrong password: %v", err)
	}
	s, err := e.auth.SignIn("akowalska", demo.Password)
	if err != nil || s.State != "active" || s.Name != "Anna Kowalska" || s.AutoLockSeconds != 300 {
		t.Fatalf("right password: %+v, %v", s, err)
	}
	if _, err := e.auth.SignIn("nikt", "x"); keyOf(t, err) != "auth.wrongPassword" {
		t.Fatalf("unknown login must look like a wrong password: %v", err)
	}
}

func TestWrongPasswordsThrottle(t *testing.T) {
	e := newEnv(t)
	for i := 1; i <= auth.FreeAttempts; i++ {
		if _, err := e.auth.SignIn("jnowak", "zle"); keyOf(t, err) != "auth.wrongPassword" {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	_, err := e.auth.SignIn("jnowak", "zle")
	if keyOf(t, err) != "auth.wrongPasswordThrottled" {
		t.Fatalf("4th wrong: %v", err)
	}
	// Even the right password waits out the delay.
	_, err = e.auth.SignIn("jnowak", demo.Password)
	var ue *i18n.Error
	if !errors.As(err, &ue) || ue.Key != "auth.throttled" || ue.Args["count"] != "5" {
		t.Fatalf("right password during delay: %v", err)
	}
	// Another login is not affected.
	e.signIn(t, "akowalska")
	e.clock.Add(6 * time.Second)
	if _, err := e.auth.SignIn("jnowak", demo.Password); err != nil {
		t.Fatalf("after the delay: %v", err)
	}
	// Success clears the count: the next mistake is free again.
	if _, err := e.auth.SignIn("jnowak", "zle"); keyOf(t, err) != "auth.wrongPassword" {
		t.Fatalf("after success: %v", err)
	}
}

func TestLockHidesDataUntilUnlock(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "akowalska")
	if _, err := e.catalog.Search("zameldowanie"); err != nil {
		t.Fatal(err)
	}
	s, err := e.auth.Lock()
	if err != nil || s.State != "locked" {
		t.Fatalf("lock: %+v %v", s, err)
	}
	if _, err := e.catalog.Search("zameldowanie"); keyOf(t, err) != "auth.locked" {
		t.Fatalf("search while locked: %v", err)
	}
	if _, err := e.office.Directory(""); keyOf(t, err) != "auth.locked" {
		t.Fatalf("directory while locked: %v", err)
	}
	if _, err := e.auth.Unlock("zle"); keyOf(t, err) != "auth.wrongPassword" {
		t.Fatalf("unlock with wrong password: %v", err)
	}
	if s, err := e.auth.Unlock(demo.Password); err != nil || s.State != "active" {
		t.Fatalf("unlock: %+v %v", s, err)
	}
	if _, err := e.catalog.Search("zameldowanie"); err != nil {
		t.Fatal(err)
	}
	if s, _ := e.auth.SignOut(); s.State != "signed_out" || s.Name != "" {
		t.Fatalf("sign out: %+v", s)
	}
}

func TestAutoLockAfterInactivity(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "akowalska")
	e.clock.Add(4*time.Minute + 59*time.Second)
	if e.core.CheckIdle() {
		t.Fatal("locked before 5 minutes")
	}
	if _, err := e.auth.Touch(); err != nil {
		t.Fatal(err)
	}
	e.clock.Add(4 * time.Minute)
	if _, err := e.catalog.Search(""); err != nil {
		t.Fatalf("touch did not count as activity: %v", err)
	}
	e.clock.Add(61 * time.Second)
	if !e.core.CheckIdle() {
		t.Fatal("not locked after 5 idle minutes")
	}
	if s, _ := e.auth.Current(); s.State != "locked" {
		t.Fatalf("state = %s", s.State)
	}
	found := false
	for _, ev := range e.events.events {
		found = found || ev == EventSession
	}
	if !found {
		t.Fatal("auto-lock sent no session event")
	}
	recent, _ := e.store.RecentAudit(context.Background(), e.core.OfficeID(), 5)
	if len(recent) == 0 || recent[0].Action != "auth.autolock" {
		t.Fatalf("auto-lock not audited: %+v", recent)
	}
}

func TestAdminSetsAutoLock(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "akowalska")
	if _, err := e.sets.SetAutoLock(10); keyOf(t, err) != "auth.forbidden" {
		t.Fatalf("clerk changed a setting: %v", err)
	}
	e.signIn(t, "twisniewski")
	if _, err := e.sets.SetAutoLock(0); keyOf(t, err) != "settings.autoLockRange" {
		t.Fatalf("0 minutes: %v", err)
	}
	if s, err := e.sets.SetAutoLock(2); err != nil || s.AutoLockMinutes != 2 {
		t.Fatalf("set 2: %+v %v", s, err)
	}
	e.clock.Add(2*time.Minute + time.Second)
	if !e.core.CheckIdle() {
		t.Fatal("new auto-lock not applied")
	}
	// It is stored: a restart reads it back.
	c2 := NewCore(Deps{Store: e.store, I18n: e.core.I18n})
	if err := c2.Bootstrap(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	if c2.session.AutoLock != 2*time.Minute {
		t.Fatalf("after restart: %v", c2.session.AutoLock)
	}
}

func TestSearchAndCard(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	for _, q := range []string{"zaswiadczenie o zameldowaniu", "ZAŚWIADCZENIE zameldowaniu", "meldunek"} {
		res, err := e.catalog.Search(q)
		if err != nil || len(res) == 0 {
			t.Fatalf("Search(%q) = %v, %v", q, res, err)
		}
		if q != "meldunek" && res[0].Code != "zaswiadczenie-o-zameldowaniu" {
			t.Fatalf("Search(%q) first = %s", q, res[0].Code)
		}
	}
	res, _ := e.catalog.Search("zaswiadczenie o zameldowaniu")
	d, err := e.catalog.Card(res[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.FeeTotal != "17,00\u00a0zł" || d.Deadline.Text != "7 dni" || d.Unit.Symbol != "SO" {
		t.Fatalf("card: fee %q deadline %q unit %q", d.FeeTotal, d.Deadline.Text, d.Unit.Symbol)
	}
	if len(d.Fees) == 0 || !strings.HasPrefix(d.Fees[0].Account, "37 8888 0001") {
		t.Fatalf("fee account not grouped: %+v", d.Fees)
	}
	names := ""
	for _, s := range d.Staff {
		names += s.Name + ";"
	}
	if !strings.Contains(names, "Jan Nowak") {
		t.Fatalf("card staff = %s", names)
	}
	if _, err := e.catalog.Card(db.NewID()); keyOf(t, err) != "catalog.cardNotFound" {
		t.Fatalf("missing card: %v", err)
	}
}

func TestPrintCardPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is required (poppler-utils; `make deps` installs it)")
	}
	e := newEnv(t)
	e.signIn(t, "jnowak")
	res, _ := e.catalog.Search("zaswiadczenie o zameldowaniu")
	p, err := e.catalog.PrintCard(res[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.opener.Opened) != 1 || e.opener.Opened[0] != p.Path {
		t.Fatalf("opened %v", e.opener.Opened)
	}
	out, err := pdftotextLayout(t, p.Path)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{
		"Karta usługi: Zaświadczenie o zameldowaniu", "Urząd Gminy Przykładowo", "17,00 zł",
		"37 8888 0001 2026 0000 0000 0000", "7 dni (art. 217 § 3 KPA)", "Wymagane dokumenty",
		"Dowód osobisty", "Referat Spraw Obywatelskich", "Dane przykładowe", "Strona 1 z",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("PDF text: %s", text)
	}
}

func TestImportRejectsAndChangesNothing(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.signIn(t, "twisniewski")
	before, _ := e.store.StoredVersions(ctx, e.core.OfficeID())
	pending, _ := e.store.PendingOps(ctx)

	raw, _, err := NewCatalogService(e.core).exportCatalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// One good new version and one defect: nothing may be stored.
	bad := strings.Replace(string(raw), `"version": 1,`, `"version": 2,`, 1)
	bad = strings.Replace(bad, `"unit": "OR"`, `"unit": "XX"`, 1)
	rep, err := e.catalog.ImportCatalogue(bad)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK || len(rep.Problems) == 0 || rep.Problems[0].Message == "" || rep.Problems[0].Card == "" {
		t.Fatalf("report = %+v", rep)
	}
	if !strings.Contains(rep.Problems[0].Message, "nieznana komórka organizacyjna „XX”") {
		t.Fatalf("message = %q", rep.Problems[0].Message)
	}
	after, _ := e.store.StoredVersions(ctx, e.core.OfficeID())
	pendingAfter, _ := e.store.PendingOps(ctx)
	if len(after) != len(before) || countVersions(after) != countVersions(before) || pendingAfter != pending {
		t.Fatalf("rejected import changed the store: %d->%d versions, %d->%d ops", countVersions(before), countVersions(after), pending, pendingAfter)
	}

	// The export re-imports as unchanged; a bumped card becomes a new version.
	rep, err = e.catalog.ImportCatalogue(string(raw))
	if err != nil || !rep.OK || len(rep.Added) != 0 || rep.Unchanged != len(before) {
		t.Fatalf("round trip: %+v %v", rep, err)
	}
	good := strings.Replace(string(raw), `"version": 1,`, `"version": 2,`, 1)
	good = strings.Replace(good, `"summary": "`, `"summary": "Nowa wersja. `, 1)
	rep, err = e.catalog.ImportCatalogue(good)
	if err != nil || !rep.OK || len(rep.Added) != 1 {
		t.Fatalf("new version: %+v %v", rep, err)
	}
	if e.events.events[len(e.events.events)-1] != EventCatalog {
		t.Fatalf("no catalog event after import: %v", e.events.events)
	}
	res, _ := e.catalog.Search("nowa wersja")
	if len(res) != 1 || res[0].Version != 2 {
		t.Fatalf("search after import: %+v", res)
	}
}

func countVersions(m map[string][]catalog.Stored) int {
	n := 0
	for _, v := range m {
		n += len(v)
	}
	return n
}

func TestImportNeedsAdmin(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "akowalska")
	if _, err := e.catalog.ImportCatalogue("{}"); keyOf(t, err) != "auth.forbidden" {
		t.Fatalf("clerk import: %v", err)
	}
	p, err := e.catalog.ExportCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(p.Path); err != nil || st.Size() < 10000 {
		t.Fatalf("export file: %v %v", st, err)
	}
}

func TestFormatError(t *testing.T) {
	e := newEnv(t)
	var ue UserError
	if err := json.Unmarshal([]byte(e.core.FormatError(i18n.E("auth.throttled", errors.New("x"), "count", "5")).(string)), &ue); err != nil {
		t.Fatal(err)
	}
	if ue.Key != "auth.throttled" || ue.Message != "Zbyt wiele nieudanych prób. Spróbuj ponownie za 5 sekund." {
		t.Fatalf("user error = %+v", ue)
	}
	raw := e.core.FormatError(errors.New("disk full at /home/jan/PESEL 44051401458")).(string)
	if err := json.Unmarshal([]byte(raw), &ue); err != nil || strings.Contains(raw, "44051401458") {
		t.Fatalf("%s: %v", raw, err)
	}
	if ue.Key != "error.internal" || strings.Contains(ue.Message, "44051401458") {
		t.Fatalf("internal error leaked detail: %+v", ue)
	}
}

func TestDirectory(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "akowalska")
	all, err := e.office.Directory("")
	if err != nil || len(all) < 8 {
		t.Fatalf("directory: %d %v", len(all), err)
	}
	for _, c := range []struct{ q, want string }{{"lukasz", "Łukasz Woźniak"}, {"wojcik", "Małgorzata Wójcik"}, {"akt stanu wojcik", "Małgorzata Wójcik"}} {
		got, _ := e.office.Directory(c.q)
		if len(got) == 0 || got[0].Name != c.want {
			t.Errorf("Directory(%q) = %+v", c.q, got)
		}
	}
	nowak, _ := e.office.Directory("jan nowak")
	if len(nowak) != 1 || nowak[0].Substitute != "Katarzyna Zielińska" || !strings.Contains(nowak[0].Phone, "w. 103") {
		t.Fatalf("Jan Nowak = %+v", nowak)
	}
}
