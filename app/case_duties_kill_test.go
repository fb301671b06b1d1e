package app

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"okienko/app/i18n"
	"okienko/app/keys"
	"okienko/db"
)

// TestKillDuringCaseDuties kills (SIGKILL) a child process that hands a
// case over and records art. 36 notices in a loop, at random moments, and
// checks after every kill that nothing is half-written: the case's
// handler is the last handover's, its deadline the last notice's, every
// notice has its printout recorded, and every duty its outbox row.
func TestKillDuringCaseDuties(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(12, uint64(time.Now().UnixNano())))
	for round := 0; round < 6; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillDutiesChild$", "-test.count=1", "-test.v")
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
		for want := 1 + rng.IntN(6); want > 0 && lines.Scan(); {
			if lines.Text() == "duty" {
				want--
			}
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
		checkDutiesAfterKill(t, dir)
	}
	raw, err := sql.Open("sqlite", "file:"+dir+"/"+db.FileName)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var handovers, notices int
	raw.QueryRow("SELECT COUNT(*) FROM case_event WHERE kind = 'handed_over'").Scan(&handovers)
	raw.QueryRow("SELECT COUNT(*) FROM case_event WHERE kind = 'notice_art36'").Scan(&notices)
	if handovers == 0 || notices == 0 {
		t.Fatalf("the child recorded %d handovers and %d notices: the kills tested nothing", handovers, notices)
	}
	t.Logf("%d handovers and %d notices survived the kills whole", handovers, notices)
}

func checkDutiesAfterKill(t *testing.T, dir string) {
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
	rows, err := raw.Query(`SELECT c.id, c.due_on, COALESCE(c.assignee_id, ''),
		(SELECT COUNT(*) FROM case_event e WHERE e.case_id = c.id AND e.kind = 'notice_art36'),
		(SELECT COUNT(*) FROM case_event e WHERE e.case_id = c.id AND e.kind = 'printed' AND e.detail = 'notice_art36'),
		COALESCE((SELECT MAX(json_extract(e.detail, '$.newDue')) FROM case_event e WHERE e.case_id = c.id AND e.kind = 'notice_art36'), ''),
		COALESCE((SELECT e.detail FROM case_event e WHERE e.case_id = c.id AND e.kind = 'handed_over' ORDER BY e.created_at DESC, e.id DESC LIMIT 1), ''),
		(SELECT COUNT(*) FROM case_event e WHERE e.case_id = c.id AND e.kind IN ('notice_art36', 'handed_over')
			AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'case_event' AND o.entity_id = e.id))
		FROM case_file c`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, due, assignee, lastNotice, lastHandover string
		var notices, printed, unsynced int
		if err := rows.Scan(&id, &due, &assignee, &notices, &printed, &lastNotice, &lastHandover, &unsynced); err != nil {
			t.Fatal(err)
		}
		if notices != printed {
			t.Errorf("case %s: %d notices, %d recorded printouts", id, notices, printed)
		}
		if lastNotice != "" && due != lastNotice {
			t.Errorf("case %s: deadline %s, the last notice said %s", id, due, lastNotice)
		}
		if lastHandover != "" {
			var d struct{ To string }
			_ = json.Unmarshal([]byte(lastHandover), &d)
			if d.To != assignee {
				t.Errorf("case %s: handler %s, the last handover gave it to %s", id, assignee, d.To)
			}
		}
		if unsynced != 0 {
			t.Errorf("case %s: %d duties without an outbox row", id, unsynced)
		}
	}
}

// TestKillDutiesChild is the process TestKillDuringCaseDuties kills; it
// only runs when that test starts it.
func TestKillDutiesChild(t *testing.T) {
	dir := os.Getenv("OKIENKO_KILL_DIR")
	if dir == "" {
		t.Skip("started only by TestKillDuringCaseDuties")
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
	other, _, err := store.Credentials(ctx, "akowalska")
	if err != nil {
		t.Fatal(err)
	}
	core.session.SignIn(st.ID, time.Now())
	e := &env{core: core, store: store}
	res, err := NewIntakeService(core).Register(filledDraft(t, e, "zaswiadczenie o zameldowaniu"))
	if err != nil || !res.OK {
		t.Fatalf("register: %+v %v", res, err)
	}
	svc := NewCaseDutiesService(core)
	to := []string{other.ID, st.ID}
	for i := 0; ; i++ {
		core.session.SignIn(st.ID, time.Now())
		fmt.Println("duty")
		if i%2 == 0 {
			if _, err := svc.HandOver(res.CaseID, to[(i/2)%2], fmt.Sprint("zmiana ", i)); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if _, err := svc.RecordNotice(res.CaseID, "opinia", core.Today().AddDate(0, 0, 10+i).Format("02.01.2006")); err != nil {
			t.Fatal(err)
		}
	}
}
