//go:build unix

package faults

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"okienko/sync/engine"
	"okienko/sync/synctest"
)

// TestKillDuringSnapshot kills a fresh device while it starts from the
// registry's snapshot: once stalled inside the copy's transaction (all
// rows written, not committed), once at a random moment after it asked
// for the file. After each kill the database is intact and holds exactly
// what its cursor says (nothing, or the snapshot, or pages after it); the
// next start goes on without downloading what it already holds, and ends
// equal to the registry.
func TestKillDuringSnapshot(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the registry process and kills child processes")
	}
	t.Parallel()
	const page = 20
	reg := StartRegistryWith(t, 5, "--snapshot-every", "100ms", "--snapshot-after", "1")
	seeder := synctest.NewDevice(t, synctest.DeviceOptions{})
	enroll(t, seeder, reg, reg.URL, "seeder")
	seedCases(t, seeder.Engine, seeder.Store, seeder.Core.OfficeID(), time.Now().Year(), 60)
	seeder.Sync(t)
	snap := reg.waitSnapshot(t, reg.Seq(t))
	sentBefore := reg.snapshotBytes(t) // the seeder may have started from an early one
	dir := t.TempDir()
	env := childEnv(dir, reg.URL, reg.EnrollCode(t, "child"), page, 50)
	part := filepath.Join(dir, "snapshot", "download.okef") // sealed as it arrives

	// 1. Stall inside the copy's transaction, and kill there.
	run := runChild(t, env, kill{Stall: engine.TraceSnapshotApply + ":1"})
	if got := run.of(engine.TraceSnapshotApply); len(got) != 1 || got[0].Cursor != snap {
		t.Fatalf("copy steps %+v, want one at the snapshot's cursor %d", got, snap)
	}
	if cursor := pullState(t, reg, dir); cursor != 0 {
		t.Fatalf("cursor %d after a kill inside the copy, want 0 (nothing committed)", cursor)
	}
	held, err := os.Stat(part)
	if err != nil {
		t.Fatalf("the downloaded snapshot is gone after the kill: %v", err)
	}
	t.Logf("killed inside the copy of the snapshot at %d: nothing committed, %d bytes downloaded kept", snap, held.Size())

	// 2. Restart, and kill at a random moment after it asks again (it has
	// the whole file: the registry answers 416 and nothing is sent).
	delay := time.Duration(rand.IntN(40)) * time.Millisecond
	run = runChild(t, env, kill{After: engine.TraceSnapshotRequest, N: 1, Delay: delay})
	cursor := pullState(t, reg, dir)
	t.Logf("killed %v after asking for the snapshot again: cursor %d, consistent", delay, cursor)

	// 3. Restart and let it finish.
	run = runChild(t, env, kill{})
	if !run.Done {
		t.Fatalf("the last run did not finish:\n%s", strings.Join(run.Output, "\n"))
	}
	if cursor == 0 {
		if got := run.of(engine.TraceSnapshot); len(got) != 1 || got[0].Cursor != snap {
			t.Fatalf("the restarted device did not take the snapshot at %d: %+v", snap, got)
		}
	}
	if first := run.of(engine.TracePullRequest); len(first) == 0 || first[0].Cursor < snap {
		t.Fatalf("after the snapshot the device pulled from %+v, want from %d on", first, snap)
	}
	if sent := reg.snapshotBytes(t) - sentBefore; sent != sealedPlainSize(held.Size()) {
		t.Fatalf("the registry sent %d snapshot bytes for a %d-byte file: want it once", sent, sealedPlainSize(held.Size()))
	}
	final := reg.Seq(t)
	if got := pullState(t, reg, dir); got != final {
		t.Fatalf("cursor %d at the end, registry at %d", got, final)
	}
	d := openKilled(t, dir)
	defer d.Close()
	if got, want := queryInt(t, d.DB, "SELECT COUNT(*) FROM case_file"), reg.Count(t, "case_file"); got != int64(want) || want < 60 {
		t.Fatalf("device holds %d cases, the registry %d", got, want)
	}
	if left, _ := os.ReadDir(filepath.Join(dir, "snapshot")); len(left) != 0 {
		t.Fatalf("download files left behind: %v", left)
	}
}

// sealedPlainSize is what a whole file of the sealed format holds: its
// size less the 32-byte header and a 16-byte tag per 64 KiB chunk.
func sealedPlainSize(size int64) int64 {
	chunks := (size - 32 + 1<<16 + 16 - 1) / (1<<16 + 16)
	return size - 32 - 16*chunks
}

// waitSnapshot waits until the registry has published a snapshot at or
// after cursor (it logs each one) and returns its cursor.
func (r *Registry) waitSnapshot(t *testing.T, cursor int64) int64 {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		for _, line := range strings.Split(r.log.String(), "\n") {
			var rec struct {
				Msg    string `json:"msg"`
				Cursor int64  `json:"cursor"`
			}
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "snapshot published" && rec.Cursor >= cursor {
				return rec.Cursor
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no snapshot at %d or later after 20 s", cursor)
	return 0
}

// snapshotBytes is what the registry's answers to snapshot requests
// carried.
func (r *Registry) snapshotBytes(t *testing.T) int64 {
	t.Helper()
	return r.Metric(t, "okienko_snapshot_bytes_sent_total")
}
