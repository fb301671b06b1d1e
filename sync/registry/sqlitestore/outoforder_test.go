package sqlitestore

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// TestLowerMigrationLands: a store already past 00016 without 00012 (a
// registry of the previous build) opens, and gains 00012's table, instead
// of being refused for a missing migration.
func TestLowerMigrationLands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "registry.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DROP TABLE device_reports", "DELETE FROM goose_db_version WHERE version_id = 12"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, err = Open(ctx, dir)
	if err != nil {
		t.Fatalf("a store without 00012 refused: %v", err)
	}
	defer s.Close()
	if _, err := s.DeviceReports(ctx, "office"); err != nil {
		t.Fatalf("00012's table missing: %v", err)
	}
}
