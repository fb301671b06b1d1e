//go:build !windows

package db

import (
	"context"
	"os"
	"testing"
	"time"
)

// TestDatabaseFilesPrivate: the database, its WAL and its shared-memory
// file are the user's alone (0600), whatever the umask and whatever mode an
// older version created them with. Found by examining a used laptop's data
// directory: SQLite makes them 0644, so only the directory's 0700 (which
// MkdirAll does not give a directory that already exists, such as one made
// by hand or by an installer for --data) kept other local users from
// reading the blind index, the people's password verifiers and the rows'
// plain columns.
func TestDatabaseFilesPrivate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil { // a directory someone else made
		t.Fatal(err)
	}
	c := testCipher(t)
	now := func() time.Time { return t0 }
	check := func(when string) {
		t.Helper()
		for _, name := range []string{FileName, FileName + "-wal", FileName + "-shm"} {
			st, err := os.Stat(dir + "/" + name)
			if err != nil {
				t.Fatalf("%s: %v", when, err)
			}
			if m := st.Mode().Perm(); m&0o077 != 0 {
				t.Errorf("%s: %s is %o, want no access for group or others", when, name, m)
			}
		}
	}
	s, err := Open(ctx, dir, Options{Now: now, Cipher: c})
	if err != nil {
		t.Fatal(err)
	}
	newFixture().save(t, s)
	check("a new database")
	s.Close()

	// A database an older version left readable is made private at open.
	for _, name := range []string{FileName, FileName + "-wal", FileName + "-shm"} {
		os.Chmod(dir+"/"+name, 0o644)
	}
	s, err = Open(ctx, dir, Options{Now: now, Cipher: c})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f := newFixture()
	f.staff.Login = "bnowak"
	f.save(t, s)
	check("an older database")
}
