package pdf

import (
	"strings"
	"testing"
)

func TestGlue(t *testing.T) {
	for in, want := range map[string]string{
		"Biuro (parter, pok. 1), tel. 44 725 10 01": "Biuro (parter, pok._1), tel._44_725_10_01",
		"Urząd Stanu Cywilnego (I piętro, pok. 12)": "Urząd Stanu Cywilnego (I_piętro, pok._12)",
		"каб. 3 (перший поверх), тел. 44 725 10 03": "каб._3 (перший поверх), тел._44_725_10_03",
		"ul. Rynek 1, 99-300 Przykładowo":           "ul._Rynek 1, 99-300 Przykładowo",
		"Zapłać w kasie albo przelewem.":            "Zapłać w kasie albo przelewem.",
		"Dzwonić: 44 725 10 01.":                    "Dzwonić: 44_725_10_01.",
		"02.03.2026 r. – 03.03.2026 r., 12 osób":    "02.03.2026_r. – 03.03.2026_r., 12 osób",
		"(art. 139 § 4 Ordynacji podatkowej)":       "(art._139 §_4 Ordynacji podatkowej)",
		"art. 6 ust. 1 lit. c RODO; poz. 572":       "art._6 ust._1 lit._c RODO; poz._572",
		"(ст. 36 KPA), z dnia 2 stycznia 2026 r.":   "(ст._36 KPA), z dnia 2 stycznia 2026_r.",
		"Kolor r. 12345 r. i 99 r.":                 "Kolor r. 12345 r. i 99 r.",
		"144 725 10 01":                             "144 725 10 01",
	} {
		if got := strings.ReplaceAll(glue(in), "\u00a0", "_"); got != want {
			t.Errorf("glue(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFitCutsAfterAWord: a footer's title too long for its room is cut
// after a whole word, with "…", never inside a word ("недолікі…").
func TestFitCutsAfterAWord(t *testing.T) {
	p := newDoc(Sheet{})
	p.AddPage()
	p.SetFont(font, "", 7)
	title := "Вимога про усунення формальних недоліків (wezwanie do uzupełnienia braków formalnych)"
	for _, w := range []float64{20, 35, 50, 62, 80} {
		got := fit(p, title, w)
		kept := strings.TrimSuffix(got, "…")
		if !strings.HasSuffix(got, "…") || !strings.HasPrefix(title, kept) {
			t.Fatalf("fit(%v) = %q", w, got)
		}
		if rest := strings.TrimPrefix(title, kept); rest != "" && rest[0] != ' ' {
			t.Errorf("fit(%v) = %q: cut inside a word", w, got)
		}
		if p.GetStringWidth(got) > w {
			t.Errorf("fit(%v) = %q: wider than its room", w, got)
		}
	}
	if got := fit(p, "Krótki", 80); got != "Krótki" {
		t.Errorf("a title that fits is cut: %q", got)
	}
}
