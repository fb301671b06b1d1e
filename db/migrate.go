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
