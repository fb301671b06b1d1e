package complaints

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"okienko/app/deadline"
)

func d(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func iso(t time.Time) string { return t.Format(time.DateOnly) }

// TestAnswerDue: one month under art. 57 § 3 (the same day, or the
// month's last) and § 4 (off a Saturday or a day off); motions alike
// (art. 244 § 1); a remark has no term.
func TestAnswerDue(t *testing.T) {
	for _, c := range []struct {
		kind     Kind
		received string
		want     string
	}{
		{Complaint, "2026-11-30", "2026-12-30"},
		{Complaint, "2026-12-03", "2027-01-04"}, // 3 January 2027 is a Sunday
		{Motion, "2026-12-03", "2027-01-04"},
		{Complaint, "2026-01-31", "2026-03-02"}, // 28 February 2026 is a Saturday
		{Complaint, "2028-01-31", "2028-02-29"}, // a leap year's last day of February
		{Complaint, "2027-01-31", "2027-03-01"}, // 28 February 2027 is a Sunday
		{Motion, "2026-10-11", "2026-11-12"},    // 11 November is a holiday
		{Complaint, "2026-11-24", "2026-12-28"}, // 24 December (from 2025) to 27th all off
		{Complaint, "2026-03-31", "2026-04-30"}, // April has no 31st
	} {
		if got := iso(AnswerDue(c.kind, d(c.received))); got != c.want {
			t.Errorf("%s received %s: due %s, want %s", c.kind, c.received, got, c.want)
		}
	}
	if !AnswerDue(Remark, d("2026-12-03")).IsZero() {
		t.Error("a remark has an answer date")
	}
}

// TestForwardDue: art. 231, seven days not counting the day of receipt
// (art. 57 § 1), moved off a Saturday or a day off (§ 4); the lateness in
// days after it.
func TestForwardDue(t *testing.T) {
	for _, c := range []struct{ received, want string }{
		{"2026-12-03", "2026-12-10"},
		{"2026-12-18", "2026-12-28"}, // 25, 26 holidays, 27 Sunday
		{"2026-04-26", "2026-05-04"}, // 3 May: Sunday and holiday
		{"2026-12-31", "2027-01-07"},
		{"2026-11-04", "2026-11-12"}, // 11 November
		{"2026-12-26", "2027-01-04"}, // 2 January 2027 is a Saturday
	} {
		if got := iso(ForwardDue(d(c.received))); got != c.want {
			t.Errorf("received %s: forward by %s, want %s", c.received, got, c.want)
		}
	}
	for _, c := range []struct {
		received, on string
		late         int
	}{
		{"2026-12-03", "2026-12-10", 0},
		{"2026-12-03", "2026-12-04", 0},
		{"2026-12-03", "2026-12-11", 1},
		{"2026-12-03", "2026-12-20", 10},
		{"2026-12-18", "2026-12-28", 0}, // the holidays moved the term
	} {
		if got := DaysLate(d(c.received), d(c.on)); got != c.late {
			t.Errorf("received %s forwarded %s: %d days late, want %d", c.received, c.on, got, c.late)
		}
	}
}

func keys(ps []Problem) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Field+":"+p.Key)
	}
	return out
}

func good() Entry {
	return Entry{Kind: Complaint, Channel: Post, ReceivedOn: "2026-12-01", Name: "Jan Kowalski",
		Address: "ul. Polna 5, 99-300 Przykładowo", Subject: "Przewlekłość sprawy", Competent: true, Status: Registered, Lang: "pl"}
}

// TestLangNormalized: an entry with no language chosen takes the one the
// case intake starts a client with; a chosen one is kept.
func TestLangNormalized(t *testing.T) {
	for _, c := range []struct{ in, want string }{{"", "pl"}, {"en", "en"}, {"uk", "uk"}, {"de", "de"}} {
		e := good()
		e.Lang = c.in
		e.Normalize()
		if e.Lang != c.want {
			t.Errorf("lang %q normalized to %q, want %q", c.in, e.Lang, c.want)
		}
	}
}

