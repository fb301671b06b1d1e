package app

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"okienko/app/i18n"
)

// polishLetters and polishWords find Polish in text meant to be English or
// Ukrainian: the letters only Polish writes, and words that are Polish and
// neither English nor Ukrainian (a status, "r." after a date, "zł", "dni").
var (
	polishLetters = regexp.MustCompile(`[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]`)
	polishWords   = regexp.MustCompile(`(?i)(^|[^\p{L}])(nie|lub|oraz|jest|sprawa|sprawy|termin|wniosek|brak|braki|dni|dnia|tygodnie|tygodni|godz|zawsze|pobierane|bez|opłat|zarejestrowana|załatwiona|niezwłocznie|do wglądu|oryginał|kopia|zł|r\.)($|[^\p{L}])`)
	// A Polish term beside its translation, "(znak sprawy)", or quoted
	// ("“Sposób odbioru”", a label of the office's Polish catalogue) is meant.
	glosses = regexp.MustCompile(`\([^()]*\)|«[^»]*»|„[^”]*”|“[^”]*”|"[^"]*"`)
)

func polish(s string) bool {
	s = glosses.ReplaceAllString(s, " ")
	return polishLetters.MatchString(s) || polishWords.MatchString(s)
}

// TestLocaleFilesHaveNoPolish: every message of the English and Ukrainian
// locale files is free of Polish but for glosses and quoted names.
func TestLocaleFilesHaveNoPolish(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, loc := range []string{"en", "uk"} {
		for _, k := range b.Keys(loc) {
			if msg := b.T(loc, k, nil); polish(msg) {
				t.Errorf("%s %s = %q is Polish", loc, k, msg)
			}
		}
	}
}

// ukApostrophe is a Ukrainian word written with the typewriter apostrophe
// (пов'язані), where the demo catalogue and the rest of the file write
// the typographic one (пов’язані): a printout mixed the two in one clause.
var ukApostrophe = regexp.MustCompile(`\p{Cyrillic}'\p{Cyrillic}`)

// TestUkrainianApostrophe: every Ukrainian message writes its apostrophe
// as ’, the way the catalogue's Ukrainian texts do.
func TestUkrainianApostrophe(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range b.Keys("uk") {
		if msg := b.T("uk", k, nil); ukApostrophe.MatchString(msg) {
			t.Errorf("uk %s = %q writes ' for ’", k, msg)
		}
	}
}

