package pgstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"okienko/sync/merge"
	"okienko/sync/registry/store"
)

// TestReportAtMsAsPostgreSQL: reportAtMs gives what the trigger's
// report_at_ms gave (PostgreSQL's floor(extract(epoch FROM
// x::timestamptz) * 1000), 0 where it refuses) for the instants devices
// send and for odd ones around them, and 0 for the forms PostgreSQL reads
// but devices do not send (listed, with what PostgreSQL makes of them).
func TestReportAtMsAsPostgreSQL(t *testing.T) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, testDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	same := []string{
		"2026-03-10T23:30:00Z", "2026-03-10T23:30:00.123Z", "2026-03-10T23:30:00.123456789+01:00",
		"2026-03-10T23:30:00.9999995Z", "2026-03-10T23:30:00.9999994Z", "2026-03-10T23:30:00.0005Z",
		"2026-03-10T23:30:00.0004999Z", "2026-03-10T23:30:00.9995Z", "2026-03-10T23:30:00.000000000000001Z",
		"1969-12-31T23:59:59.9995Z", "1969-12-31T23:59:59.999999Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.0000004Z",
		"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999-15:59", "2024-02-29T00:00:00+14:00", "2026-03-10T23:30:00-00:00",
		"2026-03-10T23:30:00+15:59", "2026-03-29T01:30:00+01:00", "2026-10-25T02:30:00+02:00",
		// Refused by PostgreSQL: 0 both.
		"", "2026-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2026-04-31T10:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
		"0000-01-01T00:00:00Z", "2026-03-10T25:00:00Z", "2026-03-10T23:60:00Z", "2026-03-10T23:30:00+16:00",
		"2026-03-10T23:30:00,5Z", "infinity", "-infinity", "not a date", "2026-03-10T23:59:60.5Z",
	}
	// Read by PostgreSQL, 0 here: no device sends them, and some depend on
	// the session's zone or the moment (as in the report's statement).
	zero := []string{
		"2026-03-10t23:30:00z", "2026-03-10 23:30:00Z", " 2026-03-10T23:30:00Z ", "2026-03-10T23:30:00.Z", "2026-03-10T24:00:00Z",
		"2026-03-10T23:59:60Z", "2026-03-10T23:30:00+0100", "2026-03-10T23:30:00+01", "2026-03-10T23:30:00+01:00:30",
		"2026-03-10T23:30Z", "2026-3-10T23:30:00Z", "20260310T233000Z", "2026-03-10T23:30:00", "2026-03-10", "epoch", "now",
		"2026-03-10T23:30:00 Z", "2026-03-10T23:30:00 +01:00",
	}
	// And instants as devices write them, at random.
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		at := time.Unix(r.Int64N(4102444800)-int64(r.IntN(2))*2208988800, r.Int64N(1e9))
		zone := time.FixedZone("", (r.IntN(31*60)-15*60)*60)
		layout := []string{time.RFC3339, time.RFC3339Nano, "2006-01-02T15:04:05.000Z07:00", "2006-01-02T15:04:05.000000Z07:00"}[r.IntN(4)]
		same = append(same, at.In(zone).Format(layout))
	}
	pgMs := func(in []string) []int64 {
		out := make([]int64, len(in))
		for i, s := range in {
			// One at a time: a refused input fails only its statement.
			err := conn.QueryRow(ctx, "SELECT floor(extract(epoch FROM $1::text::timestamptz) * 1000)::bigint", s).Scan(&out[i])
			if err != nil {
				out[i] = 0
			}
		}
		return out
	}
	for i, want := range pgMs(same) {
		if got := reportAtMs(same[i]); got != want {
			t.Errorf("reportAtMs(%q) = %d, PostgreSQL %d", same[i], got, want)
		}
	}
	for i, pg := range pgMs(zero) {
		if got := reportAtMs(zero[i]); got != 0 {
			t.Errorf("reportAtMs(%q) = %d, want 0 (PostgreSQL reads %d)", zero[i], got, pg)
		}
	}
}

// TestFieldText: a field's text as f->name->>'v' gives it (null: SQL's
// NULL), or left to PostgreSQL where Go would have to print JSON as jsonb
// does or where PostgreSQL refuses the value.
func TestFieldText(t *testing.T) {
	for _, c := range []struct {
		v        string
		want     string
		null, ok bool
	}{
		{`"SO"`, "SO", false, true}, {`"a\"b\u00e9\n"`, "a\"b\u00e9\n", false, true}, {`""`, "", false, true},
		{`null`, "", true, true}, {``, "", true, true}, {`true`, "true", false, true}, {`false`, "false", false, true},
		{` "x"`, "x", false, true}, {`12`, "", false, false}, {`1.50`, "", false, false}, {`{"a":1}`, "", false, false},
		{`["a"]`, "", false, false}, {`"\u0000"`, "", false, false}, {`"\ud800"`, "", false, false},
	} {
		f := merge.Row{"unit": {V: []byte(c.v), H: "h"}}
		if c.v == "" {
			f = merge.Row{"unit": {H: "h"}}
		}
		got, null, ok := fieldText(f, "unit")
		if got != c.want || null != c.null || ok != c.ok {
			t.Errorf("fieldText(%s) = %q, %v, %v; want %q, %v, %v", c.v, got, null, ok, c.want, c.null, c.ok)
		}
	}
	if got, null, ok := fieldText(merge.Row{}, "unit"); got != "" || !null || !ok {
		t.Errorf("missing field: %q, %v, %v", got, null, ok)
	}
}

