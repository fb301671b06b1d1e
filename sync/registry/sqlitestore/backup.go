package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

	"github.com/pressly/goose/v3"

	"okienko/sync/registry/sqlitestore/internal/rq"
	"okienko/sync/registry/store"
)

// FileName is the store's database file in its data directory.
const FileName = "registry.db"

// Backup writes a consistent copy of the store to path, which must not
// exist, while the registry goes on serving: VACUUM INTO reads one
// snapshot of the WAL database through a reader connection, so writers
// are not held up, and the copy is compact with its own integrity. (A
// maintenance statement sqlc does not parse, as db.WriteSnapshot's.)
func (s *Store) Backup(ctx context.Context, path string) error {
	// A connection of its own: the readers are query_only, which VACUUM
	// INTO counts as writing, and the writer must stay free for pushes.
	u := (&url.URL{Path: s.file}).EscapedPath()
	db, err := sql.Open("sqlite", "file:"+u+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("sqlitestore: backup: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("sqlitestore: backup: %w", err)
	}
	return nil
}

// FileInfo is what a backup file holds, as Inspect found it.
type FileInfo struct {
	Version int64 // its newest migration
	Offices []store.Office
}

// Errors of Inspect.
var (
	ErrDamaged  = errors.New("sqlitestore: the file is not a sound registry database")
	ErrTooNewDB = errors.New("sqlitestore: the file was written by a newer registry")
)

// Inspect opens a would-be backup read-only and checks it whole:
// SQLite's integrity check, a registry's migrations no newer than this
// binary's, and its offices (which restore compares with the store's).
func Inspect(ctx context.Context, path string) (FileInfo, error) {
	var info FileInfo
	st, err := os.Stat(path)
	if err != nil {
		return info, fmt.Errorf("sqlitestore: inspect: %w", err)
	}
	if !st.Mode().IsRegular() {
		return info, fmt.Errorf("%w: %s is not a file", ErrDamaged, path)
	}
	u := (&url.URL{Path: path}).EscapedPath()
	db, err := sql.Open("sqlite", "file:"+u+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return info, fmt.Errorf("sqlitestore: inspect: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check(1)").Scan(&res); err != nil {
		return info, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if res != "ok" {
		return info, fmt.Errorf("%w: integrity check: %s", ErrDamaged, res)
	}
	sub, _ := fs.Sub(migrations, "migrations")
	p, err := goose.NewProvider(goose.DialectSQLite3, db, sub)
	if err != nil {
		return info, fmt.Errorf("sqlitestore: inspect: %w", err)
	}
	if info.Version, err = p.GetDBVersion(ctx); err != nil || info.Version < 1 {
		return info, fmt.Errorf("%w: no registry migrations in it (%v)", ErrDamaged, err)
	}
	if src := p.ListSources(); len(src) > 0 && info.Version > src[len(src)-1].Version {
		return info, fmt.Errorf("%w: migration %d, this registry knows up to %d", ErrTooNewDB, info.Version, src[len(src)-1].Version)
	}
	offices, err := rq.New(db).OfficeList(ctx)
	if err != nil {
		return info, fmt.Errorf("%w: offices: %v", ErrDamaged, err)
	}
	for _, o := range offices {
		info.Offices = append(info.Offices, store.Office{ID: o.ID, Name: o.Name, TERYT: o.Teryt})
	}
	return info, nil
}

// Checkpoint folds the WAL into the database file and empties it, so the
// file alone is the store (restore replaces it). Run with no other
// connection open.
func (s *Store) Checkpoint(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("sqlitestore: checkpoint: %w", err)
	}
	return nil
}

// DBPath is the store's database file in dir.
func DBPath(dir string) string { return filepath.Join(dir, FileName) }

// SelfContained switches a closed store's file to a rollback journal,
// so that the database file alone is the whole copy (no WAL beside it).
func SelfContained(ctx context.Context, file string) error {
	u := (&url.URL{Path: file}).EscapedPath()
	db, err := sql.Open("sqlite", "file:"+u+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("sqlitestore: journal mode: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, "PRAGMA journal_mode = DELETE"); err != nil {
		return fmt.Errorf("sqlitestore: journal mode: %w", err)
	}
	return db.Close()
}
