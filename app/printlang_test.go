package app

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"okienko/app/cases"
)

// translationNote opens the translation after a letter's binding Polish
// text: what follows it is the client's language.
const translationNote = "Tłumaczenie informacyjne – wiążący jest tekst polski."

// TestTranslatedPrintoutsHaveNoPolish renders, with the client's (or the
// interface's) language English and then Ukrainian, every printout that
// is not a golden file (testdata/golden holds the receipt, the call to
// supplement and the card): the case's art. 36 notice after its Polish
// text, the complainant's three letters, the clerk's list for the day,
// the queue ticket, the monitoring report and the art. 15 information.
// None may say a Polish word but for what the office and the people
// wrote: names, addresses, the texts typed in, the Polish glossed or
// quoted beside its translation. OKIENKO_PRINTS_DIR keeps the PDFs there
// to look at (pdftoppm).
func TestTranslatedPrintoutsHaveNoPolish(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	e := newEnv(t)
	officeNow(e, 10, 0) // Monday 23 November 2026
	ctx := context.Background()
	o, err := e.store.Office(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// What the office and the people wrote, as they wrote it.
	names := []string{o.Name, o.Street, o.City,
		"Łucja Żółkiewska", "ul. Polna 3", "Olena Kovalenko", "ul. Lipowa 7", "Zarząd Powiatu Gostynińskiego",
		"Ławki przy przystanku", "Konieczna opinia biegłego.", "Potrzebna opinia zarządcy drogi.",
		"Wójt Gminy Przykładowo", "Ławki ustawiono 20 listopada.", "Kierownik Referatu", "Spóźniona"}
	// A card's legal basis is cited as the office wrote it, in Polish (the
	// RODO notice of the complainant's letters cites the complaints card's).
	cards, err := e.store.CurrentCards(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range cards {
		names = append(names, v.Card.LegalBasis...)
	}
	units, err := e.store.Units(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		names = append(names, u.Name)
	}
	staff, err := e.store.StaffList(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range staff {
		names = append(names, s.FullName())
	}
	keep := os.Getenv("OKIENKO_PRINTS_DIR")
	read := func(name, path string) string {
		t.Helper()
		raw := plainPDF(t, path)
		if keep != "" {
			if err := os.WriteFile(filepath.Join(keep, name+".pdf"), raw, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return layoutText(t, raw) + "\x00" + readingText(t, raw)
	}
	me := staffID(t, e, "jnowak")
	e.signIn(t, "jnowak")
	todayCase(t, e, me, cases.InProgress, "2026-11-20", "", "Spóźniona")

	for _, lang := range []string{"en", "uk"} {
		got := map[string]string{}
		e.signIn(t, "jnowak")
		if _, err := NewSystemService(e.core).SetLocale(lang); err != nil {
			t.Fatal(err)
		}
		in := filledDraft(t, e, "zaswiadczenie o zameldowaniu")
		in.Client.Lang = lang
		reg, err := NewIntakeService(e.core).Register(in)
		if err != nil || !reg.OK {
			t.Fatalf("register: %+v %v", reg, err)
		}
		n, err := NewCaseDutiesService(e.core).RecordNotice(reg.CaseID, "Konieczna opinia biegłego.", "15.12.2026")
		if err != nil {
			t.Fatal(err)
		}
		text := read("notice."+lang, n.Printout.Path)
		if strings.Count(text, translationNote) == 2 {
			// The Polish text ends where the translation's note begins.
			layout, reading, _ := strings.Cut(text, "\x00")
			_, layout, _ = strings.Cut(layout, translationNote)
			_, reading, _ = strings.Cut(reading, translationNote)
			got["notice"] = layout + "\x00" + reading
			// The room reads as on the receipt and the call to supplement.
			if room := map[string]string{"en": "room 3 (ground floor)", "uk": "каб. 3 (перший поверх)"}[lang]; !strings.Contains(layout, room) {
				t.Errorf("%s notice: no %q:\n%s", lang, room, layout)
			}
		} else {
			t.Errorf("%s notice: no translation after the Polish text:\n%s", lang, text)
		}

		day, err := NewTodayService(e.core, NewDeadlineSource(e.core)).Print()
		if err != nil {
			t.Fatal(err)
		}
		got["today"] = read("today."+lang, day.Path)
		// The late case's service as its card translates it, with the
		// Polish name in brackets.
		if title := map[string]string{"en": "Decision on development conditions (warunki zabudowy, WZ)",
			"uk": "Рішення про умови забудови (warunki zabudowy, WZ)"}[lang]; !strings.Contains(strings.Join(strings.Fields(got["today"]), " "), title) {
			t.Errorf("%s today: no %q:\n%s", lang, title, got["today"])
		}
		e.clock.Add(time.Minute)
		tk, err := NewQueueService(e.core, nil).Issue("A", true)
		if err != nil || tk.PrintError != "" {
			t.Fatalf("ticket: %v %q", err, tk.PrintError)
		}
		got["ticket"] = read("ticket."+lang, tk.Printout.Path)

		s := NewComplaintService(e.core)
		fwd, ext, answer := complaintLetters(t, s, lang, "Zarząd Powiatu Gostynińskiego", "Kierownik Referatu")
		got["complaint forwarded"] = read("complaint-forward."+lang, fwd)
		got["complaint put off"] = read("complaint-extension."+lang, ext)
		got["complaint answered"] = read("complaint-answer."+lang, answer)

		e.signIn(t, "kzielinska") // a head reads the report
		rp, err := NewReportService(e.core, ReportParts(e.core)).Print("2026-11-01", "2026-11-30")
		if err != nil {
			t.Fatal(err)
		}
		got["report"] = read("report."+lang, rp.Path)

		sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
		for what, both := range got {
			text, reading, _ := strings.Cut(both, "\x00")
			// Footers too: a translation's pages are named in its language.
			flat := strings.Join(strings.Fields(reading), " ")
			for _, n := range names {
				flat = strings.ReplaceAll(flat, n, "")
			}
			flat = glosses.ReplaceAllString(flat, " ")
			for _, loc := range append(polishLetters.FindAllStringIndex(flat, -1), polishWords.FindAllStringIndex(flat, -1)...) {
				from, to := max(loc[0]-50, 0), min(loc[1]+50, len(flat))
				for from > 0 && !utf8RuneStart(flat[from]) {
					from--
				}
				for to < len(flat) && !utf8RuneStart(flat[to]) {
					to++
				}
				t.Errorf("%s %s: Polish %q in …%s…", lang, what, flat[loc[0]:loc[1]], flat[from:to])
			}
			checkPrintout(t, what, lang, text)
		}
	}
}

// readingText is a PDF's text in reading order, each table cell whole.
func readingText(t *testing.T, raw []byte) string {
	t.Helper()
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(raw)
	out, err := cmd.Output()
	if err != nil {
		t.Errorf("pdftotext: %v", err)
	}
	return string(out)
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