// TestScreenTextInInterfaceLanguage renders every kind of string the
// backend makes for the screen, with the interface in English and in
// Ukrainian: statuses, dates, deadlines, fees, conditions, history,
// validation of the client, the form and the documents, the catalogue's
// list, clock notices, errors. None may be Polish. The office's own data
// (card titles, document names, its words in quotes) is left out.
func TestScreenTextInInterfaceLanguage(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	intake := NewIntakeService(e.core)
	res, err := intake.Register(filledDraft(t, e, "zaswiadczenie o zameldowaniu", "dowod-oplaty-skarbowej"))
	if err != nil || !res.OK {
		t.Fatalf("register: %+v %v", res, err)
	}
	done, err := intake.Register(filledDraft(t, e, "zaswiadczenie o zameldowaniu"))
	if err != nil || !done.OK {
		t.Fatalf("register: %+v %v", done, err)
	}
	cs := NewCaseService(e.core)
	if _, err := cs.ChangeStatus(done.CaseID, "in_progress"); err != nil {
		t.Fatal(err)
	}
	for _, loc := range []string{"en", "uk"} {
		if _, err := NewSystemService(e.core).SetLocale(loc); err != nil {
			t.Fatal(err)
		}
		var got []string
		add := func(what string, ss ...string) {
			for _, s := range ss {
				if polish(s) {
					got = append(got, what+": "+s)
				}
			}
		}
		rows, err := cs.Search(CaseQuery{Status: ""})
		if err != nil || len(rows) != 2 {
			t.Fatalf("search: %v %v", rows, err)
		}
		for _, r := range rows {
			add("case row", r.StatusText, r.DueOn)
		}
		for _, id := range []string{res.CaseID, done.CaseID} {
			d, err := cs.Case(id)
			if err != nil {
				t.Fatal(err)
			}
			add("case", d.StatusText, d.DueOn, d.SupplementDue, d.SubmittedOn)
			for _, l := range d.Checklist {
				add("checklist", l.PresentationText)
			}
			for _, ev := range d.Events {
				add("history", ev.At, ev.Text)
			}
			for _, n := range d.Next {
				add("next status", n.Text)
			}
		}
		if _, err := cs.ChangeStatus(res.CaseID, "left_unexamined"); err == nil {
			t.Fatal("left unexamined during the term")
		} else {
			add("error", userMessage(t, e.core, err))
		}
		for _, c := range e.core.search("") {
			add("catalogue row", c.Deadline, c.Fees)
			d, err := e.core.card(t.Context(), c.ID, e.core.ui())
			if err != nil {
				t.Fatal(err)
			}
			add("card "+c.Code, d.Deadline.Text, d.FeeTotal, d.FeeNote)
			for _, doc := range d.Documents {
				add("card document", doc.Presentation, doc.Check, doc.Condition)
			}
			for _, f := range d.Fees {
				add("card fee", f.Amount, f.Condition)
			}
			for _, f := range d.Fields {
				add("card field", f.Condition)
			}
		}
		bad := filledDraft(t, e, "zaswiadczenie o zameldowaniu", "dowod-oplaty-skarbowej")
		bad.Client.PESEL, bad.Client.PostalCode, bad.Client.FirstName = "02270803625", "99300", ""
		bad.Checklist[0].Mark = ""
		for i, it := range bad.Checklist {
			if it.MustBeValid {
				bad.Checklist[i].ValidUntil = "2020-01-01"
			}
		}
		chk, err := intake.Check(bad)
		if err != nil || len(chk.Client) < 3 {
			t.Fatalf("check: %+v %v", chk, err)
		}
		add("intake", chk.SubmittedOn, chk.SupplementDue, chk.DueText)
		for _, p := range append(chk.Client, chk.Form...) {
			add("problem "+p.Field, p.Message)
		}
		for _, l := range chk.Checklist {
			add("document", l.PresentationText, l.Problem)
		}
		e.clock.Add(-3 * 24 * time.Hour) // the computer's clock set back: the office's clock says so
		v := e.core.ui().clockView(e.core.Store.OfficeClock())
		_, why, _ := e.core.ui().dateCheck(e.core.Store.OfficeClock())
		add("clock", v.Now, v.Notice, why)
		e.clock.Add(3 * 24 * time.Hour)
		sync, err := NewSyncService(e.core).Status()
		if err == nil {
			add("sync", sync.LastSync, sync.Error, sync.Initial)
		}
		drafts, _ := intake.Drafts()
		for _, d := range drafts {
			add("draft", d.SavedAt)
		}
		if len(got) > 0 {
			t.Errorf("%s interface shows Polish:\n%s", loc, strings.Join(got, "\n"))
		}
		e.signIn(t, "jnowak") // the clock moved: sign in again
	}
}

func userMessage(t *testing.T, c *Core, err error) string {
	t.Helper()
	var ue UserError
	if json.Unmarshal([]byte(c.FormatError(err).(string)), &ue) != nil {
		t.Fatalf("not a user error: %v", err)
	}
	return ue.Message
}

// TestCardFeeTotal: the card says what every client pays; a card whose
// fees all depend on the case says "bez opłaty", never "0,00 zł – zawsze
// pobierane".
func TestCardFeeTotal(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	want := map[string][2]string{
		"zameldowanie":                 {"bez opłaty", "opłaty tylko w przypadkach opisanych niżej"},
		"zaswiadczenie-o-zameldowaniu": {"17,00\u00a0zł", "zawsze pobierane; pozostałe zależą od sprawy"},
		"dowod-osobisty":               {"bez opłat", ""},
	}
	for _, c := range e.core.search("") {
		w, ok := want[c.Code]
		if !ok {
			continue
		}
		d, err := e.catalog.Card(c.ID)
		if err != nil || d.FeeTotal != w[0] || d.FeeNote != w[1] {
			t.Errorf("%s: fees %q, %q (%v); want %q, %q", c.Code, d.FeeTotal, d.FeeNote, err, w[0], w[1])
		}
		delete(want, c.Code)
	}
	if len(want) > 0 {
		t.Errorf("cards not in the demo catalogue: %v", want)
	}
}

// TestOneWordForUnits: the interface and the printouts call an office's
// organisational unit by one word in each language: "komórka
// (organizacyjna)", the KPA practice's word, since the office's units
// are referaty and a USC alike (a unit's own name is printed where it is
// known); "unit" in English, "підрозділ" in Ukrainian.
func TestOneWordForUnits(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	other := map[string]*regexp.Regexp{
		"pl": regexp.MustCompile(`(?i)wydzia[lł]|referat`),
		"en": regexp.MustCompile(`(?i)department|division`),
		"uk": regexp.MustCompile(`(?i)відділ|реферат`),
	}
	for loc, re := range other {
		for _, k := range b.Keys(loc) {
			if msg := b.T(loc, k, nil); re.MatchString(msg) {
				t.Errorf("%s %s = %q names a unit %q", loc, k, msg, re.FindString(msg))
			}
		}
	}
}

