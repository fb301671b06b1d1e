package engine_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"okienko/db"
	"okienko/sync/hlc"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/registry/backup"
	"okienko/sync/registry/sqlitestore"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
)

// swapHandler serves whichever registry is current: the office's address
// stays while the registry behind it is replaced by a restored one.
type swapHandler struct{ h atomic.Pointer[http.Handler] }

func (s *swapHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	(*s.h.Load()).ServeHTTP(w, r)
}
func (s *swapHandler) set(h http.Handler) { s.h.Store(&h) }

// TestRestoreLosesNothingAcknowledged: over real HTTP, the registry is
// replaced by its backup of an hour ago. Both devices notice the new
// generation at their next contact, send again what the copy lacks (their
// own cases and those pulled from the other), and the register ends
// whole: every case at the registry, every number used once, and numbers
// leased after the restore never clash with those sent again.
func TestRestoreLosesNothingAcknowledged(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlitestore.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	// Blocks of 5: B is leased a block after the backup, which the
	// restored registry must not lease to A again.
	first := synctest.NewRegistry(t, st, registry.Options{LeaseSize: 5})
	sw := &swapHandler{}
	sw.set(first.Handler())
	srv := httptest.NewServer(sw)
	t.Cleanup(srv.Close)
	reg := &synctest.Registry{Registry: first.Registry, URL: srv.URL, OfficeID: first.OfficeID}

	a, b := synctest.NewDevice(t, synctest.DeviceOptions{}), synctest.NewDevice(t, synctest.DeviceOptions{})
	a.Enroll(t, reg)
	b.Enroll(t, reg)
	a.SignIn(t, "jnowak")
	b.SignIn(t, "akowalska")
	signs := map[string]bool{}
	reg1 := func(d *synctest.Device, name string) {
		r := register(t, d, name)
		if signs[r.Sign] {
			t.Fatalf("sign %s given twice", r.Sign)
		}
		signs[r.Sign] = true
	}
	reg1(a, "Abacka")
	reg1(b, "Babacka")
	a.Sync(t)
	b.Sync(t)

	file := filepath.Join(t.TempDir(), "registry-backup.db")
	if err := backup.Take(ctx, st, file, false); err != nil {
		t.Fatal(err)
	}
	// Work acknowledged after the backup: A's and B's, each pulled by the other.
	for _, n := range []string{"Cabacka", "Dabacka", "Ebacka"} {
		reg1(a, n)
	}
	a.Sync(t)
	a.Sync(t)
	// B's block leased last: no other device pulled it before the restore.
	for _, n := range []string{"Fabacka", "Fbacka", "Fcacka", "Fdacka", "Fecka", "Ffacka", "Fgacka", "Fhacka", "Ficka", "Fjacka"} {
		reg1(b, n)
		b.Sync(t)
	}
	if n, _ := a.Store.PendingOps(ctx); n != 0 {
		t.Fatalf("A has %d ops not acknowledged", n)
	}

	// The registry's disk dies; the IT person restores last night's copy.
	first.Server.Close()
	st.Close()
	if err := backup.Restore(ctx, dir, file, io.Discard); err != nil {
		t.Fatal(err)
	}
	st2, err := sqlitestore.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st2.Close() })
	second := registry.New(st2, registry.Options{PasswordParams: synctest.Cheap, LeaseSize: 5})
	sw.set(second.Handler())
	if cases := rowsOf(t, st2, reg.OfficeID, "case_file"); len(cases) != 2 {
		t.Fatalf("the backup holds %d cases, want 2", len(cases))
	}

	// A sends again first, and then runs through its numbers: it is
	// leased none until B has sent again too (B holds a block leased
	// after the backup), so its next cases wait with provisional signs.
	a.Sync(t)
	for _, n := range []string{"Gabacka", "Gbacka", "Gcacka", "Gdacka", "Gecka", "Gfacka", "Ggacka", "Ghacka", "Gicka", "Gjacka", "Gkacka", "Glacka"} {
		reg1(a, n)
		a.Sync(t)
	}
	// Only A has sent again: nobody is leased numbers yet.
	if got := b.Engine.Status(ctx); got.Enrolled == false {
		t.Fatal("B lost its enrolment")
	}
	b.Sync(t)
	a.Sync(t)
	b.Sync(t)
	g, err := st2.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []*synctest.Device{a, b} {
		if have, _ := d.Store.Generation(ctx); have != g.ID {
			t.Fatalf("a device syncs with generation %q, the registry is %q", have, g.ID)
		}
	}
	// A device that has sent again has nothing more to send as "again":
	// a row it forges now is refused, however it is stamped (before, any
	// device could write any row unchecked through this door for ever).
	devA, err := st2.Device(ctx, a.Store.DeviceID())
	if err != nil {
		t.Fatal(err)
	}
	forged := db.NewID()
	h := hlc.Timestamp{Wall: g.RestoredAt.Add(-time.Minute).UnixMilli(), Node: devA.ID}.String()
	resp, err := second.Resend(ctx, devA, protocol.ResendRequest{Generation: g.ID, Rows: []protocol.ResendRow{{Entity: "case_file", EntityID: forged,
		Fields: map[string]protocol.Field{"id": {V: json.RawMessage(`"` + forged + `"`), H: h}, "status": {V: json.RawMessage(`"settled"`), H: h}}}}})
	if err != nil || len(resp.Results) != 1 || resp.Results[0].Status != protocol.Rejected {
		t.Fatalf("a row sent again by a device done already: %+v %v", resp, err)
	}
	if _, found, _ := rowOf(st2, reg.OfficeID, "case_file", forged); found {
		t.Fatal("a row sent again by a device done already was stored")
	}
	// Every acknowledged case is back, and every number used once.
	const want = 2 + 3 + 10 + 12
	if cases := rowsOf(t, st2, reg.OfficeID, "case_file"); len(cases) != want {
		t.Fatalf("the restored registry holds %d cases, want %d", len(cases), want)
	}
	used := map[string]string{}
	for _, n := range rowsOf(t, st2, reg.OfficeID, "case_number") {
		var state, c string
		_ = json.Unmarshal(n.Fields["state"].V, &state)
		_ = json.Unmarshal(n.Fields["caseId"].V, &c)
		if state == "used" {
			used[n.EntityID] = c
		}
	}
	// Provisional signs of A's wait took numbers once B had sent again.
	a.Sync(t)
	b.Sync(t)
	if len(used) < want-12 {
		t.Fatalf("%d numbers used at the registry, want at least %d", len(used), want-12)
	}
	seen := map[string]string{}
	for id, c := range used {
		if other, ok := seen[c]; ok {
			t.Fatalf("case %s holds numbers %s and %s", c, id, other)
		}
		seen[c] = id
	}
	// New leases come after every number sent again: more cases on both
	// devices take signs nobody had.
	for i := 0; i < 25; i++ {
		reg1(b, "Hbacka")
		if i%5 == 0 {
			b.Sync(t)
		}
	}
	b.Sync(t)
	a.Sync(t)
	leases, err := st2.Leases(ctx, reg.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range leases {
		for _, m := range leases[i+1:] {
			if l.Unit == m.Unit && l.JRWA == m.JRWA && l.Year == m.Year && l.First <= m.Last && m.First <= l.Last {
				t.Fatalf("numbers leased twice: %+v and %+v", l, m)
			}
		}
	}
	if cases := rowsOf(t, st2, reg.OfficeID, "case_file"); len(cases) != want+25 {
		t.Fatalf("the registry holds %d cases, want %d", len(cases), want+25)
	}
	// Every case ends with a final sign of its own, on every replica.
	finals := map[string]string{}
	for _, c := range rowsOf(t, st2, reg.OfficeID, "case_file") {
		var sign string
		var prov bool
		_ = json.Unmarshal(c.Fields["sign"].V, &sign)
		_ = json.Unmarshal(c.Fields["provisional"].V, &prov)
		if prov {
			t.Fatalf("case %s still provisional (%s)", c.EntityID, sign)
		}
		if other, ok := finals[sign]; ok {
			t.Fatalf("cases %s and %s share sign %s", c.EntityID, other, sign)
		}
		finals[sign] = c.EntityID
	}
}

// rowOf reads one row of an office's store.
func rowOf(st store.Store, office, entity, id string) (store.Row, bool, error) {
	var row store.Row
	var found bool
	err := st.InTx(context.Background(), office, func(tx store.Tx) error {
		var err error
		row, found, err = tx.Row(context.Background(), entity, id)
		return err
	})
	return row, found, err
}

func rowsOf(t testing.TB, st store.Store, office, entity string) []store.Row {
	t.Helper()
	rows, err := st.RowsOf(context.Background(), office, entity)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
