package registry_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"okienko/app/retention"
	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/registry"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
)

// retentionWorld writes cards and closed cases straight into a store, as
// devices' pushes would have left them.
type retentionWorld struct {
	st     store.Store
	office string
	stamp  string
}

func (w *retentionWorld) put(tb testing.TB, entity, id string, fields map[string]any) {
	tb.Helper()
	row := merge.Row{}
	for k, v := range fields {
		b, err := json.Marshal(v)
		if err != nil {
			tb.Fatal(err)
		}
		row[k] = merge.Field{V: b, H: w.stamp}
	}
	ctx := context.Background()
	if err := w.st.InTx(ctx, w.office, func(tx store.Tx) error {
		_, err := tx.PutRow(ctx, entity, id, row, false)
		return err
	}); err != nil {
		tb.Fatal(err)
	}
}

func (w *retentionWorld) card(tb testing.TB, title, jrwa, category string) string {
	id := uuid.Must(uuid.NewV7()).String()
	w.put(tb, "service_card", id, map[string]any{"id": id, "officeId": w.office,
		"card": map[string]any{"code": jrwa, "version": 1, "title": title, "unit": "SO", "jrwa": jrwa, "archival": category}})
	return id
}

// kase registers case no. of the card's register in year, closed (status
// and its event) on the office's day closed, or still open when "".
func (w *retentionWorld) kase(tb testing.TB, card, jrwa string, year, no int, closed string) {
	id := uuid.Must(uuid.NewV7()).String()
	status := "in_progress"
	if closed != "" {
		status = "settled"
	}
	w.put(tb, "case_file", id, map[string]any{"id": id, "officeId": w.office, "cardId": card, "unit": "SO", "jrwa": jrwa,
		"year": year, "no": no, "sign": "SO." + jrwa + "." + itoa(no) + "." + itoa(year), "status": status})
	if closed != "" {
		// Noon in Warsaw: the office's day, whatever the zone of the test machine.
		at, _ := time.ParseInLocation("2006-01-02 15:04", closed+" 12:00", warsaw)
		ev := uuid.Must(uuid.NewV7()).String()
		w.put(tb, "case_event", ev, map[string]any{"id": ev, "caseId": id, "kind": "status", "from": "in_progress", "to": "settled", "at": at})
	}
}

