package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"okienko/app/cases"
	"okienko/app/today"
)

// registerCase registers a case of the card found by title as jnowak;
// with incomplete set, its first required document is missing, so the
// case awaits a call to supplement.
func registerCase(t *testing.T, e *env, title string, incomplete bool) string {
	t.Helper()
	e.signIn(t, "jnowak")
	in := filledDraft(t, e, title)
	if incomplete {
		for i, it := range in.Checklist {
			if it.Required && it.Applies {
				in.Checklist[i].Mark = cases.Missing
				break
			}
		}
	}
	res, err := NewIntakeService(e.core).Register(in)
	if err != nil || !res.OK {
		t.Fatalf("register %s: %+v %v", title, res, err)
	}
	return res.CaseID
}

func staffID(t *testing.T, e *env, login string) string {
	t.Helper()
	staff, err := e.store.StaffList(context.Background(), e.core.OfficeID())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range staff {
		if s.Login == login {
			return s.ID
		}
	}
	t.Fatalf("no staff %s", login)
	return ""
}

func eventCount(t *testing.T, e *env, caseID string) int {
	t.Helper()
	evs, err := e.store.CaseEvents(context.Background(), caseID)
	if err != nil {
		t.Fatal(err)
	}
	return len(evs)
}

// TestHandOver: the handler changes with a note in the history, the
// deadline stays, the case is in the new handler's own list and on both
// people's "Dziś"; a handover to nobody or to the same person is refused
// and writes nothing.
func TestHandOver(t *testing.T) {
	e := newEnv(t)
	id := registerCase(t, e, "zaswiadczenie o zameldowaniu", false)
	svc := NewCaseDutiesService(e.core)
	before, err := NewCaseService(e.core).Case(id)
	if err != nil {
		t.Fatal(err)
	}
	n := eventCount(t, e, id)
	for _, c := range []struct{ to, key string }{
		{"no-such-person", "duty.notInOffice"},
		{staffID(t, e, "jnowak"), "duty.sameHandler"},
	} {
		if _, err := svc.HandOver(id, c.to, "x"); keyOf(t, err) != c.key {
			t.Errorf("hand over to %s: %v, want %s", c.to, err, c.key)
		}
	}
	if eventCount(t, e, id) != n {
		t.Fatal("a refused handover wrote to the history")
	}
	anna := staffID(t, e, "akowalska")
	got, err := svc.HandOver(id, anna, "urlop od jutra")
	if err != nil {
		t.Fatal(err)
	}
	if got.DueOn != before.DueOn {
		t.Errorf("deadline moved from %s to %s", before.DueOn, got.DueOn)
	}
	if before.Assignee != "Jan Nowak" || got.Assignee != "Anna Kowalska" || got.RegisteredBy != "Jan Nowak" {
		t.Errorf("the case names its handler %q before and %q after (accepted by %q), want Jan Nowak, then Anna Kowalska", before.Assignee, got.Assignee, got.RegisteredBy)
	}
	last := got.Events[len(got.Events)-1].Text
	if want := "Sprawę przekazano: Jan Nowak → Anna Kowalska, z uwagą: „urlop od jutra”."; !strings.HasPrefix(last, want) {
		t.Errorf("history says %q, want %q…", last, want)
	}
	cs, _ := e.store.Case(context.Background(), id)
	if cs.AssigneeID != anna {
		t.Fatalf("assignee %s, want %s", cs.AssigneeID, anna)
	}
	mine := func(login string) bool {
		e.signIn(t, login)
		rows, err := NewCaseService(e.core).Search(CaseQuery{Mine: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.ID == id {
				return true
			}
		}
		return false
	}
	if !mine("akowalska") || mine("jnowak") {
		t.Error("the case is not in the new handler's list only")
	}
	src := NewCaseDutiesToday(e.core)
	for login, key := range map[string]string{"akowalska": "duty.today.handedToMe", "jnowak": "duty.today.handedByMe", "kzielinska": ""} {
		items, err := src.TodayItems(context.Background(), staffID(t, e, login), "2026-11-23", e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		found := ""
		for _, it := range items {
			if it.Kind == today.KindHandover && it.CaseID == id {
				found = it.Key
			}
		}
		if found != key {
			t.Errorf("%s's Dziś: %q, want %q", login, found, key)
		}
	}
}

// TestNoticeArt36: the notice prints with the reason, the new date, the
// right to a ponaglenie and the signature "z upoważnienia", and moves the
// deadline, which a later status change keeps; a date before today or
// not after the deadline is refused and nothing is written. "Dziś" flags
// the case near its deadline until the notice is sent.
func TestNoticeArt36(t *testing.T) {
	e := newEnv(t)
	id := registerCase(t, e, "zaswiadczenie o zameldowaniu", false)
	svc := NewCaseDutiesService(e.core)
	cs, _ := e.store.Case(context.Background(), id)
	n := eventCount(t, e, id)
	for _, c := range []struct{ reason, date, key string }{
		{"", "15.12.2026", "duty.noticeNoReason"},
		{"opinia", "22.11.2026", "duty.noticeNotFuture"},
		{"opinia", "23.11.2026", "duty.noticeNotFuture"},
		{"opinia", cs.DueOn, "duty.noticeNotLater"},
		{"opinia", "31.02.2026", "date.noSuchDay"},
	} {
		if _, err := svc.RecordNotice(id, c.reason, c.date); keyOf(t, err) != c.key {
			t.Errorf("notice %q %q: %v, want %s", c.reason, c.date, err, c.key)
		}
	}
	if eventCount(t, e, id) != n {
		t.Fatal("a refused notice wrote to the history")
	}
	flagged := func() bool {
		items, err := NewCaseDutiesToday(e.core).TodayItems(context.Background(), staffID(t, e, "jnowak"), iso(e.core.Today()), e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.Kind == today.KindNotice && it.CaseID == id {
				return true
			}
		}
		return false
	}
	if flagged() {
		t.Errorf("flagged a week before its deadline %s", cs.DueOn)
	}
	e.clock.Add(4 * 24 * time.Hour) // Friday 27.11: the deadline is 3 working days away or less
	e.signIn(t, "jnowak")
	if !flagged() {
		t.Errorf("not flagged near its deadline %s", cs.DueOn)
	}
	res, err := svc.RecordNotice(id, "Konieczne jest uzyskanie dokumentów z archiwum państwowego.", "15.12.2026")
	if err != nil {
		t.Fatal(err)
	}
	if res.Case.DueOn != "15.12.2026\u00a0r." {
		t.Errorf("deadline %q, want 15.12.2026 r.", res.Case.DueOn)
	}
	if flagged() {
		t.Error("still flagged after the notice")
	}
	text := strings.Join(strings.Fields(pdfText(t, res.Printout.Path)), " ")
	for _, want := range []string{"Zawiadomienie o niezałatwieniu sprawy w terminie", "art. 36 § 1", "nie zostanie załatwiona w terminie do dnia " + dateOf(cs.DueOn),
		"Konieczne jest uzyskanie dokumentów z archiwum państwowego.", "Nowy termin załatwienia sprawy: 15.12.2026 r.",
		"ponaglenia (art. 37 § 1 KPA) do Samorządowego Kolegium Odwoławczego w Łodzi, za pośrednictwem Wójta Gminy Przykładowo",
		"Z upoważnienia (art. 268a KPA) – upoważnienie Wójta Gminy Przykładowo nr", "Jan Nowak", "Łucja Żółkiewska", "Przykładowo, 27.11.2026 r."} {
		if !strings.Contains(text, want) {
			t.Errorf("the notice lacks %q:\n%s", want, text)
		}
	}
	// A status change recomputes the deadline from the card; the notice's date stays.
	d, err := NewCaseService(e.core).ChangeStatus(id, "in_progress")
	if err != nil {
		t.Fatal(err)
	}
	if d.DueOn != "15.12.2026\u00a0r." {
		t.Errorf("after a status change the deadline is %q", d.DueOn)
	}
	if _, err := svc.RecordNotice(id, "znowu", "14.12.2026"); keyOf(t, err) != "duty.noticeNotLater" {
		t.Errorf("a second notice before the first's date: %v", err)
	}
	// Printed again, it is the same notice, in a file of its own.
	if !d.Noticed {
		t.Error("the case view does not offer the notice again")
	}
	again, err := NewCaseService(e.core).Print(id, PrintNotice)
	if err != nil || again.Path == res.Printout.Path {
		t.Fatalf("reprint: %+v %v", again, err)
	}
	if text := pdfText(t, again.Path); !strings.Contains(text, "Konieczne jest uzyskanie dokumentów z archiwum państwowego.") {
		t.Errorf("the reprint lacks the reason:\n%s", text)
	}
}

func dateOf(iso string) string {
	d, _ := time.Parse(time.DateOnly, iso)
	return d.Format("02.01.2006") + " r."
}

// TestSupplementFromPostalDelivery: a call sent by post has no term until
// its return receipt's date is entered (and the case cannot be left
// unexamined meanwhile); the term then runs 7 days from that date.
func TestSupplementFromPostalDelivery(t *testing.T) {
	e := newEnv(t)
	id := registerCase(t, e, "zaswiadczenie o zameldowaniu", true)
	svc := NewCaseDutiesService(e.core)
	d, err := svc.RecordDelivery(id, "post", "")
	if err != nil {
		t.Fatal(err)
	}
	if d.SupplementDue != "" {
		t.Fatalf("term %q while the return receipt is awaited", d.SupplementDue)
	}
	if _, err := NewCaseService(e.core).ChangeStatus(id, "left_unexamined"); keyOf(t, err) != "duty.termPending" {
		t.Errorf("left unexamined before delivery: %v", err)
	}
	p, err := NewCaseService(e.core).Print(id, PrintSupplement)
	if err != nil {
		t.Fatal(err)
	}
	if text := strings.Join(strings.Fields(pdfText(t, p.Path)), " "); !strings.Contains(text, "w terminie 7 dni od dnia doręczenia wezwania (termin") {
		t.Errorf("the call sent by post does not say its term runs from delivery:\n%s", text)
	}
	e.clock.Add(8 * 24 * time.Hour) // 1.12: the receipt came back
	e.signIn(t, "jnowak")
	n := eventCount(t, e, id)
	for _, c := range []struct{ mode, on, key string }{
		{"post", "20.11.2026", "duty.deliveryDate"}, // before the call
		{"post", "2.12.2026", "duty.deliveryDate"},  // tomorrow
		{"pigeon", "25.11.2026", "duty.badMode"},
	} {
		if _, err := svc.RecordDelivery(id, c.mode, c.on); keyOf(t, err) != c.key {
			t.Errorf("delivery %s %s: %v, want %s", c.mode, c.on, err, c.key)
		}
	}
	if eventCount(t, e, id) != n {
		t.Fatal("a refused delivery wrote to the history")
	}
	// Signed for on Saturday 28.11: 7 days end Saturday 5.12, moved to Monday (art. 57 § 4).
	d, err = svc.RecordDelivery(id, "post", "28.11.2026")
	if err != nil {
		t.Fatal(err)
	}
	if d.SupplementDue != "07.12.2026\u00a0r." {
		t.Errorf("term %q, want 7.12.2026", d.SupplementDue)
	}
	last := d.Events[len(d.Events)-1].Text
	if !strings.Contains(last, "pocztą 28.11.2026\u00a0r.") || !strings.Contains(last, "do 07.12.2026\u00a0r.") {
		t.Errorf("history says %q", last)
	}
}

// TestCardRegimes: the CEIDG card's call gives 7 working days; a tax
// card's call is made under art. 169 § 1 of the Ordynacja podatkowa.
func TestCardRegimes(t *testing.T) {
	e := newEnv(t)
	id := registerCase(t, e, "CEIDG", true)
	cs, _ := e.store.Case(context.Background(), id)
	// Monday 23.11.2026 + 7 working days = Wednesday 2.12.2026 (calendar: 30.11).
	if cs.SupplementDue != "2026-12-02" {
		t.Errorf("CEIDG term ends %s, want 2026-12-02", cs.SupplementDue)
	}
	p, err := NewCaseService(e.core).Print(id, PrintSupplement)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, p.Path)), " ")
	for _, want := range []string{"7 dni roboczych od dnia doręczenia wezwania, tj. do dnia 2.12.2026", "Z upoważnienia (art. 268a KPA)"} {
		if !strings.Contains(text, want) && !strings.Contains(text, strings.Replace(want, "2.12", "02.12", 1)) {
			t.Errorf("CEIDG call lacks %q:\n%s", want, text)
		}
	}
	id = registerCase(t, e, "podatek od nieruchomosci", true)
	p, err = NewCaseService(e.core).Print(id, PrintSupplement)
	if err != nil {
		t.Fatal(err)
	}
	text = strings.Join(strings.Fields(pdfText(t, p.Path)), " ")
	for _, want := range []string{"art. 169 § 1 ustawy z dnia 29 sierpnia 1997 r. – Ordynacja podatkowa", "bez rozpatrzenia (art. 169 § 1 Ordynacji podatkowej)"} {
		if !strings.Contains(text, want) {
			t.Errorf("tax call lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "art. 64 § 2") {
		t.Errorf("tax call cites art. 64 § 2 KPA:\n%s", text)
	}
}

// TestInterpreter: a request 3 working days ahead is recorded quietly, a
// shorter one with a warning; a past day is refused; the visit is on the
// day's "Dziś" of the case's handler.
func TestInterpreter(t *testing.T) {
	e := newEnv(t)
	id := registerCase(t, e, "zaswiadczenie o zameldowaniu", false)
	svc := NewCaseDutiesService(e.core)
	if _, err := svc.RequestInterpreter(id, "20.11.2026", "10:00"); keyOf(t, err) != "duty.visitPast" {
		t.Errorf("past visit: %v", err)
	}
	if _, err := svc.RequestInterpreter(id, "30.11.2026", "25:00"); keyOf(t, err) != "duty.badTime" {
		t.Errorf("bad time: %v", err)
	}
	r, err := svc.RequestInterpreter(id, "26.11.2026", "10:30") // Thu: 3 working days after Mon 23.11
	if err != nil || r.Warning != "" {
		t.Fatalf("3 working days ahead: %+v %v", r.Warning, err)
	}
	r, err = svc.RequestInterpreter(id, "25.11.2026", "")
	if err != nil || r.Warning == "" {
		t.Fatalf("2 working days ahead: warning %q, %v", r.Warning, err)
	}
	items, err := NewCaseDutiesToday(e.core).TodayItems(context.Background(), staffID(t, e, "jnowak"), "2026-11-26", e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		if it.Kind == today.KindInterpreter {
			got = append(got, it.Key+" "+it.Args["time"])
		}
	}
	if len(got) != 1 || got[0] != "duty.today.interpreter 10:30" {
		t.Errorf("Dziś on 26.11: %v", got)
	}
}

// TestNoticeInClientsLanguage: for a client who reads English the notice
// binds in Polish and a marked translation follows, the right to a
// ponaglenie included.
func TestNoticeInClientsLanguage(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	in := filledDraft(t, e, "zaswiadczenie o zameldowaniu")
	in.Client.Lang = "en"
	reg, err := NewIntakeService(e.core).Register(in)
	if err != nil || !reg.OK {
		t.Fatalf("register: %+v %v", reg, err)
	}
	res, err := NewCaseDutiesService(e.core).RecordNotice(reg.CaseID, "Konieczna opinia biegłego.", "15.12.2026")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(res.Printout.Path, "zawiadomienie-art36-en.pdf.okef") {
		t.Errorf("file %s", res.Printout.Path)
	}
	text := strings.Join(strings.Fields(pdfText(t, res.Printout.Path)), " ")
	for _, want := range []string{"Zawiadomienie o niezałatwieniu sprawy w terminie", "Tłumaczenie informacyjne – wiążący jest tekst polski.",
		"Notice of the case not being settled within the time limit", "New time limit for settling the case: 15 December 2026.",
		// The bodies are the office's Polish words, quoted whole.
		"reminder (ponaglenie, art. 37 § 1 KPA) with the higher authority, through the authority conducting the case (art. 37 § 4 KPA); in Polish: “do Samorządowego Kolegium Odwoławczego w Łodzi, za pośrednictwem Wójta Gminy Przykładowo”.",
		// The translation quotes the authorization as Polish, and gives the
		// signer's job title in English.
		"under an authorization whose text reads in Polish: “upoważnienie Wójta",
		"Jan Nowak, Inspector for Population Records and ID Cards", "room 3 (ground floor)",
		// The Polish page is numbered in their language too; the
		// translation's page is numbered and named in it alone.
		"Strona 1 z 2 · Page 1 of 2", "Page 2 of 2"} {
		if !strings.Contains(text, want) {
			t.Errorf("the English notice lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Strona 2 z 2") {
		t.Errorf("the translation's page is numbered in Polish:\n%s", text)
	}
}