func TestValidate(t *testing.T) {
	today := d("2026-12-03")
	for _, c := range []struct {
		name string
		edit func(e *Entry)
		want []string
	}{
		{"fine", func(e *Entry) {}, []string{}},
		{"no kind", func(e *Entry) { e.Kind = "" }, []string{"kind:complaints.kindMissing"}},
		{"no channel", func(e *Entry) { e.Channel = "pigeon" }, []string{"channel:complaints.channelMissing"}},
		{"received tomorrow", func(e *Entry) { e.ReceivedOn = "2026-12-04" }, []string{"receivedOn:complaints.receivedFuture"}},
		{"received unreadable", func(e *Entry) { e.ReceivedOn = "3.12.2026" }, []string{"receivedOn:complaints.receivedMissing"}},
		{"no subject", func(e *Entry) { e.Subject = "" }, []string{"subject:complaints.required"}},
		{"complaint without a name", func(e *Entry) { e.Name = "" }, []string{"name:complaints.required"}},
		{"complaint without an address", func(e *Entry) { e.Address = "" }, []string{"address:complaints.required"}},
		{"anonymous", func(e *Entry) { e.Anonymous, e.Name, e.Address = true, "", "" }, []string{}},
		{"anonymous but named", func(e *Entry) { e.Anonymous = true }, []string{"name:complaints.anonymousNamed"}},
		{"remark without personal data", func(e *Entry) { e.Kind, e.Name, e.Address = Remark, "", "" }, []string{}},
		{"not competent without the body", func(e *Entry) { e.Competent = false }, []string{"forwardTo:complaints.required"}},
		{"not competent with the body", func(e *Entry) { e.Competent, e.ForwardTo = false, "Starosta Gostyniński" }, []string{}},
		{"assigned to the person concerned", func(e *Entry) { e.ConcernsStaffID, e.AssigneeID = "s1", "s1" },
			[]string{"assignee:complaints.assigneeConcerned"}},
		{"assigned to their superior", func(e *Entry) { e.ConcernsStaffID, e.AssigneeID = "s1", "s2" }, []string{}},
		{"in English", func(e *Entry) { e.Lang = "en" }, []string{}},
		{"in Ukrainian", func(e *Entry) { e.Lang = "uk" }, []string{}},
		{"in German", func(e *Entry) { e.Lang = "de" }, []string{"lang:complaints.langUnknown"}},
		{"no language", func(e *Entry) { e.Lang = "" }, []string{"lang:complaints.langUnknown"}},
		{"emoji in the subject", func(e *Entry) { e.Subject = "Skarga 😡" }, []string{"subject:text.badChar"}},
	} {
		e := good()
		c.edit(&e)
		if got := keys(Validate(e, today)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestCheckAssignee(t *testing.T) {
	clerk := Person{ID: "clerk", Role: "clerk", UnitID: "so"}
	head := Person{ID: "head", Role: "head", UnitID: "so"}
	otherHead := Person{ID: "head2", Role: "head", UnitID: "usc"}
	colleague := Person{ID: "clerk2", Role: "clerk", UnitID: "so"}
	admin := Person{ID: "admin", Role: "admin"}
	secretary := Person{ID: "sec", Role: "secretary"}
	about := func(p Person) Entry {
		e := good()
		e.ConcernsStaffID = p.ID
		return e
	}
	for _, c := range []struct {
		name                string
		concerned, assignee Person
		want                string
	}{
		{"a clerk, to themselves", clerk, clerk, "assignee:complaints.assigneeConcerned"},
		{"a clerk, to their head", clerk, head, ""},
		{"a clerk, to an administrator", clerk, admin, ""},
		{"a clerk, to a colleague", clerk, colleague, "assignee:complaints.assigneeNotSuperior"},
		{"a clerk, to another unit's head", clerk, otherHead, "assignee:complaints.assigneeNotSuperior"},
		{"a clerk, to the view-only secretary role", clerk, secretary, "assignee:complaints.assigneeNotSuperior"},
		{"a head, to themselves", head, head, "assignee:complaints.assigneeConcerned"},
		{"a head, to a clerk of their unit", head, clerk, "assignee:complaints.assigneeNotSuperior"},
		{"a head, to another head", head, otherHead, "assignee:complaints.assigneeNotSuperior"},
		{"a head, to an administrator", head, admin, ""},
		{"an administrator, to another", admin, Person{ID: "admin2", Role: "admin"}, ""},
		{"an administrator, to a head", admin, head, "assignee:complaints.assigneeNotSuperior"},
		{"a clerk, to nobody", clerk, Person{}, "assignee:complaints.assigneeMissing"},
	} {
		got := strings.Join(keys(CheckAssignee(about(c.concerned), c.assignee, c.concerned)), ",")
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if got := CheckAssignee(good(), colleague, Person{}); got != nil {
		t.Errorf("a complaint about no one, to a clerk: %v", got)
	}
}

func TestMayDecide(t *testing.T) {
	clerk := Person{ID: "clerk", Role: "clerk", UnitID: "so"}
	head := Person{ID: "head", Role: "head", UnitID: "so"}
	otherHead := Person{ID: "head2", Role: "head", UnitID: "usc"}
	admin := Person{ID: "admin", Role: "admin"}
	e := good()
	e.ConcernsStaffID, e.AssigneeID = clerk.ID, admin.ID
	for _, c := range []struct {
		name string
		p    Person
		want bool
	}{
		{"the assignee", admin, true}, {"the clerk's head", head, true}, {"another unit's head", otherHead, false}, {"the clerk", clerk, false},
	} {
		if got := MayDecide(e, c.p, clerk); got != c.want {
			t.Errorf("about a clerk, %s: %v", c.name, got)
		}
	}
	plain := good()
	plain.AssigneeID = clerk.ID
	if !MayDecide(plain, otherHead, Person{}) || !MayDecide(plain, clerk, Person{}) || MayDecide(plain, Person{ID: "x", Role: "clerk"}, Person{}) {
		t.Error("about no one: the assignee or any head decides, another clerk does not")
	}
}

func TestCheckForward(t *testing.T) {
	today := d("2026-12-20")
	e := good()
	e.Competent, e.ForwardTo, e.ReceivedOn = false, "Starosta Gostyniński", "2026-12-03"
	for _, c := range []struct {
		name string
		on   string
		edit func(e *Entry)
		late int
		want []string
	}{
		{"on time", "2026-12-10", func(e *Entry) {}, 0, []string{}},
		{"late without a note", "2026-12-11", func(e *Entry) {}, 1, []string{"lateNote:complaints.forwardLate"}},
		{"late with a note", "2026-12-20", func(e *Entry) { e.ForwardLateNote = "Ustalano właściwy organ." }, 10, []string{}},
		{"before receipt", "2026-12-02", func(e *Entry) {}, 0, []string{"forwardedOn:complaints.beforeReceived"}},
		{"in the future", "2026-12-21", func(e *Entry) {}, 0, []string{"forwardedOn:complaints.dateFuture"}},
		{"already answered", "2026-12-10", func(e *Entry) { e.Status = Answered }, 0, []string{"status:complaints.notOpen"}},
		{"no body", "2026-12-10", func(e *Entry) { e.ForwardTo = "" }, 0, []string{"forwardTo:complaints.required"}},
	} {
		x := e
		c.edit(&x)
		late, probs := CheckForward(x, d(c.on), today)
		if got := keys(probs); late != c.late || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: late %d %v, want %d %v", c.name, late, got, c.late, c.want)
		}
	}
	_, probs := CheckForward(e, d("2026-12-14"), today)
	if probs[0].Args["days"] != "4" || probs[0].Args["due"] != "2026-12-10" {
		t.Errorf("the lateness message's arguments: %v", probs[0].Args)
	}
}

func TestCheckExtension(t *testing.T) {
	today := d("2026-12-20")
	e := good()
	e.DueOn = "2027-01-04"
	for _, c := range []struct {
		name, newDue, reason string
		want                 []string
	}{
		{"fine", "2027-01-20", "Potrzebne wyjaśnienia wydziału.", []string{}},
		{"no reason", "2027-01-20", "", []string{"reason:complaints.required"}},
		{"not later", "2027-01-04", "x", []string{"newDue:complaints.extendNotLater"}},
		{"not future", "2026-12-20", "x", []string{"newDue:complaints.extendNotFuture"}},
	} {
		if got := keys(CheckExtension(e, d(c.newDue), today, c.reason)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	e.ExtendedTo = "2027-01-20"
	if got := keys(CheckExtension(e, d("2027-01-15"), today, "x")); !reflect.DeepEqual(got, []string{"newDue:complaints.extendNotLater"}) {
		t.Errorf("a second extension must pass the first: %v", got)
	}
}

func fullAnswer() Answer {
	return Answer{Body: "Wójt Gminy Przykładowo", GroundsFact: "Sprawę załatwiono w terminie.", GroundsLaw: "art. 35 KPA",
		SignerName: "Tomasz Wiśniewski", SignerPost: "Sekretarz Gminy", RepeatNote: "Ponowienie bez nowych okoliczności…"}
}

// TestMissing: art. 238 § 1 (body, grounds in fact and in law, the
// signer's name and post) and art. 239 § 1 (the repeat note, only for a
// complaint found unjustified).
func TestMissing(t *testing.T) {
	for _, c := range []struct {
		name string
		kind Kind
		out  Outcome
		edit func(a *Answer)
		want []string
	}{
		{"complete", Complaint, Unjustified, func(a *Answer) {}, nil},
		{"no repeat note, justified", Complaint, Justified, func(a *Answer) { a.RepeatNote = "" }, nil},
		{"no repeat note, motion not taken", Motion, Unjustified, func(a *Answer) { a.RepeatNote = "" }, nil},
		{"no repeat note, unjustified complaint", Complaint, Unjustified, func(a *Answer) { a.RepeatNote = "" },
			[]string{"complaints.element.repeatNote"}},
		{"no grounds in law", Complaint, Justified, func(a *Answer) { a.GroundsLaw = "" }, []string{"complaints.element.groundsLaw"}},
		{"nothing", Complaint, Unjustified, func(a *Answer) { *a = Answer{} }, []string{"complaints.element.body",
			"complaints.element.groundsFact", "complaints.element.groundsLaw", "complaints.element.signerName",
			"complaints.element.signerPost", "complaints.element.repeatNote"}},
	} {
		a := fullAnswer()
		c.edit(&a)
		if got := Missing(c.kind, c.out, a); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestCheckAnswer(t *testing.T) {
	today := d("2026-12-20")
	e := good()
	a := fullAnswer()
	if got := CheckAnswer(e, Unjustified, today, today, Post, a); len(got) != 0 {
		t.Fatalf("a complete answer: %v", keys(got))
	}
	a.SignerPost = ""
	got := CheckAnswer(e, Unjustified, today, today, Post, a)
	if len(got) != 1 || got[0].Key != "complaints.answerMissing" || !strings.Contains(got[0].Args["missing"], "@complaints.element.signerPost") {
		t.Errorf("no signer's post: %v", got)
	}
	if got := keys(CheckAnswer(e, None, today, today, Post, fullAnswer())); !reflect.DeepEqual(got, []string{"outcome:complaints.outcomeMissing"}) {
		t.Errorf("no outcome: %v", got)
	}
	nc := e
	nc.Competent, nc.ForwardTo = false, "Starosta"
	if got := keys(CheckAnswer(nc, Justified, today, today, Post, fullAnswer())); !reflect.DeepEqual(got, []string{"status:complaints.forwardFirst"}) {
		t.Errorf("not competent: %v", got)
	}
	if got := keys(CheckAnswer(e, Justified, d("2026-11-30"), today, Post, fullAnswer())); !reflect.DeepEqual(got, []string{"answeredOn:complaints.beforeReceived"}) {
		t.Errorf("before receipt: %v", got)
	}
}

func TestTransitions(t *testing.T) {
	for _, c := range []struct {
		from, to Status
		ok       bool
	}{
		{Registered, Forwarded, true}, {Registered, Answered, true}, {Registered, Left, true},
		{Answered, Registered, false}, {Forwarded, Answered, false}, {Left, Answered, false},
		{Noted, Answered, false}, {Answered, Answered, true}, {Registered, Noted, false},
	} {
		if got := CanMove(c.from, c.to); got != c.ok {
			t.Errorf("%s -> %s: %v, want %v", c.from, c.to, got, c.ok)
		}
	}
	e := good()
	e.Anonymous, e.Name, e.Address = true, "", ""
	LeaveAnonymous(&e)
	if e.Status != Left || e.Outcome != OutLeft {
		t.Errorf("an anonymous complaint: %s %s, want left without consideration", e.Status, e.Outcome)
	}
	r := Entry{Kind: Remark, Anonymous: true, Status: Noted}
	LeaveAnonymous(&r)
	if r.Status != Noted {
		t.Errorf("an anonymous remark is still noted: %s", r.Status)
	}
}

func TestClockOn(t *testing.T) {
	e := good()
	e.ReceivedOn, e.DueOn = "2026-12-03", "2027-01-04"
	for _, c := range []struct {
		name  string
		edit  func(e *Entry)
		today string
		want  Clock
		ok    bool
	}{
		{"answer, far", func(e *Entry) {}, "2026-12-10", Clock{Which: "answer", Due: "2027-01-04"}, true},
		{"answer, soon", func(e *Entry) {}, "2026-12-30", Clock{Which: "answer", Due: "2027-01-04", Soon: true}, true},
		{"answer, overdue", func(e *Entry) {}, "2027-01-05", Clock{Which: "answer", Due: "2027-01-04", Overdue: true}, true},
		{"extended", func(e *Entry) { e.ExtendedTo = "2027-01-29" }, "2027-01-05", Clock{Which: "answer", Due: "2027-01-29"}, true},
		{"forward, soon", func(e *Entry) { e.Competent = false }, "2026-12-07", Clock{Which: "forward", Due: "2026-12-10", Soon: true}, true},
		{"forward, overdue", func(e *Entry) { e.Competent = false }, "2026-12-11", Clock{Which: "forward", Due: "2026-12-10", Overdue: true}, true},
		{"answered", func(e *Entry) { e.Status = Answered }, "2027-02-01", Clock{}, false},
		{"remark", func(e *Entry) { e.Kind, e.Status = Remark, Noted }, "2027-02-01", Clock{}, false},
	} {
		x := e
		c.edit(&x)
		got, ok := ClockOn(x, d(c.today))
		if ok != c.ok || got != c.want {
			t.Errorf("%s: %+v %v, want %+v %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

// TestAgainstDeadline keeps the one-month term the cases' own: the
// complaints' clock is app/deadline's, not a second implementation.
func TestAgainstDeadline(t *testing.T) {
	for day := d("2026-01-01"); day.Year() < 2028; day = day.AddDate(0, 0, 1) {
		want := deadline.Shift(deadline.RawEnd(day, deadline.Term{Unit: deadline.Months, N: 1}))
		if got := AnswerDue(Complaint, day); !got.Equal(want) {
			t.Fatalf("%s: %s, want %s", iso(day), iso(got), iso(want))
		}
	}
}
