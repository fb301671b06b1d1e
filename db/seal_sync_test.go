package db

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"okienko/app/auth"
	"okienko/app/callbacks"
	"okienko/app/cases"
	"okienko/app/keys"
	"okienko/app/presence"
	"okienko/db/keyfile"
)

// Values an older (plaintext) version stored: a callback's, a presence's,
// a duty's note, the device token, and what the outbox and the row clocks
// carry of them.
const (
	legacyName  = "Legacyńska Markerowa"
	legacyPhone = "+48601234987"
	legacyNote  = "Nota Zapomnianowska"
	legacyDuty  = "Przekazuję: Hipolitowska w szpitalu"
	legacyToken = "tok-legacy-4f9a7c2e11"
)

// legacyDB makes a database at migration 00012 (before the sync path was
// sealed) in dir and fills it as that version did: n callbacks, each with
// its outbox op and row clock, a presence, a duty event, a token.
func legacyDB(t testing.TB, dir string, n int) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(dir, FileName)
	if err := create(ctx, path); err != nil {
		t.Fatal(err)
	}
	// Foreign keys off: the duty event's case is not part of this test.
	w, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	sub, _ := fs.Sub(migrations, "migrations")
	p, err := goose.NewProvider(goose.DialectSQLite3, w, sub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 12); err != nil {
		t.Fatal(err)
	}
	tx, err := w.Begin()
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := tx.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for i := range n {
		id := fmt.Sprintf("cb-%05d", i)
		exec(`INSERT INTO callback (id, office_id, name, phone, topic, due_from, assignee_id, created_by, status, created_at, updated_at)
			VALUES (?, 'o1', ?, ?, 'temat', 1, 's1', 's2', 'open', 1, 1)`, id, legacyName, legacyPhone)
		fields := fmt.Sprintf(`{"~":1,"h":"0001-0000-dev","v":{"name":%q,"phone":%q}}`, legacyName, legacyPhone)
		exec(`INSERT INTO row_clock (entity, entity_id, fields) VALUES ('callback', ?, ?)`, id, fields)
		exec(`INSERT INTO outbox (op_id, entity, entity_id, op, payload, hlc, created_at) VALUES (?, 'callback', ?, 'upsert', ?, '0001-0000-dev', 1)`,
			fmt.Sprintf("op-%05d", i), id, fmt.Sprintf(`{"name":%q,"phone":%q}`, legacyName, legacyPhone))
	}
	exec(`INSERT INTO presence (id, office_id, staff_id, note, set_at, device_id, created_at, updated_at) VALUES ('s1', 'o1', 's1', ?, 1, 'd1', 1, 1)`, legacyNote)
	exec(`INSERT INTO case_event (id, case_id, kind, staff_id, detail, created_at, updated_at) VALUES ('ev1', 'c1', 'handed_over', 's1', ?, 1, 1)`,
		cases.Duty{From: "s1", To: "s2", Note: legacyDuty}.JSON())
	exec(`INSERT INTO device_meta (key, value) VALUES ('sync_token', ?), ('sync_registry', 'https://rejestr.example')`, legacyToken)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// plainLeft counts the values still in the clear, read behind the store's
// back.
func plainLeft(t testing.TB, path string) (n int, pending bool) {
	t.Helper()
	h, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	for _, q := range []string{
		"SELECT count(*) FROM outbox WHERE instr(CAST(payload AS BLOB), CAST(?1 AS BLOB)) > 0",
		"SELECT count(*) FROM row_clock WHERE instr(CAST(fields AS BLOB), CAST(?1 AS BLOB)) > 0",
		"SELECT count(*) FROM callback WHERE name = ?",
	} {
		var k int
		if err := h.QueryRow(q, legacyName).Scan(&k); err != nil {
			t.Fatal(err)
		}
		n += k
	}
	var k int
	if err := h.QueryRow("SELECT (SELECT count(*) FROM presence WHERE note <> '') + (SELECT count(*) FROM case_event WHERE detail LIKE '%note%') + (SELECT count(*) FROM device_meta WHERE value = ?)", legacyToken).Scan(&k); err != nil {
		t.Fatal(err)
	}
	var flags int
	if err := h.QueryRow("SELECT count(*) FROM device_meta WHERE key = 'seal_sync'").Scan(&flags); err != nil {
		t.Fatal(err)
	}
	return n + k, flags == 1
}

