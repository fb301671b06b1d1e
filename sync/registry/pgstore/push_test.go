package pgstore

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"okienko/app/cases"
	"okienko/sync/hlc"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/registry/sqlitestore"
	"okienko/sync/registry/store"
	"okienko/sync/synctest/rows"
)

// TestPushMatchesSQLite: the same pushes through the registry give the same
// answers, rows and sequence on PostgreSQL (reads ahead in one statement,
// writes held back to one statement) as on SQLite (one statement at a
// time): rows
// written twice in a batch, a replayed batch, ops seen before, appends
// seen before, a rejected op, a conflict.
func TestPushMatchesSQLite(t *testing.T) {
	ctx := context.Background()
	lite, err := sqlitestore.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg := open(t)
	defer pg.Close()

	newID := func() string { return uuid.Must(uuid.NewV7()).String() }
	office, device, client, kase, eventID := newID(), newID(), newID(), newID(), newID()
	stamp := func(ms int) string { return hlcText(ms, device) }
	op := func(id, ent, eid string, kind protocol.Kind, h string, fields string, base map[string]string) protocol.Op {
		var f map[string]json.RawMessage
		if err := json.Unmarshal([]byte(fields), &f); err != nil {
			t.Fatal(err)
		}
		return protocol.Op{ID: id, Entity: ent, EntityID: eid, Kind: kind, HLC: h, Fields: f, Base: base}
	}
	refs := rows.NewRefs()
	js := func(f map[string]json.RawMessage) string { b, _ := json.Marshal(f); return string(b) }
	event := `{"id":"` + eventID + `","caseId":"` + kase + `","kind":"registered","to":"registered","at":"2026-11-23T09:00:00Z","staffId":"` + refs.StaffID + `"}`
	first := newID()
	batches := []protocol.PushRequest{
		{BatchID: newID(), Ops: []protocol.Op{
			op(first, "client", client, protocol.Upsert, stamp(1), js(rows.Client(office, client, "Anna")), nil),
			op(newID(), "client", client, protocol.Upsert, stamp(2), `{"phone":"601999888"}`, nil),
			op(newID(), "case_file", kase, protocol.Upsert, stamp(3), js(rows.Case(office, kase, client, refs, device, cases.Registered)), nil),
			op(newID(), "case_event", eventID, protocol.Append, stamp(4), event, nil),
		}},
		{BatchID: newID(), Ops: []protocol.Op{
			op(first, "client", client, protocol.Upsert, stamp(1), js(rows.Client(office, client, "Anna")), nil),
			op(newID(), "case_event", eventID, protocol.Append, stamp(5), strings.Replace(event, `"registered","to"`, `"printed","to"`, 1), nil),
			op(newID(), "nonsense", newID(), protocol.Upsert, stamp(5), `{"x":1}`, nil),
			op(newID(), "client", client, protocol.Upsert, stamp(6), `{"lastName":"Nowak-Kowalska"}`, nil),
			op(newID(), "case_file", kase, protocol.Upsert, stamp(7), `{"status":"in_progress"}`, map[string]string{"status": stamp(3)}),
			op(newID(), "case_file", kase, protocol.Upsert, stamp(8), `{"status":"settled"}`, map[string]string{"status": stamp(3)}),
		}},
	}
	batches = append(batches, batches[0]) // a replay of the first batch

	type outcome struct {
		Answers   []protocol.PushResponse
		Rows      []store.Row
		Seq       int64
		Conflicts int
	}
	run := func(st store.Store) outcome {
		t.Helper()
		at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		r := registry.New(st, registry.Options{Now: func() time.Time { return at }})
		if err := st.CreateOffice(ctx, store.Office{ID: office, Name: "Urząd", TERYT: "1099012"}); err != nil {
			t.Fatal(err)
		}
		if err := st.AddEnrollment(ctx, store.Enrollment{CodeHash: "c", OfficeID: office, ExpiresAt: at.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		dev, err := st.Enroll(ctx, "c", store.Device{ID: device, TokenHash: "t"}, at)
		if err != nil {
			t.Fatal(err)
		}
		if err := rows.Seed(ctx, st, office, refs); err != nil {
			t.Fatal(err)
		}
		if err := st.SetDevicePeople(ctx, device, []string{refs.StaffID}); err != nil { // the case's registrar
			t.Fatal(err)
		}
		var out outcome
		for _, b := range batches {
			resp, err := r.Push(ctx, dev, b)
			if err != nil {
				t.Fatal(err)
			}
			out.Answers = append(out.Answers, resp)
		}
		if out.Rows, err = st.Changes(ctx, office, 0, 1000); err != nil {
			t.Fatal(err)
		}
		if out.Seq, err = st.Seq(ctx, office); err != nil {
			t.Fatal(err)
		}
		cs, err := st.Conflicts(ctx, office, true)
		if err != nil {
			t.Fatal(err)
		}
		out.Conflicts = len(cs)
		return out
	}
	want, got := run(lite), run(pg)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("PostgreSQL:\n%+v\nSQLite:\n%+v", got, want)
	}
	applied := 0
	for _, a := range want.Answers {
		for _, res := range a.Results {
			if res.Status == protocol.Applied {
				applied++
			}
		}
	}
	if want.Conflicts != 1 || len(want.Rows) != 5 || applied != 11 {
		t.Fatalf("the pushes did not exercise what they should: %+v", want)
	}
}

// hlcText is a stamp of the device at wall millisecond ms (of 2025).
func hlcText(ms int, node string) string {
	return hlc.Timestamp{Wall: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli() + int64(ms), Node: node}.String()
}
