package faults

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// ownPostgres is a PostgreSQL server of the test's own (initdb in a
// temporary directory, its own port), never the machine's: the outage
// tests stop and freeze it.
type ownPostgres struct {
	bin, data, sock, port string
	DSN                   string
	cred                  *syscall.Credential // the postgres user's, when the tests run as root
	cmd                   *exec.Cmd
	exited                chan error
}

// startOwnPostgres initialises and starts a server, or skips the test
// when the machine has no PostgreSQL binaries.
func startOwnPostgres(t *testing.T) *ownPostgres {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		if p, err := exec.LookPath("initdb"); err == nil {
			bins = []string{p}
		}
	}
	if len(bins) == 0 {
		t.Skip("no PostgreSQL binaries (initdb, postgres) on this machine")
	}
	pg := &ownPostgres{bin: filepath.Dir(bins[len(bins)-1])}
	dir, err := os.MkdirTemp("", "okienko-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if os.Geteuid() == 0 {
		// initdb and postgres refuse to run as root.
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Skip("running as root without a postgres user to run PostgreSQL as")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		pg.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	pg.data, pg.sock = filepath.Join(dir, "data"), dir
	init := pg.command("initdb", "-D", pg.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions")
	if out, err := init.CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	pg.port = strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	pg.DSN = "postgres://postgres@127.0.0.1:" + pg.port + "/postgres?sslmode=disable"
	pg.Start(t)
	t.Cleanup(pg.stop)
	return pg
}

func (pg *ownPostgres) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(pg.bin, name), args...)
	// Its own process group: a ^C of the test run is not also the server's.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: pg.cred, Setpgid: true}
	return cmd
}

// Start runs the server and waits until it takes connections.
func (pg *ownPostgres) Start(t *testing.T) {
	t.Helper()
	pg.cmd = pg.command("postgres", "-D", pg.data, "-p", pg.port, "-k", pg.sock, "-c", "listen_addresses=127.0.0.1",
		"-c", "fsync=off", "-c", "max_connections=40")
	if err := pg.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pg.exited = make(chan error, 1)
	go func() { pg.exited <- pg.cmd.Wait() }()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		conn, err := pgx.Connect(ctx, pg.DSN)
		cancel()
		if err == nil {
			conn.Close(context.Background())
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("own PostgreSQL did not start: %v", err)
		}
	}
}

// Stop shuts the server down fast (SIGINT: sessions end with 57P01).
func (pg *ownPostgres) Stop(t *testing.T) {
	t.Helper()
	pg.signal(syscall.SIGINT)
	select {
	case <-pg.exited:
	case <-time.After(30 * time.Second):
		t.Fatal("own PostgreSQL did not stop")
	}
	pg.cmd = nil
}

// Freeze stops every process of the server (SIGSTOP): connections are
// accepted by the kernel and never answered, as with a hung host.
func (pg *ownPostgres) Freeze() { pg.signalGroup(syscall.SIGSTOP) }

// Thaw lets a frozen server go on.
func (pg *ownPostgres) Thaw() { pg.signalGroup(syscall.SIGCONT) }

func (pg *ownPostgres) signal(sig syscall.Signal) {
	if pg.cmd != nil && pg.cmd.Process != nil {
		pg.cmd.Process.Signal(sig)
	}
}

// signalGroup signals the postmaster, then each of its children (they
// call setsid, so they are in no group of the postmaster's).
func (pg *ownPostgres) signalGroup(sig syscall.Signal) {
	if pg.cmd == nil || pg.cmd.Process == nil {
		return
	}
	pid := pg.cmd.Process.Pid
	syscall.Kill(pid, sig)
	procs, _ := filepath.Glob("/proc/[0-9]*/status")
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "PPid:"); ok && strings.TrimSpace(v) == strconv.Itoa(pid) {
				if child, err := strconv.Atoi(filepath.Base(filepath.Dir(p))); err == nil {
					syscall.Kill(child, sig)
				}
			}
		}
	}
}

func (pg *ownPostgres) stop() {
	if pg.cmd == nil {
		return
	}
	pg.signalGroup(syscall.SIGCONT)
	pg.signal(syscall.SIGQUIT)
	select {
	case <-pg.exited:
	case <-time.After(10 * time.Second):
		pg.signalGroup(syscall.SIGKILL)
		<-pg.exited
	}
	pg.cmd = nil
}

func (pg *ownPostgres) String() string { return fmt.Sprintf("own PostgreSQL on port %s", pg.port) }
