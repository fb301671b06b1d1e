package db

import (
	"context"
	"testing"
	"time"

	"okienko/app/keys"
)

// testCipher is a fresh device data key's cipher.
func testCipher(t testing.TB) *keys.Cipher {
	t.Helper()
	c, err := keys.NewCipher(keys.NewDataKey())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// openPlain opens a store as the registry's snapshot builder does: in the
// clear, never unlocked.
func openPlain(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), t.TempDir(), Options{Now: func() time.Time { return t0 }, Plaintext: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
