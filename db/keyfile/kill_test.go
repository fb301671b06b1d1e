package keyfile

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// password is generation g's password: each re-keying moves to the next.
func password(g int) string { return "hasło-" + strconv.Itoa(g) }

// TestKillDuringRekey kills (SIGKILL) a child process that changes a
// person's password over and over (Rewrap, Write), at random moments, and
// checks after every kill that the key file parses and opens, with the
// password of the generation being written or of one before it, to the
// same data key: a kill leaves the old key file or the new one, never
// neither, never a torn one, never another key.
func TestKillDuringRekey(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes")
	}
	dir := t.TempDir()
	ks, dk := newSet(t, password(0))
	if err := Write(dir, ks); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(13, uint64(time.Now().UnixNano())))
	gen, outcomes := 0, map[string]int{}
	for round := range 20 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "OKIENKO_KEYFILE_DIR="+dir, "OKIENKO_KEYFILE_GEN="+strconv.Itoa(gen))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		want, writing := 1+rng.IntN(20), -1
		for lines.Scan() {
			if g, ok := strings.CutPrefix(lines.Text(), "writing "); ok {
				writing, _ = strconv.Atoi(g)
				if want--; want == 0 {
					break
				}
			}
		}
		if writing < 0 {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("round %d: the child never wrote", round)
		}
		time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		go func() { // drain, so a blocked write cannot keep the child alive
			for lines.Scan() {
			}
		}()
		cmd.Wait()

		// The child had started writing generation writing+1 when its line
		// was read, and may have gone on since: the file holds that or a
		// later one, or the one before.
		got, fromBackup, err := Read(dir)
		if err != nil {
			t.Fatalf("round %d: key file after the kill: %v", round, err)
		}
		if fromBackup {
			t.Fatalf("round %d: the key file itself was lost", round)
		}
		found := -1
		for g := writing; g <= writing+10000 && found < 0; g++ {
			if k, err := got.Unwrap("anna", password(g)); err == nil {
				if !k.Equal(dk) {
					t.Fatalf("round %d: generation %d opens to another data key", round, g)
				}
				found = g
			}
		}
		if found < 0 {
			t.Fatalf("round %d: no password from generation %d on opens the key file", round, writing)
		}
		// The copy opens too, with the same generation or the one before.
		bak, err := readOne(dir + "/" + BackupName)
		if err != nil {
			t.Fatalf("round %d: the copy: %v", round, err)
		}
		if _, err := bak.Unwrap("anna", password(found)); err != nil {
			if _, err := bak.Unwrap("anna", password(found-1)); err != nil {
				t.Fatalf("round %d: the copy opens with neither generation %d nor %d", round, found, found-1)
			}
			outcomes["copy behind"]++
		} else {
			outcomes["copy equal"]++
		}
		gen = found
	}
	t.Logf("outcomes: %v; generations written: %d", outcomes, gen)
}

// TestKillChild is the process TestKillDuringRekey kills; it only runs
// when that test starts it.
func TestKillChild(t *testing.T) {
	dir := os.Getenv("OKIENKO_KEYFILE_DIR")
	if dir == "" {
		t.Skip("started only by TestKillDuringRekey")
	}
	gen, _ := strconv.Atoi(os.Getenv("OKIENKO_KEYFILE_GEN"))
	for ; ; gen++ {
		ks, _, err := Read(dir)
		if err != nil {
			t.Fatal(err)
		}
		dk, err := ks.Unwrap("anna", password(gen))
		if err != nil {
			t.Fatalf("generation %d: %v", gen, err)
		}
		if err := ks.Rewrap(dk, "anna", password(gen+1), cheap); err != nil {
			t.Fatal(err)
		}
		fmt.Println("writing " + strconv.Itoa(gen))
		if err := Write(dir, ks); err != nil {
			t.Fatal(err)
		}
	}
}
