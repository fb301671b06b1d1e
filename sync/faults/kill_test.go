//go:build unix

package faults

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"okienko/app/keys"
	"okienko/db"
	"okienko/sync/engine"
	"okienko/sync/synctest"
)

// The device side of the kill tests runs in a child process (this test
// binary again, running TestFaultsChild) so it can be killed with SIGKILL
// while the registry, another process, lives on. The child syncs one
// round, printing every step of it; told to, it stalls at one step until
// it is killed, which makes "in the middle of a page" exact.

const (
	envDir   = "OKIENKO_FAULTS_CHILD" // the device's data directory
	envURL   = "OKIENKO_FAULTS_URL"   // the registry (enrol there if not enrolled)
	envCode  = "OKIENKO_FAULTS_CODE"  // enrolment code
	envPage  = "OKIENKO_FAULTS_PAGE"  // rows per pull
	envBatch = "OKIENKO_FAULTS_BATCH" // ops per push
	envStall = "OKIENKO_FAULTS_STALL" // "step:n": stall at the n-th step of that name
)

// TestFaultsChild is the process the kill tests start and kill; it only
// runs when they start it.
func TestFaultsChild(t *testing.T) {
	dir := os.Getenv(envDir)
	if dir == "" {
		t.Skip("started only by the kill tests")
	}
	ctx := context.Background()
	st, err := db.Open(ctx, dir, db.Options{Cipher: keys.TestCipher("faults")})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := strconv.Atoi(os.Getenv(envPage))
	batch, _ := strconv.Atoi(os.Getenv(envBatch))
	stallStep, n, _ := strings.Cut(os.Getenv(envStall), ":")
	stallAt, _ := strconv.Atoi(n)
	seen := map[string]int{}
	trace := func(ev engine.TraceEvent) {
		seen[ev.Step]++
		fmt.Printf("trace %s %d %d %d %s\n", ev.Step, ev.Rows, ev.Cursor, ev.Ops, ev.Batch)
		if ev.Step == stallStep && seen[ev.Step] == stallAt {
			fmt.Println("stalled")
			// Hold everything as it is (for pull.apply: the page's
			// transaction open) until the parent kills the process.
			time.Sleep(2 * time.Minute)
			os.Exit(3)
		}
	}
	eng, err := engine.New(ctx, st, engine.Options{PageSize: page, BatchSize: batch, LeaseLow: 5, Trace: trace})
	if err != nil {
		t.Fatal(err)
	}
	ss, err := st.SyncState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !ss.Enrolled() {
		if _, err := eng.Enroll(ctx, os.Getenv(envURL), os.Getenv(envCode), "child"); err != nil {
			t.Fatalf("enrol: %v", err)
		}
	} else if err := eng.Round(ctx); err != nil {
		t.Fatalf("round: %v", err)
	}
	fmt.Println("done")
}

// step is one trace line of the child.
type step struct {
	Step   string
	Rows   int
	Cursor int64
	Ops    int
	Batch  string
}

func parseStep(line string) (step, bool) {
	rest, ok := strings.CutPrefix(line, "trace ")
	if !ok {
		return step{}, false
	}
	var s step
	f := strings.Fields(rest)
	if len(f) < 4 {
		return step{}, false
	}
	s.Step = f[0]
	s.Rows, _ = strconv.Atoi(f[1])
	s.Cursor, _ = strconv.ParseInt(f[2], 10, 64)
	s.Ops, _ = strconv.Atoi(f[3])
	if len(f) > 4 {
		s.Batch = f[4]
	}
	return s, true
}

// childRun is one run of the child.
type childRun struct {
	Steps  []step
	Output []string // everything it printed, for failure messages
	Done   bool     // it finished its round
}

func (c childRun) of(name string) []step {
	var out []step
	for _, s := range c.Steps {
		if s.Step == name {
			out = append(out, s)
		}
	}
	return out
}

