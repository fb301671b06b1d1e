package registry

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"okienko/app/report"
	"okienko/sync/registry/pgstore"
	"okienko/sync/registry/store"
	"okienko/sync/synctest/rows"
)

// BenchmarkReportYearPG: the office-wide yearly monitoring report at the
// registry on PostgreSQL over 200,000 cases (with their closing, call and
// notice events) and 100,000 queue tickets (issue 14: ≤ 2 s). The rows are
// bulk-inserted with generate_series in a schema of their own, dropped
// after. Skipped without OKIENKO_TEST_PG.
//
// The office's registers of the year are there too, as many as a large
// office keeps and each row as long as a device's (names, addresses and
// subjects in their fields): 2,000 complaints and motions, 5,000 home
// visits, 20,000 letters and 20,000 survey answers.
func BenchmarkReportYearPG(b *testing.B) {
	st, office, exec := seedReportPG(b, 200_000, 100_000)
	seedRegistersPG(exec, office, 2_000, 5_000, 20_000, 20_000)
	ctx := context.Background()
	r := New(st, Options{Now: func() time.Time { return time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC) }})
	p, _ := report.ParsePeriod("2026-01-01", "2026-12-31")
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		rep, err := r.Report(ctx, office, p, report.Scope{OfficeWide: true})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Empty || rep.Sections[1].Figures[0].Value != 200_000 {
			b.Fatalf("seeded year not counted: %+v", rep.Sections[1].Figures)
		}
		if s := rep.Sections[8]; s.Key != report.SectionLetters || s.State != report.StateData || s.Figures[0].Value != 20_000 {
			b.Fatalf("seeded letters not counted: %+v", s)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/report")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/report")
}

