package keyfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"okienko/app/keys"
)

var cheap = keys.Params{Time: 1, Memory: 64, Threads: 1, KeyLen: 32, SaltLen: 16}

func newSet(t testing.TB, password string) (*keys.KeySet, *keys.DataKey) {
	t.Helper()
	dk := keys.NewDataKey()
	ks, err := keys.NewKeySet("dev-1", dk, keys.NewRecoveryCode(), cheap)
	if err != nil {
		t.Fatal(err)
	}
	if err := ks.AddPerson(dk, "anna", password, cheap); err != nil {
		t.Fatal(err)
	}
	return ks, dk
}

func TestWriteRead(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := Read(dir); !errors.Is(err, ErrNoKeyFile) {
		t.Fatalf("empty directory: %v", err)
	}
	ks, dk := newSet(t, "hasło")
	if err := Write(dir, ks); err != nil {
		t.Fatal(err)
	}
	got, fromBackup, err := Read(dir)
	if err != nil || fromBackup {
		t.Fatalf("Read: backup=%v %v", fromBackup, err)
	}
	if k, err := got.Unwrap("anna", "hasło"); err != nil || !k.Equal(dk) {
		t.Fatalf("Unwrap after Read: %v", err)
	}
	if temps, _ := filepath.Glob(filepath.Join(dir, tempGlob)); len(temps) != 0 {
		t.Fatalf("temporary files left: %v", temps)
	}
	if fi, err := os.Stat(filepath.Join(dir, BackupName)); err != nil || fi.Size() == 0 {
		t.Fatalf("no copy: %v", err)
	}
}

func TestDamaged(t *testing.T) {
	ks, dk := newSet(t, "hasło")
	good, _ := ks.Marshal()
	cases := map[string]struct {
		main, bak  []byte // nil: absent
		want       error
		fromBackup bool
	}{
		"both good":             {good, good, nil, false},
		"main empty, copy good": {[]byte{}, good, nil, true},
		"main torn, copy good":  {good[:len(good)/2], good, nil, true},
		"main gone, copy good":  {nil, good, nil, true},
		"main good, copy torn":  {good, good[:10], nil, false},
		"main torn, no copy":    {good[:len(good)/2], nil, ErrKeyFileDamaged, false},
		"both torn":             {good[:20], []byte("x"), ErrKeyFileDamaged, false},
		"main gone, copy torn":  {nil, good[:20], ErrKeyFileDamaged, false},
		"both gone":             {nil, nil, ErrNoKeyFile, false},
	}
	for name, c := range cases {
		dir := t.TempDir()
		for fn, b := range map[string][]byte{Name: c.main, BackupName: c.bak} {
			if b != nil {
				if err := os.WriteFile(filepath.Join(dir, fn), b, 0o600); err != nil {
					t.Fatal(err)
				}
			}
		}
		got, fromBackup, err := Read(dir)
		if c.want != nil {
			if !errors.Is(err, c.want) || got != nil {
				t.Errorf("%s: err = %v, want %v", name, err, c.want)
			}
			continue
		}
		if err != nil || fromBackup != c.fromBackup {
			t.Errorf("%s: fromBackup=%v err=%v", name, fromBackup, err)
			continue
		}
		if k, err := got.Unwrap("anna", "hasło"); err != nil || !k.Equal(dk) {
			t.Errorf("%s: Unwrap: %v", name, err)
		}
	}
}

func TestRemove(t *testing.T) {
	dir := t.TempDir()
	ks, _ := newSet(t, "hasło")
	if err := Write(dir, ks); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, ".okienko.key-123.tmp"), []byte("{}"), 0o600)
	if err := Remove(dir); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Read(dir); !errors.Is(err, ErrNoKeyFile) {
		t.Fatalf("after Remove: %v", err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Fatalf("left after Remove: %v", left)
	}
	if err := Remove(dir); err != nil {
		t.Fatalf("Remove again: %v", err)
	}
}

// A copy that cannot be written is ErrCopyStale, and the key file itself
// is the new one.
func TestCopyStale(t *testing.T) {
	dir := t.TempDir()
	ks, _ := newSet(t, "stare")
	if err := Write(dir, ks); err != nil {
		t.Fatal(err)
	}
	// A directory in the copy's place makes its rename fail.
	os.Remove(filepath.Join(dir, BackupName))
	os.Mkdir(filepath.Join(dir, BackupName), 0o700)
	os.WriteFile(filepath.Join(dir, BackupName, "x"), nil, 0o600)
	dk, _ := ks.Unwrap("anna", "stare")
	ks.Rewrap(dk, "anna", "nowe", cheap)
	if err := Write(dir, ks); !errors.Is(err, ErrCopyStale) {
		t.Fatalf("Write with the copy blocked: %v", err)
	}
	got, fromBackup, err := Read(dir)
	if err != nil || fromBackup {
		t.Fatalf("Read: %v %v", fromBackup, err)
	}
	if _, err := got.Unwrap("anna", "nowe"); err != nil {
		t.Fatalf("the key file is not the new one: %v", err)
	}
}
