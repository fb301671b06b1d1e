package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"path"
	"sync"
	"testing"
	"time"

	"okienko/app"
	"okienko/app/demo"
	"okienko/app/i18n"
	"okienko/app/keys"
	"okienko/db"
	"okienko/sync/engine"
	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/registry"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
)

// TestAdminActionsStayOnTheDevice: on a device of a registry, an admin's
// catalogue import is refused (the catalogue changes at the registry), and
// the auto-lock delay is this computer's own: no office row is pushed for
// every other device to obey, and it survives a restart.
func TestAdminActionsStayOnTheDevice(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registry.Options{})
	a := synctest.NewDevice(t, synctest.DeviceOptions{})
	a.Enroll(t, reg)
	a.SignIn(t, "twisniewski") // the admin
	pending := func() int {
		n, err := a.Store.PendingOps(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := pending()
	_, err := app.NewCatalogService(a.Core).ImportCatalogue(string(demo.CatalogueJSON))
	var ue *i18n.Error
	if !errors.As(err, &ue) || ue.Key != "settings.importAtRegistry" {
		t.Fatalf("catalogue import on a device of a registry: %v", err)
	}
	sets := app.NewSettingsService(a.Core)
	s, err := sets.SetAutoLock(7)
	if err != nil || s.AutoLockMinutes != 7 || !s.Enrolled {
		t.Fatalf("auto-lock: %+v %v", s, err)
	}
	ops, err := a.Store.OutboxAfter(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range ops {
		// Signing in says the admin is at the desk (a presence row).
		if op.Entity != "audit_log" && op.Entity != "presence" {
			t.Errorf("an admin's setting pushed a %s row", op.Entity)
		}
	}
	if pending()-before != 1 { // the audit entry of the change
		t.Errorf("%d ops pushed for an auto-lock change, want the audit entry only", pending()-before)
	}
	a.Sync(t)
	// Another device of the office keeps the office's delay.
	b := synctest.NewDevice(t, synctest.DeviceOptions{})
	b.Enroll(t, reg)
	b.SignIn(t, "twisniewski")
	if s, err := app.NewSettingsService(b.Core).Get(); err != nil || s.AutoLockMinutes == 7 {
		t.Fatalf("another device took this one's auto-lock: %+v %v", s, err)
	}
	// This one keeps its own after a restart.
	if err := a.Core.Bootstrap(ctx, false); err != nil {
		t.Fatal(err)
	}
	a.SignIn(t, "twisniewski")
	if s, err := sets.Get(); err != nil || s.AutoLockMinutes != 7 {
		t.Fatalf("auto-lock after a restart: %+v %v", s, err)
	}
}

// TestUnstorableRowsAreCounted: a row the registry holds that this device
// cannot store (here one an older registry took without checking) is
// skipped, counted in the status Synchronizacja shows, and the rest of
// the page is applied; the count stays after later rounds.
func TestUnstorableRowsAreCounted(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registry.Options{})
	bad, good := db.NewID(), db.NewID()
	stamp := hlc.Timestamp{Wall: 1, Node: "registry"}.String()
	row := func(fields map[string]string) merge.Row {
		r := merge.Row{}
		for k, v := range fields {
			r[k] = merge.Field{V: json.RawMessage(v), H: stamp}
		}
		return r
	}
	err := reg.Store().InTx(ctx, reg.OfficeID, func(tx store.Tx) error {
		if _, err := tx.PutRow(ctx, "client", bad, row(map[string]string{"id": `"` + bad + `"`, "officeId": `"` + reg.OfficeID + `"`,
			"kind": `{"not":"a kind"}`}), false); err != nil {
			return err
		}
		_, err := tx.PutRow(ctx, "client", good, row(map[string]string{"id": `"` + good + `"`, "officeId": `"` + reg.OfficeID + `"`,
			"kind": `"person"`, "firstName": `"Anna"`, "lastName": `"Nowak"`}), false)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	a := synctest.NewDevice(t, synctest.DeviceOptions{})
	a.Enroll(t, reg)
	if st := a.Engine.Status(ctx); st.Skipped != 1 {
		t.Fatalf("skipped %d rows, want 1", st.Skipped)
	}
	if _, err := a.Store.Client(ctx, good); err != nil {
		t.Fatalf("the good row of the same page: %v", err)
	}
	a.Sync(t)
	if st := a.Engine.Status(ctx); st.Skipped != 1 {
		t.Fatalf("after another round: skipped %d", st.Skipped)
	}
}

// countingTransport counts requests by path suffix.
type countingTransport struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[path.Base(req.URL.Path)]++
	c.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

func (c *countingTransport) count(route string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[route]
}

// TestCredentialsEveryFewMinutes: a production engine asks for its
// people's verifiers at its first round and then every five minutes, not
// every round (which doubled an empty round's requests); a person added
// to the device can sign in there within that.
func TestCredentialsEveryFewMinutes(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registry.Options{})
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	st, err := db.Open(ctx, t.TempDir(), db.Options{Now: clock, Cipher: keys.TestCipher("sync-tests")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	net := &countingTransport{}
	eng, err := engine.New(ctx, st, engine.Options{Now: clock, HTTP: &http.Client{Transport: net}})
	if err != nil {
		t.Fatal(err)
	}
	code, _, err := reg.NewEnrollment(ctx, reg.OfficeID, "laptop", []string{"jnowak"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := eng.Enroll(ctx, reg.URL, code, "laptop"); err != nil {
		t.Fatal(err)
	}
	if n := net.count("credentials"); n != 1 {
		t.Fatalf("enrolment asked for the verifiers %d times, want 1", n)
	}
	for range 5 {
		advance(30 * time.Second)
		if err := eng.Round(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := net.count("credentials"); n != 1 {
		t.Fatalf("five rounds in 2.5 minutes asked %d times, want 1", n)
	}
	devs, _ := reg.Store().Devices(ctx, reg.OfficeID)
	if err := reg.SetDevicePeople(ctx, devs[0].ID, []string{"jnowak", "kzielinska"}); err != nil {
		t.Fatal(err)
	}
	advance(3 * time.Minute)
	if err := eng.Round(ctx); err != nil {
		t.Fatal(err)
	}
	if n := net.count("credentials"); n != 2 {
		t.Fatalf("after five minutes: asked %d times, want 2", n)
	}
	if _, _, err := st.Credentials(ctx, "kzielinska"); err != nil {
		t.Fatalf("the person added to the device: %v", err)
	}
}
