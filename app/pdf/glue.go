package pdf

import (
	"regexp"
	"strings"
)

// glued are the places a line must not break at, written as the office's
// texts write them: after an abbreviation that introduces a number or a
// name ("pok. 15", "tel. 44 725 10 01", "nr 5", "ul. Polna", "каб. 3"),
// after a legal citation's word ("art. 35", "§ 5", "ust. 1", "pkt 3",
// "poz. 572", "ст. 36"), before the "r." of a year ("2026 r."),
// and inside a floor ("I piętro"). Card texts come from the office as
// typed; joining these with no-break spaces here keeps them whole on
// every printout.
var glued = regexp.MustCompile(`(^|[\s(,;])(pok\.|tel\.|nr|ul\.|room|ext\.|w\.|каб\.|тел\.|дод\.|art\.|Art\.|§|ust\.|pkt|lit\.|poz\.|ст\.) `)

// floorRe is a Polish floor, "I piętro" to "IV piętro".
var floorRe = regexp.MustCompile(`\b(I|II|III|IV) piętro`)

// phoneRe is a phone number written in groups: "44 725 10 01".
var phoneRe = regexp.MustCompile(`\b\d{2} \d{3} \d{2} \d{2}\b`)

// glue joins the places in glued with no-break spaces.
// Each regexp runs only when its text could match (a register's 5,000
// rows are mostly names and dates: the regexps were a third of its time).
func glue(s string) string {
	if hasGlued(s) {
		s = glued.ReplaceAllString(s, "$1$2\u00a0")
	}
	if strings.Contains(s, " r.") {
		s = glueYear(s)
	}
	if strings.Contains(s, " piętro") {
		s = floorRe.ReplaceAllString(s, "$1\u00a0piętro")
	}
	if hasPhone(s) {
		s = phoneRe.ReplaceAllStringFunc(s, func(m string) string { return strings.ReplaceAll(m, " ", "\u00a0") })
	}
	return s
}

// hasPhone reports whether s has digits grouped as phoneRe's, word
// boundaries aside: a register's lines all have digits and spaces (their
// dates), so that alone let phoneRe run on each one.
func hasPhone(s string) bool {
	const shape = "dd ddd dd dd"
	for i := 0; i+len(shape) <= len(s); i++ {
		j := 0
		for ; j < len(shape); j++ {
			c := s[i+j]
			if shape[j] == 'd' && (c < '0' || c > '9') || shape[j] == ' ' && c != ' ' {
				break
			}
		}
		if j == len(shape) {
			return true
		}
	}
	return false
}

// gluedWords are glued's abbreviations with their space: glued cannot
// match a text without one of them.
var gluedWords = []string{"pok. ", "tel. ", "nr ", "ul. ", "room ", "ext. ", "w. ", "каб. ", "тел. ", "дод. ",
	"art. ", "Art. ", "§ ", "ust. ", "pkt ", "lit. ", "poz. ", "ст. "}

// glueYear joins a year and its "r." ("2026 r.", "1997 r.") with a
// no-break space, so that "r." never starts a line. It scans instead of
// matching a regexp: a register's rows all hold dates.
func glueYear(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, " r.")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		if i >= 4 && isDigits(s[i-4:i]) && (i == 4 || s[i-5] < '0' || s[i-5] > '9') {
			b.WriteString("\u00a0r.")
		} else {
			b.WriteString(" r.")
		}
		s = s[i+3:]
	}
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func hasGlued(s string) bool {
	for _, w := range gluedWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// glueBlock is b with glue applied to every text that is wrapped.
func glueBlock(b Block) Block {
	each := func(in []string) []string {
		out := make([]string, len(in))
		for i, s := range in {
			out[i] = glue(s)
		}
		return out
	}
	b.Paragraphs = each(b.Paragraphs)
	b.Items = each(b.Items)
	pairs := make([][2]string, len(b.Pairs))
	for i, kv := range b.Pairs {
		pairs[i] = [2]string{kv[0], glue(kv[1])}
	}
	b.Pairs = pairs
	steps := make([][2]string, len(b.Steps))
	for i, st := range b.Steps {
		steps[i] = [2]string{st[0], glue(st[1])}
	}
	b.Steps = steps
	return b
}
