package db

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"okienko/app/audit"
	"okienko/app/callbacks"
	"okienko/app/cases"
	"okienko/app/casesign"
	"okienko/app/catalog"
	"okienko/app/complaints"
	"okienko/app/letters"
	"okienko/app/office"
	"okienko/app/presence"
	"okienko/app/survey"
	"okienko/app/visits"
	"okienko/sync/merge"
)

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), t.TempDir(), Options{Now: func() time.Time { return t0 }, Cipher: testCipher(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// fixture is a minimal office with one unit and one staff member.
type fixture struct {
	office office.Office
	unit   office.Unit
	staff  office.Staff
}

func newFixture() fixture {
	o := office.Office{ID: NewID(), Name: "Urząd Gminy Testowo", Street: "Rynek 1", PostalCode: "99-300", City: "Testowo",
		TERYT: "1099012", FeeAccount: "37888800012026000000000000"}
	u := office.Unit{ID: NewID(), Symbol: "SO", Name: "Referat Spraw Obywatelskich"}
	st := office.Staff{ID: NewID(), Login: "anowak", FirstName: "Anna", LastName: "Nowak", UnitID: u.ID, Role: office.RoleClerk,
		Competences: []string{"zameldowanie"}, Active: true}
	return fixture{o, u, st}
}

func (f fixture) save(t testing.TB, s *Store) {
	t.Helper()
	err := s.InTx(context.Background(), func(tx *Tx) error {
		if err := tx.SaveOffice(context.Background(), f.office); err != nil {
			return err
		}
		if err := tx.SaveUnit(context.Background(), f.office.ID, f.unit); err != nil {
			return err
		}
		return tx.SaveStaff(context.Background(), f.office.ID, f.staff, "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$a2V5")
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testCard() catalog.Card {
	return catalog.Card{Code: "zameldowanie", Version: 1, Title: "Zameldowanie", Unit: "SO", JRWA: "5351",
		Form: catalog.Form{Schema: []byte(`{"type":"object","properties":{"a":{"type":"string"}}}`)}}
}

func TestOpenSetsPragmas(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for _, c := range []struct {
		db     string
		pragma string
		want   string
	}{
		{"w", "journal_mode", "wal"}, {"w", "foreign_keys", "1"}, {"w", "busy_timeout", "5000"}, {"w", "synchronous", "1"},
		{"w", "secure_delete", "1"}, {"w", "temp_store", "2"},
		{"r", "foreign_keys", "1"}, {"r", "query_only", "1"}, {"r", "busy_timeout", "5000"}, {"r", "temp_store", "2"},
	} {
		conn := s.w
		if c.db == "r" {
			conn = s.r
		}
		var got string
		if err := conn.QueryRowContext(ctx, "PRAGMA "+c.pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s PRAGMA %s = %s, want %s", c.db, c.pragma, got, c.want)
		}
	}
	if _, err := s.r.ExecContext(ctx, "DELETE FROM device_meta"); err == nil {
		t.Error("reader pool accepted a write")
	}
}

// TestTablesStrictAndCommented reads the schema back from SQLite.
func TestTablesStrictAndCommented(t *testing.T) {
	s := openTest(t)
	// FTS5 virtual tables and their shadow tables are SQLite's own format.
	rows, err := s.r.Query(`SELECT name, sql FROM sqlite_schema WHERE type = 'table'
		AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version'
		AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT LIKE '%_fts_%'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var name, sql string
		if err := rows.Scan(&name, &sql); err != nil {
			t.Fatal(err)
		}
		n++
		if last := sql[strings.LastIndex(sql, ")"):]; !strings.Contains(last, "STRICT") {
			t.Errorf("table %s is not STRICT", name)
		}
		if !strings.Contains(strings.SplitN(sql, "\n", 2)[0], "--") {
			t.Errorf("table %s has no comment on its first line", name)
		}
	}
	if n < 8 {
		t.Fatalf("only %d tables", n)
	}
}

// TestSyncedTablesRegistered: any table with the sync columns must be in
// SyncedTables, so a new table cannot silently skip the outbox.
func TestSyncedTablesRegistered(t *testing.T) {
	s := openTest(t)
	rows, err := s.r.Query(`SELECT m.name FROM sqlite_schema m WHERE m.type = 'table'
		AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'id')
		AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'updated_at')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	found := map[string]bool{}
	for rows.Next() {
		var name string
		rows.Scan(&name)
		found[name] = true
		if _, ok := SyncedTables[name]; !ok {
			t.Errorf("table %s has id/updated_at but is not in SyncedTables", name)
		}
	}
	for name := range SyncedTables {
		if !found[name] {
			t.Errorf("SyncedTables lists %s, which lacks id/created_at/updated_at", name)
		}
	}
}

// writeLog installs triggers (test database only) that log every write to a
// synced table, so the outbox check sees writes no matter which code did them.
func writeLog(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE test_writes (tbl TEXT, row_id TEXT)`); err != nil {
		t.Fatal(err)
	}
	for tbl := range SyncedTables {
		for _, ev := range []string{"INSERT", "UPDATE"} {
			q := fmt.Sprintf(`CREATE TRIGGER test_%s_%s AFTER %s ON %s BEGIN INSERT INTO test_writes VALUES ('%s', NEW.id); END`,
				tbl, strings.ToLower(ev), ev, tbl, tbl)
			if _, err := s.w.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		q := fmt.Sprintf(`CREATE TRIGGER test_%s_delete AFTER DELETE ON %s BEGIN INSERT INTO test_writes VALUES ('%s', OLD.id); END`, tbl, tbl, tbl)
		if _, err := s.w.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
}

// unrecorded runs fn in a transaction and returns the writes to synced
// tables that have no outbox row from the same transaction.
func unrecorded(t *testing.T, s *Store, fn func(*Tx) error) (writes int, missing []string) {
	t.Helper()
	ctx := context.Background()
	var before int64
	s.w.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM outbox`).Scan(&before)
	s.w.ExecContext(ctx, `DELETE FROM test_writes`)
	if err := s.InTx(ctx, fn); err != nil {
		t.Fatal(err)
	}
	rows, err := s.w.QueryContext(ctx, `SELECT w.tbl, w.row_id,
		EXISTS (SELECT 1 FROM outbox o WHERE o.seq > ? AND o.entity = w.tbl AND o.entity_id = w.row_id)
		FROM test_writes w`, before)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var tbl, id string
		var ok bool
		rows.Scan(&tbl, &id, &ok)
		writes++
		if !ok {
			missing = append(missing, tbl+"/"+id)
		}
	}
	return writes, missing
}

// TestEveryWriteHasOutboxRow is the proof the sync issue builds on: every
// exported write method of Tx is exercised, and each write it makes to a
// synced table must come with an outbox row in the same transaction. A Tx
// method without a case here fails the test, so new methods are covered.
func TestEveryWriteHasOutboxRow(t *testing.T) {
	s := openTest(t)
	writeLog(t, s)
	ctx := context.Background()
	f := newFixture()
	f.save(t, s)
	k := newCaseFixture(t, s, f)

	writes := map[string]func(tx *Tx) error{
		"SaveOffice": func(tx *Tx) error { o := f.office; o.Name += " (zm.)"; return tx.SaveOffice(ctx, o) },
		"SaveUnit":   func(tx *Tx) error { u := f.unit; u.Room = "5"; return tx.SaveUnit(ctx, f.office.ID, u) },
		"SaveStaff": func(tx *Tx) error {
			st := f.staff
			st.PhoneExt = "105"
			return tx.SaveStaff(ctx, f.office.ID, st, "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$a2V5")
		},
		"SetPasswordHash": func(tx *Tx) error {
			return tx.SetPasswordHash(ctx, f.office.ID, f.staff.ID, "$argon2id$v=19$m=2048,t=1,p=1$c2FsdA$a2V5")
		},
		"AddCardVersion": func(tx *Tx) error {
			c := testCard()
			c.Version = 2
			_, err := tx.AddCardVersion(ctx, f.office.ID, f.unit.ID, c)
			return err
		},
		"SetSetting": func(tx *Tx) error { return tx.SetSetting(ctx, f.office.ID, "autoLockMinutes", "7") },
		"Audit":      func(tx *Tx) error { return tx.Audit(ctx, f.office.ID, audit.Entry{Action: audit.SignIn}) },
		"SaveClient": func(tx *Tx) error { cl := k.client; cl.Phone = "600100200"; return tx.SaveClient(ctx, f.office.ID, cl) },
		"InsertCase": func(tx *Tx) error {
			cs := k.newCase(f)
			cs.Sign.No = 900
			return tx.InsertCase(ctx, f.office.ID, cs)
		},
		"UpdateCaseProgress": func(tx *Tx) error {
			cs := k.cs
			cs.Status = cases.InProgress
			return tx.UpdateCaseProgress(ctx, f.office.ID, cs)
		},
		"AppendCaseEvent": func(tx *Tx) error {
			return tx.AppendCaseEvent(ctx, cases.Event{CaseID: k.cs.ID, Kind: cases.EventPrinted, StaffID: f.staff.ID})
		},
		"HandOverCase": func(tx *Tx) error {
			cs := k.cs
			cs.AssigneeID = f.staff.ID
			d := cases.Duty{From: k.cs.AssigneeID, To: f.staff.ID, Note: "urlop"}
			return tx.HandOverCase(ctx, f.office.ID, cs, cases.Event{CaseID: cs.ID, Kind: cases.EventHandedOver, StaffID: f.staff.ID, Detail: d.JSON()})
		},
		"ReserveNumbers": func(tx *Tx) error {
			return tx.ReserveNumbers(ctx, f.office.ID, casesign.Register{Unit: "SO", JRWA: "5352", Year: 2027}, 1, 3)
		},
		"CancelReservedBefore": func(tx *Tx) error {
			if err := tx.ReserveNumbers(ctx, f.office.ID, casesign.Register{Unit: "SO", JRWA: "5352", Year: 2020}, 1, 2); err != nil {
				return err
			}
			_, err := tx.CancelReservedBefore(ctx, f.office.ID, 2026, "year_end")
			return err
		},
		"FinalizeSign": func(tx *Tx) error {
			cs := k.newCase(f)
			cs.Provisional, cs.Sign.No = true, 0
			if err := tx.InsertCase(ctx, f.office.ID, cs); err != nil {
				return err
			}
			return tx.FinalizeSign(ctx, f.office.ID, cs, 902)
		},
		"TakeNumber": func(tx *Tx) error {
			reg := casesign.Register{Unit: "SO", JRWA: "5352", Year: 2029}
			if err := tx.ReserveNumbers(ctx, f.office.ID, reg, 1, 1); err != nil {
				return err
			}
			cs := k.newCase(f)
			cs.Sign = casesign.Sign{Register: reg, No: 1}
			if err := tx.InsertCase(ctx, f.office.ID, cs); err != nil {
				return err
			}
			_, err := tx.TakeNumber(ctx, f.office.ID, reg, cs.ID)
			return err
		},
		"SaveCallback": func(tx *Tx) error {
			return tx.SaveCallback(ctx, f.office.ID, callbacks.Callback{Name: "Jan Kowalski", Phone: "+48600100200", Topic: "zasiłek",
				From: tx.Now().Add(time.Hour), AssigneeID: f.staff.ID, CreatedBy: f.staff.ID, Status: callbacks.Open})
		},
		"SaveVisit": func(tx *Tx) error {
			return tx.SaveVisit(ctx, f.office.ID, visits.Visit{Channel: visits.Phone, Client: "Józef Łęcki", Address: "ul. Długa 5",
				Phone: "+48600100200", Matter: "dowód", Reason: "choroba", CreatedBy: f.staff.ID, CreatedAt: tx.Now(), Status: visits.Requested})
		},
		"IssueVisitAuth": func(tx *Tx) error {
			_, err := tx.IssueVisitAuth(ctx, f.office.ID, visits.Authorization{VisitID: NewID(), Year: 2026, StaffID: f.staff.ID,
				ValidFrom: "2026-11-24", ValidUntil: "2026-11-24", IssuedBy: f.staff.ID, IssuedAt: tx.Now()})
			return err
		},
		"SaveVisitAuth": func(tx *Tx) error {
			return tx.SaveVisitAuth(ctx, f.office.ID, visits.Authorization{ID: NewID(), VisitID: NewID(), Series: "ABCDEF", Seq: 9, Year: 2026,
				StaffID: f.staff.ID, ValidFrom: "2026-11-24", ValidUntil: "2026-11-24", IssuedBy: f.staff.ID, IssuedAt: tx.Now(), Status: visits.AuthIssued})
		},
		"SaveComplaint": func(tx *Tx) error {
			return tx.SaveComplaint(ctx, f.office.ID, complaints.Entry{Kind: complaints.Complaint, Channel: complaints.Post,
				ReceivedOn: "2026-11-23", Name: "Jan Kowalski", Address: "ul. Polna 5", Subject: "przewlekłość",
				Competent: true, Status: complaints.Registered, DueOn: "2026-12-23", CreatedBy: f.staff.ID})
		},
		"SavePresence": func(tx *Tx) error {
			return tx.SavePresence(ctx, f.office.ID, presence.Presence{StaffID: f.staff.ID, Away: true, Until: tx.Now().Add(time.Hour)})
		},
		"SaveLetter": func(tx *Tx) error {
			_, err := tx.SaveLetter(ctx, f.office.ID, letters.Letter{ReceivedAt: tx.Now(), Channel: letters.Email, Sender: "Jan Kowalski",
				Subject: "meldunek", AssigneeID: f.staff.ID, CreatedBy: f.staff.ID, Rule: letters.RuleEmail24h, DueAt: tx.Now().Add(72 * time.Hour), Status: letters.Open})
			return err
		},
		"AddSurveyAnswer": func(tx *Tx) error {
			_, err := tx.AddSurveyAnswer(ctx, f.office.ID, survey.Answer{At: tx.Now(), Source: survey.Screen, ScreenID: "s", Lang: "pl",
				Scores: map[survey.Question]int{survey.Overall: 5}})
			return err
		},
		// Not a Tx method, but the registration path's number source.
		"LocalNumbers.Take": func(tx *Tx) error {
			cs := k.newCase(f)
			cs.Sign.No = 901
			if err := tx.InsertCase(ctx, f.office.ID, cs); err != nil {
				return err
			}
			_, err := LocalNumbers{Block: 2}.Take(ctx, tx, f.office.ID, casesign.Register{Unit: "SO", JRWA: "5352", Year: 2028}, cs.ID)
			return err
		},
	}
	// Methods that write only device-local tables, or nothing.
	local := map[string]func(tx *Tx) error{
		"SetLoginThrottle": func(tx *Tx) error { return tx.SetLoginThrottle(ctx, "anowak", Throttle{Failures: 2}) },
		"Emit":             func(tx *Tx) error { tx.Emit("x", nil); return nil },
		"Now":              func(tx *Tx) error { tx.Now(); return nil },
		"DeleteDraft":      func(tx *Tx) error { return tx.DeleteDraft(ctx, "no-such-draft") },
		"SetCursor":        func(tx *Tx) error { return tx.SetCursor(ctx, 7) },
		"SetLastSync":      func(tx *Tx) error { return tx.SetLastSync(ctx, "2026-11-23T09:00:00Z") },
		"SetGeneration":    func(tx *Tx) error { return tx.SetGeneration(ctx, "0123456789abcdef0123456789abcdef", 3) },
		"AddSkipped":       func(tx *Tx) error { return tx.AddSkipped(ctx, 2) },
		"SetLocalSetting":  func(tx *Tx) error { return tx.SetLocalSetting(ctx, "autoLockMinutes", "7") },
		"ForgetToken":      func(tx *Tx) error { return tx.ForgetToken(ctx) },
		"SetPin":           func(tx *Tx) error { return tx.SetPin(ctx, "") },
		"DeviceID":         func(tx *Tx) error { tx.DeviceID(); return nil },
		// The queue's tickets never sync (queue_ticket): they go to the
		// registry through its queue routes.
		"QueueInsert": func(tx *Tx) error { return tx.QueueInsert(ctx, queueFixture("qt-insert")) },
		"QueueNextNumber": func(tx *Tx) error {
			_, err := tx.QueueNextNumber(ctx, f.office.ID, "2026-11-23", "A", false)
			return err
		},
		"QueueCall": func(tx *Tx) error {
			if err := tx.QueueInsert(ctx, queueFixture("qt-call")); err != nil {
				return err
			}
			return tx.QueueCall(ctx, "qt-call", "S1")
		},
		"QueueMark": func(tx *Tx) error {
			if err := tx.QueueInsert(ctx, queueFixture("qt-mark")); err != nil {
				return err
			}
			if err := tx.QueueCall(ctx, "qt-mark", "S1"); err != nil {
				return err
			}
			return tx.QueueMark(ctx, "qt-mark", "served", "", "S1")
		},
		"QueueReported": func(tx *Tx) error { return tx.QueueReported(ctx, "no-such-ticket") },
		// Enrolling a device that has cases is refused; the refusal writes nothing.
		"Enroll": func(tx *Tx) error { _ = tx.Enroll(ctx, "http://x", "t", f.office.ID); return nil },
	}
	// Resetting a device before it enrolls deletes reference data without
	// outbox rows (it never syncs); covered by TestClearReferenceData.
	resets := map[string]bool{"ClearReferenceData": true}
	// Removing the cases outside the device's scope deletes rows the
	// registry keeps; covered by TestForget* (scope_test.go).
	for _, name := range []string{"ForgetCases", "ForgetPending", "DropClosed"} {
		resets[name] = true
	}
	local["SetSyncScope"] = func(tx *Tx) error { return tx.SetSyncScope(ctx, "s1-test") }
	local["PrefetchRowClocks"] = func(tx *Tx) error { return tx.PrefetchRowClocks(ctx, [][2]string{{"unit", f.unit.ID}}) }
	// Methods that store rows received from the registry: they write synced
	// tables without outbox rows, or every change would echo back.
	remote := map[string]func(tx *Tx) error{
		"ApplyRemote": func(tx *Tx) error {
			_, err := tx.ApplyRemote(ctx, "unit", f.unit.ID, merge.Row{
				"id": {V: []byte(`"` + f.unit.ID + `"`), H: "0fffffffffff0000-registry"}, "officeId": {V: []byte(`"` + f.office.ID + `"`), H: "0fffffffffff0000-registry"},
				"symbol": {V: []byte(`"SO"`), H: "0fffffffffff0000-registry"}, "name": {V: []byte(`"Referat z rejestru"`), H: "0fffffffffff0000-registry"}})
			return err
		},
		"ApplyRemoteRow": func(tx *Tx) error {
			h := "0fffffffffff0000-registry"
			_, err := tx.ApplyRemoteRow(ctx, s.PrepareRemote("unit", "u-prepared", merge.Row{
				"id": {V: []byte(`"u-prepared"`), H: h}, "officeId": {V: []byte(`"` + f.office.ID + `"`), H: h},
				"symbol": {V: []byte(`"SP"`), H: h}, "name": {V: []byte(`"Referat przygotowany"`), H: h}}))
			return err
		},
	}
	readers := map[string]bool{}
	rt := reflect.TypeOf(reader{})
	for i := 0; i < rt.NumMethod(); i++ {
		readers[rt.Method(i).Name] = true
	}
	tt := reflect.TypeOf(&Tx{})
	for i := 0; i < tt.NumMethod(); i++ {
		name := tt.Method(i).Name
		if readers[name] {
			continue
		}
		if writes[name] == nil && local[name] == nil && remote[name] == nil && !resets[name] {
			t.Errorf("Tx.%s has no case in TestEveryWriteHasOutboxRow: add it to writes or local", name)
		}
	}
	for name, fn := range writes {
		n, missing := unrecorded(t, s, fn)
		if n == 0 {
			t.Errorf("%s wrote no synced row: the case proves nothing", name)
		}
		if len(missing) > 0 {
			t.Errorf("%s wrote %v without an outbox row", name, missing)
		}
	}
	for name, fn := range local {
		if n, _ := unrecorded(t, s, fn); n != 0 {
			t.Errorf("%s, listed as local, wrote %d synced rows", name, n)
		}
	}
	for name, fn := range remote {
		n, missing := unrecorded(t, s, fn)
		if n == 0 || len(missing) != n {
			t.Errorf("%s wrote %d synced rows, %d of them without outbox rows: want some, all without", name, n, len(missing))
		}
	}
}

// TestOutboxCheckCanFail is the negative control: a write that bypasses the
// store's methods is caught by the same check.
func TestOutboxCheckCanFail(t *testing.T) {
	s := openTest(t)
	writeLog(t, s)
	f := newFixture()
	f.save(t, s)
	_, missing := unrecorded(t, s, func(tx *Tx) error {
		return tx.q.UnitUpsert(context.Background(), unitParams(f))
	})
	if len(missing) != 1 || !strings.HasPrefix(missing[0], "unit/") {
		t.Fatalf("bypassing write not detected: %v", missing)
	}
}

func TestOutboxRows(t *testing.T) {
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	ops, err := s.OutboxFor(context.Background(), "staff", f.staff.ID)
	if err != nil || len(ops) != 1 {
		t.Fatalf("outbox for staff: %v %v", ops, err)
	}
	op := ops[0]
	if _, err := uuid.Parse(op.OpID); err != nil || uuid.MustParse(op.OpID).Version() != 7 {
		t.Errorf("op id %q is not a UUIDv7", op.OpID)
	}
	if uuid.MustParse(f.staff.ID).Version() != 7 {
		t.Errorf("NewID is not v7")
	}
	if op.Op != OpUpsert || op.State != "pending" || !strings.Contains(string(op.Payload), `"login":"anowak"`) || op.HLC == "" {
		t.Errorf("op = %+v", op)
	}
	n, _ := s.PendingOps(context.Background())
	if n != 3 {
		t.Errorf("pending = %d, want 3 (office, unit, staff)", n)
	}
	// Audit entries are counted apart: the Synchronizacja screen says how
	// many of the pending changes they are.
	ctx := context.Background()
	for range 2 {
		if err := s.InTx(ctx, func(tx *Tx) error {
			return tx.Audit(ctx, f.office.ID, audit.Entry{StaffID: f.staff.ID, Action: audit.CardView, ObjectType: "service_card", ObjectID: "x"})
		}); err != nil {
			t.Fatal(err)
		}
	}
	all, _ := s.PendingOps(ctx)
	logged, err := s.PendingOpsOf(ctx, "audit_log")
	if all != 5 || logged != 2 || err != nil {
		t.Errorf("pending %d, of them audit entries %d (%v); want 5 and 2", all, logged, err)
	}
}

func TestInTxRollsBackEverything(t *testing.T) {
	s := openTest(t)
	f := newFixture()
	boom := errors.New("boom")
	err := s.InTx(context.Background(), func(tx *Tx) error {
		if err := tx.SaveOffice(context.Background(), f.office); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if _, err := s.Office(context.Background()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("office after rollback: %v", err)
	}
	if n, _ := s.PendingOps(context.Background()); n != 0 {
		t.Fatalf("outbox rows after rollback: %d", n)
	}
}

func TestEventsOnlyAfterCommit(t *testing.T) {
	var got []Event
	s, err := Open(context.Background(), t.TempDir(), Options{OnCommit: func(e []Event) { got = append(got, e...) }, Cipher: testCipher(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_ = s.InTx(context.Background(), func(tx *Tx) error { tx.Emit("lost", nil); return errors.New("rollback") })
	if len(got) != 0 {
		t.Fatalf("event from a rolled-back tx delivered: %v", got)
	}
	_ = s.InTx(context.Background(), func(tx *Tx) error { tx.Emit("kept", 1); return nil })
	if len(got) != 1 || got[0].Name != "kept" {
		t.Fatalf("events = %v", got)
	}
}

func TestNotFound(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if _, err := s.Office(ctx); !errors.Is(err, ErrNotFound) {
		t.Errorf("Office: %v", err)
	}
	if _, err := s.Card(ctx, NewID()); !errors.Is(err, ErrNotFound) {
		t.Errorf("Card: %v", err)
	}
	if _, err := s.StaffByID(ctx, NewID()); !errors.Is(err, ErrNotFound) {
		t.Errorf("StaffByID: %v", err)
	}
	if _, _, err := s.Credentials(ctx, "nikt"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Credentials: %v", err)
	}
	if _, err := s.Setting(ctx, NewID(), "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Setting: %v", err)
	}
}

func TestCardVersionsImmutable(t *testing.T) {
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	ctx := context.Background()
	add := func(c catalog.Card) error {
		return s.InTx(ctx, func(tx *Tx) error { _, err := tx.AddCardVersion(ctx, f.office.ID, f.unit.ID, c); return err })
	}
	c := testCard()
	if err := add(c); err != nil {
		t.Fatal(err)
	}
	if err := add(c); err == nil {
		t.Fatal("the same version stored twice")
	}
	c.Version, c.Title = 2, "Zameldowanie na pobyt stały"
	if err := add(c); err != nil {
		t.Fatal(err)
	}
	cur, err := s.CurrentCards(ctx, f.office.ID)
	if err != nil || len(cur) != 1 || cur[0].Card.Version != 2 {
		t.Fatalf("current = %+v, %v", cur, err)
	}
	vs, _ := s.StoredVersions(ctx, f.office.ID)
	if len(vs["zameldowanie"]) != 2 || vs["zameldowanie"][0].Hash == vs["zameldowanie"][1].Hash {
		t.Fatalf("versions = %+v", vs)
	}
}

func TestDeviceIDAndClockSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	c := testCipher(t)
	s, err := Open(ctx, dir, Options{Now: func() time.Time { return t0 }, Cipher: c})
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture()
	f.save(t, s)
	id, last := s.DeviceID(), s.Clock().Last()
	s.Close()
	// The wall clock went back an hour meanwhile.
	s2, err := Open(ctx, dir, Options{Now: func() time.Time { return t0.Add(-time.Hour) }, Cipher: c})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if s2.DeviceID() != id {
		t.Fatal("device id changed across restart")
	}
	if s2.Clock().Now().Compare(last) <= 0 {
		t.Fatal("HLC went backwards across restart")
	}
}
