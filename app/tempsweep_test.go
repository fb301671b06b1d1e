package app

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestSweepTemp: an older version's recovery sheet and a print spool left
// by a killed app are removed from the temporary directory at start; a
// spool under way (young) and other programs' files are kept.
func TestSweepTemp(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	write := func(p string, age time.Duration) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("%PDF-1.4 Kod odzyskiwania 7QK2M-XA9PD-4HT0V-RZ8BN-C3W6F"), 0o600); err != nil {
			t.Fatal(err)
		}
		old := now.Add(-age)
		os.Chtimes(p, old, old)
		os.Chtimes(filepath.Dir(p), old, old)
	}
	write(filepath.Join(dir, "okienko-kod-odzyskiwania-123.pdf"), time.Second)
	write(filepath.Join(dir, "okienko-print-1", "potwierdzenie.pdf"), time.Hour)
	write(filepath.Join(dir, "okienko-print-2", "wniosek.pdf"), time.Second)
	write(filepath.Join(dir, "inny-program.pdf"), time.Hour)
	write(filepath.Join(dir, "okienko-print-3.pdf"), time.Hour)

	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if n := SweepTemp(dir, now, log); n != 2 {
		t.Fatalf("removed %d, want 2", n)
	}
	for _, gone := range []string{"okienko-kod-odzyskiwania-123.pdf", "okienko-print-1"} {
		if _, err := os.Stat(filepath.Join(dir, gone)); !os.IsNotExist(err) {
			t.Errorf("%s is still there (%v)", gone, err)
		}
	}
	for _, kept := range []string{"okienko-print-2/wniosek.pdf", "inny-program.pdf", "okienko-print-3.pdf"} {
		if _, err := os.Stat(filepath.Join(dir, kept)); err != nil {
			t.Errorf("%s was removed: %v", kept, err)
		}
	}
}
