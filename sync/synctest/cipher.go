package synctest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"okienko/app/keys"
	"okienko/db/keyfile"
)

// codeFile keeps, beside a test device's key file, the recovery code that
// opens it (a test's data directory only; a real device never writes it).
const codeFile = "test-recovery-code"

// DirCipher is the data key's cipher of the device in dir, made on first
// use and kept in dir's key file (wrapped under a recovery code kept
// beside it, at Cheap costs), so another process, a kill test's child,
// opens the same store.
func DirCipher(t testing.TB, dir string) *keys.Cipher {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	var dk *keys.DataKey
	raw, err := os.ReadFile(filepath.Join(dir, codeFile))
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
		ks, err := keys.NewKeySet("test-device", dk, code, Cheap)
		if err != nil {
			t.Fatal(err)
		}
		if err := keyfile.Write(dir, ks); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, codeFile), []byte(code.String()), 0o600); err != nil {
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
