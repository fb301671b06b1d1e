package registry

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/registry/store"
	"okienko/sync/synctest/rows"
)

// seedRegister writes n numbers of the register rows.Register, each used by
// a case of its own client, a quarter of the cases closed, straight into
// the store (as a year of pushes would leave them, without the checks).
func seedRegister(tb testing.TB, w *checkWorld, n int) {
	tb.Helper()
	ctx := context.Background()
	stamp := hlc.Timestamp{Wall: 1795424400000, Node: w.dev.ID}.String()
	row := func(fields map[string]any) merge.Row {
		r := merge.Row{}
		for k, v := range fields {
			raw, _ := json.Marshal(v)
			r[k] = merge.Field{V: raw, H: stamp}
		}
		return r
	}
	reg := rows.Register
	jan := time.Date(reg.Year, 1, 2, 9, 0, 0, 0, time.UTC)
	const batch = 500
	for first := 1; first <= n; first += batch {
		err := w.st.InTx(ctx, w.office, func(tx store.Tx) error {
			for no := first; no < first+batch && no <= n; no++ {
				client, kase := newID(), newID()
				day := jan.AddDate(0, 0, no*360/n)
				status := "in_progress"
				if no%4 == 0 {
					status = "settled" // with its closing event below
				}
				puts := []struct {
					entity, id string
					fields     map[string]any
				}{
					{"client", client, map[string]any{"id": client, "officeId": w.office, "kind": "person", "firstName": "Zofia", "lastName": "Wróblewska-Żółkiewska"}},
					{"case_file", kase, map[string]any{"id": kase, "officeId": w.office, "sign": reg.Unit + ".5352." + itoa(no) + ".2026", "unit": reg.Unit, "jrwa": reg.JRWA,
						"year": reg.Year, "no": no, "cardId": w.refs.CardID, "clientId": client, "status": status, "submittedOn": day.Format(time.DateOnly)}},
					{"case_number", NumberID(w.office, reg.Unit, reg.JRWA, reg.Year, no), map[string]any{"officeId": w.office, "unit": reg.Unit, "jrwa": reg.JRWA,
						"year": reg.Year, "no": no, "state": "used", "caseId": kase, "deviceId": w.dev.ID}},
				}
				if no%4 == 0 {
					ev := newID()
					puts = append(puts, struct {
						entity, id string
						fields     map[string]any
					}{"case_event", ev, map[string]any{"id": ev, "caseId": kase, "kind": "status", "from": "in_progress", "to": "settled", "at": day.AddDate(0, 0, 20)}})
				}
				for _, p := range puts {
					if _, err := tx.PutRow(ctx, p.entity, p.id, row(p.fields), false); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// BenchmarkSpisSprawPDF: the spis spraw of a register of 5,000 numbers
// printed at the registry (`registry admin register print`, the console's
// Rejestry), the office's rows read from the SQLite store and laid out
// (issue 14: a register's yearly PDF ≤ 500 ms). cpu-ms/register is the
// process's CPU per register; the wall time on the shared machine says
// little.
func BenchmarkSpisSprawPDF(b *testing.B) {
	w := newCheckWorld(b)
	seedRegister(b, w, 5000)
	ctx := context.Background()
	reg := rows.Register
	var size int
	start, cpu0 := time.Now(), cpuTime()
	for b.Loop() {
		var buf bytes.Buffer
		lines, err := w.r.WriteRegisterPDF(ctx, &buf, w.office, reg.Unit, reg.JRWA, reg.Year)
		if err != nil || len(lines) != 5000 || lines[3].Settled == "" || lines[0].From != "Zofia Wróblewska-Żółkiewska" {
			b.Fatalf("register: %d lines, %v", len(lines), err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/float64(time.Millisecond), "cpu-ms/register")
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/register")
	b.ReportMetric(float64(size)/1024, "KiB")
}