// kill says when to kill the child: at a stall, or a while after the
// n-th step of a name; zero kills nothing (the child runs to the end).
type kill struct {
	Stall string        // "step:n", the child stalls there
	After string        // or: kill Delay after the N-th step After
	N     int           //
	Delay time.Duration //
}

// runChild runs the child on dir and kills it as k says.
func runChild(t *testing.T, env []string, k kill) childRun {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestFaultsChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	if k.Stall != "" {
		cmd.Env = append(cmd.Env, envStall+"="+k.Stall)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var run childRun
	lines := bufio.NewScanner(out)
	killed := false
	timer := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() }) // never hang the suite
	defer timer.Stop()
	for lines.Scan() {
		line := lines.Text()
		run.Output = append(run.Output, line)
		if line == "done" {
			run.Done = true
		}
		if line == "stalled" && k.Stall != "" {
			cmd.Process.Signal(syscall.SIGKILL)
			killed = true
			break
		}
		s, ok := parseStep(line)
		if !ok {
			continue
		}
		run.Steps = append(run.Steps, s)
		if k.After != "" && s.Step == k.After && len(run.of(k.After)) == k.N {
			time.Sleep(k.Delay)
			cmd.Process.Signal(syscall.SIGKILL)
			killed = true
			break
		}
	}
	for lines.Scan() { // whatever it printed before the signal landed
		line := lines.Text()
		run.Output = append(run.Output, line)
		if s, ok := parseStep(line); ok {
			run.Steps = append(run.Steps, s)
		}
		if line == "done" {
			run.Done = true
		}
	}
	err = cmd.Wait()
	switch {
	case k.Stall != "" && !killed:
		t.Fatalf("the child never reached %s:\n%s", k.Stall, strings.Join(run.Output, "\n"))
	case k.Stall == "" && k.After == "" && (err != nil || !run.Done):
		t.Fatalf("the child failed (%v):\n%s", err, strings.Join(run.Output, "\n"))
	case k.After != "" && !killed:
		t.Fatalf("the child ended before its %d-th %s:\n%s", k.N, k.After, strings.Join(run.Output, "\n"))
	}
	return run
}

func childEnv(dir, url, code string, page, batch int) []string {
	return []string{envDir + "=" + dir, envURL + "=" + url, envCode + "=" + code,
		envPage + "=" + strconv.Itoa(page), envBatch + "=" + strconv.Itoa(batch)}
}

// openKilled opens a killed device's database and checks SQLite's own
// view of it first.
func openKilled(t *testing.T, dir string) *sqlDB {
	t.Helper()
	raw, err := rawDB(t, filepath.Join(dir, db.FileName))
	if err != nil {
		t.Fatal(err)
	}
	var ok string
	if err := raw.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		raw.Close()
		t.Fatalf("integrity_check after the kill: %q %v", ok, err)
	}
	return &sqlDB{raw}
}

// pullState checks a pulling device after a kill: the rows it stored are
// exactly the registry's rows up to its cursor. A page and its cursor
// commit together, so neither can be ahead of the other. It returns the
// cursor.
func pullState(t *testing.T, reg *Registry, dir string) int64 {
	t.Helper()
	d := openKilled(t, dir)
	defer d.Close()
	cursor, err := strconv.ParseInt(d.str(t, "SELECT value FROM device_meta WHERE key = 'sync_cursor'"), 10, 64)
	if err != nil {
		t.Fatalf("cursor: %v", err)
	}
	stored := keySet(t, d.DB, "SELECT entity || '/' || entity_id FROM row_clock")
	seen := reg.RowsUpTo(t, cursor)
	if len(stored) != len(seen) || diffCount(stored, seen) > 0 {
		t.Fatalf("cursor %d: the device stored %d rows, the registry has %d up to it: %s",
			cursor, len(stored), len(seen), diff(stored, seen))
	}
	if n := queryInt(t, d.DB, "SELECT COUNT(*) FROM outbox"); n != 0 {
		t.Fatalf("a device that only pulled has %d ops in its outbox", n)
	}
	return cursor
}

