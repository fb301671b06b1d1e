package auth

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// cheap keeps the tests fast under -race; the PHC string carries the cost,
// so Verify is exercised the same way.
var cheap = Params{Time: 1, Memory: 1024, Threads: 1, KeyLen: 32, SaltLen: 16}

func TestHashVerify(t *testing.T) {
	h, err := Hash("okienko", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash %q is not Argon2id PHC", h)
	}
	if ok, err := Verify("okienko", h); err != nil || !ok {
		t.Fatalf("right password: ok=%v err=%v", ok, err)
	}
	if ok, err := Verify("Okienko", h); err != nil || ok {
		t.Fatalf("wrong password accepted: ok=%v err=%v", ok, err)
	}
	h2, _ := Hash("okienko", cheap)
	if h2 == h {
		t.Fatal("two hashes of one password are equal: salt not random")
	}
}

func TestVerifyMalformed(t *testing.T) {
	for _, h := range []string{
		"", "plain", "$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=18$m=1024,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=1024,t=1,p=1$!!$a2V5a2V5a2V5a2V5a2V5",
	} {
		if _, err := Verify("x", h); !errors.Is(err, ErrMalformedHash) {
			t.Errorf("Verify(%q) err = %v, want ErrMalformedHash", h, err)
		}
	}
}

func TestDelay(t *testing.T) {
	cases := []struct {
		n    int
		want time.Duration
	}{{0, 0}, {1, 0}, {3, 0}, {4, 5 * time.Second}, {5, 10 * time.Second}, {6, 20 * time.Second}, {9, 160 * time.Second}, {10, MaxDelay}, {100, MaxDelay}}
	for _, c := range cases {
		if got := Delay(c.n); got != c.want {
			t.Errorf("Delay(%d) = %v, want %v", c.n, got, c.want)
		}
	}
}

func TestSessionAutoLock(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	s := NewSession(5 * time.Minute)
	if st, _ := s.State(t0); st != SignedOut {
		t.Fatalf("new session state %s", st)
	}
	s.SignIn("anna", t0)
	if err := s.Touch(t0.Add(4 * time.Minute)); err != nil {
		t.Fatal(err)
	}
	// 4m + 4m59s since the touch: still active.
	if st, _ := s.State(t0.Add(8*time.Minute + 59*time.Second)); st != Active {
		t.Fatalf("state %s before timeout", st)
	}
	st, locked := s.State(t0.Add(9 * time.Minute))
	if st != Locked || !locked {
		t.Fatalf("after 5 idle minutes: %s locked=%v", st, locked)
	}
	if got := s.LockedFor(t0.Add(12 * time.Minute)); got != 3*time.Minute {
		t.Fatalf("auto-locked at 9 minutes, at 12 locked for %s", got)
	}
	if err := s.Require(t0.Add(9 * time.Minute)); !errors.Is(err, ErrLocked) {
		t.Fatalf("Require on locked session: %v", err)
	}
	if err := s.Unlock("jan", t0.Add(10*time.Minute)); err == nil {
		t.Fatal("another user unlocked the session")
	}
	if err := s.Unlock("anna", t0.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got := s.LockedFor(t0.Add(10 * time.Minute)); got != 0 {
		t.Fatalf("an active session locked for %s", got)
	}
	s.Lock(t0.Add(10 * time.Minute))
	if st, _ := s.State(t0.Add(10 * time.Minute)); st != Locked {
		t.Fatalf("Lock: state %s", st)
	}
	if got := s.LockedFor(t0.Add(40 * time.Minute)); got != 30*time.Minute {
		t.Fatalf("locked for %s, want 30m", got)
	}
	s.SignOut()
	if err := s.Touch(t0.Add(11 * time.Minute)); !errors.Is(err, ErrNotSignedIn) {
		t.Fatalf("Touch after sign-out: %v", err)
	}
}

func TestNeedsRehash(t *testing.T) {
	h, err := Hash("okienko", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if NeedsRehash(h, cheap) {
		t.Fatal("a hash made with the wanted costs needs no rehash")
	}
	for _, p := range []Params{
		{Time: 2, Memory: 1024, Threads: 1, KeyLen: 32, SaltLen: 16},
		{Time: 1, Memory: 2048, Threads: 1, KeyLen: 32, SaltLen: 16},
		{Time: 1, Memory: 1024, Threads: 2, KeyLen: 32, SaltLen: 16},
	} {
		if !NeedsRehash(h, p) {
			t.Errorf("hash %q against %+v: no rehash asked", h, p)
		}
	}
	if !NeedsRehash("plain", cheap) {
		t.Fatal("an unreadable hash must be replaced")
	}
}

// BenchmarkVerify is one sign-in's check with DefaultParams: the figure
// DefaultParams are chosen by (about 250 ms on a 2-core laptop).
// ms/verify is the wall time here; cpu-ms/core is the CPU time divided
// by the two lanes, which is the wall time of an idle 2-core machine
// (the build machine is shared, and its wall times run high).
func BenchmarkVerify(b *testing.B) {
	h, err := Hash("okienko", DefaultParams)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		if ok, err := Verify("okienko", h); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/verify")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N)/float64(DefaultParams.Threads), "cpu-ms/core")
	}
}
