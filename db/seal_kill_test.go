package db

import (
	"bufio"
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"okienko/app/keys"
)

// TestKillDuringSealing kills (SIGKILL) a child process while its first
// unlock seals an older version's plaintext database, at random moments,
// and checks after each kill that the database opens and is either still
// wholly in the clear (the one transaction never committed) or wholly
// sealed, never a mix; and that the next unlock seals it, readable and
// searchable, with no plaintext left in the file or the WAL.
func TestKillDuringSealing(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes")
	}
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(13, uint64(time.Now().UnixNano())))
	const n = 1000
	outcomes := map[string]int{}
	for round := range 4 {
		dir := t.TempDir()
		officeID, first := makeLegacy(t, dir, n)
		cmd := exec.Command(os.Args[0], "-test.run=^TestSealKillChild$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "OKIENKO_SEAL_KILL_DIR="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		started := false
		for lines.Scan() {
			if lines.Text() == "unlocking" {
				started = true
				break
			}
		}
		if !started {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("round %d: the child never unlocked", round)
		}
		time.Sleep(time.Duration(rng.IntN(1500)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		go func() {
			for lines.Scan() {
			}
		}()
		cmd.Wait()

		s, err := Open(ctx, dir, Options{})
		if err != nil {
			t.Fatalf("round %d: open after the kill: %v", round, err)
		}
		var legacy, sealed int
		if err := s.w.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM legacy_client), (SELECT count(*) FROM client WHERE length(person) > 0)").Scan(&legacy, &sealed); err != nil {
			t.Fatal(err)
		}
		switch {
		case legacy == n && sealed == 0:
			outcomes["plaintext"]++
		case legacy == 0 && sealed == n:
			outcomes["sealed"]++
		default:
			t.Fatalf("round %d: %d clients in the clear and %d sealed after the kill", round, legacy, sealed)
		}
		if err := s.Unlock(ctx, keys.TestCipher("seal-kill")); err != nil {
			t.Fatalf("round %d: unlock after the kill: %v", round, err)
		}
		if got, err := s.Client(ctx, first.ID); err != nil || got != first {
			t.Fatalf("round %d: client after the kill: %+v, %v", round, got, err)
		}
		if rows, err := s.Cases(ctx, officeID, CaseFilter{Text: "zolkiewska"}); err != nil || len(rows) != 1 {
			t.Fatalf("round %d: search after the kill: %d rows, %v", round, len(rows), err)
		}
		if found := leaks(t, s.Path()); len(found) > 0 {
			t.Fatalf("round %d: %s", round, strings.Join(found, "; "))
		}
		s.Close()
	}
	t.Logf("outcomes: %v", outcomes)
}

// TestSealKillChild is the child of TestKillDuringSealing: it opens the
// legacy database and unlocks it, which seals it.
func TestSealKillChild(t *testing.T) {
	dir := os.Getenv("OKIENKO_SEAL_KILL_DIR")
	if dir == "" {
		t.Skip("child of TestKillDuringSealing")
	}
	ctx := context.Background()
	s, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("unlocking\n")
	start := time.Now()
	if err := s.Unlock(ctx, keys.TestCipher("seal-kill")); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("sealed\n")
	t.Logf("sealed in %s", time.Since(start))
	s.Close()
}