// TestReportFactsAsTrigger: report_cases and report_events hold what the
// trigger rows_report computed from the rows (migrations 00015, 00018),
// and rows' ref and ref2 what the expression indexes did (00011, 00020),
// for rows written every way a transaction takes them, written twice in
// one transaction, deleted, and with values Go leaves to PostgreSQL
// (numbers, objects) or reads as the trigger's COALESCE does (null, a
// missing field, true). The trigger's formulas are the test's own SQL.
func TestReportFactsAsTrigger(t *testing.T) {
	s := open(t)
	defer s.Close()
	ctx := context.Background()
	o := store.Office{ID: "o-report", Name: "Gmina"}
	if err := s.CreateOffice(ctx, o); err != nil {
		t.Fatal(err)
	}
	row := func(kv ...string) merge.Row {
		r := merge.Row{}
		for i := 0; i < len(kv); i += 2 {
			r[kv[i]] = merge.Field{V: []byte(kv[i+1]), H: "0000000001000-0000-dev"}
		}
		return r
	}
	type put struct {
		entity, id string
		row        merge.Row
		deleted    bool
	}
	txs := [][]put{
		{
			{"case_file", "c1", row("unit", `"SO"`, "cardId", `"card-1"`, "status", `"registered"`, "submittedOn", `"2026-03-02"`,
				"dueOn", `"2026-03-10"`, "supplementDue", `""`, "sign", `"SO.5360.1.2026"`, "assigneeId", `"s-anna"`), false},
			{"case_file", "c2", row("unit", `12`, "cardId", `{"b": [1, 2.50], "a": null}`, "status", `1.50`, "dueOn", `null`, "sign", `true`,
				"assigneeId", `"Zo\u017c\"a\\"`), false},
			{"case_event", "e1", row("caseId", `"c1"`, "kind", `"status"`, "to", `"settled"`, "at", `"2026-03-10T23:30:00.9999995+01:00"`), false},
			{"case_event", "e2", row("caseId", `7`, "kind", `null`, "at", `1773185400000`), false},
			{"case_event", "e3", row("caseId", `"c1"`, "kind", `"notice_art36"`, "to", `""`, "at", `"yesterday"`), false},
			{"client", "k1", row("name", `"Anna"`), false},
			{"audit_log", "a1", row("objectId", `"k1"`, "action", `"view"`), false},
			{"audit_log", "a2", row("objectId", `5`), false},
			{"audit_log", "a3", row("action", `"login"`), false},
			{"substitution", "s1", row("absentId", `"s-anna"`, "standInId", `null`), false},
			{"substitution", "s2", row("absentId", `"\u0001"`, "standInId", `""`), false},
			{"client", "k2", row("name", `"Bea"`), false},
		},
		{
			{"case_file", "c1", row("unit", `"SO"`, "status", `"in_progress"`), false},
			{"case_file", "c1", row("unit", `"USC"`, "status", `"settled"`, "dueOn", `"2026-03-12"`), false},
			{"case_file", "c2", row("unit", `"SO"`), true},
			{"case_event", "e3", row("caseId", `"c1"`, "kind", `"notice_art36"`, "to", `""`, "at", `"2026-03-05T09:00:00Z"`), false},
			{"case_file", "c3", row("unit", `["SO"]`, "status", `"registered"`, "clientId", `"k1"`), false},
			{"audit_log", "a2", row("objectId", `"c3"`), false},
			{"substitution", "s1", row("absentId", `"s-anna"`, "standInId", `"s-jan"`), true},
		},
		{{"client", "k3", row("name", `"Ewa"`, "objectId", `"k1"`), false}, {"case_event", "e4", row("caseId", `"c3"`), false}},
	}
	ways := []func(tx store.Tx, p put) error{
		func(tx store.Tx, p put) error { _, err := tx.PutRow(ctx, p.entity, p.id, p.row, p.deleted); return err },
		func(tx store.Tx, p put) error {
			raw, _ := p.row.AppendJSON(nil)
			_, err := tx.(store.EncodedPutter).PutRowEncoded(ctx, p.entity, p.id, p.row, raw, p.deleted)
			return err
		},
		func(tx store.Tx, p put) error {
			d := tx.(store.DeferredPutter)
			if _, err := d.PutRowDeferred(ctx, p.entity, p.id, p.row, p.deleted); err != nil {
				return err
			}
			raw, _ := p.row.AppendJSON(nil)
			d.SetRowJSON(p.entity, p.id, raw)
			return nil
		},
	}
	n := 0
	for _, puts := range txs {
		err := s.InTx(ctx, o.ID, func(tx store.Tx) error {
			for _, p := range puts {
				n++
				if err := ways[n%len(ways)](tx, p); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	read := func(q string) []string {
		t.Helper()
		rows, err := s.pool.Query(ctx, q, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for rows.Next() {
			v, err := rows.Values()
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%#v", v))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, c := range []struct{ got, want string }{
		{`SELECT entity, entity_id, ref, ref2 FROM rows WHERE office_id = $1 ORDER BY 1, 2`,
			`SELECT entity, entity_id, CASE entity WHEN 'audit_log' THEN (fields::jsonb) -> 'objectId' ->> 'v'
					WHEN 'case_file' THEN (fields::jsonb) -> 'clientId' ->> 'v' WHEN 'substitution' THEN (fields::jsonb) -> 'absentId' ->> 'v' END,
				CASE entity WHEN 'substitution' THEN (fields::jsonb) -> 'standInId' ->> 'v' END
			FROM rows WHERE office_id = $1 ORDER BY 1, 2`},
		{`SELECT case_id, unit, card_id, status, submitted_on, due_on, supplement_due, deleted, sign, assignee_id FROM report_cases
			WHERE office_id = $1 ORDER BY case_id`,
			`SELECT r.entity_id, COALESCE(f->'unit'->>'v', ''), COALESCE(f->'cardId'->>'v', ''), COALESCE(f->'status'->>'v', ''),
				COALESCE(f->'submittedOn'->>'v', ''), COALESCE(f->'dueOn'->>'v', ''), COALESCE(f->'supplementDue'->>'v', ''), r.deleted,
				COALESCE(f->'sign'->>'v', ''), COALESCE(f->'assigneeId'->>'v', '')
			FROM rows r CROSS JOIN LATERAL (SELECT r.fields::jsonb AS f) j WHERE r.office_id = $1 AND r.entity = 'case_file' ORDER BY 1`},
		{`SELECT event_id, case_id, kind, to_status, at_ms FROM report_events WHERE office_id = $1 ORDER BY event_id`,
			`SELECT r.entity_id, COALESCE(f->'caseId'->>'v', ''), COALESCE(f->'kind'->>'v', ''), COALESCE(f->'to'->>'v', ''),
				CASE WHEN jsonb_typeof(f->'at'->'v') = 'string' AND f->'at'->>'v' LIKE '2026-%'
					THEN floor(extract(epoch FROM (f->'at'->>'v')::timestamptz) * 1000)::bigint ELSE 0 END
			FROM rows r CROSS JOIN LATERAL (SELECT r.fields::jsonb AS f) j WHERE r.office_id = $1 AND r.entity = 'case_event' ORDER BY 1`},
	} {
		got, want := read(c.got), read(c.want)
		if fmt.Sprint(got) != fmt.Sprint(want) || len(want) < 3 {
			t.Errorf("derived columns:\n got %v\nwant %v (as the trigger and the indexes)", got, want)
		}
	}
}

// TestRefsIndexed: the lookups by the ref columns (access.sql,
// substitution.sql) are planned on their partial indexes, as the
// expression indexes were, a generic plan too (the indexes' predicates
// name the entity, which the queries name as a constant).
func TestRefsIndexed(t *testing.T) {
	s := open(t)
	defer s.Close()
	ctx := context.Background()
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	// An office of 3,000 rows of each entity, each naming its own ids.
	for _, q := range []string{"SET enable_seqscan = off", "SET plan_cache_mode = force_generic_plan",
		"INSERT INTO offices (id, name, teryt, seq, created_at) VALUES ('o', 'Gmina', '', 0, 0)",
		`INSERT INTO rows (office_id, entity, entity_id, fields, deleted, seq, ref, ref2)
			SELECT 'o', e, e || i, '{}', false, 0, 'id' || i, CASE e WHEN 'substitution' THEN 'in' || i END
			FROM generate_series(1, 3000) i, unnest(ARRAY['audit_log', 'case_file', 'substitution', 'client']) e`,
		"ANALYZE rows",
		"PREPARE audit (text, text[]) AS SELECT * FROM rows WHERE office_id = $1 AND entity = 'audit_log' AND ref = ANY ($2::text[])",
		"PREPARE cases (text, text) AS SELECT * FROM rows WHERE office_id = $1 AND entity = 'case_file' AND ref = $2::text",
		`PREPARE subst (text, text[]) AS SELECT * FROM rows WHERE office_id = $1 AND entity = 'substitution'
			AND (ref = ANY ($2::text[]) OR ref2 = ANY ($2::text[]))`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	for q, indexes := range map[string][]string{
		"EXPLAIN EXECUTE audit('o', '{a,b}')": {"rows_audit_object"},
		"EXPLAIN EXECUTE cases('o', 'k')":     {"rows_case_client"},
		"EXPLAIN EXECUTE subst('o', '{a,b}')": {"rows_substitution_absent", "rows_substitution_stand_in"},
	} {
		rows, err := conn.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		plan := strings.Join(lines, "\n")
		for _, ix := range indexes {
			if !strings.Contains(plan, ix) || strings.Contains(plan, "Seq Scan") {
				t.Errorf("%s: not by %s:\n%s", q, ix, plan)
			}
		}
	}
}