// TestTodayLinesNeverNestBrackets: a card's title carries its Polish name
// in brackets ("Decision on development conditions (warunki zabudowy,
// WZ)"), so no line of the day's list may put {service} inside brackets
// of its own: the reader would meet brackets within brackets.
func TestTodayLinesNeverNestBrackets(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	args := map[string]string{"service": "Decision on development conditions (warunki zabudowy, WZ)"}
	for _, loc := range b.Locales() {
		for _, k := range b.Keys(loc) {
			if !strings.HasPrefix(k, "today.") {
				continue
			}
			depth, deepest := 0, 0
			for _, r := range b.T(loc, k, args) {
				switch r {
				case '(':
					depth++
					deepest = max(deepest, depth)
				case ')':
					depth--
				}
			}
			if deepest > 1 {
				t.Errorf("%s %s nests brackets: %q", loc, k, b.T(loc, k, args))
			}
		}
	}
}

// TestCatalogueRowsTranslated: the catalogue's and the new case's lists
// give, in English and Ukrainian, a translated card's title in that
// language (the card it opens is translated too); in Polish nothing more.
func TestCatalogueRowsTranslated(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	for loc, want := range map[string]string{"pl": "", "en": "Certificate of registered residence (zaświadczenie o zameldowaniu)",
		"uk": "Довідка про реєстрацію місця проживання (zaświadczenie o zameldowaniu)"} {
		if _, err := NewSystemService(e.core).SetLocale(loc); err != nil {
			t.Fatal(err)
		}
		rows, err := NewCatalogService(e.core).Search("zaswiadczenie o zameldowaniu")
		if err != nil || len(rows) == 0 {
			t.Fatalf("%s search: %v %v", loc, rows, err)
		}
		if rows[0].Title != "Zaświadczenie o zameldowaniu" || rows[0].TitleTr != want {
			t.Errorf("%s: row %q / %q, want the Polish title and %q", loc, rows[0].Title, rows[0].TitleTr, want)
		}
	}
}

// TestCaseServiceTranslated: a case opened with the interface in English
// names its service as the translated card does; in Polish only as filed.
func TestCaseServiceTranslated(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	res, err := NewIntakeService(e.core).Register(filledDraft(t, e, "zaswiadczenie o zameldowaniu", "dowod-oplaty-skarbowej"))
	if err != nil || !res.OK {
		t.Fatalf("register: %+v %v", res, err)
	}
	for loc, want := range map[string]string{"pl": "", "en": "Certificate of registered residence (zaświadczenie o zameldowaniu)"} {
		if _, err := NewSystemService(e.core).SetLocale(loc); err != nil {
			t.Fatal(err)
		}
		d, err := NewCaseService(e.core).Case(res.CaseID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Service != "Zaświadczenie o zameldowaniu" || d.ServiceTr != want {
			t.Errorf("%s: service %q / %q, want %q", loc, d.Service, d.ServiceTr, want)
		}
	}
}

// TestCaseListServiceTranslated: the list of cases names a case's service
// as the catalogue's list does, in English and Ukrainian; in Polish only
// as filed.
func TestCaseListServiceTranslated(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	res, err := NewIntakeService(e.core).Register(filledDraft(t, e, "zaswiadczenie o zameldowaniu", "dowod-oplaty-skarbowej"))
	if err != nil || !res.OK {
		t.Fatalf("register: %+v %v", res, err)
	}
	for loc, want := range map[string]string{"pl": "", "en": "Certificate of registered residence (zaświadczenie o zameldowaniu)"} {
		if _, err := NewSystemService(e.core).SetLocale(loc); err != nil {
			t.Fatal(err)
		}
		rows, err := NewCaseService(e.core).Search(CaseQuery{})
		if err != nil || len(rows) != 1 {
			t.Fatalf("%s: %d rows, %v", loc, len(rows), err)
		}
		if rows[0].Service != "Zaświadczenie o zameldowaniu" || rows[0].ServiceTr != want {
			t.Errorf("%s: service %q / %q, want %q", loc, rows[0].Service, rows[0].ServiceTr, want)
		}
	}
}
