package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"okienko/app/audit"
	"okienko/app/keys"
)

type fakeDialog struct{ to string }

func (f fakeDialog) SaveFile(string) (string, error) { return f.to, nil }

// TestPrintoutSealedShownAndSaved: a receipt is on the disk only sealed,
// the viewer gets its PDF from memory, Save as… writes the one plaintext
// copy and the audit log records it; a locked store refuses clearly.
func TestPrintoutSealedShownAndSaved(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	res, err := NewIntakeService(e.core).Register(proxyDraft(t, e, "zaswiadczenie o zameldowaniu"))
	if err != nil || !res.OK || res.Receipt.Path == "" {
		t.Fatalf("register: %+v %v", res, err)
	}
	p := res.Receipt.Path
	if !strings.HasSuffix(p, "potwierdzenie.pdf.okef") || res.Receipt.Name != "potwierdzenie.pdf" {
		t.Fatalf("receipt %+v", res.Receipt)
	}
	raw, _ := os.ReadFile(p)
	if !bytes.HasPrefix(raw, []byte("OKEF")) || bytes.Contains(raw, []byte("%PDF")) {
		t.Fatalf("the receipt on the disk is not sealed: %q", raw[:16])
	}
	var plain []string
	filepath.WalkDir(e.dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".pdf") {
			plain = append(plain, path)
		}
		return nil
	})
	if len(plain) > 0 {
		t.Fatalf("plaintext PDFs in the data directory: %v", plain)
	}
	dlgTo := filepath.Join(t.TempDir(), "kopia.pdf")
	svc := NewPrintoutService(e.core, fakeDialog{to: dlgTo})
	v, err := svc.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	pdfBytes, _ := base64.StdEncoding.DecodeString(v.Data)
	if !bytes.HasPrefix(pdfBytes, []byte("%PDF")) || v.Name != "potwierdzenie.pdf" {
		t.Fatalf("viewer got %q (%s)", pdfBytes[:min(8, len(pdfBytes))], v.Name)
	}
	if !v.Saveable {
		t.Error("a receipt is not offered to be saved as a copy")
	}
	// A path outside the printouts, or a file moved elsewhere, is refused.
	if _, err := svc.Open(filepath.Join(e.dir, "okienko.db")); keyOf(t, err) != "print.notFound" {
		t.Errorf("open the database: %v", err)
	}
	moved := filepath.Join(filepath.Dir(p), "wezwanie.pdf.okef")
	os.WriteFile(moved, raw, 0o600)
	if _, err := svc.Open(moved); keyOf(t, err) != "print.damaged" {
		t.Errorf("a renamed printout opened: %v", err)
	}
	os.Remove(moved)
	saved, err := svc.SaveAs(p)
	if err != nil || !saved.Saved || saved.Path != dlgTo {
		t.Fatalf("save as: %+v %v", saved, err)
	}
	if got, _ := os.ReadFile(dlgTo); !bytes.Equal(got, pdfBytes) {
		t.Error("the saved copy is not the printout")
	}
	entries, err := e.store.RecentAudit(context.Background(), e.core.OfficeID(), 50)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range entries {
		if a.Action == audit.PrintoutSave && strings.HasSuffix(a.Detail, "potwierdzenie.pdf") && !strings.Contains(a.Detail, "kopia") {
			found = true
		}
	}
	if !found {
		t.Errorf("Save as… not in the audit log: %+v", entries)
	}
	if s, err := NewPrintoutService(e.core, fakeDialog{}).SaveAs(p); err != nil || s.Saved {
		t.Errorf("cancelled dialog: %+v %v", s, err)
	}
	e.store.Lock()
	if _, err := svc.Open(p); keyOf(t, err) != "print.locked" {
		t.Errorf("locked open: %v", err)
	}
	if _, err := NewCaseService(e.core).Print(res.CaseID, PrintReceipt); keyOf(t, err) != "auth.locked" {
		t.Errorf("locked print: %v", err)
	}
}

// TestSealLegacyPrintouts: plaintext printouts of an older version are
// sealed and removed at unlock, leftovers of interrupted writes go, a
// sealed file already there (a kill between the two steps) is kept, and
// a second run finds nothing to do.
func TestSealLegacyPrintouts(t *testing.T) {
	dir := t.TempDir()
	c := testCipher(t)
	write := func(rel, body string) string {
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o700)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("sprawy/2026/SO_5352_1_2026/wniosek.pdf", "%PDF PESEL 44051401359")
	b := write("wydruki/lista-na-dzis-2026-12-01.pdf", "%PDF Kowalska")
	tmp := write("sprawy/2026/SO_5352_1_2026/.tmp-123", "%PDF half")
	other := write("logs/okienko.log", "kept")
	// A kill after sealing b but before removing it.
	label, _ := printoutLabel(dir, b+sealedExt)
	pre, _ := c.SealBytes(label, []byte("%PDF Kowalska"))
	write("wydruki/lista-na-dzis-2026-12-01.pdf.okef", string(pre))
	n, err := SealLegacyPrintouts(context.Background(), dir, c, nil)
	if err != nil || n != 2 {
		t.Fatalf("sealed %d, %v", n, err)
	}
	for _, gone := range []string{a, b, tmp} {
		if _, err := os.Stat(gone); !os.IsNotExist(err) {
			t.Errorf("%s still there", gone)
		}
	}
	if _, err := os.Stat(other); err != nil {
		t.Error("a file that is not a printout was touched")
	}
	for p, want := range map[string]string{a: "%PDF PESEL 44051401359", b: "%PDF Kowalska"} {
		raw, _ := os.ReadFile(p + sealedExt)
		label, _ := printoutLabel(dir, p+sealedExt)
		got, err := c.OpenBytes(label, raw)
		if err != nil || string(got) != want {
			t.Errorf("%s: %q %v", p, got, err)
		}
	}
	if n, err := SealLegacyPrintouts(context.Background(), dir, c, nil); n != 0 || err != nil {
		t.Errorf("second run sealed %d, %v", n, err)
	}
	// Under another key the sealed files do not open: the label and key
	// both bind them.
	dk := keys.NewDataKey()
	c2, _ := keys.NewCipher(dk)
	raw, _ := os.ReadFile(a + sealedExt)
	l, _ := printoutLabel(dir, a+sealedExt)
	if _, err := c2.OpenBytes(l, raw); err == nil {
		t.Error("opened under another key")
	}
}

// TestSaveAsFailureLogsNoPath: a copy that cannot be saved says so, and
// the error (which reaches the log) does not carry the place chosen,
// which may be named after the client.
func TestSaveAsFailureLogsNoPath(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	res, err := NewIntakeService(e.core).Register(proxyDraft(t, e, "zaswiadczenie o zameldowaniu"))
	if err != nil || !res.OK {
		t.Fatalf("register: %+v %v", res, err)
	}
	to := filepath.Join(t.TempDir(), "Kowalska-nie-ma-takiego-folderu", "kopia.pdf")
	_, err = NewPrintoutService(e.core, fakeDialog{to: to}).SaveAs(res.Receipt.Path)
	if keyOf(t, err) != "print.saveAsFailed" {
		t.Fatalf("save into a missing folder: %v", err)
	}
	if strings.Contains(err.Error(), "Kowalska") {
		t.Errorf("the error names the place: %v", err)
	}
}