func diffCount(a, b map[string]bool) int {
	n := 0
	for k := range a {
		if !b[k] {
			n++
		}
	}
	for k := range b {
		if !a[k] {
			n++
		}
	}
	return n
}

func rowsPulled(r childRun) (rows int) {
	for _, s := range r.of(engine.TracePullApplied) {
		rows += s.Rows
	}
	return rows
}

// TestKillDuringPull kills a device in the middle of its initial sync:
// once stalled inside a page's transaction (rows written, cursor not), once
// at a random moment. After each kill the database is intact and holds
// exactly what its cursor says; the next start resumes from that cursor,
// pulls only what remains, and ends equal to the registry.
func TestKillDuringPull(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the registry process and kills child processes")
	}
	t.Parallel()
	const page = 20
	reg := StartRegistry(t, 5)
	seeder := synctest.NewDevice(t, synctest.DeviceOptions{})
	enroll(t, seeder, reg, reg.URL, "seeder")
	before := reg.Seq(t)
	seedCases(t, seeder.Engine, seeder.Store, seeder.Core.OfficeID(), time.Now().Year(), 60)
	seeder.Sync(t)
	if n := reg.Count(t, "case_file"); n != 60 {
		t.Fatalf("registry holds %d seeded cases, want 60", n)
	}
	dir := t.TempDir()
	env := childEnv(dir, reg.URL, reg.EnrollCode(t, "child"), page, 50)

	// 1. Stall inside the transaction of a page of cases, and kill there.
	stallPage := int(before)/page + 3
	run := runChild(t, env, kill{Stall: engine.TracePullApply + ":" + strconv.Itoa(stallPage)})
	applied := run.of(engine.TracePullApplied)
	if len(applied) != stallPage-1 {
		t.Fatalf("%d pages committed before the stall, want %d", len(applied), stallPage-1)
	}
	cursor := pullState(t, reg, dir)
	if want := applied[len(applied)-1].Cursor; cursor != want {
		t.Fatalf("cursor %d after the kill, want %d (the last committed page's)", cursor, want)
	}
	if n := reg.Count(t, "case_file"); cursor < before || cursor >= reg.Seq(t) {
		t.Fatalf("cursor %d: the kill was meant to fall among the %d cases (seq %d to %d)", cursor, n, before, reg.Seq(t))
	}

	t.Logf("killed inside page %d (rows up to %d): cursor %d, as committed", stallPage, run.of(engine.TracePullApply)[stallPage-1].Cursor, cursor)
	// A first pull drops the indexes its lists need and builds them at its
	// end (db/bulkload.go): killed mid-pull, they are missing, and their
	// SQL is kept for the next start to build them.
	killed := openKilled(t, dir)
	indexesKilled := queryInt(t, killed.DB, "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index'")
	mark := killed.str(t, "SELECT COALESCE((SELECT value FROM device_meta WHERE key = 'bulk_indexes'), '')")
	killed.Close()
	if mark == "" {
		t.Fatal("killed inside a first pull, the device holds no mark of the indexes it dropped")
	}

	// 2. Restart, and kill at a random moment of a later page.
	delay := time.Duration(rand.IntN(30)) * time.Millisecond
	run = runChild(t, env, kill{After: engine.TracePullRequest, N: 2, Delay: delay})
	if first := run.of(engine.TracePullRequest); len(first) == 0 || first[0].Cursor != cursor {
		t.Fatalf("after a restart the device asked from %+v, want its cursor %d", first, cursor)
	}
	cursor = pullState(t, reg, dir)
	t.Logf("killed %v after the 2nd page request: cursor %d, consistent", delay, cursor)

	// 3. Restart and let it finish.
	run = runChild(t, env, kill{})
	if first := run.of(engine.TracePullRequest); len(first) == 0 || first[0].Cursor != cursor {
		t.Fatalf("after a restart the device asked from %+v, want its cursor %d", first, cursor)
	}
	final := reg.Seq(t)
	pulled, left := rowsPulled(run), final-cursor
	if int64(pulled) > left+page {
		t.Fatalf("pulled %d rows after the restart; only %d were left after cursor %d: it downloaded again", pulled, left, cursor)
	}
	t.Logf("restarted at cursor %d: pulled %d rows of %d left, ended at %d", cursor, pulled, left, final)
	if got := pullState(t, reg, dir); got != final {
		t.Fatalf("cursor %d at the end, registry at %d", got, final)
	}
	d := openKilled(t, dir)
	defer d.Close()
	if got, want := queryInt(t, d.DB, "SELECT COUNT(*) FROM case_file"), reg.Count(t, "case_file"); got != int64(want) {
		t.Fatalf("device holds %d cases, the registry %d", got, want)
	}
	// The indexes dropped for the first pull are all back, and the mark gone.
	if n := queryInt(t, d.DB, "SELECT COUNT(*) FROM device_meta WHERE key = 'bulk_indexes' AND value != ''"); n != 0 {
		t.Fatal("the first pull ended, and its mark of dropped indexes is still there")
	}
	if got := queryInt(t, d.DB, "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index'"); got <= indexesKilled {
		t.Fatalf("%d indexes after the pull ended, %d while it was killed: the dropped ones were not built again", got, indexesKilled)
	}
}

