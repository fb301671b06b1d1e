package letters

import (
	"okienko/app/office"
	"testing"
	"time"
)

var waw, _ = time.LoadLocation("Europe/Warsaw")

func at(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, waw) }

func TestAddWorkingHours(t *testing.T) {
	for _, c := range []struct {
		name     string
		received time.Time
		want     time.Time
	}{
		{"thursday morning: Tuesday same hour", at(2026, 12, 3, 10, 0), at(2026, 12, 8, 10, 0)},
		{"saturday: counting from Monday's opening", at(2026, 12, 5, 12, 0), at(2026, 12, 9, 16, 0)},
		{"after hours: from the next opening", at(2026, 12, 7, 17, 0), at(2026, 12, 10, 16, 0)},
		{"before opening: due at closing, not the next opening", at(2026, 12, 7, 7, 0), at(2026, 12, 9, 16, 0)},
		{"exactly at closing counts as after hours", at(2026, 12, 7, 16, 0), at(2026, 12, 10, 16, 0)},
		{"over Christmas Eve, Christmas and a Sunday", at(2026, 12, 23, 9, 0), at(2026, 12, 30, 9, 0)},
		{"over Easter Monday 2026", at(2026, 4, 3, 15, 0), at(2026, 4, 9, 15, 0)},
		{"over 11 November (Wednesday)", at(2026, 11, 10, 12, 0), at(2026, 11, 16, 12, 0)},
	} {
		if got := AddWorkingHours(c.received, EmailHours); !got.Equal(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestAnswerBy(t *testing.T) {
	caseDue := time.Date(2026, 12, 21, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name     string
		rule     Rule
		received time.Time
		caseDue  time.Time
		want     time.Time
	}{
		{"e-mail: 24 working hours", RuleEmail24h, at(2026, 12, 3, 10, 0), time.Time{}, at(2026, 12, 8, 10, 0)},
		{"letter: the KPA month, end of its day", RuleKPAMonth, at(2026, 12, 3, 10, 0), time.Time{}, time.Date(2027, 1, 4, 23, 59, 59, 0, waw)},
		{"KPA month ending on a Saturday moves to Monday", RuleKPAMonth, at(2026, 1, 31, 9, 0), time.Time{}, time.Date(2026, 3, 2, 23, 59, 59, 0, waw)},
		{"public information: 14 days", RulePublic14, at(2026, 12, 3, 10, 0), time.Time{}, time.Date(2026, 12, 17, 23, 59, 59, 0, waw)},
		{"the linked case's deadline", RuleCase, at(2026, 12, 3, 10, 0), caseDue, time.Date(2026, 12, 21, 23, 59, 59, 0, waw)},
		{"a case without a deadline: the KPA month", RuleCase, at(2026, 12, 3, 10, 0), time.Time{}, time.Date(2027, 1, 4, 23, 59, 59, 0, waw)},
	} {
		if got := AnswerBy(c.rule, c.received, c.caseDue); !got.Equal(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func valid() Letter {
	return Letter{ReceivedAt: at(2026, 12, 3, 9, 0), Channel: Email, Sender: "Jan Kowalski", SenderAddress: "jan@example.pl",
		Subject: "Pytanie o meldunek", AssigneeID: "s1", Rule: RuleEmail24h}
}

func TestValidate(t *testing.T) {
	now := at(2026, 12, 3, 12, 0)
	for _, c := range []struct {
		name string
		edit func(*Letter)
		key  string
	}{
		{"valid", func(*Letter) {}, ""},
		{"no sender", func(l *Letter) { l.Sender = "" }, "letters.required"},
		{"no subject", func(l *Letter) { l.Subject = "" }, "letters.required"},
		{"unknown channel", func(l *Letter) { l.Channel = "fax" }, "letters.channelBad"},
		{"phone is not an incoming channel", func(l *Letter) { l.Channel = Phone }, "letters.channelBad"},
		{"received tomorrow", func(l *Letter) { l.ReceivedAt = now.Add(24 * time.Hour) }, "letters.receivedFuture"},
		{"no receipt", func(l *Letter) { l.ReceivedAt = time.Time{} }, "letters.receivedMissing"},
		{"no assignee", func(l *Letter) { l.AssigneeID = "" }, "letters.assigneeMissing"},
		{"case rule without a case", func(l *Letter) { l.Rule = RuleCase }, "letters.caseMissing"},
		{"unknown rule", func(l *Letter) { l.Rule = "week" }, "letters.ruleBad"},
		{"an emoji in the subject", func(l *Letter) { l.Subject = "Pytanie 😀" }, "text.badChar"},
		{"an e-mail address with a space", func(l *Letter) { l.SenderAddress = "jan @example.pl" }, "text.badChar"},
	} {
		l := valid()
		c.edit(&l)
		ps := Validate(l, now)
		switch {
		case c.key == "" && len(ps) > 0:
			t.Errorf("%s: refused %+v", c.name, ps)
		case c.key != "" && (len(ps) == 0 || ps[0].Key != c.key):
			t.Errorf("%s: %+v, want %s", c.name, ps, c.key)
		}
	}
}

func TestValidateAnswer(t *testing.T) {
	now := at(2026, 12, 3, 12, 0)
	l := valid()
	for _, c := range []struct {
		name string
		at   time.Time
		ch   Channel
		key  string
	}{
		{"answered by e-mail", at(2026, 12, 3, 11, 0), Email, ""},
		{"answered by phone", at(2026, 12, 3, 11, 0), Phone, ""},
		{"before its receipt", at(2026, 12, 3, 8, 0), Email, "letters.answerBeforeReceipt"},
		{"in the future", at(2026, 12, 4, 11, 0), Email, "letters.answerFuture"},
		{"no date", time.Time{}, Email, "letters.answerMissing"},
		{"unknown channel", at(2026, 12, 3, 11, 0), "pigeon", "letters.channelBad"},
	} {
		ps := ValidateAnswer(l, c.at, c.ch, "", now)
		switch {
		case c.key == "" && len(ps) > 0:
			t.Errorf("%s: refused %+v", c.name, ps)
		case c.key != "" && (len(ps) == 0 || ps[0].Key != c.key):
			t.Errorf("%s: %+v, want %s", c.name, ps, c.key)
		}
	}
	l.Status = Answered
	if ps := ValidateAnswer(l, at(2026, 12, 3, 11, 0), Email, "", now); len(ps) == 0 || ps[0].Key != "letters.alreadyAnswered" {
		t.Errorf("answered twice: %+v", ps)
	}
}

func TestStateAndCount(t *testing.T) {
	now := at(2026, 12, 10, 12, 0)
	mk := func(rec time.Time, answered time.Time) Letter {
		l := valid()
		l.ReceivedAt = rec
		l.DueAt = AnswerBy(RuleEmail24h, rec, time.Time{})
		if !answered.IsZero() {
			l.Status, l.AnsweredAt = Answered, answered
		}
		return l
	}
	list := []Letter{
		mk(at(2026, 12, 3, 10, 0), at(2026, 12, 4, 9, 0)),  // on time
		mk(at(2026, 12, 3, 10, 0), at(2026, 12, 9, 9, 0)),  // late (due 8 Dec 10:00)
		mk(at(2026, 12, 4, 10, 0), time.Time{}),            // overdue (due 9 Dec 10:00)
		mk(at(2026, 12, 9, 10, 0), time.Time{}),            // open (due 14 Dec)
		mk(at(2026, 11, 30, 10, 0), at(2026, 12, 1, 9, 0)), // before the period
	}
	want := []State{StateOnTime, StateLate, StateOverdue, StateOpen, StateOnTime}
	for i, l := range list {
		if got := StateAt(l, now); got != want[i] {
			t.Errorf("letter %d: %s, want %s", i, got, want[i])
		}
	}
	due := mk(at(2026, 12, 7, 12, 0), time.Time{}) // due 10 Dec 12:00
	if got := StateAt(due, at(2026, 12, 10, 9, 0)); got != StateDueToday {
		t.Errorf("due today: %s", got)
	}
	c := Count(list, at(2026, 12, 1, 0, 0), at(2027, 1, 1, 0, 0), now)
	if c.Received != 4 || c.Answered != 2 || c.AnsweredLate != 1 || c.Overdue != 1 || c.ByChannel[Email] != 4 {
		t.Errorf("counts %+v", c)
	}
}

func TestCheckReassign(t *testing.T) {
	open := Letter{ID: "l1", AssigneeID: "s1", Status: Open}
	answered := Letter{ID: "l2", AssigneeID: "s1", Status: Answered}
	for _, c := range []struct {
		name string
		l    Letter
		by   office.Role
		to   string
		want string
	}{
		{"a head hands it on", open, office.RoleHead, "s2", ""},
		{"an admin hands it on", open, office.RoleAdmin, "s2", ""},
		{"a clerk may not", open, office.RoleClerk, "s2", "letters.reassignRole"},
		{"no role", open, "", "s2", "letters.reassignRole"},
		{"answered already", answered, office.RoleHead, "s2", "letters.reassignAnswered"},
		{"nobody named", open, office.RoleHead, "", "letters.assigneeMissing"},
		{"the same person", open, office.RoleHead, "s1", "letters.reassignSame"},
	} {
		got := ""
		if ps := CheckReassign(c.l, c.by, c.to); len(ps) > 0 {
			got = ps[0].Key
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
