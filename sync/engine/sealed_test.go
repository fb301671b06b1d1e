package engine_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"okienko/app/callbacks"
	"okienko/app/cases"
	"okienko/app/presence"
	"okienko/db"
	"okienko/sync/engine"
	"okienko/sync/synctest"
)

// Markers no demo data holds: what a callback, a presence and a duty
// carry, and the registered client's identifiers (register: PESEL
// 02270803624, phone 600100200, surname as given).
const (
	markName    = "Qwertyńska Markerowa"
	markPhone   = "+48691357913"
	markTopic   = "Zasiłek pielęgnacyjny Xylofonowy"
	markPresent = "Na wizycie u Zygmuntowicz"
	markDuty    = "Przekazana: klientka Hipolitowska w szpitalu"
	markSurname = "Żółtowąsowska"
)

// encodings are the forms a value is looked for in: as it is, UTF-16
// (SQLite's other text encoding), hex and base64.
func encodings(s string) [][]byte {
	u := utf16.Encode([]rune(s))
	le := make([]byte, 2*len(u))
	for i, r := range u {
		le[2*i], le[2*i+1] = byte(r), byte(r>>8)
	}
	return [][]byte{[]byte(s), le, []byte(hex.EncodeToString([]byte(s))), []byte(strings.ToUpper(hex.EncodeToString([]byte(s)))),
		[]byte(base64.StdEncoding.EncodeToString([]byte(s)))}
}

// scanDir fails on any marker found in any byte of any file under dir
// (the database, its WAL and shared memory, a snapshot download).
func scanDir(t *testing.T, dir string, marks ...string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		for _, m := range marks {
			for i, enc := range encodings(m) {
				if bytes.Contains(raw, enc) {
					t.Errorf("%s holds %q (encoding %d)", p, m, i)
				}
			}
		}
		return nil
	})
	if err != nil || files == 0 {
		t.Fatalf("scan of %s: %d files, %v", dir, files, err)
	}
}

// scanColumns fails on any marker in the raw bytes of the outbox's
// payloads and the row clocks' fields, which hold every synced value (the
// client's too, whose own table seals apart).
func scanColumns(t *testing.T, d *synctest.Device, marks ...string) (rows int) {
	t.Helper()
	h, err := sql.Open("sqlite", "file:"+d.Store.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	for _, q := range []string{"SELECT payload FROM outbox", "SELECT fields FROM row_clock"} {
		rs, err := h.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rs.Next() {
			var raw []byte
			if err := rs.Scan(&raw); err != nil {
				t.Fatal(err)
			}
			rows++
			for _, m := range marks {
				for _, enc := range encodings(m) {
					if bytes.Contains(raw, enc) {
						t.Errorf("%s: a value holds %q", q, m)
					}
				}
			}
		}
		rs.Close()
	}
	return rows
}

// TestSyncedDataSealedOnDisk: a callback, a presence note, a duty's note
// and a registered client travel from device A through the registry to
// device B; neither device's files (database, WAL, shared memory) hold
// any of their values in any common encoding, before the push (the
// outbox) or after the pull (the row clocks and rows), and every outbox
// payload and row clock is sealed, the client's PESEL, surname and phone
// included. Both devices still read them back.
func TestSyncedDataSealedOnDisk(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registryOptions())
	a, b := synctest.NewDevice(t, synctest.DeviceOptions{}), synctest.NewDevice(t, synctest.DeviceOptions{})
	a.EnrollFor(t, reg, "akowalska")
	b.EnrollFor(t, reg, "jnowak")
	a.SignIn(t, "akowalska")
	b.SignIn(t, "jnowak")
	nowak, kowalska := staffID(t, "jnowak"), staffID(t, "akowalska")

	res := register(t, a, markSurname)
	cb := callbacks.Callback{ID: db.NewID(), Name: markName, Phone: markPhone, Topic: markTopic,
		From: officeTime(a), AssigneeID: nowak, CreatedBy: kowalska, Status: callbacks.Open}
	duty := cases.Duty{From: kowalska, To: nowak, Note: markDuty}
	err := a.Store.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.SaveCallback(ctx, a.Core.OfficeID(), cb); err != nil {
			return err
		}
		if err := tx.SavePresence(ctx, a.Core.OfficeID(), presence.Presence{StaffID: kowalska, Away: true,
			Until: a.Store.OfficeClock().Now().Add(time.Hour), StandInID: nowak, Note: markPresent}); err != nil {
			return err
		}
		return tx.AppendCaseEvent(ctx, cases.Event{CaseID: res.CaseID, Kind: cases.EventHandedOver, StaffID: kowalska, Detail: duty.JSON()})
	})
	if err != nil {
		t.Fatal(err)
	}
	mine := []string{markName, markPhone, markTopic, markPresent, markDuty}
	client := []string{"02270803624", "600100200", markSurname}
	if n, _ := a.Store.PendingOps(ctx); n == 0 {
		t.Fatal("nothing waits in A's outbox: the check below proves nothing")
	}
	if rows := scanColumns(t, a, append(mine, client...)...); rows == 0 {
		t.Fatal("no outbox or row clock rows on A")
	}
	scanDir(t, a.Dir, mine...)
	a.Sync(t)
	b.Sync(t)

	got, err := b.Store.Callback(ctx, cb.ID)
	if err != nil || got.Name != markName || got.Phone != markPhone || got.Topic != markTopic {
		t.Fatalf("the callback on B: %+v %v", got, err)
	}
	p, err := b.Store.Presence(ctx, kowalska)
	if err != nil || p.Note != markPresent {
		t.Fatalf("the presence on B: %+v %v", p, err)
	}
	events, err := b.Store.CaseEvents(ctx, res.CaseID)
	found := false
	for _, e := range events {
		found = found || e.Kind == cases.EventHandedOver && e.Detail == duty.JSON()
	}
	if err != nil || !found {
		t.Fatalf("the handover's note on B: %+v %v", events, err)
	}
	for _, d := range []*synctest.Device{a, b} {
		if rows := scanColumns(t, d, append(mine, client...)...); rows == 0 {
			t.Fatal("no row clocks")
		}
		scanDir(t, d.Dir, mine...)
	}
}