// TestKillDuringPush kills a device while it pushes a large outbox: once
// after the registry committed a batch but before the device settled it,
// once just before a resend, once at a random moment. After each kill no
// op is lost (each is in the outbox or at the registry), at most two
// batches are half-acknowledged (the one being settled and the one sent
// meanwhile) and each is whole in the outbox; the restarted device
// resends the first of them, and in the end every op is applied exactly
// once, by replay rather than by resending under a new batch.
func TestKillDuringPush(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the registry process and kills child processes")
	}
	t.Parallel()
	const batch = 20
	ctx := context.Background()
	reg := StartRegistry(t, 5)
	dir := t.TempDir()
	// The device enrols, then registers 60 cases offline (180 ops).
	st, err := db.Open(ctx, dir, db.Options{Cipher: keys.TestCipher("faults")})
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(ctx, st, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := eng.Enroll(ctx, reg.URL, reg.EnrollCode(t, "pusher"), "pusher"); err != nil {
		t.Fatal(err)
	}
	ss, _ := st.SyncState(ctx)
	seedCases(t, eng, st, ss.OfficeID, time.Now().Year(), 60)
	dev := st.DeviceID()
	st.Close()
	d := openKilled(t, dir)
	created := d.strings(t, "SELECT op_id, batch_id FROM outbox")
	d.Close()
	if len(created) < 180 {
		t.Fatalf("%d ops in the outbox, want 180 or more", len(created))
	}
	env := childEnv(dir, reg.URL, "", 50, batch)
	pushedBefore := reg.Metric(t, "okienko_ops_pushed_total")

	// 1. The registry committed the 3rd batch; the device dies before
	// settling it.
	run := runChild(t, env, kill{Stall: engine.TracePushAnswered + ":3"})
	answered := run.of(engine.TracePushAnswered)
	inflight := answered[len(answered)-1].Batch
	if got := pushState(t, reg, dir, dev, created); got != inflight {
		t.Fatalf("half-acknowledged batch %q, want %q (answered, not settled)", got, inflight)
	}

	t.Logf("killed between the answer and the settling of batch 3 (%s)", inflight)

	// 2. Restart: the first batch sent is that one again, whole.
	run = runChild(t, env, kill{Stall: engine.TracePushSend + ":1"})
	if s := run.of(engine.TracePushSend); s[0].Batch != inflight || s[0].Ops != batch {
		t.Fatalf("after a restart the device sent %+v first, want batch %s again with %d ops", s[0], inflight, batch)
	}
	pushState(t, reg, dir, dev, created)

	// 3. Restart and kill at a random moment after the second batch went.
	delay := time.Duration(rand.IntN(30)) * time.Millisecond
	runChild(t, env, kill{After: engine.TracePushSend, N: 2, Delay: delay})
	t.Logf("killed %v after the 2nd send: half-acknowledged batch %q", delay, pushState(t, reg, dir, dev, created))

	// 4. Restart and let it finish.
	d = openKilled(t, dir)
	left := queryInt(t, d.DB, "SELECT COUNT(*) FROM outbox")
	d.Close()
	run = runChild(t, env, kill{})
	sent := 0
	for _, s := range run.of(engine.TracePushSend) {
		sent += s.Ops
	}
	if int64(sent) > left {
		t.Fatalf("sent %d ops after the restart; only %d were left in the outbox", sent, left)
	}
	t.Logf("restarted with %d ops left: sent %d", left, sent)
	d = openKilled(t, dir)
	defer d.Close()
	if n := queryInt(t, d.DB, "SELECT COUNT(*) FROM outbox"); n != 0 {
		t.Fatalf("%d ops left in the outbox", n)
	}
	atReg := reg.Ops(t, dev)
	if len(atReg) != len(created) {
		t.Fatalf("registry applied %d ops of the device, which created %d", len(atReg), len(created))
	}
	pushState(t, reg, dir, dev, created)
	if got := reg.Metric(t, "okienko_ops_pushed_total") - pushedBefore; got != int64(len(created)) {
		t.Fatalf("the registry received %d ops in new batches for %d ops: some were resent under a new batch", got, len(created))
	}
	if n := reg.Count(t, "case_file"); n != 60 {
		t.Fatalf("registry holds %d cases, want 60", n)
	}
	// And the device pulled its own changes back: it equals the registry.
	if got, seq := pullState(t, reg, dir), reg.Seq(t); got != seq {
		t.Fatalf("cursor %d at the end, registry at %d", got, seq)
	}
	if n := queryInt(t, d.DB, "SELECT COUNT(*) FROM case_file"); n != 60 {
		t.Fatalf("device holds %d cases, want 60", n)
	}
}

