package faults

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"okienko/app"
	"okienko/app/auth"
	"okienko/app/cases"
	"okienko/app/casesign"
	"okienko/app/catalog"
	"okienko/app/demo"
	"okienko/app/synth"
	"okienko/db"
	"okienko/sync/engine"
	"okienko/sync/protocol"
	"okienko/sync/synctest"
)

// ---- the registry binary, built once per test run ----

var (
	buildOnce   sync.Once
	buildDir    string
	registryBin string
	buildErr    error
)

func TestMain(m *testing.M) {
	// These tests mostly wait (on child processes, on a simulated modem
	// line: TestSlowLink is half a minute of it), so GOMAXPROCS parallel
	// slots would leave the CPUs idle. Unless -test.parallel was given, run
	// them all at once.
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		flag.Set("test.parallel", "8")
	}
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// registryBinary builds sync/cmd/registry (with -race when the tests run
// with it) the first time a test needs it. A missing go command fails the
// test: these tests are about the real binary, never a stand-in.
func registryBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		goBin, err := exec.LookPath("go")
		if err != nil {
			goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
			if _, serr := os.Stat(goBin); serr != nil {
				buildErr = fmt.Errorf("no go command on PATH or in GOROOT (%v): it is needed to build the registry binary", err)
				return
			}
		}
		if buildDir, err = os.MkdirTemp("", "okienko-faults-"); err != nil {
			buildErr = err
			return
		}
		bin := filepath.Join(buildDir, "registry")
		args := []string{"build", "-o", bin}
		if raceEnabled {
			args = append(args, "-race")
		}
		cmd := exec.Command(goBin, append(args, "okienko/sync/cmd/registry")...)
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build ./sync/cmd/registry: %v\n%s", err, out)
			return
		}
		registryBin = bin
	})
	if buildErr != nil {
		t.Fatalf("registry binary: %v", buildErr)
	}
	return registryBin
}

// ---- the registry process ----

