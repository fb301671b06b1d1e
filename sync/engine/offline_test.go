package engine_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	_ "modernc.org/sqlite"

	"okienko/app"
	"okienko/app/casesign"
	"okienko/db"
	"okienko/sync/client"
	"okienko/sync/engine"
	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// network is a device's link: up, down, or up for a number of requests
// and then down (to stop a round half-way).
type network struct {
	mu    sync.Mutex
	left  int // requests still allowed; < 0 means unlimited
	calls int
}

func (n *network) RoundTrip(req *http.Request) (*http.Response, error) {
	n.mu.Lock()
	ok := n.left != 0
	if n.left > 0 {
		n.left--
	}
	n.calls++
	n.mu.Unlock()
	if !ok {
		return nil, errors.New("network is down")
	}
	return http.DefaultTransport.RoundTrip(req)
}

func (n *network) set(left int) { n.mu.Lock(); n.left = left; n.mu.Unlock() }

func (n *network) count() int { n.mu.Lock(); defer n.mu.Unlock(); return n.calls }

func onNetwork() (*network, *http.Client) {
	n := &network{left: -1}
	return n, &http.Client{Transport: n, Timeout: 10 * time.Second}
}

// TestProvisionalSignsFinalizeAtSync: a device that spent its leased block
// offline still registers cases, under provisional signs; another device
// never numbers them; at the owner's next sync they get final, unique
// signs, the history says so and the clerk is asked to reprint receipts.
func TestProvisionalSignsFinalizeAtSync(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registry.Options{LeaseSize: 3})
	netA, hcA := onNetwork()
	a := synctest.NewDevice(t, synctest.DeviceOptions{HTTP: hcA})
	b := synctest.NewDevice(t, synctest.DeviceOptions{})
	a.Enroll(t, reg)
	b.Enroll(t, reg)
	a.SignIn(t, "jnowak")
	b.SignIn(t, "akowalska")

	netA.set(0) // a home visit without coverage
	var provisional []app.RegisterResult
	for i := 0; i < 5; i++ {
		res := register(t, a, "Offline")
		if res.Provisional {
			if !strings.Contains(res.Sign, ".T-") {
				t.Fatalf("provisional sign %q", res.Sign)
			}
			provisional = append(provisional, res)
		}
	}
	if len(provisional) != 2 {
		t.Fatalf("%d provisional signs from a block of 3 and 5 cases, want 2", len(provisional))
	}
	// The receipt printed at the counter says the sign is provisional.
	out, err := a.Cases.Print(provisional[0].CaseID, app.PrintReceipt)
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, a, out.Path); !strings.Contains(text, "tymczasowy") || !strings.Contains(text, provisional[0].Sign) {
		t.Fatalf("receipt does not carry the provisional sign:\n%s", text)
	}

	// A pushes its provisional cases, then loses the network before it
	// gets numbers; B pulls them and must leave them alone.
	netA.set(1)
	if err := a.Engine.Round(ctx); err == nil {
		t.Fatal("round on a dying network succeeded")
	}
	b.Sync(t)
	for _, p := range provisional {
		cs, err := b.Store.Case(ctx, p.CaseID)
		if err != nil || !cs.Provisional {
			t.Fatalf("B numbered A's provisional case %s: %+v %v", p.Sign, cs.Sign, err)
		}
	}

	netA.set(-1)
	a.Sync(t)
	b.Sync(t)
	signs := map[string]bool{}
	all, err := b.Cases.Search(app.CaseQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		if strings.Contains(r.Sign, "T-") || signs[r.Sign] {
			t.Fatalf("sign %q provisional or repeated after sync: %+v", r.Sign, all)
		}
		signs[r.Sign] = true
	}
	if len(all) != 5 {
		t.Fatalf("B has %d cases, want 5", len(all))
	}
	d, err := a.Cases.Case(provisional[0].CaseID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Provisional || !d.ReprintDue || d.OldSign != provisional[0].Sign || strings.Contains(d.Sign, "T-") {
		t.Fatalf("after finalising: %+v", d)
	}
	if last := d.Events[len(d.Events)-1].Text; !strings.Contains(last, provisional[0].Sign) {
		t.Fatalf("history does not record the provisional sign: %q", last)
	}
	st, _ := app.NewSyncService(a.Core).Status()
	if st.ReprintDue != 2 || st.Provisional != 0 {
		t.Fatalf("status: %+v", st)
	}
	if stB, _ := app.NewSyncService(b.Core).Status(); stB.ReprintDue != 0 {
		t.Fatalf("B is asked to reprint A's receipts: %+v", stB)
	}
	// Printing the corrected receipt clears the reminder for that case.
	out, err = a.Cases.Print(provisional[0].CaseID, app.PrintReceipt)
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, a, out.Path); !strings.Contains(text, d.Sign) || strings.Contains(text, "tymczasowy") {
		t.Fatalf("corrected receipt:\n%s", text)
	}
	lines, err := app.NewSyncService(a.Core).ReprintDue()
	if err != nil || len(lines) != 1 || lines[0].CaseID != provisional[1].CaseID || lines[0].OldSign != provisional[1].Sign {
		t.Fatalf("reprint list: %+v %v", lines, err)
	}
	// The register accounts for every number: used, or still reserved.
	regLines, err := reg.Register(ctx, reg.OfficeID, "SO", "5352", time.Now().Year())
	if err != nil {
		t.Fatal(err)
	}
	used := 0
	for _, l := range regLines {
		if !l.Explained {
			t.Fatalf("unexplained number %d in the register: %+v", l.No, l)
		}
		if l.State == "used" {
			used++
		}
	}
	if used != 5 {
		t.Fatalf("%d numbers used in the register, want 5", used)
	}
}

