package pdf

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// scripts are the names and words a client in a Polish gmina may bring,
// and the punctuation printouts use.
var scripts = map[string]string{
	"polish":     "Zażółć gęślą jaźń ĄĆĘŁŃÓŚŹŻ Łęcka-Wróblewska 99-300",
	"german":     "Müller Größe ÄÖÜäöüß",
	"czech":      "Dvořák Šťastný Čeněk Ďáblice Řehoř Žůrek Ňuňa Ěě",
	"lithuanian": "Žemaitė Ąžuolas Česlovas Įgaunis Šarūnas Ųla Ėglė",
	"ukrainian":  "Їжак Ґанок Євген Іван Шевченко ЙЦУКЕНГШЩЗХЇФІВАПРОЛДЖЄЯЧСМИТЬБЮ йцукенгшщзхїфівапролджєячсмитьбюґ",
	"belarusian": "Лукашэвіч Ўладзіслаў ўЎ Ёё",
	"russian":    "Щёкин Ъъ Ыы Ээ",
	"punct":      "– — „” “” « » ’ … § № × • ½ ° € ¹",
}

// TestFontCoversScripts: every character of every script has a glyph in
// both faces, and a rendered PDF gives the same text back.
func TestFontCoversScripts(t *testing.T) {
	var all []string
	for name, s := range scripts {
		if bad := Unprintable(s); bad != nil {
			t.Errorf("%s: the font has no glyph for %q", name, string(bad))
		}
		all = append(all, s)
	}
	var buf bytes.Buffer
	if err := Write(&buf, Sheet{Title: "Test", Blocks: []Block{{Heading: "Nagłówek Їжак", Paragraphs: all}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = &buf
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, s := range all {
		if !strings.Contains(text, strings.Join(strings.Fields(s), " ")) {
			t.Errorf("the PDF's text lacks %q", s)
		}
	}
}

func TestCanPrint(t *testing.T) {
	for _, tc := range []struct {
		r    rune
		want bool
	}{
		{'a', true}, {'Ł', true}, {'ї', true}, {'-', true}, {' ', true}, {'ß', true},
		{'😀', false}, {'\u200b', false}, {'\u200f', false}, {'\n', false}, {'\u0000', false}, {'\ufffd', true},
		{'中', false}, {'ا', false}, {'☺', false}, {'\ufe0f', false},
	} {
		if got := CanPrint(tc.r); got != tc.want {
			t.Errorf("CanPrint(%q) = %v, want %v", tc.r, got, tc.want)
		}
	}
	if got := Unprintable("Ala 😀 ma 😀 kota\u200b"); string(got) != "😀\u200b" {
		t.Errorf("Unprintable = %q", string(got))
	}
}

// TestHyphenIsNarrow: the hyphen is drawn narrower than the en dash, so
// "99-300" does not read as a range.
func TestHyphenIsNarrow(t *testing.T) {
	p := newDoc(Sheet{})
	p.SetFont(font, "", 10)
	h, d := p.GetStringWidth("-"), p.GetStringWidth("–")
	if h >= d*0.8 {
		t.Errorf("hyphen %.2f mm against en dash %.2f mm: it reads as a dash", h, d)
	}
}

func BenchmarkCharset(b *testing.B) {
	for range b.N {
		CanPrint('ź')
	}
}