// Registry is a real registry process (`registry serve --data DIR`) on a
// free port, with the demo office created by the admin command.
type Registry struct {
	Bin      string
	Dir      string
	Addr     string // host:port
	URL      string
	OfficeID string

	// storeArgs name the store: --data DIR, or --db DSN for PostgreSQL.
	storeArgs []string

	cmd    *exec.Cmd
	exited chan error
	log    *lockedBuffer
	view   *sql.DB
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// StartRegistry creates the demo office with `registry admin ... office
// create --demo`, gives its staff cheap password hashes with `staff
// import` (the demo's Argon2id costs make every sign-in seconds long under
// -race), and serves on a free port until the test ends.
func StartRegistry(t *testing.T, lease int) *Registry {
	return StartRegistryWith(t, lease, "--snapshots", "none")
}

// StartRegistryWith is StartRegistry with other serve flags. StartRegistry
// turns snapshots off: its tests follow the pages of an initial sync.
func StartRegistryWith(t *testing.T, lease int, serveArgs ...string) *Registry {
	t.Helper()
	return startRegistry(t, nil, lease, serveArgs...)
}

// startRegistry starts a registry on the store storeArgs name (SQLite in
// a fresh directory when nil).
func startRegistry(t *testing.T, storeArgs []string, lease int, serveArgs ...string) *Registry {
	t.Helper()
	r := &Registry{Bin: registryBinary(t), Dir: t.TempDir(), log: &lockedBuffer{}, storeArgs: storeArgs}
	if r.storeArgs == nil {
		r.storeArgs = []string{"--data", r.Dir}
	}
	out := r.Admin(t, "office", "create", "--demo")
	f := strings.Fields(out)
	if len(f) < 2 || f[0] != "office" {
		t.Fatalf("office create printed %q", out)
	}
	r.OfficeID = f[1]
	staff := filepath.Join(r.Dir, "staff.json")
	writeCheapStaff(t, staff)
	if out := r.Admin(t, "staff", "import", "--office", r.OfficeID, "--file", staff); !strings.Contains(out, "staff") {
		t.Fatalf("staff import printed %q", out)
	}
	for attempt := 0; ; attempt++ {
		err := r.serve(t, lease, serveArgs)
		if err == nil {
			break
		}
		if attempt == 2 {
			t.Fatalf("registry serve: %v\n%s", err, r.log)
		}
	}
	t.Cleanup(func() {
		r.stop()
		if r.view != nil {
			r.view.Close()
		}
		if t.Failed() {
			t.Logf("registry log:\n%s", tail(r.log.String(), 4000))
		}
	})
	return r
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

func writeCheapStaff(t *testing.T, path string) {
	t.Helper()
	o, err := demo.LoadOffice()
	if err != nil {
		t.Fatal(err)
	}
	for i := range o.Staff {
		if o.Staff[i].PasswordHash, err = auth.Hash(demo.Password, synctest.Cheap); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := json.Marshal(demo.Office{Office: o.Office, Staff: o.Staff})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// Admin runs `registry admin --data DIR args...` and returns its output.
func (r *Registry) Admin(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(r.Bin, append(append([]string{"admin"}, r.storeArgs...), args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("registry admin %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// EnrollCode asks the admin command for a one-time enrolment code.
func (r *Registry) EnrollCode(t *testing.T, name string) string {
	t.Helper()
	out := r.Admin(t, "device", "enroll", "--office", r.OfficeID, "--name", name, "--people", strings.Join(synctest.DemoLogins(t), ","))
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, "enrolment code"); ok {
			return strings.TrimSpace(rest)
		}
	}
	t.Fatalf("device enroll printed no code: %q", out)
	return ""
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// serve starts `registry serve` and waits for /healthz. The port is free
// when picked but may be taken before the registry binds it: the caller
// tries again.
func (r *Registry) serve(t *testing.T, lease int, extra []string) error {
	r.Addr = freePort(t)
	r.URL = "http://" + r.Addr
	args := append(append([]string{"serve"}, r.storeArgs...), "--addr", r.Addr, "--lease", strconv.Itoa(lease))
	args = append(args, extra...)
	r.cmd = exec.Command(r.Bin, args...)
	r.cmd.Stdout, r.cmd.Stderr = r.log, r.log
	if err := r.cmd.Start(); err != nil {
		return err
	}
	r.exited = make(chan error, 1)
	go func() { r.exited <- r.cmd.Wait() }()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-r.exited:
			r.cmd = nil
			return fmt.Errorf("exited before serving: %v", err)
		default:
		}
		if resp, err := http.Get(r.URL + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	r.stop()
	return fmt.Errorf("no answer on /healthz after 20 s")
}

// stop ends the registry like an operator would (SIGTERM, a graceful
// shutdown), and kills it if it does not stop in time.
func (r *Registry) stop() {
	if r.cmd == nil {
		return
	}
	r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.exited:
	case <-time.After(10 * time.Second):
		r.cmd.Process.Kill()
		<-r.exited
	}
	r.cmd = nil
}

// DB is a read-only view of the registry's SQLite file, read while the
// registry runs (WAL lets a reader in beside the writer).
func (r *Registry) DB(t *testing.T) *sql.DB {
	t.Helper()
	if r.view == nil {
		v, err := sql.Open("sqlite", "file:"+filepath.Join(r.Dir, "registry.db")+"?mode=ro&_pragma=busy_timeout(10000)")
		if err != nil {
			t.Fatal(err)
		}
		r.view = v
	}
	return r.view
}

func queryInt(t *testing.T, q *sql.DB, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := q.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// Seq is the office's change sequence.
func (r *Registry) Seq(t *testing.T) int64 {
	t.Helper()
	return queryInt(t, r.DB(t), "SELECT seq FROM offices WHERE id = ?", r.OfficeID)
}

// Count counts the office's live rows of an entity.
func (r *Registry) Count(t *testing.T, entity string) int {
	t.Helper()
	return int(queryInt(t, r.DB(t), "SELECT COUNT(*) FROM rows WHERE office_id = ? AND entity = ? AND deleted = 0", r.OfficeID, entity))
}

// Ops maps every op id the registry applied from a device to its batch.
func (r *Registry) Ops(t *testing.T, deviceID string) map[string]string {
	t.Helper()
	return stringMap(t, r.DB(t), "SELECT op_id, batch_id FROM ops WHERE office_id = ? AND device_id = ?", r.OfficeID, deviceID)
}

// Batches counts the batches the registry stored an answer for.
func (r *Registry) Batches(t *testing.T, deviceID string) int {
	t.Helper()
	return int(queryInt(t, r.DB(t), "SELECT COUNT(*) FROM batches WHERE office_id = ? AND device_id = ?", r.OfficeID, deviceID))
}

// RowsUpTo lists the office's rows (entity/id) whose last change is at or
// before seq: what a device whose cursor is seq has seen of the registry.
func (r *Registry) RowsUpTo(t *testing.T, seq int64) map[string]bool {
	t.Helper()
	return keySet(t, r.DB(t), "SELECT entity || '/' || entity_id FROM rows WHERE office_id = ? AND seq <= ?", r.OfficeID, seq)
}

// Metric reads one counter from /metrics; a series not there yet is 0.
func (r *Registry) Metric(t *testing.T, name string) int64 {
	t.Helper()
	resp, err := http.Get(r.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				t.Fatalf("metric %s = %q", name, v)
			}
			return n
		}
	}
	return 0
}

func stringMap(t *testing.T, q *sql.DB, query string, args ...any) map[string]string {
	t.Helper()
	rows, err := q.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		out[k] = v
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func keySet(t *testing.T, q *sql.DB, query string, args ...any) map[string]bool {
	t.Helper()
	rows, err := q.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		out[k] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// diff describes how two key sets differ, briefly.
func diff(a, b map[string]bool) string {
	var onlyA, onlyB []string
	for k := range a {
		if !b[k] {
			onlyA = append(onlyA, k)
		}
	}
	for k := range b {
		if !a[k] {
			onlyB = append(onlyB, k)
		}
	}
	short := func(s []string) string {
		if len(s) > 3 {
			return fmt.Sprintf("%v… (%d)", s[:3], len(s))
		}
		return fmt.Sprint(s)
	}
	return fmt.Sprintf("only on the device %s, only at the registry %s", short(onlyA), short(onlyB))
}

// ---- devices ----

// enroll enrols an in-process device through url (a proxy, or the
// registry itself) with a code from the admin command, and bootstraps it.
func enroll(t *testing.T, d *synctest.Device, r *Registry, url, name string) {
	t.Helper()
	ctx := context.Background()
	if _, err := d.Engine.Enroll(ctx, url, r.EnrollCode(t, name), name); err != nil {
		t.Fatalf("enrol %s through %s: %v", name, url, err)
	}
	if err := d.Core.Bootstrap(ctx, false); err != nil {
		t.Fatalf("bootstrap %s: %v", name, err)
	}
}

// register files a complete "Zaświadczenie o zameldowaniu" through the
// intake service, as a clerk would.
func register(t *testing.T, d *synctest.Device, lastName string) app.RegisterResult {
	t.Helper()
	res, err := d.Core.SearchForTest("zaswiadczenie o zameldowaniu")
	if err != nil || len(res) == 0 {
		t.Fatalf("no card: %v", err)
	}
	open, err := d.Intake.StartDraft(res[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	in := open.Draft
	for _, f := range open.Form.Fields {
		in.Answers[f.Name] = f.Example
	}
	in.Client = cases.Client{Kind: cases.Person, FirstName: "Łucja", LastName: lastName, PESEL: "02270803624",
		BirthDate: "2002-07-08", Sex: "K", City: "Przykładowo", Phone: "600100200"}
	v, _ := d.Store.Card(context.Background(), in.CardID)
	in.Checklist = cases.BuildChecklist(v.Card, in.Answers, nil)
	for i, it := range in.Checklist {
		in.Checklist[i].Mark = cases.Original
		if it.Presentation == catalog.Show {
			in.Checklist[i].Mark = cases.Presented
		}
		if it.MustBeValid {
			in.Checklist[i].ValidUntil, in.Checklist[i].Number = "2031-01-01", "ABS123456"
		}
	}
	// The clerk confirms the date shown when the office's time cannot be
	// trusted (a clock far off the registry's).
	in.ConfirmedDate = d.Store.OfficeClock().Today().Format(time.DateOnly)
	r, err := d.Intake.Register(in)
	if err != nil || !r.OK {
		t.Fatalf("register: %+v %v", r, err)
	}
	return r
}

// seedCases writes n whole cases (client, case, registration event) in
// one transaction, as a device that registered them offline would: each
// write leaves its outbox op. Their signs are in a past year's register
// of their own (year), so they clash with no other test's numbers; the
// device leases that register's numbers first (the registry refuses a
// sign whose number it never leased to the device).
func seedCases(t *testing.T, eng *engine.Engine, st *db.Store, officeID string, year, n int) {
	t.Helper()
	ctx := context.Background()
	cards, err := st.CurrentCards(ctx, officeID)
	if err != nil || len(cards) == 0 {
		t.Fatalf("cards: %d, %v", len(cards), err)
	}
	units, err := st.Units(ctx, officeID)
	if err != nil {
		t.Fatal(err)
	}
	staff, err := st.StaffList(ctx, officeID)
	if err != nil || len(staff) == 0 {
		t.Fatalf("staff: %v", err)
	}
	symbol := map[string]string{}
	for _, u := range units {
		symbol[u.ID] = u.Symbol
	}
	v0 := cards[0]
	reg := casesign.Register{Unit: symbol[v0.UnitID], JRWA: v0.Card.JRWA, Year: year}
	var want []protocol.RegisterRef
	for range n/5 + 1 { // blocks of at least 5
		want = append(want, protocol.RegisterRef{Unit: reg.Unit, JRWA: reg.JRWA, Year: year})
	}
	if _, err := eng.Client().Lease(ctx, protocol.LeaseRequest{Registers: want}); err != nil {
		t.Fatalf("lease %v: %v", reg, err)
	}
	if err := eng.Round(ctx); err != nil { // the numbers arrive as rows
		t.Fatalf("pull the leased numbers: %v", err)
	}
	r := rand.New(rand.NewPCG(uint64(year), uint64(n)))
	err = st.InTx(ctx, func(tx *db.Tx) error {
		for i := 1; i <= n; i++ {
			cl := synth.Client(r)
			if err := tx.SaveClient(ctx, officeID, cl); err != nil {
				return err
			}
			id := db.NewID()
			no, err := tx.TakeNumber(ctx, officeID, reg, id)
			if err != nil {
				return err
			}
			cs := cases.Case{ID: id, CardID: v0.ID, ClientID: cl.ID, Status: cases.Registered,
				// Due the day it came: no later than any card's rule gives.
				SubmittedOn: fmt.Sprintf("%d-03-02", year), DueOn: fmt.Sprintf("%d-03-02", year), Form: json.RawMessage(`{}`), Checklist: []cases.Item{},
				RegisteredBy: staff[0].ID, AssigneeID: staff[0].ID, DeviceID: st.DeviceID(),
				Sign: casesign.Sign{Register: reg, No: no}}
			if err := tx.InsertCase(ctx, officeID, cs); err != nil {
				return err
			}
			if err := tx.AppendCaseEvent(ctx, cases.Event{CaseID: cs.ID, Kind: cases.EventRegistered, To: cases.Registered, StaffID: staff[0].ID}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed %d cases: %v", n, err)
	}
}

// rawDB opens a device's SQLite file directly (read-write, so a WAL left
// by a killed process is recovered like the app would on its next start).
func rawDB(t *testing.T, path string) (*sql.DB, error) {
	t.Helper()
	return sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
}

// sqlDB is a device database opened directly.
type sqlDB struct{ *sql.DB }

func (d *sqlDB) str(t *testing.T, query string, args ...any) string {
	t.Helper()
	var s string
	if err := d.QueryRow(query, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return s
}

func (d *sqlDB) strings(t *testing.T, query string, args ...any) map[string]string {
	t.Helper()
	return stringMap(t, d.DB, query, args...)
}
