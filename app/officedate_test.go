package app

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"okienko/app/cases"
)

// officeMoments are instants around New Year, DST nights and the eve of
// holidays, with what the office (Europe/Warsaw) must register at each:
// the day of submission, the sign's year and the due date of a 7-day
// matter (art. 217 § 3 KPA; art. 57 § 4 past Saturdays and holidays).
var officeMoments = []struct {
	at, submitted, year, due string
}{
	{"2026-12-31T22:30:00Z", "31.12.2026", "2026", "07.01.2027"}, // 23:30 on New Year's Eve
	{"2026-12-31T23:30:00Z", "01.01.2027", "2027", "08.01.2027"}, // 00:30 on New Year's Day
	{"2026-03-28T23:30:00Z", "29.03.2026", "2026", "07.04.2026"}, // 00:30 CET, the night clocks go forward; 5.04 is Easter Sunday, 6.04 Easter Monday
	{"2026-10-24T22:30:00Z", "25.10.2026", "2026", "02.11.2026"}, // 00:30 CEST, the night clocks go back; 1.11 is a Sunday and All Saints'
	{"2026-04-30T22:30:00Z", "01.05.2026", "2026", "08.05.2026"}, // 00:30 on 1 May
	{"2026-12-23T23:30:00Z", "24.12.2026", "2026", "31.12.2026"}, // 00:30 on Christmas Eve, a holiday since 2025
}

type officeDateResult struct {
	At, Sign, Submitted, Due string
	Receipt                  string
}

// TestOfficeDatesWhateverTheMachineZone registers a case at each moment in
// processes running under TZ=UTC, Europe/Warsaw and America/Los_Angeles:
// the dates and signs, on the result and on the receipt as pdftotext reads
// it, are the office's and the same in every one.
func TestOfficeDatesWhateverTheMachineZone(t *testing.T) {
	if os.Getenv("OKIENKO_TZ_CHILD") != "" {
		officeDatesChild(t)
		return
	}
	if testing.Short() {
		t.Skip("runs the test binary three times")
	}
	for _, tz := range []string{"UTC", "Europe/Warsaw", "America/Los_Angeles"} {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestOfficeDatesWhateverTheMachineZone$", "-test.count=1")
		cmd.Env = append(os.Environ(), "TZ="+tz, "OKIENKO_TZ_CHILD=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("TZ=%s: %v\n%s", tz, err, out)
		}
		var got []officeDateResult
		for _, line := range strings.Split(string(out), "\n") {
			if rest, ok := strings.CutPrefix(line, "RESULT "); ok {
				var r officeDateResult
				if err := json.Unmarshal([]byte(rest), &r); err != nil {
					t.Fatal(err)
				}
				got = append(got, r)
			}
		}
		if len(got) != len(officeMoments) {
			t.Fatalf("TZ=%s: %d results of %d\n%s", tz, len(got), len(officeMoments), out)
		}
		for i, m := range officeMoments {
			r := got[i]
			sign := "SO.5352.1." + m.year
			if r.Sign != sign || r.Submitted != m.submitted || r.Due != m.due+"\u00a0r." {
				t.Errorf("TZ=%s at %s: sign %s, submitted %s, due %s; want %s, %s, %s", tz, m.at, r.Sign, r.Submitted, r.Due, sign, m.submitted, m.due)
			}
			at, _ := time.Parse(time.RFC3339, m.at)
			hour := at.In(time.FixedZone("", 0)).Add(officeOffset(at)).Format("15:04")
			for _, want := range []string{sign, "do " + m.submitted + " r. Opłata skarbowa", "do " + m.due + " r. Urząd załatwi sprawę",
				m.submitted + " r., godz. " + hour} {
				if !strings.Contains(r.Receipt, want) {
					t.Errorf("TZ=%s at %s: the receipt lacks %q:\n%s", tz, m.at, want, r.Receipt)
				}
			}
		}
	}
}

// officeOffset is Warsaw's offset from UTC at t, by the EU rule (summer
// time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
// Sunday of October), apart from the zone database the code uses.
func officeOffset(t time.Time) time.Duration {
	lastSunday := func(m time.Month) time.Time {
		d := time.Date(t.Year(), m+1, 0, 1, 0, 0, 0, time.UTC)
		return d.AddDate(0, 0, -int(d.Weekday()))
	}
	if !t.Before(lastSunday(time.March)) && t.Before(lastSunday(time.October)) {
		return 2 * time.Hour
	}
	return time.Hour
}

