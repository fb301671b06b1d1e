package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"okienko/sync/registry/sqlitestore"
)

// TestBackupAndRestoreFiles: admin backup and restore on real files, as the
// office's IT person types them, and each bad input refused in a sentence
// with the store as it was.
func TestBackupAndRestoreFiles(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	must(t, "admin", "--data", data, "office", "create", "--demo")
	out := filepath.Join(dir, "b.db")
	if got := must(t, "admin", "--data", data, "backup", "--out", out); !strings.Contains(got, "Backup written to") {
		t.Fatalf("backup said %q", got)
	}
	if _, err := sqlitestore.Inspect(context.Background(), out); err != nil {
		t.Fatalf("the backup does not check: %v", err)
	}
	// An existing target is kept unless --force.
	if got, err := runCLI(t, "admin", "--data", data, "backup", "--out", out); err == nil || !strings.Contains(got, "give --force") {
		t.Fatalf("backup over an existing file: %v %q", err, got)
	}
	must(t, "admin", "--data", data, "backup", "--out", out, "--force")
	before := storeBytes(t, data)

	// A damaged file.
	damaged := filepath.Join(dir, "damaged.db")
	raw, _ := os.ReadFile(out)
	cut := append([]byte(nil), raw[:len(raw)/2]...)
	for i := 4096; i < len(cut) && i < 4096+512; i++ {
		cut[i] ^= 0x5a
	}
	os.WriteFile(damaged, cut, 0o600)
	refused(t, before, data, "not a sound registry database", "admin", "--data", data, "restore", "--from", damaged)
	// Not a database at all.
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, bytes.Repeat([]byte("kopia zapasowa\n"), 500), 0o600)
	refused(t, before, data, "not a sound registry database", "admin", "--data", data, "restore", "--from", text)
	// Another office's file.
	other := filepath.Join(dir, "other.db")
	os.WriteFile(other, raw, 0o600)
	db, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA foreign_keys = OFF; UPDATE offices SET id = '01a20102-0714-7339-af88-000000000000'"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	refused(t, before, data, "other offices", "admin", "--data", data, "restore", "--from", other)

	// A restore while a registry serves the store.
	addr := freePort(t)
	srv := exec.Command(os.Args[0], "serve", "--data", data, "--addr", addr, "--snapshots", "none")
	srv.Env = append(os.Environ(), "OKIENKO_REGISTRY_MAIN=1")
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop := func() {
		if !stopped {
			srv.Process.Kill()
			srv.Wait()
			stopped = true
		}
	}
	t.Cleanup(stop)
	waitHealthy(t, "http://"+addr+"/healthz")
	refused(t, storeBytes(t, data), data, "a registry is serving this store", "admin", "--data", data, "restore", "--from", out)
	// A backup while it serves is fine.
	must(t, "admin", "--data", data, "backup", "--out", filepath.Join(dir, "live.db"))
	stop()

	// The good file restores, with a new generation.
	got := must(t, "admin", "--data", data, "restore", "--from", filepath.Join(dir, "live.db"))
	if !strings.Contains(got, "generation") || !strings.Contains(got, "before-restore") {
		t.Fatalf("restore said %q", got)
	}
	if list := must(t, "admin", "--data", data, "office", "list"); !strings.Contains(list, "Przykładowo") {
		t.Fatalf("after the restore: %q", list)
	}
}

// TestBackupTargetFullOrReadOnly: a full and a read-only backup target
// are told apart in the message, and leave nothing behind.
func TestBackupTargetFullOrReadOnly(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	must(t, "admin", "--data", data, "office", "create", "--demo")
	full, ro := filepath.Join(dir, "full"), filepath.Join(dir, "ro")
	os.Mkdir(full, 0o700)
	os.Mkdir(ro, 0o700)
	if err := exec.Command("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", full).Run(); err != nil {
		t.Skipf("cannot mount a tiny tmpfs here (%v): run as root", err)
	}
	t.Cleanup(func() { exec.Command("umount", full).Run() })
	if err := exec.Command("mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", ro).Run(); err != nil {
		t.Skipf("cannot mount a read-only tmpfs here: %v", err)
	}
	t.Cleanup(func() { exec.Command("umount", ro).Run() })
	for _, c := range []struct{ dir, want string }{{full, "is full"}, {ro, "cannot write to the backup directory"}} {
		got, err := runCLI(t, "admin", "--data", data, "backup", "--out", filepath.Join(c.dir, "b.db"))
		if err == nil || !strings.Contains(got, c.want) {
			t.Fatalf("backup into %s: %v %q, want %q", c.dir, err, got, c.want)
		}
		if left, _ := os.ReadDir(c.dir); len(left) != 0 {
			t.Fatalf("a failed backup left %d files in %s", len(left), c.dir)
		}
	}
}

// refused runs a restore that must fail with want, the store unchanged.
func refused(t *testing.T, before []byte, data, want string, args ...string) {
	t.Helper()
	got, err := runCLI(t, args...)
	if err == nil || !strings.Contains(got, want) {
		t.Fatalf("registry %s: %v %q, want %q", strings.Join(args, " "), err, got, want)
	}
	if !bytes.Equal(storeBytes(t, data), before) {
		t.Fatalf("a refused restore (%s) changed the store", want)
	}
}

// storeBytes is the store's content: its file after a checkpoint.
func storeBytes(t *testing.T, data string) []byte {
	t.Helper()
	raw, err := os.ReadFile(sqlitestore.DBPath(data))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func waitHealthy(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal(fmt.Sprintf("%s never answered", url))
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