var warsaw, _ = time.LoadLocation("Europe/Warsaw")

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestRetentionList: on both stores, the closed cases whose period ended
// by the day asked are listed by what is done with them, sorted by JRWA
// class and sign; open cases and periods still running are not; a card
// without a category puts its cases on a list of their own; the printed
// list says so in whole Polish sentences.
func TestRetentionList(t *testing.T) {
	for _, kind := range synctest.StoreKinds() {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			st := synctest.OpenStore(t, kind)
			t.Cleanup(func() { st.Close() })
			w := &retentionWorld{st: st, office: uuid.Must(uuid.NewV7()).String(), stamp: hlc.Timestamp{Wall: 1, Node: "registry"}.String()}
			if err := st.CreateOffice(ctx, store.Office{ID: w.office, Name: "Urząd Gminy Przykładowo", TERYT: "1099012"}); err != nil {
				t.Fatal(err)
			}
			cert := w.card(t, "Zaświadczenie o zameldowaniu", "5352", "B5")
			complaint := w.card(t, "Skarga lub wniosek", "1510", "A")
			alcohol := w.card(t, "Zezwolenie na sprzedaż napojów alkoholowych", "7340", "BE10")
			old := w.card(t, "Karta bez kategorii", "5351", "")
			w.kase(t, cert, "5352", 2020, 12, "2020-12-31")     // B5: ended with 2025, due
			w.kase(t, cert, "5352", 2020, 3, "2020-06-01")      // due, listed before no. 12
			w.kase(t, cert, "5352", 2021, 1, "2021-01-04")      // B5: ends 1 January 2027, not yet
			w.kase(t, cert, "5352", 2019, 7, "")                // open: never listed
			w.kase(t, complaint, "1510", 2000, 5, "2000-03-01") // A: 25 years to 1 January 2026, due
			w.kase(t, complaint, "1510", 2001, 1, "2001-03-01") // A: 1 January 2027
			w.kase(t, alcohol, "7340", 2015, 2, "2015-12-31")   // BE10: 1 January 2026, due
			w.kase(t, old, "5351", 2024, 9, "2024-02-02")
			reg := registry.New(st, registry.Options{})
			asOf := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
			list, err := reg.Retention(ctx, w.office, asOf)
			if err != nil {
				t.Fatal(err)
			}
			signs := func(lines []registry.RetentionLine) string {
				var s []string
				for _, l := range lines {
					s = append(s, l.Sign+" "+l.Ends)
				}
				return strings.Join(s, ", ")
			}
			want := map[retention.Action]string{
				retention.ActDestroy:   "SO.5352.3.2020 2026-01-01, SO.5352.12.2020 2026-01-01",
				retention.ActTransfer:  "SO.1510.5.2000 2026-01-01",
				retention.ActExpertise: "SO.7340.2.2015 2026-01-01",
			}
			for act, sg := range want {
				if got := signs(list.Due[act]); got != sg {
					t.Errorf("%s: %s, want %s", act, got, sg)
				}
			}
			if got := signs(list.NoCategory); got != "SO.5351.9.2024 " {
				t.Errorf("no category: %q", got)
			}
			if list.Closed != 7 {
				t.Errorf("closed cases looked at: %d, want 7", list.Closed)
			}
			// A day earlier, the year before: nothing of 2020 is due yet.
			early, err := reg.Retention(ctx, w.office, time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			if n := len(early.Due[retention.ActDestroy]) + len(early.Due[retention.ActTransfer]) + len(early.Due[retention.ActExpertise]); n != 0 {
				t.Errorf("as of 2025-12-31: %d due, want 0", n)
			}
			// The admin records what was done; a marked case leaves the list,
			// and only a case the list gives for that action can be marked.
			if _, err := reg.MarkRetention(ctx, w.office, "SO.5352.21.2021", registry.DoneDestroyed, "", "admin", asOf); !errors.Is(err, registry.ErrNotDue) {
				t.Errorf("marking a case not on the list: %v", err)
			}
			if _, err := reg.MarkRetention(ctx, w.office, "SO.5352.1.2021", registry.DoneDestroyed, "", "admin", asOf); !errors.Is(err, registry.ErrNotDue) {
				t.Errorf("marking a case whose period runs on: %v", err)
			}
			if _, err := reg.MarkRetention(ctx, w.office, "SO.1510.5.2000", registry.DoneDestroyed, "", "admin", asOf); !errors.Is(err, registry.ErrNotDue) {
				t.Errorf("destroying category A: %v", err)
			}
			if _, err := reg.MarkRetention(ctx, w.office, "SO.7340.2.2015", registry.DoneAssessed, "ekspertyza AP nr 4/2027", "admin", asOf); err != nil {
				t.Fatal(err)
			}
			after, err := reg.Retention(ctx, w.office, asOf)
			if err != nil {
				t.Fatal(err)
			}
			if len(after.Due[retention.ActExpertise]) != 0 || after.Marked != 1 || len(after.Due[retention.ActDestroy]) != 2 {
				t.Errorf("after a mark: %+v", after)
			}
			if _, err := exec.LookPath("pdftotext"); err != nil {
				t.Skip("pdftotext not installed")
			}
			var buf bytes.Buffer
			if _, err := reg.WriteRetentionPDF(ctx, &buf, w.office, asOf); err != nil {
				t.Fatal(err)
			}
			if out := os.Getenv("OKIENKO_RETENTION_PDF"); out != "" && kind == "sqlite" {
				_ = os.WriteFile(out, buf.Bytes(), 0o644) // to look at it
			}
			text := pdfText(t, buf.Bytes())
			for _, s := range []string{"Spis spraw do brakowania i do przekazania do archiwum państwowego", "Stan na 3 grudnia 2026 r. Spraw zakończonych: 7,",
				"Sprawa SO.5352.3.2020 (Zaświadczenie o zameldowaniu), kategoria B5, zakończona 1 czerwca 2020 r.: okres przechowywania upłynął z dniem 31 grudnia 2025 r.",
				"Sprawa SO.1510.5.2000 (Skarga lub wniosek), kategoria A, zakończona 1 marca 2000 r., podlega przekazaniu do archiwum państwowego od 1 stycznia 2026 r.",
				"nie ma kategorii archiwalnej"} {
				if !strings.Contains(text, s) {
					t.Errorf("printed list lacks %q:\n%s", s, text)
				}
			}
			if strings.Index(text, "SO.5352.3.2020") > strings.Index(text, "SO.5352.12.2020") {
				t.Error("printed list not in sign order")
			}
		})
	}
}

// pdfText is a PDF's text as pdftotext reads it, lines joined as printed
// sentences run on: one space for each line break.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "l.pdf")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", p, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
