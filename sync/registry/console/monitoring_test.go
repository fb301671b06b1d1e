package console_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"okienko/app/report"
	"okienko/sync/merge"
	"okienko/sync/registry/console"
	"okienko/sync/registry/store"
)

// seedFiled puts a case of a unit filed on a day, as report_cases counts it.
func (o *office_) seedFiled(t *testing.T, unit, day string) {
	t.Helper()
	ctx := context.Background()
	id := uuid.Must(uuid.NewV7()).String()
	row := merge.Row{"id": field(id), "officeId": field(o.OfficeID), "unit": field(unit), "status": field("in_progress"),
		"submittedOn": field(day), "dueOn": field("2026-12-31"), "sign": field(unit + ".5360.9.2026"), "cardId": field("card")}
	if err := o.st.InTx(ctx, o.OfficeID, func(tx store.Tx) error {
		_, err := tx.PutRow(ctx, "case_file", id, row, false)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// figure is a figure of a section of the report, -1 if absent.
func figure(r report.Report, section, key string) float64 {
	for _, s := range r.Sections {
		if s.Key != section {
			continue
		}
		for _, f := range s.Figures {
			if f.Key == key {
				return f.Value
			}
		}
	}
	return -1
}

// pdfWords is a PDF's text, its words joined by single spaces.
func pdfWords(t *testing.T, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", p, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// TestMonitoringReport: Rejestry i raporty's monitoring report counts the
// period for the whole office or a unit; a head sees their unit's only
// and is refused another's; the secretary reads it; a wrong period is
// refused with its reason; the PDF says its scope in the language asked.
func TestMonitoringReport(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		o.seedFiled(t, "SO", "2026-03-02")
		o.seedFiled(t, "SO", "2026-04-10")
		o.seedFiled(t, "USC", "2026-03-05")
		o.seedFiled(t, "USC", "2025-12-30") // before the period
		const period = "from=2026-01-01&to=2026-12-31"
		a := o.as(t, admin)
		var m console.MonitoringReport
		a.decode(a.do("GET", "/console/api/report?"+period, nil), &m)
		if got := figure(m.Report, report.SectionCases, "report.cases.registered"); got != 3 || m.Unit != "" || !m.OfficeWide || len(m.Units) < 2 {
			t.Fatalf("the office's report: filed %v, %+v", got, m)
		}
		a.decode(a.do("GET", "/console/api/report?"+period+"&unit=USC", nil), &m)
		if got := figure(m.Report, report.SectionCases, "report.cases.registered"); got != 1 || m.Unit != "USC" {
			t.Fatalf("USC's report: filed %v, unit %q", got, m.Unit)
		}
		if r := a.do("GET", "/console/api/report?"+period+"&unit=NOPE", nil); r.code != http.StatusBadRequest || !strings.Contains(string(r.body), "console.report.noSuchUnit") {
			t.Fatalf("an unknown unit: %d %s", r.code, r.body)
		}
		if r := a.do("GET", "/console/api/report?from=2026-05-01&to=2026-04-01", nil); r.code != http.StatusBadRequest || !strings.Contains(string(r.body), "report.fromAfterTo") {
			t.Fatalf("a period backwards: %d %s", r.code, r.body)
		}
		// The year so far by default.
		a.decode(a.do("GET", "/console/api/report", nil), &m)
		if m.Report.Period.To != m.Today || !strings.HasSuffix(m.Report.Period.From, "-01-01") {
			t.Fatalf("the default period %+v, today %s", m.Report.Period, m.Today)
		}

		h := o.as(t, headSO)
		h.decode(h.do("GET", "/console/api/report?"+period, nil), &m)
		if got := figure(m.Report, report.SectionCases, "report.cases.registered"); got != 2 || m.Unit != "SO" || m.OfficeWide ||
			len(m.Units) != 1 || m.Units[0].Symbol != "SO" {
			t.Fatalf("the head's report: filed %v, %+v", got, m)
		}
		for _, p := range []string{"/console/api/report?" + period + "&unit=USC", "/console/api/report/pdf?" + period + "&unit=USC"} {
			if r := h.do("GET", p, nil); r.code != http.StatusForbidden || r.err() != "role" {
				t.Fatalf("the head asking for USC (%s): %d %s", p, r.code, r.body)
			}
		}
		pdf := h.do("GET", "/console/api/report/pdf?"+period+"&lang=en", nil)
		if pdf.code != http.StatusOK || pdf.hdr.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf.body, []byte("%PDF")) {
			t.Fatalf("the head's PDF: %d %s", pdf.code, pdf.hdr)
		}
		if text := pdfWords(t, pdf.body); !strings.Contains(text, "unit SO") || !strings.Contains(text, "Cases filed in the period") {
			t.Fatalf("the head's PDF says: %s", text)
		}

		s := o.as(t, secretary)
		s.decode(s.do("GET", "/console/api/report?"+period, nil), &m)
		if got := figure(m.Report, report.SectionCases, "report.cases.registered"); got != 3 {
			t.Fatalf("the secretary's report: filed %v", got)
		}
		pdf = s.do("GET", "/console/api/report/pdf?"+period, nil)
		if text := pdfWords(t, pdf.body); pdf.code != http.StatusOK || !strings.Contains(text, "cały urząd") || !strings.Contains(text, "Raport z monitoringu") {
			t.Fatalf("the secretary's PDF: %d %s", pdf.code, text)
		}
	})
}
