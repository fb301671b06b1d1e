// Package presence is Obecność: whether a clerk is at the desk, and when
// away, when they return and who stands in (Piotrków §4.11: "kiedy wróci
// i u kogo można uzyskać pomoc"; Kielce II.3), so the counter sends a
// client only to someone who is there (Piotrków §4.7, Kielce II.2). What
// another device said is believed only while it is fresh: a stale word is
// shown as unknown, never as present. Pure.
package presence

import (
	"time"

	"okienko/app/charset"
)

// MaxNote is the longest note ("na sesji rady"), in characters.
const MaxNote = 120

// Stale is how long a presence from another device is believed after
// this device last heard from the registry: past it, the person may have
// left or come back meanwhile, and the directory says it does not know.
const Stale = 10 * time.Minute

// Presence is one person's word about their desk.
type Presence struct {
	StaffID   string
	Away      bool
	Until     time.Time // the return time when away; zero: not said
	StandInID string    // who stands in while away
	Note      string
	SetAt     time.Time // when it was said (office clock of the device)
	DeviceID  string    // the device it was said on
}

// State is what the directory shows of a person.
type State string

// The states of a person's desk.
const (
	Present State = "present"
	Away    State = "away"
	Unknown State = "unknown"
)

// Problem is one refused field, with its i18n key and arguments.
type Problem struct {
	Field string
	Key   string
	Args  map[string]string
}

// Validate checks a person going away: the return time later than now on
// the office's clock and on the same office day, the stand-in an active
// colleague other than oneself, the note printable. active tells whether
// a staff id is an active member of the office.
func Validate(p Presence, now time.Time, active func(id string) bool) []Problem {
	var out []Problem
	if p.Away {
		until := p.Until.In(now.Location())
		switch {
		case p.Until.IsZero():
			out = append(out, Problem{Field: "until", Key: "presence.untilMissing"})
		case !until.After(now):
			out = append(out, Problem{Field: "until", Key: "presence.untilPast", Args: map[string]string{"now": now.Format("15:04")}})
		case !sameDay(until, now):
			out = append(out, Problem{Field: "until", Key: "presence.untilDay"})
		}
	}
	if p.StandInID != "" {
		switch {
		case p.StandInID == p.StaffID:
			out = append(out, Problem{Field: "standIn", Key: "presence.standInSelf"})
		case !active(p.StandInID):
			out = append(out, Problem{Field: "standIn", Key: "presence.standInInactive"})
		}
	}
	if p.Note != "" {
		if pr := charset.Check(charset.Text, p.Note, MaxNote, false); pr != nil {
			out = append(out, Problem{Field: "note", Key: "presence.noteBad", Args: map[string]string{"max": "120"}})
		}
	}
	return out
}

// View is what this device knows of a person's desk at now.
type View struct {
	DeviceID string    // this device
	LastSync time.Time // this device's last complete round with the registry; zero if never
	Now      time.Time // the office's instant
}

// StateOf is what the directory shows for a person whose presence row is
// p (found false: none). A word from this device is known; one from
// another device only while this device synced within Stale. A word from
// an earlier office day says nothing of today. An away whose return time
// has passed stays away (the directory says since when it is late): a
// person who came back says so.
func (v View) StateOf(p Presence, found bool) State {
	if !found || p.SetAt.IsZero() {
		return Unknown
	}
	if !sameDay(p.SetAt.In(v.Now.Location()), v.Now) {
		return Unknown
	}
	if p.DeviceID != v.DeviceID && (v.LastSync.IsZero() || v.Now.Sub(v.LastSync) > Stale) {
		return Unknown
	}
	if p.Away {
		return Away
	}
	return Present
}

// Late reports whether an away person's return time has passed.
func (v View) Late(p Presence) bool {
	return p.Away && !p.Until.IsZero() && v.Now.After(p.Until)
}

func sameDay(a, b time.Time) bool {
	y1, m1, d1 := a.Date()
	y2, m2, d2 := b.Date()
	return y1 == y2 && m1 == m2 && d1 == d2
}
