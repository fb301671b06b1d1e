package app

import (
	"strconv"
	"time"

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

// clockView says what the office clock can say, in t's language.
func (t tr) clockView(clock *officeclock.Clock) ClockView {
	h := clock.Health()
	v := ClockView{State: string(h.State), Confirm: h.Confirm, Now: t.DateTime(h.Now)}
	switch {
	case h.Reason == "jump":
		v.Notice = t.T("clock.notice.jump", "amount", t.amount(h.JumpedBack))
	case h.Reason == "unknown":
		v.Notice = t.T("clock.notice.unknown")
	case h.Reason == "skew":
		v.Notice = t.T("clock.notice.skew", "computer", t.DateTime(clock.Wall()), "office", t.DateTime(h.Now))
	case h.State == officeclock.Stale:
		v.Notice = t.T("clock.notice.stale", "date", t.DateTime(h.Now.Add(-h.Age)))
	}
	return v
}

// dateCheck says whether registering now must be confirmed by the clerk,
// why (a sentence in t's language), and the reason's code.
func (t tr) dateCheck(clock *officeclock.Clock) (bool, string, string) {
	h := clock.Health()
	if !h.Confirm {
		return false, "", ""
	}
	switch h.Reason {
	case "jump":
		return true, t.T("intake.confirmWhy.jump", "amount", t.amount(h.JumpedBack)), h.Reason
	case "skew":
		return true, t.T("intake.confirmWhy.skew", "computer", t.DateTime(clock.Wall()), "office", t.DateTime(h.Now),
			"amount", t.amount(h.Offset.Abs())), h.Reason
	}
	return true, t.T("intake.confirmWhy.unknown"), "unknown"
}

// amount says a clock's difference in its largest whole unit: days, hours
// or minutes.
func (t tr) amount(d time.Duration) string {
	switch {
	case d >= 24*time.Hour:
		n := int((d + 12*time.Hour) / (24 * time.Hour))
		return t.T("clock.days", "count", strconv.Itoa(n))
	case d >= time.Hour:
		n := int((d + 30*time.Minute) / time.Hour)
		return t.T("clock.hours", "count", strconv.Itoa(n))
	}
	n := max(1, int((d+30*time.Second)/time.Minute))
	return t.T("clock.minutes", "count", strconv.Itoa(n))
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
