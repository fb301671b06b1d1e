package registry

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"okienko/app/cases"
	"okienko/app/casesign"
	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/protocol"
	"okienko/sync/registry/sqlitestore"
	"okienko/sync/registry/store"
	"okienko/sync/synctest/rows"
)

// checkWorld is a registry with an office, the rows cases refer to, and
// one device, for tests of the checks of meaning.
type checkWorld struct {
	r      *Registry
	st     *sqlitestore.Store
	office string
	refs   rows.Refs
	dev    store.Device
	tick   uint16
}

func newCheckWorld(tb testing.TB) *checkWorld {
	tb.Helper()
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	office := newID()
	if err := st.CreateOffice(ctx, store.Office{ID: office, Name: "Urząd", TERYT: "1099012"}); err != nil {
		tb.Fatal(err)
	}
	w := &checkWorld{st: st, office: office, refs: rows.NewRefs()}
	if err := rows.Seed(ctx, st, office, w.refs); err != nil {
		tb.Fatal(err)
	}
	code := newID()
	if err := st.AddEnrollment(ctx, store.Enrollment{CodeHash: code, OfficeID: office, ExpiresAt: testNow.Add(time.Hour)}); err != nil {
		tb.Fatal(err)
	}
	if w.dev, err = st.Enroll(ctx, code, store.Device{ID: newID(), TokenHash: "t"}, testNow); err != nil {
		tb.Fatal(err)
	}
	// The seeded clerk signs in on the device, as a device's people do.
	if err := st.SetDevicePeople(ctx, w.dev.ID, []string{w.refs.StaffID}); err != nil {
		tb.Fatal(err)
	}
	w.r = New(st, Options{Now: func() time.Time { return testNow }})
	return w
}

// push applies one op of the device and returns its result.
func (w *checkWorld) push(tb testing.TB, op protocol.Op) protocol.OpResult {
	tb.Helper()
	resp, err := w.r.Push(context.Background(), w.dev, protocol.PushRequest{BatchID: newID(), Ops: []protocol.Op{op}})
	if err != nil {
		tb.Fatal(err)
	}
	return resp.Results[0]
}

func (w *checkWorld) op(entity, id string, fields map[string]json.RawMessage) protocol.Op {
	w.tick++
	kind := protocol.Upsert
	if protocol.Entities[entity] == protocol.Append {
		kind = protocol.Append
	}
	return protocol.Op{ID: newID(), Entity: entity, EntityID: id, Kind: kind,
		HLC: hlc.Timestamp{Wall: testNow.UnixMilli(), Counter: w.tick, Node: w.dev.ID}.String(), Fields: fields}
}

func with(f map[string]json.RawMessage, name, value string) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(f)+1)
	for k, v := range f {
		out[k] = v
	}
	out[name] = json.RawMessage(value)
	return out
}

