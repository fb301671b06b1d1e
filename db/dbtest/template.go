// Package dbtest gives tests a device database to start from: a copy of
// one migrated template instead of every migration run again.
package dbtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"okienko/db"
)

// templateFormat changes when what CreateMigrated writes changes beyond
// the migrations (2: without the legacy sealing's marks), so an older
// template in the temp directory is not taken.
const templateFormat = "2"

// migratedTemplate is a migrated, empty device database that every store
// a test process opens starts as a copy of: migrating each of the
// simulation's hundreds of stores was a third of its CPU. It is kept in
// the system's temp directory by schema (db.SchemaHash), so a later run
// of the same schema takes it as it is, and written under another name
// first, so a test process that stops halfway leaves no half a template.
var migratedTemplate = sync.OnceValues(func() (string, error) {
	dir := filepath.Join(os.TempDir(), "okienko-test-device-"+templateFormat+"-"+db.SchemaHash())
	path := filepath.Join(dir, db.FileName)
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("dbtest: template: %w", err)
	}
	tmp, err := os.MkdirTemp(dir, "new-")
	if err != nil {
		return "", fmt.Errorf("dbtest: template: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := db.CreateMigrated(context.Background(), filepath.Join(tmp, db.FileName)); err != nil {
		return "", fmt.Errorf("dbtest: template: %w", err)
	}
	if err := os.Rename(filepath.Join(tmp, db.FileName), path); err != nil {
		return "", fmt.Errorf("dbtest: template: %w", err)
	}
	return path, nil
})

// StartFromTemplate puts a copy of the migrated template in dir as its
// database, for db.Open to open.
func StartFromTemplate(dir string) error {
	src, err := migratedTemplate()
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("dbtest: template: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, db.FileName), raw, 0o600); err != nil {
		return fmt.Errorf("dbtest: template: %w", err)
	}
	return nil
}