func pdfText(t *testing.T, d *synctest.Device, path string) string {
	t.Helper()
	// A device's printouts are sealed: the app opens them in memory for
	// its viewer. The registry's (d nil) are plain files.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if d != nil {
		v, err := app.NewPrintoutService(d.Core, nil).Open(path)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ = base64.StdEncoding.DecodeString(v.Data)
	}
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(raw)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

// TestPoisonedOpsAreQuarantined: changes the registry refuses (one it
// rejects, one so malformed the whole batch is refused) are set aside
// with their reasons, and the changes queued behind them still go through.
// Blocks of 5 numbers: the registration leaves 4, so the refused batch
// also asked for numbers, which the device still gets.
func TestPoisonedOpsAreQuarantined(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registry.Options{LeaseSize: 5})
	a, b := synctest.NewDevice(t, synctest.DeviceOptions{}), synctest.NewDevice(t, synctest.DeviceOptions{})
	a.Enroll(t, reg)
	b.Enroll(t, reg)
	a.SignIn(t, "jnowak")
	b.SignIn(t, "jnowak")
	// As an older build with a bug might have queued them.
	raw, err := sql.Open("sqlite", filepath.Join(a.Dir, db.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	poison := func(entityID, payload string) {
		t.Helper()
		op := uuid.Must(uuid.NewV7()).String()
		_, err := raw.Exec(`INSERT INTO outbox (op_id, entity, entity_id, op, payload, hlc, created_at) VALUES (?, ?, ?, 'upsert', ?, ?, 0)`,
			op, "case_number", entityID, a.Cipher.Seal("outbox", "payload", op, []byte(payload)), a.Store.Clock().Now().String())
		if err != nil {
			t.Fatal(err)
		}
	}
	poison(uuid.NewString(), `{"state":"used"}`) // a number never leased: rejected
	poison("not-an-id", `{"state":"used"}`)      // malformed: the batch is refused
	good := register(t, a, "Dobra")
	a.Sync(t)
	b.Sync(t)
	if rows, _ := b.Cases.Search(app.CaseQuery{Text: "dobra"}); len(rows) != 1 || rows[0].Sign != good.Sign {
		t.Fatalf("the change behind the poisoned ones did not arrive: %+v", rows)
	}
	st := a.Engine.Status(ctx)
	if st.Pending != 0 || st.Quarantined != 2 || st.LastError != "" {
		t.Fatalf("status %+v", st)
	}
	q, err := app.NewSyncService(a.Core).Quarantined()
	if err != nil || len(q) != 2 {
		t.Fatalf("quarantine list: %+v %v", q, err)
	}
	reasons := q[0].Reason + " | " + q[1].Reason
	if !strings.Contains(reasons, "not leased") || !strings.Contains(reasons, "bad request") {
		t.Fatalf("reasons: %s", reasons)
	}
	free, err := a.Store.FreeNumbers(ctx, reg.OfficeID, a.Store.DeviceID())
	if so := (casesign.Register{Unit: "SO", JRWA: "5352", Year: time.Now().Year()}); err != nil || free[so] != 9 {
		t.Fatalf("%d free numbers in %v after the round, want 4 + 5 (%v)", free[so], so, err)
	}
}

// TestRevokedDeviceStops: a revoked device gets 401 once, forgets its
// credential, stops calling the registry and says so; its data stays.
func TestRevokedDeviceStops(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registry.Options{})
	netA, hcA := onNetwork()
	a := synctest.NewDevice(t, synctest.DeviceOptions{HTTP: hcA})
	a.Enroll(t, reg)
	a.SignIn(t, "jnowak")
	register(t, a, "Przed")
	a.Sync(t)
	cancelled, err := reg.Revoke(ctx, a.Store.DeviceID())
	if err != nil || cancelled == 0 {
		t.Fatalf("revoke: %d numbers cancelled, %v", cancelled, err)
	}
	after := register(t, a, "Po") // work goes on at the counter
	if err := a.Engine.Round(ctx); !errors.Is(err, client.ErrUnauthorized) {
		t.Fatalf("round after revocation: %v", err)
	}
	calls := netA.count()
	if err := a.Engine.Round(ctx); !errors.Is(err, engine.ErrNotEnrolled) {
		t.Fatalf("second round: %v", err)
	}
	if netA.count() != calls {
		t.Fatal("a revoked device keeps calling the registry")
	}
	st, err := app.NewSyncService(a.Core).Status()
	if err != nil || !st.Revoked || st.Enrolled || st.Error == "" || st.Pending == 0 {
		t.Fatalf("status after revocation: %+v %v", st, err)
	}
	if _, err := a.Store.Case(ctx, after.CaseID); err != nil {
		t.Fatalf("the case registered after revocation is gone: %v", err)
	}
}

// TestResumesWhenNetworkReturns: the loop retries on its own; no new
// local write is needed for queued changes to go once the link is back.
func TestResumesWhenNetworkReturns(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reg := synctest.NewRegistry(t, nil, registry.Options{})
	netA, hcA := onNetwork()
	a := synctest.NewDevice(t, synctest.DeviceOptions{HTTP: hcA})
	a.Enroll(t, reg)
	a.SignIn(t, "jnowak")
	netA.set(0)
	register(t, a, "Kolejka")
	loop, err := engine.New(ctx, a.Store, engine.Options{HTTP: hcA, Interval: time.Hour, MaxBackoff: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	before := netA.count()
	go loop.Run(ctx)
	loop.Kick()
	waitFor(t, func() bool { return netA.count() > before+3 }, "retries while offline")
	if st := loop.Status(ctx); st.Online || st.LastError != "offline" || st.Pending == 0 {
		t.Fatalf("offline status %+v", st)
	}
	netA.set(-1)
	waitFor(t, func() bool { st := loop.Status(ctx); return st.Pending == 0 && st.Online }, "the queue to drain after the network returned")
}

func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
