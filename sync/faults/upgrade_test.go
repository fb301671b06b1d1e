package faults

import (
	"context"
	"errors"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"okienko/sync/client"
	"okienko/sync/hlc"
	"okienko/sync/protocol"
	"okienko/sync/synctest/rows"
)

// TestRollingUpgrade is the behaviour chosen for a rolling upgrade on one
// PostgreSQL (README, "Upgrades"): the newer registry migrates the
// database at its start; an older one already serving goes on serving
// (the project's migrations only add: tables, columns with defaults,
// indexes), and an older one that starts after it refuses, saying which
// migration it does not know. Here the newer registry's migration is a
// fake one (a table and goose's row 99999), applied beside a serving
// registry.
func TestRollingUpgrade(t *testing.T) {
	t.Parallel()
	pg := startOwnPostgres(t)
	old := startRegistry(t, []string{"--db", pg.DSN}, 20, "--snapshots", "none")
	ctx := context.Background()
	deviceID := uuid.Must(uuid.NewV7()).String()
	enr, err := client.New(old.URL, "", "", http.DefaultClient).Enroll(ctx, protocol.EnrollRequest{Code: old.EnrollCode(t, "desk 1"), DeviceName: "desk 1", DeviceID: deviceID})
	if err != nil {
		t.Fatal(err)
	}
	c := client.New(old.URL, enr.Token, enr.OfficeID, http.DefaultClient)
	clock := hlc.New(deviceID, nil)
	push := func() error {
		id := uuid.Must(uuid.NewV7()).String()
		_, err := c.Push(ctx, protocol.PushRequest{BatchID: uuid.Must(uuid.NewV7()).String(), Ops: []protocol.Op{{ID: uuid.Must(uuid.NewV7()).String(),
			Entity: "client", EntityID: id, Kind: protocol.Upsert, HLC: clock.Now().String(), Fields: rows.Client(enr.OfficeID, id, "Anna")}}})
		return err
	}
	if err := push(); err != nil {
		t.Fatal(err)
	}

	// The newer registry's start: an additive migration, recorded as goose records it.
	conn, err := pgx.Connect(ctx, pg.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range []string{`CREATE TABLE upgrade_probe (id text PRIMARY KEY)`, `ALTER TABLE devices ADD COLUMN upgrade_note text NOT NULL DEFAULT ''`,
		`INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, true)`} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}

	// The older registry already serving goes on.
	for range 3 {
		if err := push(); err != nil {
			t.Fatalf("the older registry after the newer one migrated: %v", err)
		}
	}
	if _, err := c.Pull(ctx, 0, 100); err != nil {
		t.Fatalf("pull from the older registry after the newer one migrated: %v", err)
	}

	// An older registry starting now refuses, and says why.
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(cctx, old.Bin, "serve", "--db", pg.DSN, "--addr", freePort(t), "--snapshots", "none")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || !strings.Contains(string(out), "migrated by a newer registry") || !strings.Contains(string(out), "99999") {
		t.Fatalf("an older registry starting on a newer database: %v\n%s", err, out)
	}
	t.Logf("the older registry refused to start: %s", strings.TrimSpace(string(out)))
}
