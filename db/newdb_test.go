package db

import (
	"context"
	"path/filepath"
	"testing"
)

// TestNewDatabaseOwesNoSealing: a database Open creates, and one
// CreateMigrated writes, carry none of the marks that ask an older
// version's rows to be sealed (and the file compacted twice after).
func TestNewDatabaseOwesNoSealing(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	path := filepath.Join(t.TempDir(), FileName)
	if err := CreateMigrated(ctx, path); err != nil {
		t.Fatal(err)
	}
	tpl, err := Open(ctx, filepath.Dir(path), Options{Cipher: testCipher(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer tpl.Close()
	for name, st := range map[string]*Store{"opened": s, "template": tpl} {
		for _, k := range []string{metaSealSync, metaSealAudit, metaCompactOwed} {
			if v, err := st.meta(ctx, k); err != nil || v != "" {
				t.Errorf("%s database: device_meta %s = %q (%v), want none", name, k, v, err)
			}
		}
	}
}
