package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"okienko/app/auth"
	"okienko/app/demo"
	"okienko/app/today"
	"okienko/db"
)

const (
	idKowalska = "01a20102-030b-7095-84e4-5b856b8b3703"
	idNowak    = "01a20102-030b-7097-8777-030f69b3e408"
	idWozniak  = "01a20102-030b-7096-b07b-ab668ae0ca80"
)

// officeNow sets the test clock to an office time of the demo office's
// day 2026-11-23 (Warsaw).
func officeNow(e *env, h, m int) time.Time {
	loc := e.store.OfficeClock().Location()
	want := time.Date(2026, 11, 23, h, m, 0, 0, loc)
	e.clock.Add(want.Sub(e.core.Now()))
	return want
}

func callbackCount(t *testing.T, s *CallbackService) int {
	t.Helper()
	all, err := s.List(CallbackFilter{Scope: "all", Show: "open"})
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}

// TestCallbackLifecycle: a callback made for a colleague is listed with
// its phone masked and its state; bad input is refused with its reason
// and saves nothing; done takes an outcome once; re-agreeing moves it.
func TestCallbackLifecycle(t *testing.T) {
	e := newEnv(t)
	officeNow(e, 10, 0)
	e.signIn(t, "akowalska")
	s := NewCallbackService(e.core)
	ok := CallbackInput{Name: "Jan Kowalski", Phone: "600 100 200", Topic: "zasiłek celowy", From: "12:30", AssigneeID: idNowak}
	ctx := context.Background()
	pending, _ := e.store.PendingOps(ctx)
	for _, c := range []struct {
		name string
		edit func(in *CallbackInput)
		want string
	}{
		{"past", func(in *CallbackInput) { in.From = "09:00" }, "callback.timePast"},
		{"window reversed", func(in *CallbackInput) { in.Until = "12:00" }, "callback.windowOrder"},
		{"outside hours", func(in *CallbackInput) { in.From = "19:00" }, "callback.outsideHours"},
		{"not a time", func(in *CallbackInput) { in.From = "pół do" }, "callback.timeBad"},
		{"no phone", func(in *CallbackInput) { in.Phone = "" }, "callback.phoneMissing"},
		{"unknown person calls", func(in *CallbackInput) { in.AssigneeID = "01a20102-030b-7097-8777-000000000000" }, "callback.assigneeAbsent"},
		{"unknown case", func(in *CallbackInput) { in.CaseID = "01a20102-030b-7097-8777-000000000000" }, "case.notFound"},
	} {
		in := ok
		c.edit(&in)
		_, err := s.Create(in)
		if got := keyOf(t, err); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if n := callbackCount(t, s); n != 0 {
		t.Fatalf("refused callbacks were saved: %d", n)
	}
	if now, _ := e.store.PendingOps(ctx); now != pending {
		t.Fatalf("refused callbacks left %d outbox ops", now-pending)
	}

	row, err := s.Create(ok)
	if err != nil {
		t.Fatal(err)
	}
	if row.Phone != "+4••••••••00" || row.State != "today" || row.Assignee != "Jan Nowak" || row.Mine || row.From != "12:30" {
		t.Fatalf("created: %+v", row)
	}
	if ops, _ := e.store.OutboxFor(ctx, "callback", row.ID); len(ops) != 1 {
		t.Fatalf("outbox ops of the callback: %d", len(ops))
	}
	// Not mine: Kowalska's own list is empty, the office's has it.
	if mine, _ := s.List(CallbackFilter{Scope: "mine"}); len(mine) != 0 {
		t.Fatalf("mine: %+v", mine)
	}
	if n := callbackCount(t, s); n != 1 {
		t.Fatalf("all: %d", n)
	}
	d, err := s.Get(row.ID)
	if err != nil || d.FullPhone != "+48600100200" {
		t.Fatalf("get: %+v %v", d, err)
	}

	// Overdue once its time passed (the screen locked meanwhile).
	officeNow(e, 13, 0)
	e.signIn(t, "akowalska")
	if due, _ := s.List(CallbackFilter{Scope: "all", Show: "overdue"}); len(due) != 1 || due[0].State != "overdue" {
		t.Fatalf("overdue: %+v", due)
	}
	// Re-agreed for later today: due again, counted.
	r2, err := s.Reagree(row.ID, CallbackTime{From: "14:00", Until: "15:00"})
	if err != nil || r2.State != "today" || r2.Until != "15:00" || r2.Reagreed != 1 {
		t.Fatalf("reagree: %+v %v", r2, err)
	}
	if _, err := s.Reagree(row.ID, CallbackTime{From: "12:00"}); keyOf(t, err) != "callback.timePast" {
		t.Fatalf("reagree into the past: %v", err)
	}
	if _, err := s.Done(row.ID, " "); keyOf(t, err) != "callback.required" {
		t.Fatalf("done without an outcome: %v", err)
	}
	done, err := s.Done(row.ID, "Wyjaśniono, klient doniesie zaświadczenie.")
	if err != nil || done.State != "done" || done.DoneBy != "Anna Kowalska" {
		t.Fatalf("done: %+v %v", done, err)
	}
	if _, err := s.Done(row.ID, "jeszcze raz"); keyOf(t, err) != "callback.alreadyDone" {
		t.Fatalf("done twice: %v", err)
	}
	if list, _ := s.List(CallbackFilter{Scope: "all", Show: "done"}); len(list) != 1 {
		t.Fatalf("done list: %+v", list)
	}

	// The audit trail names ids only: no phone, name or topic.
	ops, err := e.store.OutboxAfter(ctx, 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	actions := 0
	for _, op := range ops {
		if op.Entity != "audit_log" {
			continue
		}
		p := string(op.Payload)
		if strings.Contains(p, "callback.") {
			actions++
		}
		for _, secret := range []string{"600100200", "600 100 200", "Kowalski", "zasiłek", "zaświadczenie"} {
			if strings.Contains(p, secret) {
				t.Fatalf("audit entry holds personal data: %s", p)
			}
		}
	}
	if actions < 4 {
		t.Fatalf("audit entries of callbacks: %d", actions)
	}
}

// TestCallbackAssigneeInactive: a person who no longer works at the
// office cannot be the one who calls.
func TestCallbackAssigneeInactive(t *testing.T) {
	e := newEnv(t)
	officeNow(e, 10, 0)
	ctx := context.Background()
	err := e.store.InTx(ctx, func(tx *db.Tx) error {
		st, err := tx.StaffByID(ctx, idWozniak)
		if err != nil {
			return err
		}
		st.Active = false
		h, _ := auth.Hash(demo.Password, cheap)
		return tx.SaveStaff(ctx, e.core.OfficeID(), st, h)
	})
	if err != nil {
		t.Fatal(err)
	}
	e.signIn(t, "akowalska")
	_, err = NewCallbackService(e.core).Create(CallbackInput{Name: "Jan Kowalski", Phone: "600100200", Topic: "x", From: "12:00", AssigneeID: idWozniak})
	if keyOf(t, err) != "callback.assigneeAbsent" {
		t.Fatalf("inactive assignee: %v", err)
	}
	s := NewCallbackService(e.core)
	row, err := s.Create(CallbackInput{Name: "Jan Kowalski", Phone: "600100200", Topic: "x", From: "12:00", AssigneeID: idNowak})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Reassign(row.ID, idWozniak); keyOf(t, err) != "callback.assigneeAbsent" {
		t.Fatalf("handed to someone gone: %v", err)
	}
	if r, err := s.Reassign(row.ID, idKowalska); err != nil || r.Assignee != "Anna Kowalska" || !r.Mine {
		t.Fatalf("handed over: %+v %v", r, err)
	}
}

// TestCallbackTodaySource: "Dziś" lists a callback for the person who
// calls, not for others; one agreed for tomorrow is not today's; an
// earlier day's open callback is overdue today.
func TestCallbackTodaySource(t *testing.T) {
	e := newEnv(t)
	officeNow(e, 10, 0)
	e.signIn(t, "akowalska")
	s := NewCallbackService(e.core)
	mk := func(day, from, until, who, name string) {
		t.Helper()
		if _, err := s.Create(CallbackInput{Name: name, Phone: "600100200", Topic: "zasiłek", Day: day, From: from, Until: until, AssigneeID: who}); err != nil {
			t.Fatal(err)
		}
	}
	mk("", "12:30", "", idNowak, "Jan Kowalski")
	mk("", "11:00", "11:30", idNowak, "Ewa Nowak")
	mk("2026-11-24", "09:00", "", idNowak, "Jutro Ktoś")
	mk("", "15:00", "", idKowalska, "Inna Osoba")
	src := NewCallbackToday(e.core)
	ctx := context.Background()
	now := e.core.Now()
	items, err := src.TodayItems(ctx, idNowak, "2026-11-23", now)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 {
		t.Fatalf("Nowak's items: %+v", items)
	}
	got := map[string]today.Item{}
	for _, it := range items {
		if it.Kind != today.KindCallback || it.Overdue {
			t.Fatalf("item: %+v", it)
		}
		got[it.Args["name"]] = it
	}
	if it := got["Jan Kowalski"]; it.Key != "today.callback" || it.Args["time"] != "12:30" || it.Args["topic"] != "zasiłek" {
		t.Fatalf("exact time: %+v", it)
	}
	if it := got["Ewa Nowak"]; it.Key != "today.callbackWindow" || it.Args["from"] != "11:00" || it.Args["until"] != "11:30" {
		t.Fatalf("window: %+v", it)
	}
	// The sentence renders in every language with the arguments given.
	for _, lang := range []string{"pl", "en", "uk"} {
		if _, err := e.core.I18n.Render(lang, got["Jan Kowalski"].Key, got["Jan Kowalski"].Args); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
	}
	mine, _ := src.TodayItems(ctx, idKowalska, "2026-11-23", now)
	if len(mine) != 1 || mine[0].Args["name"] != "Inna Osoba" {
		t.Fatalf("Kowalska's items: %+v", mine)
	}
	if other, _ := src.TodayItems(ctx, idWozniak, "2026-11-23", now); len(other) != 0 {
		t.Fatalf("Woźniak has none: %+v", other)
	}
	// The next morning at 8: yesterday's two are overdue, the one agreed
	// for 9 is today's.
	e.clock.Add(22 * time.Hour)
	next, _ := src.TodayItems(ctx, idNowak, "2026-11-24", e.core.Now())
	late := 0
	for _, it := range next {
		if it.Overdue {
			late++
			if it.Key != "today.callbackLate" || it.Args["date"] == "" {
				t.Fatalf("late item: %+v", it)
			}
		}
	}
	if len(next) != 3 || late != 2 {
		t.Fatalf("next day: %+v", next)
	}
}
