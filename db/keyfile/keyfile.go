// Package keyfile keeps the device's key file (app/keys.KeySet) in the
// data directory: written atomically, with a second copy, so a process
// killed while re-keying leaves the old key file or the new one, never
// neither and never a torn one; read strictly, so a damaged file is
// ErrKeyFileDamaged and never silently replaced by a new key (which would
// leave the database unreadable and look empty).
package keyfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"okienko/app/keys"
)

// The key file and its copy, beside the database.
const (
	Name       = "okienko.key"
	BackupName = "okienko.key.bak"
	tempGlob   = ".okienko.key-*.tmp"
)

var (
	// ErrNoKeyFile: neither the key file nor its copy exists. Only a data
	// directory without a database may then get a new data key; with a
	// database, this is as bad as ErrKeyFileDamaged.
	ErrNoKeyFile = errors.New("keyfile: no key file")
	// ErrKeyFileDamaged: the key file exists but cannot be read, and
	// neither can its copy. The app says so and offers the recovery path:
	// the recovery code cannot help (its wrap is in the file); online, the
	// registry's escrow of the data key gives a new key file to a person
	// session; otherwise the device is enrolled again and takes the
	// office's rows from the registry (ARCHITECTURE.md, Encryption at
	// rest).
	ErrKeyFileDamaged = errors.New("keyfile: the key file is damaged")
	// ErrCopyStale: Write replaced the key file but not its copy, which it
	// then removed (so an old copy cannot stand in for the new file). The
	// new key file is in place: log this and carry on; the next Write makes
	// the copy again.
	ErrCopyStale = errors.New("keyfile: the key file's copy was not written")
)

// Read reads the key file of dir, or its copy when the file itself is
// missing or damaged (fromBackup says so; the caller writes the file
// again, which restores both).
func Read(dir string) (ks *keys.KeySet, fromBackup bool, err error) {
	ks, errMain := readOne(filepath.Join(dir, Name))
	if errMain == nil {
		return ks, false, nil
	}
	ks, errBak := readOne(filepath.Join(dir, BackupName))
	if errBak == nil {
		return ks, true, nil
	}
	if errors.Is(errMain, os.ErrNotExist) && errors.Is(errBak, os.ErrNotExist) {
		return nil, false, ErrNoKeyFile
	}
	if !errors.Is(errMain, os.ErrNotExist) {
		return nil, false, errMain
	}
	return nil, false, errBak
}

func readOne(path string) (*keys.KeySet, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("keyfile: %s: %w: %w", filepath.Base(path), ErrKeyFileDamaged, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, keys.MaxKeyFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("keyfile: read %s: %w: %w", filepath.Base(path), ErrKeyFileDamaged, err)
	}
	ks, err := keys.ParseKeyFile(b)
	if err != nil {
		return nil, fmt.Errorf("keyfile: %s: %w: %w", filepath.Base(path), ErrKeyFileDamaged, err)
	}
	return ks, nil
}

// Write replaces the key file of dir with ks, then its copy, each
// atomically: the new bytes go to a temporary file in the same directory,
// are synced, renamed over the old file, and the directory is synced, so
// after a crash each name holds the old file or the new one whole. Until
// the copy is replaced too, the two may differ; either opens. Any error
// but ErrCopyStale may leave the old key file or the new one (a rename
// done whose directory sync failed): the caller reads it back to know.
func Write(dir string, ks *keys.KeySet) error {
	b, err := ks.Marshal()
	if err != nil {
		return err
	}
	removeTemps(dir)
	// A copy left behind by a Write killed before it finished is brought
	// to the key file first: the two never drift more than one Write
	// apart, so the copy always opens with the old password or the new.
	if cur, err := os.ReadFile(filepath.Join(dir, Name)); err == nil {
		if bak, err := os.ReadFile(filepath.Join(dir, BackupName)); err != nil || !bytes.Equal(bak, cur) {
			if _, err := keys.ParseKeyFile(cur); err == nil {
				// A copy that cannot be written now fails below as well,
				// as ErrCopyStale, after the key file itself is new.
				_ = writeAtomic(dir, BackupName, cur)
			}
		}
	}
	if err := writeAtomic(dir, Name, b); err != nil {
		return err
	}
	if err := writeAtomic(dir, BackupName, b); err != nil {
		os.Remove(filepath.Join(dir, BackupName))
		syncDir(dir)
		return fmt.Errorf("%w: %w", ErrCopyStale, err)
	}
	return nil
}

// Remove destroys the key file and its copy (a revoked device): without
// them the data key, and so every sealed field and file, is gone. The
// copy goes first, so a process killed in between leaves the file, and
// the removal is done again at the next start, never a copy that Read
// would take for the file. Flash storage may keep old blocks; an attacker
// with those still needs a person's password or the recovery code.
func Remove(dir string) error {
	// Under Update's lock: a wrap being written as the device hears it
	// is revoked must not bring the key file back.
	updating.Lock()
	defer updating.Unlock()
	removeTemps(dir)
	for _, name := range []string{BackupName, Name} {
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("keyfile: remove %s: %w", name, err)
		}
		if err := syncDir(dir); err != nil {
			return err
		}
	}
	return nil
}

// removeTemps drops temporary files a killed Write left behind.
func removeTemps(dir string) {
	old, _ := filepath.Glob(filepath.Join(dir, tempGlob))
	for _, p := range old {
		os.Remove(p)
	}
}

func writeAtomic(dir, name string, b []byte) error {
	f, err := os.CreateTemp(dir, tempGlob)
	if err != nil {
		return fmt.Errorf("keyfile: create temporary for %s: %w", name, err)
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("keyfile: write %s: %w", name, err)
	}
	if _, err := f.Write(b); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("keyfile: rename %s: %w", name, err)
	}
	return syncDir(dir)
}