// pushState checks a pushing device after a kill against the registry:
// every op it created is still in its outbox or applied at the registry,
// the registry applied nothing else from it, and the ops in both places
// are at most two batches (a plain answer is settled while the next batch
// is sent), each whole in the outbox (settling is one transaction). It
// returns those batches, sorted and joined by a space, or "".
func pushState(t *testing.T, reg *Registry, dir, dev string, created map[string]string) string {
	t.Helper()
	d := openKilled(t, dir)
	defer d.Close()
	outbox := d.strings(t, "SELECT op_id, batch_id FROM outbox WHERE state = 'pending'")
	if n := queryInt(t, d.DB, "SELECT COUNT(*) FROM outbox WHERE state <> 'pending'"); n != 0 {
		t.Fatalf("%d ops quarantined", n)
	}
	atReg := reg.Ops(t, dev)
	for id := range created {
		_, pending := outbox[id]
		_, applied := atReg[id]
		if !pending && !applied {
			t.Fatalf("op %s is lost: gone from the outbox, never applied", id)
		}
	}
	for id := range atReg {
		if _, ok := created[id]; !ok {
			t.Fatalf("the registry applied op %s the device never created", id)
		}
	}
	half := map[string]bool{}
	for id := range outbox {
		if b, ok := atReg[id]; ok {
			half[b] = true
		}
	}
	if len(half) > 2 {
		t.Fatalf("%d batches half-acknowledged: %v", len(half), half)
	}
	var batches []string
	for b := range half {
		for id, rb := range atReg {
			if rb == b && outbox[id] != b {
				t.Fatalf("batch %s is split: op %s left the outbox, others did not", b, id)
			}
		}
		batches = append(batches, b)
	}
	slices.Sort(batches)
	return strings.Join(batches, " ")
}