// TestLockedStorePausesSync: while the store is locked the engine does
// not push (the ops stay, nothing reaches the registry) nor pull, and says
// nothing in error; the unlock resumes it, and Run picks it up within a
// second or so without a kick.
func TestLockedStorePausesSync(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registryOptions())
	a := synctest.NewDevice(t, synctest.DeviceOptions{})
	a.EnrollFor(t, reg, "akowalska")
	a.SignIn(t, "akowalska")
	cb := callbacks.Callback{ID: db.NewID(), Name: markName, Phone: markPhone, Topic: markTopic,
		From: officeTime(a), AssigneeID: staffID(t, "jnowak"), CreatedBy: staffID(t, "akowalska"), Status: callbacks.Open}
	if err := a.Store.InTx(ctx, func(tx *db.Tx) error { return tx.SaveCallback(ctx, a.Core.OfficeID(), cb) }); err != nil {
		t.Fatal(err)
	}
	pending, _ := a.Store.PendingOps(ctx)
	a.Store.Lock()
	pushed := reg.Metrics().OpsPushed.Load()
	if err := a.Engine.Round(ctx); !errors.Is(err, db.ErrLocked) {
		t.Fatalf("a round while locked: %v, want db.ErrLocked", err)
	}
	if n, _ := a.Store.PendingOps(ctx); n != pending || pending == 0 {
		t.Fatalf("%d ops wait after a locked round, want the %d written", n, pending)
	}
	if got := reg.Metrics().OpsPushed.Load(); got != pushed {
		t.Fatalf("the registry took %d ops from a locked device", got-pushed)
	}
	if st := a.Engine.Status(ctx); st.LastError != "" || !st.Enrolled {
		t.Fatalf("status while locked: %+v", st)
	}
	// Run waits, then goes on by itself once a sign-in unlocks the store.
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan struct{})
	go func() { a.Engine.Run(runCtx); close(done) }()
	time.Sleep(1500 * time.Millisecond)
	if n, _ := a.Store.PendingOps(ctx); n != pending {
		t.Fatalf("%d ops left while locked, want %d", n, pending)
	}
	if err := a.Store.Unlock(ctx, a.Cipher); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if n, _ := a.Store.PendingOps(ctx); n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the unlock did not resume sync")
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	<-done
	if got := reg.Metrics().OpsPushed.Load(); got-pushed < int64(pending) {
		t.Fatalf("the registry took %d ops after the unlock, want %d", got-pushed, pending)
	}
}

// TestEngineStartsLocked: a locked store started with a sealed token is
// enrolled all the same, and its client is made at the first unlocked
// round.
func TestEngineStartsLocked(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registryOptions())
	a := synctest.NewDevice(t, synctest.DeviceOptions{})
	a.EnrollFor(t, reg, "akowalska")
	a.Store.Lock()
	ss, err := a.Store.SyncState(ctx)
	if err != nil || ss.Token != "" || !ss.Sealed || !ss.Enrolled() {
		t.Fatalf("sync state while locked: token %q sealed %v enrolled %v (%v)", ss.Token, ss.Sealed, ss.Enrolled(), err)
	}
	eng, err := engine.New(ctx, a.Store, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if eng.Client() != nil || !eng.Status(ctx).Enrolled {
		t.Fatal("an engine started locked has a client, or is not enrolled")
	}
	if err := a.Store.Unlock(ctx, a.Cipher); err != nil {
		t.Fatal(err)
	}
	if err := eng.Round(ctx); err != nil {
		t.Fatalf("the first round after the unlock: %v", err)
	}
	if eng.Client() == nil {
		t.Fatal("no client after the unlock")
	}
	h, err := sql.Open("sqlite", "file:"+a.Store.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var stored string
	if err := h.QueryRow("SELECT value FROM device_meta WHERE key = 'sync_token'").Scan(&stored); err != nil || !strings.HasPrefix(stored, "sealed:") {
		t.Fatalf("the token is stored as %.12q… (%v), want it sealed", stored, err)
	}
}
