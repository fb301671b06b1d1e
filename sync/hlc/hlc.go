// Package hlc implements hybrid logical clocks (Kulkarni et al., 2014): a
// 48-bit wall time in milliseconds, a 16-bit counter and the node id. Stamps
// order every change across devices even when wall clocks disagree, so a
// laptop that syncs six hours late does not overwrite newer edits.
package hlc

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// MaxDrift is how far ahead of the local clock a received stamp may be;
// beyond it the stamp is refused rather than dragging every clock forward.
const MaxDrift = 5 * time.Minute

const maxWall = 1<<48 - 1

// Timestamp is one HLC reading.
type Timestamp struct {
	Wall    int64  // milliseconds since the Unix epoch, 48 bits
	Counter uint16 // logical counter within one millisecond
	Node    string // device id, breaks ties
}

// String encodes the stamp so that string order equals causal order:
// 12 hex digits of wall time, 4 of counter, then the node.
func (t Timestamp) String() string {
	return fmt.Sprintf("%012x%04x-%s", t.Wall, t.Counter, t.Node)
}

// IsZero reports an unset stamp.
func (t Timestamp) IsZero() bool { return t.Wall == 0 && t.Counter == 0 && t.Node == "" }

// Compare orders stamps: -1, 0 or +1.
func (t Timestamp) Compare(o Timestamp) int {
	switch {
	case t.Wall != o.Wall:
		return cmp(t.Wall, o.Wall)
	case t.Counter != o.Counter:
		return cmp(int64(t.Counter), int64(o.Counter))
	default:
		return strings.Compare(t.Node, o.Node)
	}
}

func cmp(a, b int64) int {
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

// ErrMalformed is returned by Parse for text that is not a stamp.
var ErrMalformed = errors.New("hlc: malformed timestamp")

// Parse decodes String's format, and only that: exactly 16 lowercase hex
// digits (12 of wall time, 4 of counter), '-', then a non-empty node. Text
// String would not write back is refused (strconv would take "+", a
// prefix or uppercase), because stamps are compared as strings: a stamp
// accepted in another spelling would sort where its value does not.
func Parse(s string) (Timestamp, error) {
	if len(s) < 18 || s[16] != '-' {
		return Timestamp{}, ErrMalformed
	}
	var v uint64
	for i := 0; i < 16; i++ {
		d, ok := hexDigit(s[i])
		if !ok {
			return Timestamp{}, ErrMalformed
		}
		v = v<<4 | d
	}
	return Timestamp{Wall: int64(v >> 16), Counter: uint16(v), Node: s[17:]}, nil
}

// hexDigit decodes one lowercase hex digit, the only case String writes.
func hexDigit(b byte) (uint64, bool) {
	switch {
	case '0' <= b && b <= '9':
		return uint64(b - '0'), true
	case 'a' <= b && b <= 'f':
		return uint64(b-'a') + 10, true
	}
	return 0, false
}

// ErrDrift is returned when a remote stamp is too far in the future.
var ErrDrift = errors.New("hlc: remote clock too far ahead")

// Clock issues stamps for one node. It is safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	node   string
	now    func() time.Time
	offset time.Duration // correction learned from the server
	last   Timestamp
	// seen is the highest stamp observed: another node's, or this node's
	// own once the registry took it. last never falls below it, not even
	// in Rebase: a stamp the registry holds (a case number used, a
	// conflict settled) must stay older than every local change made after
	// the device saw it, or the older value wins.
	seen Timestamp
}

// New returns a clock for node; now defaults to time.Now.
func New(node string, now func() time.Time) *Clock {
	if now == nil {
		now = time.Now
	}
	return &Clock{node: node, now: now}
}

func (c *Clock) wall() int64 {
	w := c.now().Add(c.offset).UnixMilli()
	if w > maxWall {
		w = maxWall
	}
	return w
}

// Now returns a stamp for a local event, later than every stamp this clock
// has issued or seen.
func (c *Clock) Now() Timestamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := c.wall()
	if w > c.last.Wall {
		c.last = Timestamp{Wall: w, Node: c.node}
	} else {
		c.tick()
	}
	return c.last
}