// TestLegacySyncDataSealed: a database a plaintext version left (at
// migration 00012) opens locked without harm; the first unlock seals its
// outbox, row clocks, callbacks, presence note, duty note and token, and
// everything reads back; a second unlock changes nothing.
func TestLegacySyncDataSealed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	const n = 50
	legacyDB(t, dir, n)
	path := filepath.Join(dir, FileName)

	locked, err := Open(ctx, dir, Options{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatalf("a legacy database opens locked: %v", err)
	}
	if ss, err := locked.SyncState(ctx); err != nil || !ss.Enrolled() || ss.Token != "" {
		t.Fatalf("sync state of a locked legacy store: %+v %v", ss, err)
	}
	locked.Close()
	if left, pending := plainLeft(t, path); left != 3*n+3 || !pending {
		t.Fatalf("before the unlock: %d values in the clear (want %d), pending %v", left, 3*n+3, pending)
	}

	c := testCipher(t)
	s, err := Open(ctx, dir, Options{Now: func() time.Time { return t0 }, Cipher: c})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if left, pending := plainLeft(t, path); left != 0 || pending {
		t.Fatalf("after the unlock: %d values in the clear, pending %v", left, pending)
	}
	cb, err := s.Callback(ctx, "cb-00007")
	if err != nil || cb.Name != legacyName || cb.Phone != legacyPhone || cb.Topic != "temat" {
		t.Fatalf("callback after sealing: %+v %v", cb, err)
	}
	if p, err := s.Presence(ctx, "s1"); err != nil || p.Note != legacyNote {
		t.Fatalf("presence after sealing: %+v %v", p, err)
	}
	if ev, err := s.CaseEvents(ctx, "c1"); err != nil || len(ev) != 1 || !strings.Contains(ev[0].Detail, legacyDuty) {
		t.Fatalf("duty after sealing: %+v %v", ev, err)
	}
	if ss, err := s.SyncState(ctx); err != nil || ss.Token != legacyToken {
		t.Fatalf("token after sealing: %q %v", ss.Token, err)
	}
	ops, err := s.OutboxAfter(ctx, 0, 1000)
	if err != nil || len(ops) != n || !bytes.Contains(ops[3].Payload, []byte(legacyPhone)) {
		t.Fatalf("outbox after sealing: %d ops %v", len(ops), err)
	}
	var row []byte
	if err := s.InTx(ctx, func(tx *Tx) error {
		r, err := tx.rowClock(ctx, "callback", "cb-00003")
		if err == nil && string(r["phone"].V) != `"`+legacyPhone+`"` {
			err = fmt.Errorf("row clock %v", r)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.w.QueryRow("SELECT payload FROM outbox WHERE op_id = 'op-00003'").Scan(&row); err != nil {
		t.Fatal(err)
	}
	s.Lock()
	if err := s.Unlock(ctx, c); err != nil {
		t.Fatal(err)
	}
	var again []byte
	if err := s.w.QueryRow("SELECT payload FROM outbox WHERE op_id = 'op-00003'").Scan(&again); err != nil || !bytes.Equal(row, again) {
		t.Fatalf("a second unlock sealed again (%v)", err)
	}
}

const envSealKill = "OKIENKO_SEAL_KILL_DIR"

// TestKillDuringLegacySealing kills (SIGKILL) a process at random moments
// while its first unlock seals a legacy database of some thousands of
// rows, and checks after each kill that the database opens and holds
// either everything in the clear, still pending, or everything sealed,
// never a part; the next unlock then seals it and everything reads.
func TestKillDuringLegacySealing(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes")
	}
	ctx := context.Background()
	pristine := t.TempDir()
	const n = 4000
	legacyDB(t, pristine, n)
	code := keys.NewRecoveryCode()
	dk := keys.NewDataKey()
	ks, err := keys.NewKeySet("test-device", dk, code, auth.Params{Time: 1, Memory: 1024, Threads: 1, KeyLen: 32, SaltLen: 16})
	if err != nil {
		t.Fatal(err)
	}
	c, err := keys.NewCipher(dk)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(17, uint64(time.Now().UnixNano())))
	outcomes := map[string]int{}
	var took time.Duration
	for round := range 9 {
		dir := t.TempDir()
		raw, err := os.ReadFile(filepath.Join(pristine, FileName))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, FileName), raw, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := keyfile.Write(dir, ks); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestLegacySealingChild$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), envSealKill+"="+dir, "OKIENKO_SEAL_KILL_CODE="+code.String())
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		for lines.Scan() && lines.Text() != "unlocking" {
		}
		// The first round runs to the end and times it; the others are
		// killed at a random moment of that time (a little more), so the
		// kill falls before, during or after the sealing.
		start := time.Now()
		if round == 0 {
			for lines.Scan() && lines.Text() != "sealed" {
			}
			took = time.Since(start)
		} else {
			time.Sleep(time.Duration(rng.Int64N(int64(took) * 6 / 5)))
		}
		_ = cmd.Process.Signal(syscall.SIGKILL)
		go func() {
			for lines.Scan() {
			}
		}()
		_ = cmd.Wait()

		s, err := Open(ctx, dir, Options{Now: func() time.Time { return t0 }})
		if err != nil {
			t.Fatalf("round %d: the database does not open after the kill: %v", round, err)
		}
		s.Close()
		switch left, pending := plainLeft(t, filepath.Join(dir, FileName)); {
		case left == 3*n+3 && pending:
			outcomes["in the clear"]++
		case left == 0 && !pending:
			outcomes["sealed"]++
		default:
			t.Fatalf("round %d: %d values in the clear, pending %v: sealed in part", round, left, pending)
		}
		s, err = Open(ctx, dir, Options{Now: func() time.Time { return t0 }, Cipher: c})
		if err != nil {
			t.Fatalf("round %d: unlock after the kill: %v", round, err)
		}
		cb, err := s.Callback(ctx, fmt.Sprintf("cb-%05d", n-1))
		s.Close()
		if err != nil || cb.Phone != legacyPhone {
			t.Fatalf("round %d: after the next unlock: %+v %v", round, cb, err)
		}
		if left, pending := plainLeft(t, filepath.Join(dir, FileName)); left != 0 || pending {
			t.Fatalf("round %d: the next unlock left %d values in the clear", round, left)
		}
	}
	t.Logf("outcomes after the kills: %v (the child took %s)", outcomes, took)
}

