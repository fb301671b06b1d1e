package hlc

import (
	"errors"
	"testing"
	"time"
)

func fixed(ms int64) func() time.Time {
	return func() time.Time { return time.UnixMilli(ms) }
}

func TestMonotonicWhenWallClockStalls(t *testing.T) {
	c := New("a", fixed(1000))
	prev := c.Now()
	for i := 0; i < 1000; i++ {
		n := c.Now()
		if n.Compare(prev) <= 0 {
			t.Fatalf("stamp %v not after %v", n, prev)
		}
		prev = n
	}
	if prev.Wall != 1000 || prev.Counter != 1000 {
		t.Fatalf("got %+v, want wall 1000 counter 1000", prev)
	}
}

func TestMonotonicWhenWallClockGoesBack(t *testing.T) {
	now := int64(5000)
	c := New("a", func() time.Time { return time.UnixMilli(now) })
	a := c.Now()
	now = 1000 // clock set back by an hour, say
	b := c.Now()
	if b.Compare(a) <= 0 {
		t.Fatalf("after clock went back: %v not after %v", b, a)
	}
}

func TestObserveOrdersAfterRemote(t *testing.T) {
	c := New("a", fixed(1000))
	remote := Timestamp{Wall: 2000, Counter: 7, Node: "b"}
	if err := c.Observe(remote); err != nil {
		t.Fatal(err)
	}
	n := c.Now()
	if n.Compare(remote) <= 0 {
		t.Fatalf("%v not after observed %v", n, remote)
	}
	if n.Node != "a" {
		t.Fatalf("node = %q", n.Node)
	}
}

func TestObserveRefusesFarFuture(t *testing.T) {
	c := New("a", fixed(0))
	err := c.Observe(Timestamp{Wall: MaxDrift.Milliseconds() + 1, Node: "b"})
	if !errors.Is(err, ErrDrift) {
		t.Fatalf("err = %v, want ErrDrift", err)
	}
	if err := c.Observe(Timestamp{Wall: MaxDrift.Milliseconds(), Node: "b"}); err != nil {
		t.Fatalf("stamp exactly at the limit refused: %v", err)
	}
}

func TestOffsetCorrectsWrongClock(t *testing.T) {
	c := New("a", fixed(1000))
	c.SetOffset(24 * time.Hour)
	if got := c.Now().Wall; got != 1000+(24*time.Hour).Milliseconds() {
		t.Fatalf("wall = %d", got)
	}
}

func TestStringOrderMatchesCompare(t *testing.T) {
	ts := []Timestamp{
		{Wall: 1, Counter: 0, Node: "a"},
		{Wall: 1, Counter: 1, Node: "a"},
		{Wall: 1, Counter: 1, Node: "b"},
		{Wall: 2, Counter: 0, Node: "a"},
		{Wall: 1 << 40, Counter: 65535, Node: "z"},
	}
	for i := 1; i < len(ts); i++ {
		if ts[i-1].Compare(ts[i]) >= 0 || ts[i-1].String() >= ts[i].String() {
			t.Fatalf("%v vs %v: order differs", ts[i-1], ts[i])
		}
		p, err := Parse(ts[i].String())
		if err != nil || p != ts[i] {
			t.Fatalf("round trip %v -> %v, %v", ts[i], p, err)
		}
	}
}

func TestRestoreKeepsMonotonic(t *testing.T) {
	c := New("a", fixed(1000))
	c.Restore(Timestamp{Wall: 9000, Counter: 3, Node: "a"})
	if n := c.Now(); n.Wall != 9000 || n.Counter != 4 {
		t.Fatalf("after restore: %+v", n)
	}
}

func TestRebaseAfterFastClock(t *testing.T) {
	now := int64(24 * 3600 * 1000 * 2)
	c := New("a", func() time.Time { return time.UnixMilli(now) })
	fast := c.Now() // the wall clock is a day fast
	c.SetOffset(-24 * time.Hour)
	if c.Now().Wall != fast.Wall {
		t.Fatal("without rebase the clock stays ahead")
	}
	if !c.Rebase() {
		t.Fatal("rebase did nothing")
	}
	if got := c.Now().Wall; got != now-(24*time.Hour).Milliseconds() {
		t.Fatalf("after rebase wall = %d", got)
	}
	if c.Rebase() {
		t.Fatal("second rebase changed something")
	}
}