// tick advances the counter, spilling into the wall time on overflow.
func (c *Clock) tick() {
	if c.last.Counter == 1<<16-1 {
		c.last = Timestamp{Wall: c.last.Wall + 1, Node: c.node}
		return
	}
	c.last = Timestamp{Wall: c.last.Wall, Counter: c.last.Counter + 1, Node: c.node}
}

// Observe merges a received stamp so later local stamps sort after it. A
// stamp more than MaxDrift ahead of the local clock is refused.
func (c *Clock) Observe(r Timestamp) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := c.wall()
	if r.Wall > w+MaxDrift.Milliseconds() {
		return fmt.Errorf("%w: %s ahead", ErrDrift, time.Duration(r.Wall-w)*time.Millisecond)
	}
	switch {
	case w > c.last.Wall && w > r.Wall:
		c.last = Timestamp{Wall: w, Node: c.node}
	case r.Wall > c.last.Wall:
		c.last = Timestamp{Wall: r.Wall, Counter: r.Counter, Node: c.node}
		c.tick()
	case c.last.Wall > r.Wall:
		c.tick()
	default: // equal walls
		if r.Counter > c.last.Counter {
			c.last.Counter = r.Counter
		}
		c.tick()
	}
	if r.Compare(c.seen) > 0 {
		c.seen = r
	}
	return nil
}

// SetOffset corrects the local wall clock by d, learned from the server's
// clock, so a device with a wrong clock still issues sensible stamps.
func (c *Clock) SetOffset(d time.Duration) {
	c.mu.Lock()
	c.offset = d
	c.mu.Unlock()
}

// Last returns the latest stamp issued or observed. It is never below
// Observed, so a persisted Last keeps later stamps after the observed ones.
func (c *Clock) Last() Timestamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// Observed returns the highest stamp observed, to be persisted with Last
// and given back to RestoreObserved after a restart.
func (c *Clock) Observed() Timestamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seen
}

// Restore seeds the clock with a stamp persisted before a restart, so
// stamps stay monotonic even if the wall clock went backwards meanwhile.
// Rebase may still drop it: it may have been issued by a clock running
// fast.
func (c *Clock) Restore(t Timestamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.raise(t)
}

// RestoreObserved seeds the clock with the Observed stamp persisted before
// a restart. Without it a restarted clock would know only Last, and a
// Rebase could take it below a registry stamp seen before the restart.
func (c *Clock) RestoreObserved(t Timestamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.Compare(c.seen) > 0 {
		c.seen = t
	}
	c.raise(t)
}

// raise moves last up to t, as this node's stamp.
func (c *Clock) raise(t Timestamp) {
	if t.Wall > c.last.Wall || t.Wall == c.last.Wall && t.Counter > c.last.Counter {
		c.last = Timestamp{Wall: t.Wall, Counter: t.Counter, Node: c.node}
	}
}

// Rebase drops a last stamp that lies beyond MaxDrift ahead of the
// (corrected) wall clock: stamps issued while the wall clock ran a day
// fast were refused by the registry, and keeping them would make every
// later stamp unusable too. It drops only stamps nobody else has: last
// goes down to the corrected wall clock or to the highest stamp observed,
// whichever is later, so the next stamp still sorts after everything the
// registry has shown this device. Rebase reports whether it dropped
// anything; the stamps it dropped are those above the new Last, which the
// caller re-stamps.
func (c *Clock) Rebase() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := c.wall()
	if c.last.Wall <= w+MaxDrift.Milliseconds() {
		return false
	}
	floor := Timestamp{Wall: w, Node: c.node}
	if c.seen.Wall > w || c.seen.Wall == w && c.seen.Counter > 0 {
		floor = Timestamp{Wall: c.seen.Wall, Counter: c.seen.Counter, Node: c.node}
	}
	if floor.Compare(c.last) >= 0 {
		// Everything ahead is what the registry showed: nothing to drop.
		return false
	}
	c.last = floor
	return true
}

// Horizon returns the lowest stamp the registry would refuse as too far
// ahead of the corrected wall clock now.
func (c *Clock) Horizon() Timestamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Timestamp{Wall: c.wall() + MaxDrift.Milliseconds() + 1}
}
