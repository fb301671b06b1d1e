package callbacks

import (
	"testing"
	"time"
)

var warsaw, _ = time.LoadLocation("Europe/Warsaw")

func at(h, m int) time.Time { return time.Date(2026, 12, 3, h, m, 0, 0, warsaw) }

func keys(ps []Problem) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Field+":"+p.Key)
	}
	return out
}

func TestValidate(t *testing.T) {
	now := at(10, 0)
	ok := Callback{Name: "Jan Kowalski", Phone: "+48600100200", Topic: "zasiłek", From: at(12, 30), AssigneeID: "s1"}
	cases := []struct {
		name string
		edit func(c *Callback)
		want []string
	}{
		{"fine", func(c *Callback) {}, []string{}},
		{"window", func(c *Callback) { c.Until = at(13, 0) }, []string{}},
		{"now typed a few seconds late", func(c *Callback) { c.From = now.Add(-30 * time.Second) }, []string{}},
		{"past", func(c *Callback) { c.From = at(9, 0) }, []string{"from:callback.timePast"}},
		{"no time", func(c *Callback) { c.From = time.Time{} }, []string{"from:callback.timeMissing"}},
		{"window reversed", func(c *Callback) { c.Until = at(12, 0) }, []string{"until:callback.windowOrder"}},
		{"window empty", func(c *Callback) { c.Until = c.From }, []string{"until:callback.windowOrder"}},
		{"window across days", func(c *Callback) { c.Until = c.From.AddDate(0, 0, 1) }, []string{"until:callback.windowDays"}},
		{"before opening", func(c *Callback) { c.From = at(6, 30).AddDate(0, 0, 1) }, []string{"from:callback.outsideHours"}},
		{"after closing", func(c *Callback) { c.From = at(18, 1) }, []string{"from:callback.outsideHours"}},
		{"window past closing", func(c *Callback) { c.From = at(17, 0); c.Until = at(19, 0) }, []string{"until:callback.outsideHours"}},
		{"closing hour itself", func(c *Callback) { c.From = at(17, 0); c.Until = at(18, 0) }, []string{}},
		{"utc instant read in the office zone", func(c *Callback) { c.From = time.Date(2026, 12, 3, 17, 30, 0, 0, time.UTC) }, []string{"from:callback.outsideHours"}},
		{"no phone", func(c *Callback) { c.Phone = "" }, []string{"phone:callback.phoneMissing"}},
		{"bad phone", func(c *Callback) { c.Phone = "12ab" }, []string{"phone:callback.phoneBad"}},
		{"no name", func(c *Callback) { c.Name = "" }, []string{"name:callback.required"}},
		{"name with a digit", func(c *Callback) { c.Name = "Jan 3" }, []string{"name:text.badChar"}},
		{"topic too long", func(c *Callback) { c.Topic = string(make([]rune, MaxTopic+1)) }, []string{"topic:text.tooLong"}},
		{"no one calls", func(c *Callback) { c.AssigneeID = "" }, []string{"assignee:callback.assigneeMissing"}},
	}
	for _, tc := range cases {
		c := ok
		tc.edit(&c)
		got := keys(Validate(c, now))
		if len(got) != len(tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
		}
	}
}

func TestNormalize(t *testing.T) {
	c := Callback{Name: " Jan\u00a0Kowalski ", Phone: "600 100 200", Topic: "zasiłek\u200b"}
	c.Normalize()
	if c.Name != "Jan Kowalski" || c.Phone != "+48600100200" || c.Topic != "zasiłek" {
		t.Fatalf("%+v", c)
	}
	bad := Callback{Phone: " 12ab "}
	bad.Normalize()
	if bad.Phone != "12ab" {
		t.Fatalf("a phone that is not one is kept as typed, trimmed: %q", bad.Phone)
	}
}

func TestStateAt(t *testing.T) {
	now := at(12, 0)
	cases := []struct {
		name string
		c    Callback
		want State
		due  bool
	}{
		{"later today", Callback{Status: Open, From: at(15, 0)}, StateToday, true},
		{"window in progress", Callback{Status: Open, From: at(11, 0), Until: at(13, 0)}, StateToday, true},
		{"window passed", Callback{Status: Open, From: at(10, 0), Until: at(11, 0)}, StateOverdue, true},
		{"time passed", Callback{Status: Open, From: at(11, 59)}, StateOverdue, true},
		{"yesterday", Callback{Status: Open, From: at(15, 0).AddDate(0, 0, -1)}, StateOverdue, true},
		{"tomorrow", Callback{Status: Open, From: at(8, 0).AddDate(0, 0, 1)}, StateLater, false},
		{"done", Callback{Status: Done, From: at(10, 0)}, StateDone, false},
		// 23:30 UTC on the 2nd is 00:30 on the 3rd in Warsaw: today there.
		{"office day, not UTC's", Callback{Status: Open, From: time.Date(2026, 12, 2, 23, 30, 0, 0, time.UTC).Add(14 * time.Hour)}, StateToday, true},
	}
	for _, tc := range cases {
		if got := StateAt(tc.c, now); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
		if got := DueOn(tc.c, now); got != tc.due {
			t.Errorf("%s: due %v, want %v", tc.name, got, tc.due)
		}
	}
}

func TestMaskPhone(t *testing.T) {
	for in, want := range map[string]string{
		"+48600100200":   "+4••••••••00",
		"600 100 200":    "60•••••00",
		"(22) 123-45-67": "22•••••67",
		"112":            "•••",
		"":               "",
	} {
		if got := MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidateOutcome(t *testing.T) {
	if p := ValidateOutcome(""); len(p) != 1 || p[0].Key != "callback.required" {
		t.Fatalf("empty outcome: %v", p)
	}
	if p := ValidateOutcome("Wyjaśniono, klient doniesie zaświadczenie."); len(p) != 0 {
		t.Fatalf("fine outcome: %v", p)
	}
}

// FuzzCallback: whatever a person types, Normalize and Validate never
// panic, a callback Validate accepts has a phone that reads as one and
// lies within office hours, and MaskPhone shows at most four characters
// of any number.
func FuzzCallback(f *testing.F) {
	f.Add("Jan Kowalski", "600 100 200", "zasiłek", int64(150), int64(30))
	f.Add("", "+48 (22) 123-45-67", "x\x00", int64(-5), int64(-60))
	f.Add("Łucja Żółkiewska-Nowak", "12ab", "😀", int64(600), int64(0))
	f.Fuzz(func(t *testing.T, name, phone, topic string, fromMin, windowMin int64) {
		now := at(10, 0)
		c := Callback{Name: name, Phone: phone, Topic: topic, From: now.Add(time.Duration(fromMin%100000) * time.Minute), AssigneeID: "s"}
		if windowMin != 0 {
			c.Until = c.From.Add(time.Duration(windowMin%100000) * time.Minute)
		}
		c.Normalize()
		if len(Validate(c, now)) == 0 {
			if !ValidPhone(c.Phone) || !inHours(c.From.In(warsaw)) || c.From.Before(now.Add(-Slack)) {
				t.Fatalf("accepted: %+v", c)
			}
		}
		shown := 0
		for _, r := range MaskPhone(phone) {
			if r != '•' {
				shown++
			}
		}
		if shown > 4 {
			t.Fatalf("MaskPhone(%q) shows %d characters", phone, shown)
		}
	})
}
