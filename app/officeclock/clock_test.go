package officeclock

import (
	"testing"
	"time"
)

type wall struct{ t time.Time }

func (w *wall) now() time.Time { return w.t }

func TestClockCorrectsAndKeepsTheOfficeDate(t *testing.T) {
	real := time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC) // 00:30 on 1 January in Warsaw
	for _, skew := range []time.Duration{0, 24 * time.Hour, -72 * time.Hour, 90 * time.Second} {
		for _, machine := range []*time.Location{time.UTC, MustZone("America/Los_Angeles"), MustZone("Asia/Tokyo")} {
			w := &wall{t: real.Add(skew).In(machine)}
			c := New(w.now, nil)
			c.SetLinked(true)
			c.Learn(-skew)
			if got := c.Today().Format(time.DateOnly); got != "2027-01-01" {
				t.Errorf("skew %v, machine %v: today %s", skew, machine, got)
			}
			if got := c.Now(); !got.Equal(real) && skew.Abs() >= Jitter || got.Location().String() != DefaultZone {
				t.Errorf("skew %v: now %v", skew, got)
			}
			// Restart: the store gives back the reading.
			c2 := New(w.now, nil)
			c2.SetLinked(true)
			c2.Restore(c.Reading())
			if got := c2.Today().Format(time.DateOnly); got != "2027-01-01" {
				t.Errorf("skew %v after restart: today %s", skew, got)
			}
		}
	}
}

func TestHealth(t *testing.T) {
	base := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	w := &wall{t: base}
	c := New(w.now, nil)
	if h := c.Health(); h.State != Standalone || h.Confirm {
		t.Fatalf("standalone: %+v", h)
	}
	c.SetLinked(true)
	if h := c.Health(); h.State != Unknown || !h.Confirm || h.Reason != "unknown" {
		t.Fatalf("never synced: %+v", h)
	}
	c.Learn(time.Second) // jitter: none
	if h := c.Health(); h.State != Fresh || h.Confirm || h.Offset != 0 {
		t.Fatalf("right clock: %+v", h)
	}
	c.Learn(2 * time.Minute)
	if h := c.Health(); h.Confirm {
		t.Fatalf("two minutes off is within Skew: %+v", h)
	}
	c.Learn(-24 * time.Hour) // the laptop is a day ahead
	if h := c.Health(); !h.Confirm || h.Reason != "skew" || h.Offset != -24*time.Hour {
		t.Fatalf("a day ahead: %+v", h)
	}
	c.Learn(0)
	w.t = w.t.Add(StaleAfter + time.Hour)
	if h := c.Health(); h.State != Stale || h.Confirm {
		t.Fatalf("not synced for days: %+v", h)
	}
	c.Learn(0)
	c.Now()
	w.t = w.t.Add(-2 * time.Hour) // someone set the clock back
	h := c.Health()
	if !h.Confirm || h.Reason != "jump" || h.JumpedBack != 2*time.Hour {
		t.Fatalf("clock set back: %+v", h)
	}
	c.Acknowledge()
	if h := c.Health(); h.Confirm {
		t.Fatalf("acknowledged: %+v", h)
	}
	// A restart remembers the latest time seen (the store gives the last
	// stamp) and notices the jump again.
	c3 := New(w.now, nil)
	c3.SetLinked(true)
	c3.Restore(Reading{Known: true, LearnedAt: w.t})
	c3.Observe(w.t.Add(time.Hour))
	if h := c3.Health(); h.Reason != "jump" {
		t.Fatalf("after restart: %+v", h)
	}
}
