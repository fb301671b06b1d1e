package app

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"okienko/app/i18n"
	"okienko/app/keys"
	"okienko/db"
)

// TestKillDuringQueueWork kills (SIGKILL) a child process that issues,
// calls and marks tickets in a loop, at random moments, and checks after
// every kill that nothing is half-written: the database is intact, each
// group's numbers run 1..n without a gap or a repeat, no label is given
// twice, and every called or finished ticket has the times its state needs.
func TestKillDuringQueueWork(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(12, uint64(time.Now().UnixNano())))
	for round := range 8 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestQueueKillChild$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "OKIENKO_QUEUE_KILL_DIR="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		want := 1 + rng.IntN(20)
		for lines.Scan() {
			if strings.HasPrefix(lines.Text(), "step ") {
				if want--; want == 0 {
					break
				}
			}
		}
		if want != 0 {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("round %d: the child stopped early", round)
		}
		time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		go func() {
			for lines.Scan() {
			}
		}()
		cmd.Wait()
		checkQueueAfterKill(t, dir)
	}
}

func checkQueueAfterKill(t *testing.T, dir string) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+dir+"/"+db.FileName)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var ok string
	if err := raw.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q %v", ok, err)
	}
	var gaps int
	err = raw.QueryRow(`SELECT COUNT(*) FROM (SELECT day, grp, offline, COUNT(*) AS n, COUNT(DISTINCT number) AS d, MAX(number) AS m
		FROM queue_ticket GROUP BY day, grp, offline) WHERE n <> d OR n <> m`).Scan(&gaps)
	if err != nil || gaps != 0 {
		t.Fatalf("%d groups with a gap or a repeated number (%v)", gaps, err)
	}
	var bad int
	err = raw.QueryRow(`SELECT COUNT(*) FROM queue_ticket WHERE
		(status IN ('called', 'served', 'absent') AND (called_at = 0 OR counter = ''))
		OR (status IN ('served', 'absent') AND done_at = 0)
		OR (status = 'waiting' AND called_at <> 0)`).Scan(&bad)
	if err != nil || bad != 0 {
		t.Fatalf("%d tickets with times that do not match their state (%v)", bad, err)
	}
	var called int
	err = raw.QueryRow(`SELECT COUNT(*) FROM queue_ticket WHERE status = 'called'`).Scan(&called)
	if err != nil || called > 1 {
		t.Fatalf("%d tickets called at once at one counter (%v)", called, err)
	}
}

// TestQueueKillChild is the process TestKillDuringQueueWork kills; it
// only runs when that test starts it.
func TestQueueKillChild(t *testing.T) {
	dir := os.Getenv("OKIENKO_QUEUE_KILL_DIR")
	if dir == "" {
		t.Skip("started only by TestKillDuringQueueWork")
	}
	ctx := context.Background()
	store, err := db.Open(ctx, dir, db.Options{Cipher: keys.TestCipher("app")})
	if err != nil {
		t.Fatal(err)
	}
	// Unlocked at open by keys.TestCipher("app"), the same in every child:
	// unlockForTest's key is new in each process, and the next child could
	// not open what this one sealed.
	bundle, _ := i18n.Load()
	core := NewCore(Deps{Store: store, I18n: bundle, Log: slog.New(slog.DiscardHandler), Opener: &NoOpener{}, DataDir: dir, NoAutoPrint: true})
	if err := core.Bootstrap(ctx, true); err != nil {
		t.Fatal(err)
	}
	st, _, err := store.Credentials(ctx, "jnowak")
	if err != nil {
		t.Fatal(err)
	}
	core.session.SignIn(st.ID, time.Now())
	s := NewQueueService(core, nil)
	// A ticket called before the last kill is finished first.
	if v, err := s.State(); err == nil && v.Current != nil {
		if _, err := s.Mark(v.Current.ID, "served", "", ""); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; ; i++ {
		fmt.Println("step", i)
		if _, err := s.Issue([]string{"A", "B", "C"}[i%3], i%5 == 0); err != nil {
			t.Fatal(err)
		}
		if i%2 == 1 {
			v, err := s.CallNext()
			if err != nil {
				t.Fatal(err)
			}
			if v.Current != nil {
				if _, err := s.Mark(v.Current.ID, []string{"served", "absent"}[i%4/2], "", ""); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
