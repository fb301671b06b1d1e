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

// TestKillDuringRegistration kills (SIGKILL) a child process that registers
// cases in a loop, at random moments, and checks after every kill that the
// database is intact: integrity_check passes, no case is half-registered,
// and the draft being registered is either still there or became a whole
// case.
func TestKillDuringRegistration(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(7, uint64(time.Now().UnixNano())))
	outcomes := map[string]int{}
	for round := 0; round < 10; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "OKIENKO_KILL_DIR="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		wantStarts := 1 + rng.IntN(4)
		last := ""
		for lines.Scan() {
			if id, ok := strings.CutPrefix(lines.Text(), "registering "); ok {
				last = id
				if wantStarts--; wantStarts == 0 {
					break
				}
			}
		}
		if last == "" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("round %d: child never started registering", round)
		}
		time.Sleep(time.Duration(rng.IntN(4000)) * time.Microsecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		go func() { // drain, so a blocked write cannot keep the child alive
			for lines.Scan() {
			}
		}()
		cmd.Wait()
		outcomes[checkAfterKill(t, dir, last)]++
	}
	t.Logf("outcomes of the killed registrations: %v", outcomes)
}

// checkAfterKill verifies the database after a kill and says what became
// of the draft that was being registered.
func checkAfterKill(t *testing.T, dir, draftID string) string {
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
	if err := raw.QueryRow("PRAGMA foreign_key_check").Scan(new(string), new(int), new(string), new(int)); err != sql.ErrNoRows {
		t.Fatalf("foreign_key_check found a violation (%v)", err)
	}
	// No half-registered case: every case has its client, its registration
	// event, its used number and its outbox rows.
	var broken int
	err = raw.QueryRow(`SELECT COUNT(*) FROM case_file c WHERE
		NOT EXISTS (SELECT 1 FROM client cl WHERE cl.id = c.client_id)
		OR NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.kind = 'registered')
		OR NOT EXISTS (SELECT 1 FROM case_number n WHERE n.case_id = c.id AND n.state = 'used' AND n.reg_no = c.reg_no)
		OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'case_file' AND o.entity_id = c.id)
		OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'client' AND o.entity_id = c.client_id)
		OR EXISTS (SELECT 1 FROM draft d WHERE d.id = c.draft_id)`).Scan(&broken)
	if err != nil || broken != 0 {
		t.Fatalf("%d half-registered cases (%v)", broken, err)
	}
	var drafts, cases int
	raw.QueryRow("SELECT COUNT(*) FROM draft WHERE id = ?", draftID).Scan(&drafts)
	raw.QueryRow("SELECT COUNT(*) FROM case_file WHERE draft_id = ?", draftID).Scan(&cases)
	switch {
	case drafts == 1 && cases == 0:
		return "draft kept"
	case drafts == 0 && cases == 1:
		return "registered"
	}
	t.Fatalf("draft %s: %d drafts and %d cases after the kill", draftID, drafts, cases)
	return ""
}

// TestKillChild is the process TestKillDuringRegistration kills; it only
// runs when that test starts it.
func TestKillChild(t *testing.T) {
	dir := os.Getenv("OKIENKO_KILL_DIR")
	if dir == "" {
		t.Skip("started only by TestKillDuringRegistration")
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
	core := NewCore(Deps{Store: store, I18n: bundle, Log: slog.New(slog.DiscardHandler), Opener: &NoOpener{}, DataDir: dir})
	if err := core.Bootstrap(ctx, true); err != nil {
		t.Fatal(err)
	}
	st, _, err := store.Credentials(ctx, "jnowak")
	if err != nil {
		t.Fatal(err)
	}
	core.session.SignIn(st.ID, time.Now())
	e := &env{core: core, store: store}
	svc := NewIntakeService(core)
	for i := 0; ; i++ {
		var missing []string
		if i%2 == 1 {
			missing = []string{"dowod-oplaty-skarbowej"}
		}
		in := filledDraft(t, e, "zaswiadczenie o zameldowaniu", missing...)
		if _, err := svc.SaveDraft(in); err != nil {
			t.Fatal(err)
		}
		fmt.Println("registering " + in.ID)
		if res, err := svc.Register(in); err != nil || !res.OK {
			t.Fatalf("register: %+v %v", res, err)
		}
		core.session.SignIn(st.ID, time.Now())
	}
}
