package hlc

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestClockProperty runs random sequences of local stamps, observed remote
// stamps (within and beyond MaxDrift), offsets (jumps back included),
// rebases, restarts and wall clock jumps, and checks after each step:
//   - every stamp Now issues sorts after every stamp this node issued
//     before (across restarts), except those a Rebase dropped, which are
//     the ones above the Last it left (the store re-stamps them);
//   - and after every stamp observed before it (another node's, or its
//     own that the registry took);
//   - Observe refuses exactly the stamps beyond MaxDrift of the corrected
//     wall clock;
//   - Rebase drops only when Last is beyond MaxDrift of the corrected wall
//     clock, and then leaves it no higher than the corrected wall clock or
//     the highest observed stamp.
func TestClockProperty(t *testing.T) {
	seeds, steps := 3000, 300
	if testing.Short() {
		seeds = 300
	}
	for seed := range uint64(seeds) {
		if err := runClock(seed, steps); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
	}
}

func runClock(seed uint64, steps int) error {
	rng := rand.New(rand.NewPCG(seed, 18))
	const node = "dev"
	drift := MaxDrift.Milliseconds()
	wall := int64(1_800_000_000_000) + rng.Int64N(1e9) // ms; a 2027 date
	offset := time.Duration(0)
	now := func() time.Time { return time.UnixMilli(wall) }
	c := New(node, now)
	var (
		own       []Timestamp // stamps issued and not dropped
		seen      Timestamp   // the highest observed
		persisted struct{ last, seen Timestamp }
	)
	corrected := func() int64 { return now().Add(offset).UnixMilli() }
	var log []string
	fail := func(format string, args ...any) error {
		if len(log) > 8 {
			log = log[len(log)-8:]
		}
		return fmt.Errorf("%s (after %v)", fmt.Sprintf(format, args...), log)
	}
	for step := range steps {
		switch k := rng.IntN(100); {
		case k < 35:
			prev := c.Last()
			n := c.Now()
			for _, o := range own {
				if n.Compare(o) <= 0 {
					return fail("step %d: Now %v not after own %v", step, n, o)
				}
			}
			if !seen.IsZero() && n.Compare(seen) <= 0 {
				return fail("step %d: Now %v not after observed %v", step, n, seen)
			}
			if n.Compare(prev) <= 0 || n.Node != node || n.Wall < min(corrected(), maxWall) {
				return fail("step %d: Now %v after Last %v, corrected wall %d", step, n, prev, corrected())
			}
			own = append(own, n)
			log = append(log, "now "+n.String())
		case k < 60:
			// Remote stamps around the corrected wall clock, some beyond
			// MaxDrift; counters often at the edges.
			var skew int64
			switch rng.IntN(4) {
			case 0:
				skew = rng.Int64N(2*drift+1) - drift
			case 1:
				skew = drift - rng.Int64N(3) + 1 // at the limit
			case 2:
				skew = rng.Int64N(4*drift) - 2*drift
			default:
				skew = c.Last().Wall - corrected() + rng.Int64N(3) - 1 // near Last
			}
			r := Timestamp{Wall: max(corrected()+skew, 0), Node: []string{"registry", "b", "z"}[rng.IntN(3)]}
			switch rng.IntN(4) {
			case 0:
				r.Counter = uint16(rng.IntN(1 << 16))
			case 1:
				r.Counter = 1<<16 - 1
			case 2:
				if len(own) > 0 {
					r = own[rng.IntN(len(own))] // one of its own, which the registry took
				}
			}
			err := c.Observe(r)
			if (err != nil) != (r.Wall > corrected()+drift) {
				return fail("step %d: Observe(%v) at corrected wall %d: %v", step, r, corrected(), err)
			}
			if err == nil {
				if r.Compare(seen) > 0 {
					seen = r
				}
				if l := c.Last(); l.Wall < r.Wall || l.Wall == r.Wall && l.Counter <= r.Counter {
					return fail("step %d: Last %v not after observed %v", step, l, r)
				}
			}
			log = append(log, fmt.Sprintf("observe %v err=%v", r, err))
		case k < 72:
			var d time.Duration
			switch rng.IntN(3) {
			case 0:
				d = 0
			case 1:
				d = time.Duration(rng.Int64N(int64(2*MaxDrift))) - MaxDrift
			default:
				d = time.Duration(rng.Int64N(int64(96*time.Hour))) - 48*time.Hour
			}
			offset = d
			c.SetOffset(d)
			log = append(log, fmt.Sprintf("offset %v", d))
		case k < 82:
			before := c.Last()
			dropped := c.Rebase()
			after := c.Last()
			w := corrected()
			switch {
			case !dropped && after != before:
				return fail("step %d: Rebase reported nothing but moved %v to %v", step, before, after)
			case dropped && before.Wall <= w+drift:
				return fail("step %d: Rebase dropped %v within MaxDrift of %d", step, before, w)
			case dropped && after.Compare(before) >= 0:
				return fail("step %d: Rebase reported a drop from %v to %v", step, before, after)
			case dropped && after.Wall > max(w, seen.Wall):
				return fail("step %d: Rebase left %v, beyond wall %d and observed %v", step, after, w, seen)
			case !dropped && before.Wall > w+drift && before.Wall > seen.Wall:
				return fail("step %d: Rebase kept %v beyond MaxDrift of %d", step, before, w)
			}
			if dropped {
				kept := own[:0]
				for _, o := range own {
					if o.Compare(after) <= 0 {
						kept = append(kept, o)
					}
				}
				own = kept
			}
			log = append(log, fmt.Sprintf("rebase %v -> %v", before, after))
		case k < 87:
			// A restart: what the store saved at its last write, a new
			// clock without the offset.
			c = New(node, now)
			offset = 0
			c.Restore(persisted.last)
			c.RestoreObserved(persisted.seen)
			log = append(log, "restart")
		default:
			switch rng.IntN(4) {
			case 0: // frozen: nothing moves
			case 1:
				wall += rng.Int64N(5)
			case 2:
				wall += rng.Int64N(int64(4*24*time.Hour/time.Millisecond)) - int64(2*24*time.Hour/time.Millisecond)
			default:
				wall -= rng.Int64N(2 * drift)
			}
			log = append(log, fmt.Sprintf("wall %d", wall))
		}
		// The store saves both after every write transaction.
		persisted.last, persisted.seen = c.Last(), c.Observed()
		if persisted.seen != seen {
			return fail("step %d: Observed %v, want %v", step, persisted.seen, seen)
		}
	}
	return nil
}
