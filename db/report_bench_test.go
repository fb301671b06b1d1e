package db

import (
	"testing"
	"time"

	"okienko/app/report"
)

// seedYear bulk-inserts a year of an office: n cases filed across 2026
// (a quarter settled, one in ten called to supplement, one in twenty with
// an art. 36 notice) and m queue tickets, with INSERT … SELECT over a
// recursive counter (seconds, not the hours one transaction per case takes).
func seedYear(b testing.TB, s *Store, f fixture, k caseFixture, n, m int) {
	b.Helper()
	jan1 := time.Date(2026, 1, 1, 9, 0, 0, 0, warsaw).UnixMilli()
	day := int64(24 * time.Hour / time.Millisecond)
	stmts := []struct {
		q    string
		args []any
	}{
		{`WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?)
		  INSERT INTO case_file (id, office_id, sign, unit_symbol, jrwa, reg_year, reg_no, card_id, client_id, status,
		    submitted_on, due_on, form, checklist, registered_by, search_text, created_at, updated_at)
		  SELECT printf('bench-%08d', i), ?, printf('%s.5352.%d.2026', CASE i % 3 WHEN 0 THEN 'SO' WHEN 1 THEN 'USC' ELSE 'FN' END, i),
		    CASE i % 3 WHEN 0 THEN 'SO' WHEN 1 THEN 'USC' ELSE 'FN' END, '5352', 2026, i + 10, ?, ?,
		    CASE WHEN i % 4 = 0 THEN 'settled' ELSE 'in_progress' END,
		    date('2026-01-01', printf('+%d days', i % 360)), date('2026-01-01', printf('+%d days', i % 360 + 30)),
		    CAST('{}' AS BLOB), CAST('[]' AS BLOB), ?, '', 0, 0 FROM c`, []any{n, f.office.ID, k.cardID, k.client.ID, f.staff.ID}},
		{`INSERT INTO case_event (id, case_id, kind, to_status, staff_id, created_at, updated_at)
		  SELECT id || '-s', id, 'status', 'settled', ?, ? + (reg_no % 360 + 20 + reg_no % 15) * ?, 0 FROM case_file WHERE id LIKE 'bench-%' AND status = 'settled'`,
			[]any{f.staff.ID, jan1, day}},
		{`INSERT INTO case_event (id, case_id, kind, to_status, staff_id, created_at, updated_at)
		  SELECT id || '-r', id, 'supplement_requested', 'awaiting_supplement', ?, ? + (reg_no % 360 + 1) * ?, 0 FROM case_file WHERE id LIKE 'bench-%' AND reg_no % 10 = 0`,
			[]any{f.staff.ID, jan1, day}},
		{`INSERT INTO case_event (id, case_id, kind, to_status, staff_id, created_at, updated_at)
		  SELECT id || '-u', id, 'supplemented', 'supplemented', ?, ? + (reg_no % 360 + 5) * ?, 0 FROM case_file WHERE id LIKE 'bench-%' AND reg_no % 20 = 0`,
			[]any{f.staff.ID, jan1, day}},
		{`INSERT INTO case_event (id, case_id, kind, to_status, staff_id, created_at, updated_at)
		  SELECT id || '-n', id, 'notice_art36', '', ?, ? + (reg_no % 360 + 25) * ?, 0 FROM case_file WHERE id LIKE 'bench-%' AND reg_no % 20 = 5`,
			[]any{f.staff.ID, jan1, day}},
		{`WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?)
		  INSERT INTO queue_ticket (id, office_id, day, grp, number, label, priority, status, counter, issued_at, called_at, done_at, case_id, ahead, offline)
		  SELECT printf('t-%08d', i), ?, date('2026-01-01', printf('+%d days', i % 360)), 'A', i, printf('A%d', i), 0,
		    CASE WHEN i % 12 = 0 THEN 'absent' ELSE 'served' END, printf('Stanowisko %d', i % 5 + 1),
		    ? + (i % 360) * ? + (i % 400) * 60000, ? + (i % 360) * ? + (i % 400) * 60000 + (i % 37) * 60000,
		    ? + (i % 360) * ? + (i % 400) * 60000 + (i % 37 + 3 + i % 11) * 60000,
		    CASE WHEN i % 2 = 0 THEN printf('bench-%08d', i) ELSE '' END, 0, 0 FROM c`,
			[]any{m, f.office.ID, jan1, day, jan1, day, jan1, day}},
		{`ANALYZE`, nil},
	}
	for _, st := range stmts {
		if _, err := s.w.Exec(st.q, st.args...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReportYear: the yearly monitoring report over 200,000 cases and
// 100,000 tickets on the device (issue 14: ≤ 1 s): every section's counts
// read and its figures made, office-wide.
func BenchmarkReportYear(b *testing.B) {
	s := openTest(b)
	f := newFixture()
	f.save(b, s)
	k := newCaseFixture(b, s, f)
	seedYear(b, s, f, k, 200_000, 100_000)
	p, _ := report.ParsePeriod("2026-01-01", "2026-12-31")
	sc := report.Scope{OfficeWide: true}
	today := "2026-12-31"
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		got := countedSections(b, s, f.office.ID, p, today, sc)
		if got["queue"].State != report.StateData || got["cases"].Figures[0].Value < 200_000 || got["queue"].Figures[0].Value != 100_000 {
			b.Fatalf("seeded year not counted: %+v", got["cases"].Figures)
		}
	}
	// The wall time on a shared, loaded machine says little; the CPU time
	// the process spent per report is what a quiet laptop would wait.
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/report")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/report")
}