// TestChecksOfMeaning: each rule refuses what breaks it, with a reason,
// and lets the legitimate row through.
func TestChecksOfMeaning(t *testing.T) {
	w := newCheckWorld(t)
	client, kase := newID(), newID()
	good := rows.Client(w.office, client, "Anna")
	goodCase := rows.Case(w.office, kase, client, w.refs, w.dev.ID, cases.Registered)
	event := func(id, caseID, kind string) map[string]json.RawMessage {
		return map[string]json.RawMessage{"id": json.RawMessage(`"` + id + `"`), "caseId": json.RawMessage(`"` + caseID + `"`),
			"kind": json.RawMessage(`"` + kind + `"`), "to": json.RawMessage(`"registered"`), "at": json.RawMessage(`"2026-11-23T09:00:00Z"`),
			"staffId": json.RawMessage(`"` + w.refs.StaffID + `"`)}
	}
	refuse := []struct {
		name   string
		entity string
		id     string
		fields map[string]json.RawMessage
	}{
		{"a PESEL with a wrong check digit", "client", newID(), with(rows.Client(w.office, "", "A"), "pesel", `"44051401358"`)},
		{"a person without a surname", "client", newID(), with(rows.Client(w.office, "", "A"), "lastName", `""`)},
		{"a field the client does not have", "client", newID(), with(good, "isAdmin", `true`)},
		{"a number where text goes", "client", newID(), with(good, "firstName", `42`)},
		{"a control character", "client", newID(), with(good, "city", `"Przyk\u0000ładowo"`)},
		{"a birth date as typed, not stored", "client", newID(), with(rows.Client(w.office, "", "A"), "birthDate", `"14.05.1944"`)},
		{"a birth date in the future", "client", newID(), with(rows.Client(w.office, "", "A"), "birthDate", `"2027-01-01"`)},
		{"a client of another office", "client", newID(), with(good, "officeId", `"`+newID()+`"`)},
		{"a case before its client", "case_file", newID(), goodCase},
		{"an event of no case", "case_event", "", event("", newID(), "registered")},
		{"an audit entry of nobody", "audit_log", newID(), map[string]json.RawMessage{"id": json.RawMessage(`"x"`), "officeId": json.RawMessage(`"` + w.office + `"`), "action": json.RawMessage(`"case.view"`), "at": json.RawMessage(`"2026-11-23T09:00:00Z"`)}},
	}
	for _, c := range refuse {
		if c.id == "" {
			c.id = newID()
		}
		if c.fields["id"] != nil && string(c.fields["id"]) == `""` {
			c.fields = with(c.fields, "id", `"`+c.id+`"`)
		}
		res := w.push(t, w.op(c.entity, c.id, c.fields))
		if res.Status != protocol.Rejected || res.Reason == "" {
			t.Errorf("%s: %+v, want rejected with a reason", c.name, res)
		}
		if strings.HasPrefix(c.name, "a birth date") && !strings.Contains(res.Reason, "birthDate") {
			t.Errorf("%s: %+v, want refused for its birth date", c.name, res)
		}
	}
	if res := w.push(t, w.op("client", client, good)); res.Status != protocol.Applied {
		t.Fatalf("a valid client: %+v", res)
	}
	// An edit of one field is not blocked by the rest of the row.
	if res := w.push(t, w.op("client", client, map[string]json.RawMessage{"phone": json.RawMessage(`"600100200"`)})); res.Status != protocol.Applied {
		t.Fatalf("a phone edit: %+v", res)
	}
	outsider := newID() // of the office, not allowed on this device
	w.putStaff(t, outsider, true)
	for name, f := range map[string]map[string]json.RawMessage{
		"a registrar not of this device":      with(goodCase, "registeredBy", `"`+outsider+`"`),
		"a date that does not exist":          with(goodCase, "dueOn", `"2026-02-30"`),
		"a final sign of a number not leased": with(with(with(goodCase, "provisional", "false"), "no", "7"), "sign", `"SO.5352.7.2026"`),
		"a provisional sign of another case":  with(goodCase, "sign", `"SO.5352.T-ABCDEF.2026"`),
		"a case that starts settled":          with(goodCase, "status", `"settled"`),
		"a case of another device":            with(goodCase, "deviceId", `"`+newID()+`"`),
		"a card that does not exist":          with(goodCase, "cardId", `"`+newID()+`"`),
		"a registrar who does not exist":      with(goodCase, "registeredBy", `"`+newID()+`"`),
		"a form that is a string":             with(goodCase, "form", `"x"`),
		// 31.12.2025 would pass as unexpired wherever it is compared.
		"an expiry date as typed": with(goodCase, "checklist",
			`[{"docId":"dowod","name":"Dowód","presentation":"show","required":true,"applies":true,"mustBeValid":true,"mark":"presented","validUntil":"31.12.2025"}]`),
	} {
		if res := w.push(t, w.op("case_file", kase, f)); res.Status != protocol.Rejected {
			t.Errorf("%s: %+v, want rejected", name, res)
		}
	}
	if res := w.push(t, w.op("case_file", kase, with(goodCase, "checklist",
		`[{"docId":"dowod","name":"Dowód","presentation":"show","required":true,"applies":true,"mustBeValid":true,"mark":"presented","validUntil":"2030-12-31"}]`))); res.Status != protocol.Applied {
		t.Fatalf("a valid case: %+v", res)
	}
	ev := newID()
	if res := w.push(t, w.op("case_event", ev, with(event(ev, kase, "status"), "staffId", `""`))); res.Status != protocol.Rejected {
		t.Fatalf("an entry of the case's history by no one: %+v, want rejected", res)
	}
	if res := w.push(t, w.op("case_event", ev, event(ev, kase, "registered"))); res.Status != protocol.Applied {
		t.Fatalf("a valid event: %+v", res)
	}
	ev = newID()
	if res := w.push(t, w.op("case_event", ev, event(ev, kase, "invented"))); res.Status != protocol.Rejected {
		t.Errorf("an event of an unknown kind: %+v", res)
	}
	// The case's duties (issue 12): each passes as the device writes it,
	// and one its kind cannot record is refused with a reason.
	duty := func(kind, detail string) map[string]json.RawMessage {
		id := newID()
		d, _ := json.Marshal(detail)
		return with(with(with(event(id, kase, kind), "to", `""`), "detail", string(d)), "staffId", `"`+w.refs.StaffID+`"`)
	}
	for _, c := range []struct {
		name, kind, detail string
		ok                 bool
	}{
		{"a handover to a colleague", cases.EventHandedOver, `{"from":"` + newID() + `","to":"` + w.refs.StaffID + `","note":"urlop"}`, false},
		{"a handover to the staff", cases.EventHandedOver, `{"to":"` + w.refs.StaffID + `","note":"urlop"}`, true},
		{"a handover to no one", cases.EventHandedOver, `{"note":"urlop"}`, false},
		{"an art. 36 notice", cases.EventNoticeArt36, `{"note":"opinia biegłego","oldDue":"2026-12-08","newDue":"2027-01-15"}`, true},
		{"an art. 36 notice moving the date back", cases.EventNoticeArt36, `{"note":"x","oldDue":"2026-12-08","newDue":"2026-12-01"}`, false},
		{"an art. 36 notice without a reason", cases.EventNoticeArt36, `{"oldDue":"2026-12-08","newDue":"2027-01-15"}`, false},
		{"an interpreter request", cases.EventInterpreter, `{"visitOn":"2026-12-08","visitAt":"10:30"}`, true},
		{"an interpreter request at 25:00", cases.EventInterpreter, `{"visitOn":"2026-12-08","visitAt":"25:00"}`, false},
		{"a postal delivery", cases.EventSupplementDelivered, `{"mode":"post","on":"2026-12-05","deliveredOn":"2026-12-05","termEnd":"2026-12-14"}`, true},
		{"a delivery by pigeon", cases.EventSupplementDelivered, `{"mode":"pigeon"}`, false},
		{"a note of 1000 Polish letters", cases.EventHandedOver, `{"to":"` + w.refs.StaffID + `","note":"` + strings.Repeat("ż", cases.MaxDutyNote) + `"}`, true},
	} {
		f := duty(c.kind, c.detail)
		var id string
		_ = json.Unmarshal(f["id"], &id)
		res := w.push(t, w.op("case_event", id, f))
		if (res.Status == protocol.Applied) != c.ok || !c.ok && res.Reason == "" {
			t.Errorf("%s: %+v, want applied=%v", c.name, res, c.ok)
		}
	}
	// An act dated years ahead (the register takes a case's settled day
	// from its event) is refused; one of today is taken.
	for at, ok := range map[string]bool{`"2199-01-01T09:00:00Z"`: false, `"2026-11-23T09:00:00Z"`: true} {
		id := newID()
		res := w.push(t, w.op("case_event", id, with(event(id, kase, "printed"), "at", at)))
		if (res.Status == protocol.Applied) != ok || !ok && !strings.Contains(res.Reason, "more than a year ahead") {
			t.Errorf("an event at %s: %+v, want applied=%v", at, res, ok)
		}
	}
	for _, f := range []string{"cardId", "registeredBy", "deviceId", "submittedOn"} {
		v := `"` + newID() + `"`
		if f == "submittedOn" {
			v = `"2026-11-24"`
		}
		if res := w.push(t, w.op("case_file", kase, map[string]json.RawMessage{f: json.RawMessage(v)})); res.Status != protocol.Rejected {
			t.Errorf("a change of the fixed field %s: %+v", f, res)
		}
	}
}

