package registry

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/registry/store"
	"okienko/sync/synctest/rows"
)

// TestSpisSprawText: the spis spraw says every state of a number in
// whole Polish sentences from the locale file: used (open and settled),
// cancelled for each reason, reserved, missing, and used by a case that
// has not reached the registry (pushed later, or refused). OKIENKO_SPIS_PDF
// keeps the PDF there to look at.
func TestSpisSprawText(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	w := newCheckWorld(t)
	seedRegister(t, w, 4)
	ctx := context.Background()
	reg := rows.Register
	stamp := hlc.Timestamp{Wall: 1795424400000, Node: w.dev.ID}.String()
	number := func(no int, state, note string) error {
		r := merge.Row{}
		for k, v := range map[string]any{"officeId": w.office, "unit": reg.Unit, "jrwa": reg.JRWA, "year": reg.Year, "no": no,
			"state": state, "note": note, "deviceId": w.dev.ID, "caseId": "01a24900-0000-7000-8000-000000000011"} {
			raw, _ := json.Marshal(v)
			r[k] = merge.Field{V: raw, H: stamp}
		}
		return w.st.InTx(ctx, w.office, func(tx store.Tx) error {
			_, err := tx.PutRow(ctx, "case_number", NumberID(w.office, reg.Unit, reg.JRWA, reg.Year, no), r, false)
			return err
		})
	}
	for no, s := range map[int][2]string{5: {"cancelled", "year_end"}, 6: {"cancelled", "revoked"}, 7: {"cancelled", ""},
		8: {"reserved", ""}, 10: {"cancelled", "pomyłka"}, 11: {"used", ""}} {
		if err := number(no, s[0], s[1]); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := w.r.WriteRegisterPDF(ctx, &buf, w.office, reg.Unit, reg.JRWA, reg.Year); err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("OKIENKO_SPIS_PDF"); out != "" {
		_ = os.WriteFile(out, buf.Bytes(), 0o644) // to look at it
	}
	f := filepath.Join(t.TempDir(), "s.pdf")
	if err := os.WriteFile(f, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Spis spraw SO.5352, rok 2026", "Numery 1–11: wykorzystane 5, anulowane 4, zarezerwowane 1, niewyjaśnione 1",
		"SO.5352.11.2026 — numer wykorzystany na urządzeniu …" + tail(w.dev.ID) + "; sprawa jeszcze nie dotarła do rejestru",
		"SO.5352.1.2026 — ", "; od: Zofia Wróblewska-Żółkiewska; wszczęto ", "; zakończono ",
		"numer anulowany (koniec roku, rejestr zamknięty)", "numer anulowany (cofnięto uprawnienia urządzenia)",
		"numer anulowany (bez podanej przyczyny)", "numer anulowany (pomyłka)", "numer zarezerwowany dla urządzenia …",
		"jeszcze niewykorzystany", "BRAK: numer niewyjaśniony", "Wydrukowano: ", "TERYT 1099012", "Strona 1 z 1", "· spis spraw SO.5352/2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("the spis spraw lacks %q:\n%s", want, text)
		}
	}
}

// TestSpisSettledOnlyWhenClosed: the spis spraw gives a case the day it was
// settled only while the case is closed: a closing event a device
// appended to a case that stays open (or one reopened since) leaves its
// line open.
func TestSpisSettledOnlyWhenClosed(t *testing.T) {
	w := newCheckWorld(t)
	seedRegister(t, w, 4) // number 4's case is settled, with its event
	ctx := context.Background()
	reg := rows.Register
	lines, err := w.r.Register(ctx, w.office, reg.Unit, reg.JRWA, reg.Year)
	if err != nil || len(lines) != 4 || lines[3].Settled == "" || lines[0].Settled != "" {
		t.Fatalf("before: %+v %v", lines, err)
	}
	var caseOf1 string
	if err := json.Unmarshal(mustRow(t, w, "case_number", NumberID(w.office, reg.Unit, reg.JRWA, reg.Year, 1)).Fields["caseId"].V, &caseOf1); err != nil {
		t.Fatal(err)
	}
	stamp := hlc.Timestamp{Wall: 1795424500000, Node: w.dev.ID}.String()
	ev := newID()
	r := merge.Row{}
	for k, v := range map[string]any{"id": ev, "caseId": caseOf1, "kind": "status", "from": "in_progress", "to": "settled", "at": "2026-03-01T10:00:00Z"} {
		raw, _ := json.Marshal(v)
		r[k] = merge.Field{V: raw, H: stamp}
	}
	if err := w.st.InTx(ctx, w.office, func(tx store.Tx) error {
		_, err := tx.PutRow(ctx, "case_event", ev, r, false)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	lines, err = w.r.Register(ctx, w.office, reg.Unit, reg.JRWA, reg.Year)
	if err != nil || lines[0].Settled != "" || lines[3].Settled == "" {
		t.Fatalf("an open case with a closing event: settled %q (number 4: %q), %v", lines[0].Settled, lines[3].Settled, err)
	}
}

func mustRow(t *testing.T, w *checkWorld, entity, id string) store.Row {
	t.Helper()
	var row store.Row
	err := w.st.InTx(context.Background(), w.office, func(tx store.Tx) error {
		r, found, err := tx.Row(context.Background(), entity, id)
		if err == nil && !found {
			err = store.ErrNotFound
		}
		row = r
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return row
}
