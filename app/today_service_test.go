package app

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"okienko/app/cases"
	"okienko/app/casesign"
	"okienko/app/today"
	"okienko/db"
)

// todayCase stores one case directly, as synth does: the assignee, the
// status and the days matter here, not how it was registered.
func todayCase(t *testing.T, e *env, assignee string, st cases.Status, due, supplementDue, last string) string {
	t.Helper()
	ctx := context.Background()
	cards, err := e.store.CurrentCards(ctx, e.core.OfficeID())
	if err != nil || len(cards) == 0 {
		t.Fatal("no cards", err)
	}
	units, _ := e.store.Units(ctx, e.core.OfficeID())
	symbol := map[string]string{}
	for _, u := range units {
		symbol[u.ID] = u.Symbol
	}
	v := cards[0]
	cl := cases.Client{ID: db.NewID(), Kind: cases.Person, FirstName: "Anna", LastName: last, BirthDate: "1980-01-01",
		Citizenship: "PL", Street: "ul. Polna", HouseNo: "1", PostalCode: "99-300", City: "Przykładowo"}
	var sign string
	err = e.store.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.SaveClient(ctx, e.core.OfficeID(), cl); err != nil {
			return err
		}
		cs := cases.Case{ID: db.NewID(), CardID: v.ID, ClientID: cl.ID, Status: st, SubmittedOn: "2026-11-20", DueOn: due,
			SupplementDue: supplementDue, Form: json.RawMessage(`{}`), Checklist: []cases.Item{}, Pauses: []cases.Pause{},
			RegisteredBy: assignee, AssigneeID: assignee}
		reg := casesign.Register{Unit: symbol[v.UnitID], JRWA: v.Card.JRWA, Year: 2026}
		no, err := db.LocalNumbers{Block: 10}.Take(ctx, tx, e.core.OfficeID(), reg, cs.ID)
		if err != nil {
			return err
		}
		cs.Sign = casesign.Sign{Register: reg, No: no}
		sign = cs.Sign.String()
		return tx.InsertCase(ctx, e.core.OfficeID(), cs)
	})
	if err != nil {
		t.Fatal(err)
	}
	return sign
}

type brokenSource struct{}

func (brokenSource) TodayItems(context.Context, string, string, time.Time) ([]today.Item, error) {
	return nil, errors.New("db: today callbacks: no such table")
}

// TestTodayList: on Wednesday 23 December 2026 "within 3 working days"
// reaches Wednesday the 30th (24, 25 and 26 are holidays, 27 a Sunday).
// Only the person's own open cases are listed, the overdue first.
func TestTodayList(t *testing.T) {
	e := newEnv(t)
	e.clock.t = time.Date(2026, 12, 23, 10, 0, 0, 0, time.UTC) // 11:00 in Warsaw
	me, other := staffID(t, e, "jnowak"), staffID(t, e, "akowalska")
	edge := todayCase(t, e, me, cases.InProgress, "2026-12-30", "", "Brzegowa")
	todayCase(t, e, me, cases.Registered, "2026-12-31", "", "Zadaleka")
	late := todayCase(t, e, me, cases.InProgress, "2026-12-21", "", "Spóźniona")
	todayCase(t, e, other, cases.InProgress, "2026-12-24", "", "Cudza")
	todayCase(t, e, me, cases.Settled, "2026-12-22", "", "Zamknięta")
	supp := todayCase(t, e, me, cases.AwaitingSupplement, "", "2026-12-28", "Uzupełniająca")
	todayCase(t, e, me, cases.AwaitingSupplement, "", "2027-01-05", "Późniejsza")
	e.signIn(t, "jnowak")
	svc := NewTodayService(e.core, NewDeadlineSource(e.core), NewSupplementSource(e.core))
	d, err := svc.List()
	if err != nil {
		t.Fatal(err)
	}
	if d.Day != "2026-12-23" || d.Partial || d.Heading != "Zadania na 23.12.2026\u00a0r." {
		t.Errorf("day %q heading %q partial %v", d.Day, d.Heading, d.Partial)
	}
	var got []string
	for _, l := range d.Items {
		got = append(got, l.Kind+" "+strings.Fields(l.Text)[1])
	}
	want := []string{"deadline " + late, "supplement " + supp, "deadline " + edge}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("lines %v, want %v", got, want)
	}
	first := d.Items[0]
	if !first.Overdue || first.N != 1 || first.CaseID == "" || first.When != "21.12.2026\u00a0r." ||
		!strings.Contains(first.Text, "termin załatwienia upłynął 21.12.2026\u00a0r.") || !strings.Contains(first.Text, "Anna Spóźniona") ||
		strings.Contains(first.Text, "r..") {
		t.Errorf("overdue line %+v", first)
	}
	if l := d.Items[1]; l.Overdue || !strings.Contains(l.Text, "termin uzupełnienia braków upływa 28.12.2026\u00a0r.") || l.When != "28.12.2026\u00a0r." {
		t.Errorf("supplement line %+v", l)
	}

	// In English, the same lines in English.
	if err := e.core.SetLocale("en"); err != nil {
		t.Fatal(err)
	}
	d, _ = svc.List()
	if len(d.Items) != 3 || !strings.Contains(d.Items[0].Text, "passed on 21 December 2026.") || d.Items[0].When != "21 December 2026" {
		t.Errorf("english %+v", d.Items)
	}
	e.core.SetLocale("pl")

	// A source that cannot be read costs its lines only, and says so.
	broken := NewTodayService(e.core, brokenSource{}, NewDeadlineSource(e.core), NewSupplementSource(e.core))
	d, err = broken.List()
	if err != nil || !d.Partial || len(d.Items) != 3 {
		t.Errorf("with a broken source: %d lines, partial %v, %v", len(d.Items), d.Partial, err)
	}

	// Another person sees only their case.
	e.auth.SignOut()
	e.signIn(t, "akowalska")
	d, _ = svc.List()
	if len(d.Items) != 1 || !strings.Contains(d.Items[0].Text, "Cudza") {
		t.Errorf("akowalska's day: %+v", d.Items)
	}
}

