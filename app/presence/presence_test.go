package presence

import (
	"testing"
	"time"
)

var warsaw, _ = time.LoadLocation("Europe/Warsaw")

func at(h, m int) time.Time { return time.Date(2026, 12, 3, h, m, 0, 0, warsaw) }

func TestValidate(t *testing.T) {
	now := at(12, 0)
	active := func(id string) bool { return id == "me" || id == "ann" }
	cases := []struct {
		name string
		p    Presence
		want []string
	}{
		{"away with a stand-in", Presence{StaffID: "me", Away: true, Until: at(12, 30), StandInID: "ann"}, nil},
		{"back", Presence{StaffID: "me"}, nil},
		{"no return time", Presence{StaffID: "me", Away: true}, []string{"presence.untilMissing"}},
		{"return time now", Presence{StaffID: "me", Away: true, Until: now}, []string{"presence.untilPast"}},
		{"return time past", Presence{StaffID: "me", Away: true, Until: at(11, 0)}, []string{"presence.untilPast"}},
		{"return tomorrow", Presence{StaffID: "me", Away: true, Until: at(9, 0).AddDate(0, 0, 1)}, []string{"presence.untilDay"}},
		{"stands in for oneself", Presence{StaffID: "me", Away: true, Until: at(13, 0), StandInID: "me"}, []string{"presence.standInSelf"}},
		{"stand-in not in the office", Presence{StaffID: "me", Away: true, Until: at(13, 0), StandInID: "gone"}, []string{"presence.standInInactive"}},
		{"note with a control char", Presence{StaffID: "me", Note: "a\x07"}, []string{"presence.noteBad"}},
	}
	for _, tc := range cases {
		got := Validate(tc.p, now, active)
		if len(got) != len(tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if got[i].Key != tc.want[i] {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
		}
	}
}

func TestStateOf(t *testing.T) {
	now := at(12, 0)
	fresh := View{DeviceID: "A", LastSync: now.Add(-2 * time.Minute), Now: now}
	stale := View{DeviceID: "A", LastSync: now.Add(-Stale - time.Minute), Now: now}
	never := View{DeviceID: "A", Now: now}
	away := Presence{StaffID: "x", Away: true, Until: at(12, 30), SetAt: at(11, 0), DeviceID: "B"}
	here := Presence{StaffID: "x", SetAt: at(8, 0), DeviceID: "B"}
	ownHere := Presence{StaffID: "x", SetAt: at(8, 0), DeviceID: "A"}
	cases := []struct {
		name  string
		v     View
		p     Presence
		found bool
		want  State
	}{
		{"no word", fresh, Presence{}, false, Unknown},
		{"away, fresh", fresh, away, true, Away},
		{"present, fresh", fresh, here, true, Present},
		{"present, stale", stale, here, true, Unknown},
		{"away, stale", stale, away, true, Unknown},
		{"never synced, another device", never, here, true, Unknown},
		{"own device, never synced", never, ownHere, true, Present},
		{"own device, stale", stale, ownHere, true, Present},
		{"yesterday's word", fresh, Presence{StaffID: "x", SetAt: at(15, 0).AddDate(0, 0, -1), DeviceID: "B"}, true, Unknown},
	}
	for _, tc := range cases {
		if got := tc.v.StateOf(tc.p, tc.found); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	if !fresh.Late(Presence{Away: true, Until: at(11, 30)}) || fresh.Late(away) || fresh.Late(here) {
		t.Fatal("late: an away past its return time, and only that")
	}
}
