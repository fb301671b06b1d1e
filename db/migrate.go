package db

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"

	"okienko/db/internal/dbq"
)

//go:embed migrations/*.sql
var migrations embed.FS

func migrate(ctx context.Context, w *sql.DB) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("db: migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, w, sub)
	if err != nil {
		return fmt.Errorf("db: migrations: %w", err)
	}
	// An older version started on a newer version's data must stop before
	// touching it: its queries do not know the newer columns, and goose
	// would find nothing to do and let it run.
	have, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("db: schema version: %w", err)
	}
	if newest := newestMigration(p); have > newest {
		return &SchemaNewerError{Have: have, Newest: newest}
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("db: migrate: %w", err)
	}
	return nil
}

// ErrSchemaNewer is matched (errors.Is) by a SchemaNewerError.
var ErrSchemaNewer = errors.New("db: the data comes from a newer version of Okienko")

// SchemaNewerError says the database was migrated by a newer version than
// this one: Have is its schema version, Newest this build's last migration.
type SchemaNewerError struct{ Have, Newest int64 }

func (e *SchemaNewerError) Error() string {
	return fmt.Sprintf("%v (schema %d, this version knows up to %d)", ErrSchemaNewer, e.Have, e.Newest)
}

// Is makes errors.Is(err, ErrSchemaNewer) true.
func (e *SchemaNewerError) Is(target error) bool { return target == ErrSchemaNewer }

// newestMigration is the version of the last embedded migration.
func newestMigration(p *goose.Provider) int64 {
	var n int64
	for _, s := range p.ListSources() {
		n = max(n, s.Version)
	}
	return n
}

// SchemaHash identifies the embedded migrations' content, so caches of
// generated databases (benchmarks) are rebuilt when the schema changes.
func SchemaHash() string {
	h := sha256.New()
	entries, _ := fs.ReadDir(migrations, "migrations")
	for _, e := range entries {
		raw, _ := fs.ReadFile(migrations, "migrations/"+e.Name())
		h.Write(raw)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// CreateMigrated writes at path a new database with every migration run
// and nothing else: no device, no clock, no rows. Tests that open
// hundreds of stores copy one such file instead of migrating each (the
// migrations were a third of the sync simulation's CPU); Open takes the
// copy as an existing database of the current schema.
func CreateMigrated(ctx context.Context, path string) error {
	if err := create(ctx, path); err != nil {
		return err
	}
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return fmt.Errorf("db: create migrated: %w", err)
	}
	w.SetMaxOpenConns(1)
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return err
	}
	if err := forgetLegacyMarks(ctx, w); err != nil {
		w.Close()
		return err
	}
	// The last connection's close checkpoints the WAL into the file and
	// removes it, so the one file is the whole database.
	return w.Close()
}

// forgetLegacyMarks clears, on a database just created, the marks by
// which migrations 00014 and 00024 ask an older version's data to be
// sealed: a new database never held a row in the clear, and sealing
// "it" would VACUUM the new file twice at its first unlock.
func forgetLegacyMarks(ctx context.Context, w *sql.DB) error {
	q := dbq.New(w)
	for _, k := range []string{metaSealSync, metaSealAudit} {
		if err := q.DeviceMetaDelete(ctx, k); err != nil {
			return fmt.Errorf("db: new database: %w", err)
		}
	}
	return nil
}
