package app

import (
	"strconv"
	"time"

	"okienko/app/i18n"
	"okienko/app/officeclock"
)

// ClockView is what the office clock can say, for the status bar and the
// Synchronizacja screen.
type ClockView struct {
	State string `json:"state"` // officeclock.State
	// Notice is a sentence for the clerk when the office's time is
	// unknown, not checked for days, or this computer's clock is off; "".
	Notice string `json:"notice"`
	// Confirm: registering asks the clerk to confirm the date.
	Confirm bool   `json:"confirm"`
	Now     string `json:"now"` // the office's date and time, localised
}

// clockView reads the office clock's health.
func (c *Core) clockView() ClockView {
	clock := c.Store.OfficeClock()
	h := clock.Health()
	v := ClockView{State: string(h.State), Confirm: h.Confirm, Now: c.ui().DateTime(h.Now)}
	switch {
	case h.Reason == "jump":
		v.Notice = c.UI("clock.notice.jump", "amount", c.amount(h.JumpedBack))
	case h.Reason == "unknown":
		v.Notice = c.UI("clock.notice.unknown")
	case h.Reason == "skew":
		v.Notice = c.UI("clock.notice.skew", "computer", c.ui().DateTime(clock.Wall()), "office", c.ui().DateTime(h.Now))
	case h.State == officeclock.Stale:
		learned := h.Now.Add(-h.Age)
		v.Notice = c.UI("clock.notice.stale", "date", c.ui().DateTime(learned))
	}
	return v
}

// dateCheck says whether registering on the office day today must be
// confirmed by the clerk, why (a sentence), and the reason's code.
func (c *Core) dateCheck() (bool, string, string) {
	h := c.Store.OfficeClock().Health()
	if !h.Confirm {
		return false, "", ""
	}
	switch h.Reason {
	case "jump":
		return true, c.UI("intake.confirmWhy.jump", "amount", c.amount(h.JumpedBack)), h.Reason
	case "skew":
		return true, c.UI("intake.confirmWhy.skew", "computer", c.ui().DateTime(c.Store.OfficeClock().Wall()), "office", c.ui().DateTime(h.Now),
			"amount", c.amount(h.Offset.Abs())), h.Reason
	}
	return true, c.UI("intake.confirmWhy.unknown"), "unknown"
}

// amount says a clock's difference in its largest whole unit: days, hours
// or minutes.
func (c *Core) amount(d time.Duration) string {
	switch {
	case d >= 24*time.Hour:
		n := int((d + 12*time.Hour) / (24 * time.Hour))
		return c.UI("clock.days", "count", strconv.Itoa(n))
	case d >= time.Hour:
		n := int((d + 30*time.Minute) / time.Hour)
		return c.UI("clock.hours", "count", strconv.Itoa(n))
	}
	n := max(1, int((d+30*time.Second)/time.Minute))
	return c.UI("clock.minutes", "count", strconv.Itoa(n))
}

// dateWhy is a confirmed date's reason as a key part; anything else read
// from a synced event is shown as the plainest one.
func dateWhy(code string) string {
	switch code {
	case "skew", "jump":
		return code
	}
	return "unknown"
}

// dateTime shows an instant as the office's date and time, in its zone,
// whatever the zone of the computer it is shown on, in Polish: printouts'
// text (the screen's is c.ui().DateTime).
func (c *Core) dateTime(t time.Time) string {
	return i18n.DateTime(i18n.Default, t.In(c.Store.OfficeClock().Location()))
}