// The scenario of issue 18: a device clock a day fast, frozen (a test
// clock), is corrected by the registry's answer; the registry's stamp, in
// the very millisecond of the corrected clock and with a counter of 5, is
// observed; SettleBatch then rebases. Rebase used to reset the clock to
// the bare wall time, counter 0, so the re-stamped ops sorted before the
// registry's row (a used case number went back to "reserved").
func TestRebaseKeepsObservedRegistryStamp(t *testing.T) {
	day := (24 * time.Hour).Milliseconds()
	for _, tc := range []struct {
		name   string
		remote int64 // the registry stamp's wall, from the corrected wall clock
		offset time.Duration
	}{
		{"same millisecond", 0, -24 * time.Hour},
		{"registry a little ahead", (4 * time.Minute).Milliseconds(), -24 * time.Hour},
		{"offset lowered after observing", (4 * time.Minute).Milliseconds(), -24*time.Hour - 3*time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := 10 * day
			c := New("dev", fixed(now))
			for range 3 {
				c.Now() // stamps of the fast clock, refused by the registry
			}
			c.SetOffset(-24 * time.Hour)
			remote := Timestamp{Wall: now - day + tc.remote, Counter: 5, Node: "registry"}
			if err := c.Observe(remote); err != nil {
				t.Fatal(err)
			}
			c.SetOffset(tc.offset)
			if !c.Rebase() {
				t.Fatal("rebase kept the stamps of the fast clock")
			}
			if last := c.Last(); last.Wall > remote.Wall {
				t.Fatalf("rebase kept %v, beyond the registry's %v", last, remote)
			}
			if n := c.Now(); n.Compare(remote) <= 0 {
				t.Fatalf("stamp %v after rebase sorts before the registry's %v", n, remote)
			}
			// After a restart with what the store persisted, too.
			r := New("dev", fixed(now))
			r.Restore(c.Last())
			r.RestoreObserved(c.Observed())
			r.SetOffset(tc.offset)
			r.Rebase()
			if n := r.Now(); n.Compare(remote) <= 0 {
				t.Fatalf("stamp %v after restart sorts before the registry's %v", n, remote)
			}
		})
	}
}

// The fast stamps of an earlier run are dropped after a restart too: only
// the observed stamp is a floor, not Last.
func TestRebaseAfterRestartDropsFastStamps(t *testing.T) {
	now := int64(10 * 24 * 3600 * 1000)
	c := New("dev", fixed(now))
	fast := c.Now()
	remote := Timestamp{Wall: now - (24 * time.Hour).Milliseconds() - 1000, Counter: 2, Node: "registry"}
	if err := c.Observe(remote); err != nil {
		t.Fatal(err)
	}
	r := New("dev", fixed(now))
	r.Restore(c.Last())
	r.RestoreObserved(c.Observed())
	r.SetOffset(-24 * time.Hour)
	if !r.Rebase() {
		t.Fatalf("restarted clock kept %v", fast)
	}
	if n := r.Now(); n.Wall != now-(24*time.Hour).Milliseconds() || n.Compare(remote) <= 0 {
		t.Fatalf("after rebase %v (observed %v)", n, remote)
	}
}

// Observe, walls equal: the next local stamp must sort after the remote
// one, so the remote counter is taken when it is the higher.
func TestObserveEqualWall(t *testing.T) {
	for _, tc := range []struct {
		name          string
		local, remote uint16 // counters at the same wall time
	}{
		{"remote counter higher", 2, 9},
		{"remote counter lower", 9, 2},
		{"counters equal", 4, 4},
		{"remote at the last counter", 3, 1<<16 - 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := New("a", fixed(1000))
			for range int(tc.local) + 1 {
				c.Now() // 1000:0 … 1000:local
			}
			remote := Timestamp{Wall: 1000, Counter: tc.remote, Node: "b"}
			if err := c.Observe(remote); err != nil {
				t.Fatal(err)
			}
			if n := c.Now(); n.Compare(remote) <= 0 {
				t.Fatalf("%v not after observed %v", n, remote)
			}
		})
	}
}

