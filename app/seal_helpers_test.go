package app

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"okienko/app/auth"
	"okienko/app/keys"
	"okienko/db/keyfile"
)

// testKeyCode keeps, beside a test's key file, the recovery code that
// opens it (test data directories only).
const testKeyCode = "test-recovery-code"

// dirCipher is the cipher of the data key of the test device in dir, made
// on first use and kept in dir's key file (a recovery wrap at cheap
// costs, its code beside it), so a kill test's child process and its
// parent, or a cached benchmark database, open the same store unlocked.
func dirCipher(t testing.TB, dir string) *keys.Cipher {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	cheap := auth.Params{Time: 1, Memory: 1024, Threads: 1, KeyLen: 32, SaltLen: 16}
	var dk *keys.DataKey
	raw, err := os.ReadFile(filepath.Join(dir, testKeyCode))
	switch {
	case err == nil:
		code, err := keys.ParseRecoveryCode(string(raw))
		if err != nil {
			t.Fatal(err)
		}
		ks, _, err := keyfile.Read(dir)
		if err != nil {
			t.Fatal(err)
		}
		if dk, err = ks.UnwrapRecovery(code); err != nil {
			t.Fatal(err)
		}
	case errors.Is(err, os.ErrNotExist):
		dk = keys.NewDataKey()
		code := keys.NewRecoveryCode()
		ks, err := keys.NewKeySet("test-device", dk, code, cheap)
		if err != nil {
			t.Fatal(err)
		}
		if err := keyfile.Write(dir, ks); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, testKeyCode), []byte(code.String()), 0o600); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatal(err)
	}
	c, err := keys.NewCipher(dk)
	if err != nil {
		t.Fatal(err)
	}
	dk.Destroy()
	return c
}
