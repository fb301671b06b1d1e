package officeclock

import (
	"sync"
	"time"
)

// Skew is how far this computer's clock may differ from the office's
// before registering asks the clerk to confirm the date ("a few minutes").
const Skew = 3 * time.Minute

// StaleAfter is how old a learned offset may grow before Okienko says the
// office's time has not been checked for days.
const StaleAfter = 72 * time.Hour

// Jitter is what a learned offset is rounded away within: a clock right to
// two seconds is right, and a clock put right again must lose the offset it
// needed before.
const Jitter = 2 * time.Second

// Reading is what the clock knows, as the store keeps it across restarts.
type Reading struct {
	Known     bool          // an offset was ever learned from the registry
	Offset    time.Duration // the registry's clock minus this computer's
	LearnedAt time.Time     // office time when the offset was last learned
	Seen      time.Time     // the latest office time this clock gave or saw
}

// State names what the clock can say of the office's time.
type State string

// The clock's states.
const (
	Standalone State = "standalone" // no registry: this computer is the office
	Unknown    State = "unknown"    // a device of a registry that never reached it
	Stale      State = "stale"      // the offset was learned more than StaleAfter ago
	Fresh      State = "fresh"      // the offset is recent
)

// Health is the clock's state for the status bar and for registering.
type Health struct {
	State      State
	Now        time.Time     // office time now
	Offset     time.Duration // as learned (zero when unknown)
	Age        time.Duration // since the offset was learned
	JumpedBack time.Duration // how far now lies behind the latest office time seen
	// Confirm is set when registering must ask the clerk to confirm the
	// date: the office's time is unknown, or this computer's clock is more
	// than Skew away from it, or it went back past what was seen.
	Confirm bool
	Reason  string // "unknown", "skew" or "jump" when Confirm
}

// Clock is the office's clock on one computer. It is safe for concurrent
// use.
type Clock struct {
	mu     sync.Mutex
	wall   func() time.Time
	loc    *time.Location
	linked bool
	r      Reading
}

// New returns a clock reading wall (time.Now if nil) in loc (DefaultZone if
// nil), for a computer of no registry until SetLinked.
func New(wall func() time.Time, loc *time.Location) *Clock {
	if wall == nil {
		wall = time.Now
	}
	if loc == nil {
		loc = MustZone(DefaultZone)
	}
	return &Clock{wall: wall, loc: loc}
}

// SetLocation sets the office's zone, read from its row.
func (c *Clock) SetLocation(loc *time.Location) {
	c.mu.Lock()
	c.loc = loc
	c.mu.Unlock()
}

// Location is the office's zone.
func (c *Clock) Location() *time.Location {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.loc
}

// SetLinked records whether this computer is a device of a registry, whose
// clock is then the office's.
func (c *Clock) SetLinked(linked bool) {
	c.mu.Lock()
	c.linked = linked
	c.mu.Unlock()
}

// Wall is this computer's own clock, uncorrected: what the offset is
// measured against.
func (c *Clock) Wall() time.Time { return c.wall() }

// Now is the office's time: the wall clock corrected by the learned offset,
// in the office's zone.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if now.After(c.r.Seen) {
		c.r.Seen = now
	}
	return now
}

func (c *Clock) now() time.Time {
	return c.wall().Add(c.r.Offset).In(c.loc)
}

// Today is the office's date now, at 00:00 UTC (app/deadline's form).
func (c *Clock) Today() time.Time { return Day(c.Now(), c.Location()) }

// Learn takes the offset measured against the registry's clock: its time
// minus this computer's wall time when the answer came. A reading within
// Jitter is none. The office time seen starts again from the registry's.
func (c *Clock) Learn(offset time.Duration) {
	if offset < Jitter && offset > -Jitter {
		offset = 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.r.Known, c.r.Offset = true, offset
	now := c.now()
	c.r.LearnedAt, c.r.Seen = now, now
}

// Observe notes an office time seen elsewhere (the last stamp persisted
// before a restart), so a clock that went back past it is noticed.
func (c *Clock) Observe(t time.Time) {
	c.mu.Lock()
	if t.After(c.r.Seen) {
		c.r.Seen = t
	}
	c.mu.Unlock()
}

// Acknowledge takes the clock's present time as the office's, after a
// person confirmed the date: a jump back is not asked about again.
func (c *Clock) Acknowledge() {
	c.mu.Lock()
	c.r.Seen = c.now()
	c.mu.Unlock()
}

// Reading is what the store keeps.
func (c *Clock) Reading() Reading {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.r
}

// Restore gives the clock what the store kept before a restart.
func (c *Clock) Restore(r Reading) {
	c.mu.Lock()
	defer c.mu.Unlock()
	seen := c.r.Seen
	c.r = r
	if seen.After(c.r.Seen) {
		c.r.Seen = seen
	}
}

// Health reports the clock's state now.
func (c *Clock) Health() Health {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	h := Health{State: Standalone, Now: now}
	if !c.linked {
		return h
	}
	switch {
	case !c.r.Known:
		h.State, h.Confirm, h.Reason = Unknown, true, "unknown"
	default:
		h.Offset, h.Age = c.r.Offset, now.Sub(c.r.LearnedAt)
		h.State = Fresh
		if h.Age > StaleAfter {
			h.State = Stale
		}
		if h.Offset > Skew || h.Offset < -Skew {
			h.Confirm, h.Reason = true, "skew"
		}
	}
	if back := c.r.Seen.Sub(now); back > Skew {
		h.JumpedBack = back
		h.Confirm, h.Reason = true, "jump"
	}
	return h
}