// tick spills the counter into the wall time: stamps never go backwards,
// however many are issued or observed within one millisecond.
func TestCounterOverflow(t *testing.T) {
	t.Run("70000 stamps in one millisecond", func(t *testing.T) {
		c := New("a", fixed(1000))
		prev := c.Now()
		for i := 0; i < 70_000; i++ {
			n := c.Now()
			if n.Compare(prev) <= 0 || n.String() <= prev.String() {
				t.Fatalf("stamp %d: %v not after %v", i, n, prev)
			}
			prev = n
		}
		if prev.Wall != 1001 {
			t.Fatalf("last stamp %v, want wall 1001", prev)
		}
	})
	for _, tc := range []struct {
		name   string
		wall   int64 // local wall clock
		remote Timestamp
	}{
		{"remote ahead at the last counter", 1000, Timestamp{Wall: 2000, Counter: 1<<16 - 1, Node: "b"}},
		{"remote same wall at the last counter", 2000, Timestamp{Wall: 2000, Counter: 1<<16 - 1, Node: "b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := New("a", fixed(tc.wall))
			c.Now()
			if err := c.Observe(tc.remote); err != nil {
				t.Fatal(err)
			}
			prev := tc.remote
			for range 3 {
				n := c.Now()
				if n.Compare(prev) <= 0 || n.String() <= prev.String() {
					t.Fatalf("%v not after %v", n, prev)
				}
				prev = n
			}
		})
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Timestamp
		ok   bool
	}{
		{"00000000000a0001-dev", Timestamp{Wall: 10, Counter: 1, Node: "dev"}, true},
		{"ffffffffffffffff-a", Timestamp{Wall: maxWall, Counter: 1<<16 - 1, Node: "a"}, true},
		{"0000000000010001-a-b", Timestamp{Wall: 1, Counter: 1, Node: "a-b"}, true},
		{"zzzzzzzzzzzz0001-a", Timestamp{}, false},  // not hex: used to give wall 0
		{" 00000000001 0001-a", Timestamp{}, false}, // spaces
		{"+0000000000010001-a", Timestamp{}, false}, // a sign, and 17 characters before '-'
		{"+00000000010001-a", Timestamp{}, false},   // a sign within 16
		{"0x00000000010001-a", Timestamp{}, false},  // a prefix
		{"00000000000A0001-a", Timestamp{}, false},  // uppercase: String writes lowercase
		{"00000000000a000F-a", Timestamp{}, false},  // uppercase in the counter
		{"00000000_0010001-a", Timestamp{}, false},  // an underscore
		{"00000000000a0001-", Timestamp{}, false},   // no node
		{"00000000000a0001", Timestamp{}, false},    // no separator
		{"00000000000a0001+a", Timestamp{}, false},  // wrong separator
		{"0000000000a0001-a", Timestamp{}, false},   // 15 digits
		{"", Timestamp{}, false},
	} {
		got, err := Parse(tc.in)
		if tc.ok != (err == nil) || got != tc.want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && !errors.Is(err, ErrMalformed) {
			t.Errorf("Parse(%q): %v is not ErrMalformed", tc.in, err)
		}
	}
}

// Parse takes only what String writes: a stamp parsed writes back the same
// text, so string order and stamp order agree for everything accepted.
func FuzzParse(f *testing.F) {
	f.Add("00000000000a0001-dev")
	f.Add("zzzzzzzzzzzz0001-a")
	f.Add(" 00000000001 0001-a")
	f.Add("+0000000000010001-a")
	f.Add("00000000000A0001-a")
	f.Add("zz")
	f.Fuzz(func(t *testing.T, s string) {
		ts, err := Parse(s)
		if err != nil {
			return
		}
		if back := ts.String(); back != s {
			t.Fatalf("%q -> %+v -> %q", s, ts, back)
		}
	})
}
