package registry

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"okienko/app/cases"
	"okienko/app/office"
	"okienko/app/report"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
	"okienko/sync/synctest/rows"
)

// TestReportAcrossDevices: two cases pushed by a device (filed 23.11.2026,
// due 30.11.2026, open) are counted by the registry as the device counts
// them: November has 2 filed and 2 deadlines, still running on the
// registry's 30.11; a head of another unit sees nothing; October is empty,
// not zeros, and its PDF prints. No complaint was registered: its section
// is empty, not "not recorded".
func TestReportAcrossDevices(t *testing.T) {
	w := newCheckWorld(t)
	ctx := context.Background()
	var ops []protocol.Op
	for range 2 {
		client, id := newID(), newID()
		ops = append(ops, w.op("client", client, rows.Client(w.office, client, "Anna")),
			w.op("case_file", id, rows.Case(w.office, id, client, w.refs, w.dev.ID, cases.Registered)))
	}
	resp, err := w.r.Push(ctx, w.dev, protocol.PushRequest{BatchID: newID(), Ops: ops})
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range resp.Results {
		if res.Status != protocol.Applied {
			t.Fatalf("seed: %+v", res)
		}
	}
	nov, _ := report.ParsePeriod("2026-11-01", "2026-11-30")
	rep, err := w.r.Report(ctx, w.office, nov, report.Scope{OfficeWide: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"report.cases.registered": 2, "report.cases.closed": 0, "report.deadlines.due": 2,
		"report.deadlines.running": 2, "report.deadlines.missed": 0}
	got := map[string]float64{}
	for _, s := range rep.Sections {
		for _, f := range s.Figures {
			got[f.Key] = f.Value
		}
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("%s = %v (%v), want %v", k, g, ok, v)
		}
	}
	if rep.Empty || rep.Sections[0].State != report.StateEmpty || rep.Sections[5].State != report.StateEmpty {
		t.Errorf("states: empty %v, queue %s, complaints %s", rep.Empty, rep.Sections[0].State, rep.Sections[5].State)
	}
	if other, _ := w.r.Report(ctx, w.office, report.Period{From: "2026-11-01", To: "2026-11-30"}, report.Scope{Units: []string{"USC"}}); !other.Empty {
		t.Error("USC's head sees SO's cases")
	}
	oct, _ := report.ParsePeriod("2026-10-01", "2026-10-31")
	var buf bytes.Buffer
	rep, err = w.r.WriteReportPDF(ctx, &buf, w.office, oct)
	if err != nil || !rep.Empty || buf.Len() < 1000 {
		t.Errorf("October: empty %v, %d bytes, %v", rep.Empty, buf.Len(), err)
	}
}

// TestReportLetterhead: the registry's report heads its page with the
// office's name, address and contact and names the office in its footer,
// as the office's other printouts do.
func TestReportLetterhead(t *testing.T) {
	w := newCheckWorld(t)
	ctx := context.Background()
	o := office.Office{ID: w.office, Name: "Urząd Gminy Testowo", Street: "ul. Rynek 1", PostalCode: "09-500", City: "Gostynin",
		Phone: "24 123 45 67", Email: "urzad@example.pl", TimeZone: "Europe/Warsaw"}
	if err := w.r.inTx(ctx, w.office, func(tx store.Tx) error { return w.r.write(ctx, tx, "office", w.office, o) }); err != nil {
		t.Fatal(err)
	}
	nov, _ := report.ParsePeriod("2026-11-01", "2026-11-30")
	var buf bytes.Buffer
	if _, err := w.r.WriteScopedReportPDF(ctx, &buf, w.office, nov, report.Scope{OfficeWide: true}, "pl"); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(f, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"ul. Rynek 1, 09-500 Gostynin", "urzad@example.pl", "Urząd Gminy Testowo · Raport z monitoringu jakości obsługi"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q: %s", want, text)
		}
	}
}

// TestReportNamesQueueGroups: the queue's breakdown by matter group reads
// "A – Meldunki i dowody osobiste" on the console (Polish, as the office
// names it) and in the language of a printed report; a letter the office
// no longer has stays a letter.
func TestReportNamesQueueGroups(t *testing.T) {
	w := newCheckWorld(t)
	ctx := context.Background()
	s := report.QueueCounted([]report.TicketCount{{Status: "served", Group: "A", Unit: "SO", N: 2}, {Status: "served", Group: "Q", Unit: "SO", N: 1}},
		nil, nil, report.Scope{OfficeWide: true})
	for locale, want := range map[string]string{
		"pl": "A – Meldunki i dowody osobiste|Q",
		"en": "A – Residence registration and ID cards|Q",
		"uk": "A – Реєстрація місця проживання та посвідчення особи|Q",
	} {
		named, err := w.r.namedGroups(ctx, w.office, s, locale)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, b := range named.Breakdowns {
			if b.Key == "report.queue.byGroup" {
				for _, r := range b.Rows {
					got = append(got, r.Label)
				}
			}
		}
		if strings.Join(got, "|") != want {
			t.Errorf("%s: groups %q, want %q", locale, got, want)
		}
	}
}