func officeDatesChild(t *testing.T) {
	for _, m := range officeMoments {
		at, _ := time.Parse(time.RFC3339, m.at)
		e := newEnv(t)
		e.clock.mu.Lock()
		e.clock.t = at.In(time.Local) // the machine reads its own zone
		e.clock.mu.Unlock()
		e.signIn(t, "jnowak")
		in := proxyDraft(t, e, "zaswiadczenie o zameldowaniu")
		res, err := NewIntakeService(e.core).Register(in)
		if err != nil || !res.OK {
			t.Fatalf("%s: register: %+v %v", m.at, res, err)
		}
		cs, err := e.store.Case(context.Background(), res.CaseID)
		if err != nil {
			t.Fatal(err)
		}
		sub, _ := time.Parse(time.DateOnly, cs.SubmittedOn)
		out, _ := json.Marshal(officeDateResult{At: m.at, Sign: res.Sign, Submitted: sub.Format("02.01.2006"), Due: res.DueOn,
			Receipt: pdfText(t, res.Receipt.Path)})
		os.Stdout.WriteString("RESULT " + string(out) + "\n")
	}
}

// TestRegisterAsksToConfirmTheDate: on a device of a registry that never
// reached it, registering needs the clerk to confirm the date; the case's
// history records it. A clock set back after that asks again.
func TestRegisterAsksToConfirmTheDate(t *testing.T) {
	e := newEnv(t)
	e.store.LinkClock(true)
	e.signIn(t, "jnowak")
	in := filledDraft(t, e, "zaswiadczenie o zameldowaniu")
	is := NewIntakeService(e.core)
	chk, err := is.Check(in)
	if err != nil || !chk.ConfirmDate || chk.Today != "2026-11-23" || !strings.Contains(chk.ConfirmWhy, "nie połączył się") {
		t.Fatalf("check: %+v %v", chk, err)
	}
	res, err := is.Register(in)
	if err != nil || res.OK || len(res.Problems) != 1 || res.Problems[0].Key != "intake.dateNotConfirmed" {
		t.Fatalf("registered under a date nobody confirmed: %+v %v", res, err)
	}
	in.ConfirmedDate = "2026-11-24" // not today
	if res, _ := is.Register(in); res.OK {
		t.Fatal("registered under another date than the one confirmed")
	}
	in.ConfirmedDate = chk.Today
	res, err = is.Register(in)
	if err != nil || !res.OK {
		t.Fatalf("register confirmed: %+v %v", res, err)
	}
	d, err := NewCaseService(e.core).Case(res.CaseID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, ev := range d.Events {
		found = found || strings.Contains(ev.Text, "potwierdził datę przyjęcia 23.11.2026")
	}
	if !found {
		t.Fatalf("the history does not record the confirmed date: %+v", d.Events)
	}

	// The registry's clock is learned: a clock right to the minute needs
	// no confirmation; one a day ahead does.
	if err := e.store.LearnClock(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	in2 := filledDraft(t, e, "zaswiadczenie o zameldowaniu")
	if chk, _ := is.Check(in2); chk.ConfirmDate {
		t.Fatalf("a right clock asks to confirm: %+v", chk)
	}
	if err := e.store.LearnClock(context.Background(), -24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if chk, _ := is.Check(in2); !chk.ConfirmDate || !strings.Contains(chk.ConfirmWhy, "1 dzień") || chk.Today != "2026-11-22" {
		t.Fatalf("a clock a day ahead: %+v", chk)
	}
}

// TestSupplementAfterTheClockWentBack: documents brought after this
// computer's clock went back past the day the pause began are recorded,
// the pause ending the day it began (found by the simulation).
func TestSupplementAfterTheClockWentBack(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	in := filledDraft(t, e, "zaswiadczenie o zameldowaniu", "dowod-oplaty-skarbowej")
	res, err := NewIntakeService(e.core).Register(in)
	if err != nil || !res.OK || res.Complete {
		t.Fatalf("register: %+v %v", res, err)
	}
	e.clock.Add(-2 * 24 * time.Hour)
	e.signIn(t, "jnowak")
	cs := NewCaseService(e.core)
	d, _ := cs.Case(res.CaseID)
	var items []cases.Item
	for _, l := range d.Checklist {
		it := l.Item
		if it.DocID == "dowod-oplaty-skarbowej" {
			it.Mark = cases.Copy
		}
		items = append(items, it)
	}
	d, err = cs.Supplement(res.CaseID, items)
	if err != nil || d.Status != "supplemented" || d.DueOn != "30.11.2026\u00a0r." {
		t.Fatalf("supplemented after the clock went back: %+v %v", d, err)
	}
}