// FuzzCheckedOps pushes arbitrary rows of every entity a device writes
// (and some it may not), several to the same ids so updates meet stored
// rows. Whatever comes, the registry never fails nor panics, and every
// row it stores decodes into its typed payload, is valid UTF-8, within
// the size limit, and of the pushing office.
func FuzzCheckedOps(f *testing.F) {
	w := newCheckWorld(f)
	ids := []string{newID(), newID(), newID()}
	client := rows.Client(w.office, ids[0], "Anna")
	kase := rows.Case(w.office, ids[1], ids[0], w.refs, w.dev.ID, cases.Registered)
	for _, seed := range []map[string]json.RawMessage{client, kase,
		{"status": json.RawMessage(`"settled"`)}, {"dueOn": json.RawMessage(`{"y":1}`)},
		{"Status": json.RawMessage(`"settled"`), "status": json.RawMessage(`"registered"`)},
		{"id": json.RawMessage(`"` + ids[2] + `"`), "caseId": json.RawMessage(`"` + ids[1] + `"`), "kind": json.RawMessage(`"printed"`), "at": json.RawMessage(`"2026-11-23T09:00:00Z"`)},
	} {
		raw, _ := json.Marshal(seed)
		for e := range uint8(6) {
			f.Add(e, uint8(0), raw)
			f.Add(e, uint8(1), raw)
		}
	}
	f.Add(uint8(0), uint8(2), []byte(`{"firstName":"\ud800","id":"x"}`))
	kinds := []string{"client", "case_file", "case_event", "audit_log", "case_number", "staff"}
	f.Fuzz(func(t *testing.T, e, which uint8, body []byte) {
		var fields map[string]json.RawMessage
		if json.Unmarshal(body, &fields) != nil {
			return
		}
		entity := kinds[int(e)%len(kinds)]
		id := ids[int(which)%len(ids)]
		op := w.op(entity, id, fields)
		if op.Validate() != nil {
			return // refused whole at the boundary (400)
		}
		ctx := context.Background()
		before, err := w.st.Seq(ctx, w.office)
		if err != nil {
			t.Fatal(err)
		}
		res := w.push(t, op)
		after, _ := w.st.Seq(ctx, w.office)
		if res.Status == protocol.Rejected {
			if after != before {
				t.Fatalf("a rejected op (%s) wrote %d rows", res.Reason, after-before)
			}
			return
		}
		var row store.Row
		err = w.st.InTx(ctx, w.office, func(tx store.Tx) error {
			var e error
			row, _, e = tx.Row(ctx, entity, id)
			return e
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(row.Fields) == 0 {
			return
		}
		if !deviceWritable(entity) {
			t.Fatalf("a device wrote a %s row", entity)
		}
		stored := map[string]json.RawMessage{}
		for name, f := range row.Fields {
			stored[name] = f.V
		}
		if err := strictDecode(stored, entities[entity].payload()); err != nil {
			t.Fatalf("stored %s row does not decode: %v", entity, err)
		}
		if rowSize(row.Fields) > MaxRowBytes {
			t.Fatalf("stored %s row of %d bytes", entity, rowSize(row.Fields))
		}
		for name, f := range row.Fields {
			if !utf8.Valid(f.V) || hasBadEscape(f.V) {
				t.Fatalf("stored %s.%s is not UTF-8", entity, name)
			}
			if ts, err := hlc.Parse(f.H); err != nil || ts.Node != w.dev.ID && ts.Node != "registry" {
				t.Fatalf("stored %s.%s with stamp %.40q", entity, name, f.H)
			}
		}
		if v, ok := row.Fields["officeId"]; ok && string(v.V) != `"`+w.office+`"` {
			t.Fatalf("stored %s of office %s", entity, v.V)
		}
		if entity == "case_file" {
			var k struct {
				Status cases.Status `json:"status"`
			}
			_ = json.Unmarshal(row.Fields["status"].V, &k.Status)
			if !k.Status.Valid() {
				t.Fatalf("stored case with status %q", k.Status)
			}
		}
	})
}

// TestBadEscapes: lone surrogates are found, pairs and escaped
// backslashes are not.
func TestBadEscapes(t *testing.T) {
	for in, want := range map[string]bool{
		`"Jan"`: false, `"\ud83d\ude00"`: false, `"\\ud800"`: false, `"\ud800"`: true, `"\udc00"`: true,
		`"\ud800x"`: true, `"\ud800\u0041"`: true, `"a\\\ud800"`: true, `"\u0041\ud83d\ude00\udfff"`: true,
	} {
		if got := hasBadEscape([]byte(in)); got != want {
			t.Errorf("hasBadEscape(%s) = %v, want %v", in, got, want)
		}
	}
}

// BenchmarkCheckOp is what the checks of meaning cost per op, on top of
// the merge and the write: the shape, the typed decode of the op and of
// the row it makes, the app's rules and the lookups of references (a
// case: its client, card, registrar and the lease of its number).
func BenchmarkCheckOp(b *testing.B) {
	w := newCheckWorld(b)
	ctx := context.Background()
	client, kase, cbID := newID(), newID(), newID()
	if err := w.st.SetDevicePeople(ctx, w.dev.ID, []string{w.refs.StaffID}); err != nil {
		b.Fatal(err)
	}
	if res := w.push(b, w.op("client", client, rows.Client(w.office, client, "Anna"))); res.Status != protocol.Applied {
		b.Fatal(res)
	}
	for _, c := range []struct {
		name string
		op   protocol.Op
	}{
		{"client-new", w.op("client", newID(), rows.Client(w.office, "", "Anna"))},
		{"client-phone", w.op("client", client, map[string]json.RawMessage{"phone": json.RawMessage(`"600100200"`)})},
		{"case-new", w.op("case_file", kase, rows.Case(w.office, kase, client, w.refs, w.dev.ID, cases.Registered))},
		{"callback-new", w.op("callback", cbID, benchCallback(w, cbID))},
		{"presence", w.op("presence", w.refs.StaffID, benchPresence(w))},
	} {
		if c.op.Fields["id"] != nil && string(c.op.Fields["id"]) == `""` {
			c.op.Fields["id"] = json.RawMessage(`"` + c.op.EntityID + `"`)
		}
		b.Run(c.name, func(b *testing.B) {
			err := w.st.InTx(ctx, w.office, func(tx store.Tx) error {
				cur, found, err := tx.Row(ctx, c.op.Entity, c.op.EntityID)
				if err != nil {
					return err
				}
				stamp, _ := hlc.Parse(c.op.HLC)
				m := merge.Apply(cur.Fields, merge.Change{Entity: c.op.Entity, Fields: c.op.Fields, HLC: c.op.HLC})
				b.ResetTimer()
				for range b.N {
					if r := checkShape(w.dev, c.op, stamp); r != "" {
						b.Fatal(r)
					}
					r, typed := checkTypes(c.op)
					if r != "" {
						b.Fatal(r)
					}
					if r, err := w.r.checkMeaning(ctx, tx, w.dev, c.op, cur, found, m, typed); r != "" || err != nil {
						b.Fatal(r, err)
					}
				}
				b.StopTimer()
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "check-us/op")
		})
	}
}

// TestRememberedReferences: what the checks remember between pushes
// (leases, live cards and staff) gives the answers the store gives: a
// number of another device's remembered lease is still refused, a number
// of a lease made after is found, and a staff member deleted at the
// registry is refused once the memory of it has lapsed.
func TestRememberedReferences(t *testing.T) {
	w := newCheckWorld(t)
	ctx := context.Background()
	code := newID()
	if err := w.st.AddEnrollment(ctx, store.Enrollment{CodeHash: code, OfficeID: w.office, ExpiresAt: testNow.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	other, err := w.st.Enroll(ctx, code, store.Device{ID: newID(), TokenHash: "t2"}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.st.SetDevicePeople(ctx, other.ID, []string{w.refs.StaffID}); err != nil { // the cases' registrar
		t.Fatal(err)
	}
	reg := protocol.RegisterRef{Unit: rows.Register.Unit, JRWA: rows.Register.JRWA, Year: rows.Register.Year}
	lease := func(d store.Device) protocol.Lease {
		resp, err := w.r.Lease(ctx, d, protocol.LeaseRequest{Registers: []protocol.RegisterRef{reg}})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Leases[0]
	}
	// A case of device dev under number no: the number spent, then the case.
	finalCase := func(dev store.Device, no int) protocol.OpResult {
		client, kase := newID(), newID()
		w.dev, dev = dev, w.dev
		defer func() { w.dev = dev }()
		w.tick += 500 // past the registry's stamps of the lease, as a device's clock follows the registry's
		f := rows.Case(w.office, kase, client, w.refs, w.dev.ID, cases.Registered)
		f = with(with(with(f, "provisional", "false"), "no", strconv.Itoa(no)), "sign", `"`+casesign.Sign{Register: rows.Register, No: no}.String()+`"`)
		w.push(t, w.op("client", client, rows.Client(w.office, client, "Anna")))
		if res := w.push(t, w.op("case_number", NumberID(w.office, reg.Unit, reg.JRWA, reg.Year, no), map[string]json.RawMessage{
			"state": json.RawMessage(`"used"`), "caseId": json.RawMessage(`"` + kase + `"`)})); res.Status != protocol.Applied {
			t.Logf("the number %d: %+v", no, res)
		}
		return w.push(t, w.op("case_file", kase, f))
	}
	mine := lease(w.dev)
	if res := finalCase(w.dev, mine.First); res.Status != protocol.Applied {
		t.Fatalf("a case under the device's own number: %+v", res)
	}
	// The lease is remembered now; another device's case under one of its numbers is refused.
	if res := finalCase(other, mine.First+1); res.Status != protocol.Rejected {
		t.Fatalf("another device's case under a remembered lease's number: %+v", res)
	}
	theirs := lease(other)
	if res := finalCase(other, theirs.First); res.Status != protocol.Applied {
		t.Fatalf("a case under a lease made after the memory: %+v", res)
	}
	// The registrar is deleted at the registry: refused once the memory lapses.
	err = w.st.InTx(ctx, w.office, func(tx store.Tx) error {
		cur, _, err := tx.Row(ctx, "staff", w.refs.StaffID)
		if err != nil {
			return err
		}
		_, err = tx.PutRow(ctx, "staff", w.refs.StaffID, cur.Fields, true)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(refTTL)
	if res := finalCase(w.dev, mine.First+2); res.Status != protocol.Rejected {
		t.Fatalf("a case by a registrar deleted at the registry: %+v", res)
	}
}

// TestCheckOpsInOrder: checkOps's answer for each op of a batch of
// several chunks is that op's own, whichever goroutine checked it: every
// third op is refused (an entity nobody knows), the others not.
func TestCheckOpsInOrder(t *testing.T) {
	dev := store.Device{ID: "dev-1", OfficeID: "office-1"}
	const n = 5*checkChunk + 7
	ops := make([]protocol.Op, n)
	for i := range ops {
		entity := "client"
		if i%3 == 0 {
			entity = "nothing-" + strconv.Itoa(i)
		}
		ops[i] = protocol.Op{ID: "op-" + strconv.Itoa(i), Entity: entity, EntityID: newID(), Kind: protocol.Upsert,
			HLC: hlc.Timestamp{Wall: testNow.UnixMilli(), Node: dev.ID}.String(), Fields: rows.Client(dev.OfficeID, newID(), "Anna")}
	}
	checks := checkOps(dev, ops)
	for i := range ops {
		c := checks.get(i)
		if refused := c.refused.Status != ""; refused != (i%3 == 0) || refused && c.refused.ID != ops[i].ID {
			t.Fatalf("op %d: %+v", i, c.refused)
		}
	}
}

// TestFieldNamesExact: an op's field named as the entity's field only
// regardless of case is refused before anything is stored. Matched
// regardless of case, "Status" beside "status" was checked in place of the
// "status" every reader takes, and "Status" alone passed unchecked.
func TestFieldNamesExact(t *testing.T) {
	for name := range entities {
		op := protocol.Op{Entity: name, Fields: map[string]json.RawMessage{"id": json.RawMessage(`"x"`)}}
		if reason, _ := checkTypes(op); reason != "" {
			t.Errorf("%s: the exact name refused: %s", name, reason)
		}
		op.Fields = map[string]json.RawMessage{"ID": json.RawMessage(`"x"`)}
		if reason, _ := checkTypes(op); !strings.Contains(reason, `"ID"`) {
			t.Errorf("%s: a name differing by case: %q, want refused naming it", name, reason)
		}
	}
	w := newCheckWorld(t)
	client, kase := newID(), newID()
	if res := w.push(t, w.op("client", client, rows.Client(w.office, client, "Anna"))); res.Status != protocol.Applied {
		t.Fatalf("a valid client: %+v", res)
	}
	if res := w.push(t, w.op("case_file", kase, rows.Case(w.office, kase, client, w.refs, w.dev.ID, cases.Registered))); res.Status != protocol.Applied {
		t.Fatalf("a valid case: %+v", res)
	}
	for name, op := range map[string]protocol.Op{
		"a status under another case alone":      w.op("case_file", kase, map[string]json.RawMessage{"Status": json.RawMessage(`"settled"`)}),
		"a status beside a decoy":                w.op("case_file", kase, map[string]json.RawMessage{"status": json.RawMessage(`"settled"`), "Status": json.RawMessage(`"in_progress"`)}),
		"a device id under another case":         w.op("case_file", kase, map[string]json.RawMessage{"DeviceId": json.RawMessage(`"` + newID() + `"`)}),
		"a PESEL beside a valid one in capitals": w.op("client", client, map[string]json.RawMessage{"pesel": json.RawMessage(`"12345678901"`), "PESEL": json.RawMessage(`"44051401359"`)}),
	} {
		// Each is refused every time, not at the mercy of a map's order.
		for range 20 {
			op.ID = newID()
			if res := w.push(t, op); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "unknown field") {
				t.Fatalf("%s: %+v, want rejected as an unknown field", name, res)
			}
		}
	}
	for _, c := range []struct{ entity, id string }{{"case_file", kase}, {"client", client}} {
		var row store.Row
		err := w.st.InTx(context.Background(), w.office, func(tx store.Tx) error {
			var err error
			row, _, err = tx.Row(context.Background(), c.entity, c.id)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for field := range row.Fields {
			if field != "pesel" && strings.ToLower(field) == "pesel" || field == "Status" || field == "DeviceId" {
				t.Errorf("%s stores %q", c.entity, field)
			}
		}
		if c.entity == "case_file" && string(row.Fields["status"].V) != `"registered"` {
			t.Errorf("the case's status became %s", row.Fields["status"].V)
		}
	}
}

// TestAuditInItsPeoplesName: a device records audit entries only in the
// name of a person allowed on it; one in anyone else's is refused.
func TestAuditInItsPeoplesName(t *testing.T) {
	w := newCheckWorld(t)
	entry := func() protocol.Op {
		id := newID()
		return w.op("audit_log", id, map[string]json.RawMessage{"id": json.RawMessage(`"` + id + `"`), "officeId": json.RawMessage(`"` + w.office + `"`),
			"staffId": json.RawMessage(`"` + w.refs.StaffID + `"`), "action": json.RawMessage(`"catalogue.import"`), "at": json.RawMessage(`"2026-11-23T09:00:00Z"`)})
	}
	if err := w.st.SetDevicePeople(context.Background(), w.dev.ID, nil); err != nil {
		t.Fatal(err)
	}
	if res := w.push(t, entry()); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "not allowed on this device") {
		t.Fatalf("an entry in the name of a person not on the device: %+v", res)
	}
	if err := w.st.SetDevicePeople(context.Background(), w.dev.ID, []string{w.refs.StaffID}); err != nil {
		t.Fatal(err)
	}
	if res := w.push(t, entry()); res.Status != protocol.Applied {
		t.Fatalf("an entry of the device's person: %+v", res)
	}
	ahead := entry()
	ahead.Fields["at"] = json.RawMessage(`"2199-01-01T09:00:00Z"`)
	if res := w.push(t, ahead); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "more than a year ahead") {
		t.Fatalf("an entry dated 2199: %+v", res)
	}
}

// TestAuditOfNobody: an entry with no person is taken only for what a
// device records before anyone signs in; "catalogue imported by nobody"
// is refused.
func TestAuditOfNobody(t *testing.T) {
	w := newCheckWorld(t)
	entry := func(action string) protocol.Op {
		id := newID()
		return w.op("audit_log", id, map[string]json.RawMessage{"id": json.RawMessage(`"` + id + `"`), "officeId": json.RawMessage(`"` + w.office + `"`),
			"action": json.RawMessage(`"` + action + `"`), "at": json.RawMessage(`"2026-11-23T09:00:00Z"`)})
	}
	for _, action := range []string{"catalog.import", "client.reveal_identifier", "case.view", "newer.action"} {
		if res := w.push(t, entry(action)); res.Status != protocol.Rejected || !strings.Contains(res.Reason, "entry of nobody") {
			t.Errorf("%s by nobody: %+v", action, res)
		}
	}
	about := func(objType, objID, note string) protocol.Op {
		op := entry("auth.signin_failed")
		op.Fields["objectType"], op.Fields["objectId"] = json.RawMessage(`"`+objType+`"`), json.RawMessage(`"`+objID+`"`)
		op.Fields["note"] = json.RawMessage(`"` + note + `"`)
		return op
	}
	if res := w.push(t, about("case_file", newID(), "")); res.Status != protocol.Rejected {
		t.Errorf("a failed sign-in of nobody about a case: %+v", res)
	}
	if res := w.push(t, about("", "", "Jan Kowalski 44051401359")); res.Status != protocol.Rejected {
		t.Errorf("a failed sign-in of nobody with someone's words: %+v", res)
	}
	for _, action := range []string{"auth.signin_failed", "auth.autolock", "system.demo_loaded"} {
		if res := w.push(t, entry(action)); res.Status != protocol.Applied {
			t.Errorf("%s by nobody: %+v", action, res)
		}
	}
}

// TestAuthorsAreTheDevicesPeople: a row naming as who did it (created,
// called back, answered, reported, typed in, issued) someone not allowed
// on the device is refused; its own person is not refused for that.
func TestAuthorsAreTheDevicesPeople(t *testing.T) {
	w := newCheckWorld(t)
	other := newID()
	w.putStaff(t, other, true)
	q := func(s string) json.RawMessage { return json.RawMessage(`"` + s + `"`) }
	n := 0
	for name, rules := range entities {
		for _, f := range rules.authors {
			n++
			for _, who := range []string{other, w.refs.StaffID} {
				id := newID()
				row := map[string]json.RawMessage{"id": q(id), f: q(who)}
				if rules.office {
					row["officeId"] = q(w.office)
				}
				res := w.push(t, w.op(name, id, row))
				refusedAsAuthor := res.Status == protocol.Rejected && strings.Contains(res.Reason, f+" is not a person of this device")
				if refusedAsAuthor != (who == other) {
					t.Errorf("%s.%s by %s: %+v", name, f, map[bool]string{true: "another", false: "its own person"}[who == other], res)
				}
			}
		}
	}
	if n < 8 {
		t.Fatalf("%d author fields checked", n)
	}
}

// peopleCounter counts the reads of a device's people made inside a
// transaction.
type peopleCounter struct {
	store.Store
	inTx   atomic.Bool
	inside atomic.Int64
}

func (s *peopleCounter) InTx(ctx context.Context, officeID string, fn func(store.Tx) error) error {
	s.inTx.Store(true)
	defer s.inTx.Store(false)
	return s.Store.InTx(ctx, officeID, fn)
}

func (s *peopleCounter) DevicePeople(ctx context.Context, deviceID string) ([]string, error) {
	if s.inTx.Load() {
		s.inside.Add(1)
	}
	return s.Store.DevicePeople(ctx, deviceID)
}

// TestPeopleReadBeforeTheTransaction: the checks that ask who signs in on
// the device (every entity with authors) have it read once before the
// office's transaction, never per op inside it: on PostgreSQL such a read
// waits for a pool connection while the transaction holds one.
func TestPeopleReadBeforeTheTransaction(t *testing.T) {
	w := newCheckWorld(t)
	counter := &peopleCounter{Store: w.st}
	w.r = New(counter, Options{Now: func() time.Time { return testNow }})
	q := func(s string) json.RawMessage { return json.RawMessage(`"` + s + `"`) }
	for name, rules := range entities {
		id := newID()
		row := map[string]json.RawMessage{"id": q(id), "staffId": q(w.refs.StaffID)}
		for _, f := range rules.authors {
			row[f] = q(w.refs.StaffID)
		}
		if rules.office {
			row["officeId"] = q(w.office)
		}
		w.push(t, w.op(name, id, row))
	}
	if n := counter.inside.Load(); n != 0 {
		t.Fatalf("the device's people were read %d times inside the transaction", n)
	}
}