// TestTodayMore: past the limit, one line says that some cases did not
// fit, after the last one listed.
func TestTodayMore(t *testing.T) {
	e := newEnv(t)
	e.clock.t = time.Date(2026, 12, 23, 10, 0, 0, 0, time.UTC)
	me := staffID(t, e, "jnowak")
	for _, due := range []string{"2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-29"} {
		todayCase(t, e, me, cases.InProgress, due, "", "Liczona")
	}
	for _, due := range []string{"2026-12-21", "2026-12-22"} {
		todayCase(t, e, me, cases.AwaitingSupplement, "", due, "Czekająca")
	}
	e.signIn(t, "jnowak")
	deadlines, supplements := NewDeadlineSource(e.core), NewSupplementSource(e.core)
	deadlines.limit, supplements.limit = 2, 2
	d, err := NewTodayService(e.core, deadlines, supplements).List()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range d.Items {
		got = append(got, l.Kind+":"+l.CaseID)
	}
	if len(d.Items) != 5 || d.Items[2].CaseID != "" || d.Items[2].Kind != "deadline" ||
		d.Items[2].Text != "Nie wszystkie Twoje sprawy z terminem załatwienia w ciągu 3 dni roboczych lub po terminie mieszczą się na tej liście; pozostałe znajdziesz w Sprawach (Alt+2)." ||
		!d.Items[2].Overdue || d.Items[2].When != "02.12.2026\u00a0r." {
		t.Fatalf("lines %v:\n%+v", got, d.Items)
	}
	// Exactly the limit: nothing more to say.
	if last := d.Items[4]; last.Kind != "supplement" || last.CaseID == "" {
		t.Errorf("a 'more' line for supplements at exactly the limit: %+v", last)
	}
}

func TestTodayNeedsSession(t *testing.T) {
	e := newEnv(t)
	svc := NewTodayService(e.core, NewDeadlineSource(e.core))
	if _, err := svc.List(); keyOf(t, err) == "" {
		t.Error("the list was given without a session")
	}
	if _, err := svc.Print(); keyOf(t, err) == "" {
		t.Error("the list was printed without a session")
	}
}

// TestTodayPrint prints the day's list and reads it back with pdftotext.
func TestTodayPrint(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	e := newEnv(t)
	e.clock.t = time.Date(2026, 12, 23, 10, 0, 0, 0, time.UTC)
	me := staffID(t, e, "jnowak")
	late := todayCase(t, e, me, cases.InProgress, "2026-12-21", "", "Spóźniona")
	edge := todayCase(t, e, me, cases.InProgress, "2026-12-30", "", "Brzegowa")
	e.signIn(t, "jnowak")
	out, err := NewTodayService(e.core, NewDeadlineSource(e.core)).Print()
	if err != nil {
		t.Fatal(err)
	}
	if len(e.opener.Opened) != 1 || e.opener.Opened[0] != out.Path || !strings.HasSuffix(out.Path, "lista-na-dzis-2026-12-23.pdf.okef") {
		t.Fatalf("printed %+v, opened %v", out, e.opener.Opened)
	}
	raw, err := pdftotextLayout(t, out.Path)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(raw)), " ")
	for _, want := range []string{
		"Lista zadań na 23.12.2026 r.", "Pracownik: Jan Nowak",
		"1. po terminie: 21.12.2026 r. Sprawa " + late, "termin załatwienia upłynął 21.12.2026 r.",
		"2. 30.12.2026 r. Sprawa " + edge, "Strona 1 z 1",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed list lacks %q:\n%s", want, text)
		}
	}
	// OKIENKO_KEEP_PDF=file keeps the printout to look at (pdftoppm).
	if keep := os.Getenv("OKIENKO_KEEP_PDF"); keep != "" {
		b := plainPDF(t, out.Path)
		if err := os.WriteFile(keep, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

type fixedSource []today.Item

func (f fixedSource) TodayItems(context.Context, string, string, time.Time) ([]today.Item, error) {
	return f, nil
}

// TestTodayBadLines: an area's line whose sentence cannot be rendered is
// left out (and the list marked partial); one with an unreadable day shows
// the day as it is, and the list still prints.
func TestTodayBadLines(t *testing.T) {
	e := newEnv(t)
	e.clock.t = time.Date(2026, 12, 23, 10, 0, 0, 0, time.UTC)
	e.signIn(t, "jnowak")
	args := map[string]string{"sign": "SO.5352.1.2026", "service": "Zaświadczenie", "client": "Jan Kowalski", "due": "2026-12-28"}
	svc := NewTodayService(e.core, fixedSource{
		{Kind: today.KindHandover, ID: "a", Day: "2026-12-23", Key: "today.noSuchKey"},
		{Kind: today.KindDeadline, ID: "b", Day: "28/12", Key: "today.deadline.due", Args: args},
		{Kind: today.KindCallback, ID: "c", At: time.Date(2026, 12, 23, 13, 30, 0, 0, time.UTC), Key: "today.deadline.due", Args: args},
	})
	d, err := svc.List()
	if err != nil {
		t.Fatal(err)
	}
	if !d.Partial || len(d.Items) != 2 || d.Items[0].ID != "c" || d.Items[0].When != "14:30" || d.Items[1].When != "28/12" {
		t.Fatalf("%+v", d)
	}
	if _, err := svc.Print(); err != nil {
		t.Errorf("a line with an unreadable day stopped the printout: %v", err)
	}
}