// seedReportPG is a PostgreSQL registry in a schema of its own (dropped
// after) with an office of cases filed across 2026 (a quarter settled, one
// in ten called to supplement, one in twenty with an art. 36 notice) and
// its tickets, bulk-inserted with generate_series. Skipped without
// OKIENKO_TEST_PG.
func seedReportPG(t testing.TB, cases, tickets int) (*pgstore.Store, string, func(q string, args ...any)) {
	t.Helper()
	dsn := os.Getenv("OKIENKO_TEST_PG")
	if dsn == "" {
		t.Skip("OKIENKO_TEST_PG not set")
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close(ctx) })
	rb := make([]byte, 6)
	_, _ = rand.Read(rb)
	schema := "report_bench_" + hex.EncodeToString(rb)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE") })
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	st, err := pgstore.Open(ctx, dsn+sep+"search_path="+schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	office := newID()
	if err := st.CreateOffice(ctx, store.Office{ID: office, Name: "Urząd", TERYT: "1099012"}); err != nil {
		t.Fatal(err)
	}
	refs := rows.NewRefs()
	if err := rows.Seed(ctx, st, office, refs); err != nil {
		t.Fatal(err)
	}
	const h = `"h":"0000000000001-0000-registry"`
	for _, q := range []string{
		`INSERT INTO ` + schema + `.rows (office_id, entity, entity_id, fields, deleted, seq)
		 SELECT $1, 'case_file', 'c' || i, format('{"id":{"v":"c%s",` + h + `},"unit":{"v":"%s",` + h + `},"cardId":{"v":"%s",` + h + `},"status":{"v":"%s",` + h + `},"submittedOn":{"v":"%s",` + h + `},"dueOn":{"v":"%s",` + h + `},"supplementDue":{"v":"",` + h + `},"form":{"v":{},` + h + `}}',
		   i, (ARRAY['SO','USC','FN'])[i % 3 + 1], $2::text, CASE WHEN i % 4 = 0 THEN 'settled' ELSE 'in_progress' END,
		   to_char(DATE '2026-01-01' + (i % 360), 'YYYY-MM-DD'), to_char(DATE '2026-01-01' + (i % 360 + 30), 'YYYY-MM-DD')), false, 1000 + i
		 FROM generate_series(1, $3::int) AS i`,
		`INSERT INTO ` + schema + `.rows (office_id, entity, entity_id, fields, deleted, seq)
		 SELECT $1, 'case_event', 'e' || i || k, format('{"caseId":{"v":"c%s",` + h + `},"kind":{"v":"%s",` + h + `},"to":{"v":"%s",` + h + `},"at":{"v":"%s",` + h + `}}',
		   i, k, CASE k WHEN 'status' THEN 'settled' ELSE '' END,
		   to_char(TIMESTAMP '2026-01-01 09:00' + (i % 360 + 20) * INTERVAL '1 day', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')), false, 300000 + i
		 FROM generate_series(1, $2::int) AS i, unnest(ARRAY['registered', 'status', 'supplement_requested', 'notice_art36']) AS k
		 WHERE k = 'registered' OR (k = 'status' AND i % 4 = 0) OR (k = 'supplement_requested' AND i % 10 = 0) OR (k = 'notice_art36' AND i % 20 = 5)`,
		`INSERT INTO ` + schema + `.queue_tickets (office_id, id, day, grp, number, label, status, counter, issued_at, first_called_at, called_at, done_at, case_id)
		 SELECT $1, 't' || i, to_char(DATE '2026-01-01' + (i % 360), 'YYYY-MM-DD'), 'A', i, 'A' || i,
		   CASE WHEN i % 12 = 0 THEN 'absent' ELSE 'served' END, 'Stanowisko ' || (i % 5 + 1),
		   1767254400000 + (i % 360) * 86400000::bigint, 1767254400000 + (i % 360) * 86400000::bigint + (i % 37) * 60000,
		   1767254400000 + (i % 360) * 86400000::bigint + (i % 37) * 60000, 1767254400000 + (i % 360) * 86400000::bigint + (i % 37 + 5) * 60000,
		   CASE WHEN i % 2 = 0 THEN 'c' || i ELSE '' END
		 FROM generate_series(1, $3::int) AS i WHERE $2::text <> ''`,
		`ANALYZE ` + schema + `.rows`,
	} {
		args := []any{office, refs.CardID, cases}
		if strings.HasPrefix(q, "ANALYZE") {
			args = nil
		} else if strings.Contains(q, "case_event") {
			args = []any{office, cases}
		} else if strings.Contains(q, "queue_tickets") {
			args = []any{office, refs.CardID, tickets}
		}
		if _, err := admin.Exec(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	inSchema := strings.NewReplacer("rows", schema+".rows", "report_cases", schema+".report_cases", "report_events", schema+".report_events")
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := admin.Exec(ctx, inSchema.Replace(q), args...); err != nil {
			t.Fatal(err)
		}
	}
	reportFactsPG(exec, office)
	return st, office, exec
}

// reportFactsPG writes the report's facts (report_cases, report_events) of
// the office's case and case event rows a test inserted around the store,
// as the store writes them with the rows it writes (pgstore, TxWrite).
func reportFactsPG(exec func(string, ...any), office string) {
	exec(`INSERT INTO report_cases (office_id, case_id, unit, card_id, status, submitted_on, due_on, supplement_due, deleted, sign, assignee_id)
		SELECT r.office_id, r.entity_id, COALESCE(f->'unit'->>'v', ''), COALESCE(f->'cardId'->>'v', ''), COALESCE(f->'status'->>'v', ''),
		  COALESCE(f->'submittedOn'->>'v', ''), COALESCE(f->'dueOn'->>'v', ''), COALESCE(f->'supplementDue'->>'v', ''), r.deleted,
		  COALESCE(f->'sign'->>'v', ''), COALESCE(f->'assigneeId'->>'v', '')
		FROM rows r CROSS JOIN LATERAL (SELECT r.fields::jsonb AS f) j WHERE r.office_id = $1 AND r.entity = 'case_file'
		ON CONFLICT (office_id, case_id) DO UPDATE SET unit = excluded.unit, card_id = excluded.card_id, status = excluded.status,
		  submitted_on = excluded.submitted_on, due_on = excluded.due_on, supplement_due = excluded.supplement_due, deleted = excluded.deleted,
		  sign = excluded.sign, assignee_id = excluded.assignee_id`, office)
	// The tests' instants are all RFC 3339, which the store reads as PostgreSQL does.
	exec(`INSERT INTO report_events (office_id, event_id, case_id, kind, to_status, at_ms)
		SELECT r.office_id, r.entity_id, COALESCE(f->'caseId'->>'v', ''), COALESCE(f->'kind'->>'v', ''), COALESCE(f->'to'->>'v', ''),
		  COALESCE(floor(extract(epoch FROM (f->'at'->>'v')::timestamptz) * 1000)::bigint, 0)
		FROM rows r CROSS JOIN LATERAL (SELECT r.fields::jsonb AS f) j WHERE r.office_id = $1 AND r.entity = 'case_event'
		ON CONFLICT (office_id, event_id) DO UPDATE SET case_id = excluded.case_id, kind = excluded.kind, to_status = excluded.to_status,
		  at_ms = excluded.at_ms`, office)
}

// seedRegistersPG adds an office's registers of 2026 as devices push them:
// complaints (three kinds, five outcomes, three units), home visits, letters
// (half answered) and survey answers, spread over the year, each with a
// filler field as long as a device's names, addresses and subjects.
func seedRegistersPG(exec func(string, ...any), office string, complaints, visits, letters, answers int) {
	const h = `"h":"0000000000001-0000-registry"`
	const filler = `"subject":{"v":"%s",` + h + `}`
	day := `to_char(DATE '2026-01-01' + (i % 360), 'YYYY-MM-DD')`
	at := func(hours string) string {
		return `to_char(TIMESTAMP '2026-01-01 08:00' + (i % 360) * INTERVAL '1 day' + ` + hours + ` * INTERVAL '1 hour', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`
	}
	exec(`INSERT INTO rows (office_id, entity, entity_id, fields, deleted, seq)
		SELECT $1, 'complaint', 'k' || i, format('{"id":{"v":"k%s",`+h+`},"kind":{"v":"%s",`+h+`},"receivedOn":{"v":"%s",`+h+`},"unitId":{"v":"u%s",`+h+`},"outcome":{"v":"%s",`+h+`},`+filler+`}',
		  i, (ARRAY['complaint', 'motion', 'remark'])[i % 3 + 1], `+day+`, i % 3, (ARRAY['justified', 'unjustified', 'forwarded', 'left', ''])[i % 5 + 1], repeat('x', 600)),
		  false, 5000000 + i
		FROM generate_series(1, $2::int) AS i`, office, complaints)
	exec(`INSERT INTO rows (office_id, entity, entity_id, fields, deleted, seq)
		SELECT $1, 'visit', 'v' || i, format('{"id":{"v":"v%s",`+h+`},"requestedAt":{"v":"%s",`+h+`},"unitId":{"v":"u%s",`+h+`},"status":{"v":"%s",`+h+`},`+filler+`}',
		  i, `+at("0")+`, i % 3, (ARRAY['requested', 'assigned', 'done', 'absent'])[i % 4 + 1], repeat('x', 600)),
		  false, 5100000 + i
		FROM generate_series(1, $2::int) AS i`, office, visits)
	exec(`INSERT INTO rows (office_id, entity, entity_id, fields, deleted, seq)
		SELECT $1, 'letter', 'l' || i, format('{"id":{"v":"l%s",`+h+`},"receivedAt":{"v":"%s",`+h+`},"dueAt":{"v":"%s",`+h+`},"answeredAt":{"v":"%s",`+h+`},"status":{"v":"%s",`+h+`},`+filler+`}',
		  i, `+at("0")+`, `+at("24")+`, CASE WHEN i % 2 = 0 THEN `+at("(i % 48)")+` ELSE '' END, CASE WHEN i % 2 = 0 THEN 'answered' ELSE 'open' END, repeat('x', 400)),
		  false, 5200000 + i
		FROM generate_series(1, $2::int) AS i`, office, letters)
	exec(`INSERT INTO rows (office_id, entity, entity_id, fields, deleted, seq)
		SELECT $1, 'survey_answer', 's' || i, format('{"id":{"v":"s%s",`+h+`},"givenAt":{"v":"%s",`+h+`},"source":{"v":"screen",`+h+`},"scores":{"v":{"waiting":%s,"courtesy":%s,"competence":5,"clarity":4,"overall":%s},`+h+`},"remark":{"v":"",`+h+`}}',
		  i, `+at("2")+`, i % 5 + 1, i % 3 + 3, i % 4 + 2),
		  false, 5300000 + i
		FROM generate_series(1, $2::int) AS i`, office, answers)
	exec(`ANALYZE rows`)
}
