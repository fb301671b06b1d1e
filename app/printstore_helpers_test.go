package app

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"okienko/app/keys"
	"okienko/db"
)

var (
	testCipherOnce sync.Once
	testCipherVal  *keys.Cipher
)

// testCipher is one data key's cipher for the package's tests: every
// test store is unlocked with it, so a test helper opens any printout.
func testCipher(t testing.TB) *keys.Cipher {
	testCipherOnce.Do(func() {
		dk := keys.NewDataKey()
		defer dk.Destroy()
		c, err := keys.NewCipher(dk)
		if err != nil {
			panic(err)
		}
		testCipherVal = c
	})
	return testCipherVal
}

// unlockForTest unlocks a test store as a sign-in will.
func unlockForTest(t testing.TB, st *db.Store) {
	t.Helper()
	if err := st.Unlock(context.Background(), testCipher(t)); err != nil {
		t.Fatal(err)
	}
}

// plainPDF is a printout's PDF: a sealed one (.pdf.okef) opened with the
// tests' cipher, its data directory found above it (where the database
// is); any other file as it is.
func plainPDF(t testing.TB, path string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Ext(path) != sealedExt {
		return raw
	}
	dir := filepath.Dir(path)
	for {
		if _, err := os.Stat(filepath.Join(dir, db.FileName)); err == nil {
			break
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatalf("no data directory above %s", path)
		}
		dir = up
	}
	label, err := printoutLabel(dir, path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := testCipher(t).OpenBytes(label, raw)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	return b
}

// pdftotextLayout is pdftotext -layout of a printout, sealed or not.
func pdftotextLayout(t testing.TB, path string) ([]byte, error) {
	t.Helper()
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(plainPDF(t, path))
	return cmd.Output()
}