// TestLegacySealingChild is the process TestKillDuringLegacySealing kills.
func TestLegacySealingChild(t *testing.T) {
	dir := os.Getenv(envSealKill)
	if dir == "" {
		t.Skip("started only by TestKillDuringLegacySealing")
	}
	code, err := keys.ParseRecoveryCode(os.Getenv("OKIENKO_SEAL_KILL_CODE"))
	if err != nil {
		t.Fatal(err)
	}
	ks, _, err := keyfile.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	dk, err := ks.UnwrapRecovery(code)
	if err != nil {
		t.Fatal(err)
	}
	c, err := keys.NewCipher(dk)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("unlocking")
	s, err := Open(context.Background(), dir, Options{Cipher: c})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	fmt.Println("sealed")
}

// TestSnapshotSealedOnImport: the registry's copy holds a callback, a
// presence note and a duty's note in the clear; a device taking it seals
// them as it copies (no value in the clear in its columns or row clocks)
// and reads them back; events without a note keep their detail as it is.
func TestSnapshotSealedOnImport(t *testing.T) {
	ctx := context.Background()
	src := openPlain(t)
	f := newFixture()
	f.save(t, src)
	k := newCaseFixture(t, src, f)
	duty := cases.Duty{From: f.staff.ID, To: f.staff.ID + "x", Note: legacyDuty}
	err := src.InTx(ctx, func(tx *Tx) error {
		if err := tx.SaveCallback(ctx, f.office.ID, callbacks.Callback{ID: "cb-1", Name: legacyName, Phone: legacyPhone, Topic: "temat",
			From: t0.Add(time.Hour), AssigneeID: f.staff.ID, CreatedBy: f.staff.ID, Status: callbacks.Open}); err != nil {
			return err
		}
		if err := tx.SavePresence(ctx, f.office.ID, presence.Presence{StaffID: f.staff.ID, Away: true, Until: t0.Add(time.Hour), Note: legacyNote}); err != nil {
			return err
		}
		if err := tx.AppendCaseEvent(ctx, cases.Event{CaseID: k.cs.ID, Kind: cases.EventHandedOver, StaffID: f.staff.ID, Detail: duty.JSON()}); err != nil {
			return err
		}
		return tx.SetCursor(ctx, 7)
	})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "snap.db")
	if err := src.WriteSnapshot(ctx, path); err != nil {
		t.Fatal(err)
	}
	dst := openTest(t)
	if err := dst.ImportSnapshot(ctx, os.DirFS(filepath.Dir(path)), filepath.Base(path), f.office.ID, 7, nil); err != nil {
		t.Fatal(err)
	}
	h, err := sql.Open("sqlite", "file:"+dst.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	for _, q := range []string{"SELECT sealed FROM callback", "SELECT sealed FROM presence", "SELECT sealed FROM case_event",
		"SELECT detail FROM case_event", "SELECT fields FROM row_clock", "SELECT name || phone FROM callback", "SELECT note FROM presence"} {
		rows, err := h.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var raw []byte
			if err := rows.Scan(&raw); err != nil {
				t.Fatal(err)
			}
			for _, m := range []string{legacyName, legacyPhone, legacyNote, legacyDuty} {
				if bytes.Contains(raw, []byte(m)) {
					t.Errorf("%s: %q in the clear after the import", q, m)
				}
			}
		}
		rows.Close()
	}
	cb, err := dst.Callback(ctx, "cb-1")
	if err != nil || cb.Name != legacyName || cb.Phone != legacyPhone {
		t.Fatalf("callback after the import: %+v %v", cb, err)
	}
	if p, err := dst.Presence(ctx, f.staff.ID); err != nil || p.Note != legacyNote {
		t.Fatalf("presence after the import: %+v %v", p, err)
	}
	events, err := dst.CaseEvents(ctx, k.cs.ID)
	if err != nil || len(events) == 0 {
		t.Fatal(err)
	}
	for _, e := range events {
		if e.Kind == cases.EventHandedOver && e.Detail != duty.JSON() {
			t.Fatalf("the handover after the import: %s", e.Detail)
		}
	}
	want, err := src.CaseEvents(ctx, k.cs.ID)
	if err != nil || len(want) != len(events) {
		t.Fatalf("%d events on the device, %d in the snapshot (%v)", len(events), len(want), err)
	}
	for i := range want {
		if want[i].Detail != events[i].Detail {
			t.Fatalf("event %s: %q on the device, %q in the snapshot", want[i].Kind, events[i].Detail, want[i].Detail)
		}
	}
}
