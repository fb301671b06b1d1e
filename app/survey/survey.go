// Package survey is the Ankieta satysfakcji: an anonymous survey a client
// fills in on a screen turned to them, on a tablet page, or on paper typed
// in by a clerk, for the office's monitoring of satisfaction (Gostynin
// "Monitoring": "badania satysfakcji klientów … ocena zadowolenia
// klientów z jakości funkcjonowania urzędu"; Piotrków §7.4.5–6). The
// Gostynin standard names the survey but not its questions; these are the
// points its standards hold the office to: waiting time (standard 26),
// courtesy, competence, clear information, and the whole visit. No sign-in
// and no personal data: an answer holds scores, a remark, the language,
// the source and the screen it came from. Pure: the device and the
// registry share it.
package survey

import (
	"strconv"
	"time"

	"okienko/app/charset"
)

// Question is one question of the survey, scored 1 (very bad) to 5 (very
// good); 0 is "no answer".
type Question string

// The survey's questions, in the order they are asked.
const (
	Waiting    Question = "waiting"    // Jak ocenia Pan/Pani czas oczekiwania na obsługę?
	Courtesy   Question = "courtesy"   // … uprzejmość pracownika?
	Competence Question = "competence" // … kompetencje pracownika?
	Clarity    Question = "clarity"    // … jasność udzielonych informacji?
	Overall    Question = "overall"    // … obsługę w urzędzie ogólnie?
)

// Questions lists the questions in order.
var Questions = []Question{Waiting, Courtesy, Competence, Clarity, Overall}

// Scale is the score range.
const (
	MinScore = 1
	MaxScore = 5
)

// MaxRemark is the optional remark's limit, in characters.
const MaxRemark = 500

// Source is where an answer was given.
type Source string

// The sources of answers.
const (
	Screen Source = "screen" // the desktop app's client mode, on a screen turned to the client
	Tablet Source = "tablet" // the registry's survey page on a tablet
	Paper  Source = "paper"  // a paper form typed in by a clerk
)

// Valid reports whether s is a known source.
func (s Source) Valid() bool { return s == Screen || s == Tablet || s == Paper }

// Langs are the languages the survey is asked in.
var Langs = []string{"pl", "en", "uk"}

// Answer is one client's answers.
type Answer struct {
	ID        string
	At        time.Time // when it was given (for paper: the day typed in, at noon)
	Source    Source
	ScreenID  string // the screen or tablet it came from ("" for paper)
	Lang      string
	Scores    map[Question]int
	Remark    string
	UnitID    string // the unit whose counter asked, if known
	EnteredBy string // for paper: the clerk who typed it in (staff id)
}

// Problem is one refused field, with its i18n key and arguments.
type Problem struct {
	Field string
	Key   string
	Args  map[string]string
}

// Normalize cleans the remark.
func (a *Answer) Normalize() { a.Remark = charset.Clean(a.Remark, true) }

// Validate checks an answer: known questions with scores in range (an
// unanswered one is left out), at least one scored, a remark of printable
// characters within its limit, a known source and language.
func Validate(a Answer) []Problem {
	var out []Problem
	if !a.Source.Valid() {
		out = append(out, Problem{Field: "source", Key: "survey.sourceBad"})
	}
	if !validLang(a.Lang) {
		out = append(out, Problem{Field: "lang", Key: "survey.langBad"})
	}
	n := 0
	for q, s := range a.Scores {
		if !known(q) {
			out = append(out, Problem{Field: string(q), Key: "survey.questionUnknown"})
			continue
		}
		if s < MinScore || s > MaxScore {
			out = append(out, Problem{Field: string(q), Key: "survey.scoreBad",
				Args: map[string]string{"min": strconv.Itoa(MinScore), "max": strconv.Itoa(MaxScore)}})
			continue
		}
		n++
	}
	if n == 0 && len(out) == 0 {
		out = append(out, Problem{Field: string(Overall), Key: "survey.empty"})
	}
	if a.Remark != "" {
		if p := charset.Check(charset.Text, a.Remark, MaxRemark, false); p != nil {
			out = append(out, Problem{Field: "remark", Key: string(p.Reason),
				Args: map[string]string{"field": "@survey.field.remark", "char": p.Char, "count": strconv.Itoa(p.Max), "n": strconv.Itoa(p.Len)}})
		}
	}
	if a.At.IsZero() {
		out = append(out, Problem{Field: "at", Key: "survey.atMissing"})
	}
	if a.Source != Paper && a.ScreenID == "" {
		out = append(out, Problem{Field: "screen", Key: "survey.screenMissing"})
	}
	return out
}

func known(q Question) bool {
	for _, x := range Questions {
		if x == q {
			return true
		}
	}
	return false
}

func validLang(l string) bool {
	for _, x := range Langs {
		if x == l {
			return true
		}
	}
	return false
}

// Window is how long a screen waits before it takes another answer: "one
// answer per visit". A second answer from the same screen within it is
// refused (a double tap, a client pressing "send" again, a child playing
// with the tablet), with a message saying the answer was already taken.
const Window = time.Minute

// TooSoon reports whether an answer from a screen at instant at comes
// within Window of that screen's previous answer last.
func TooSoon(last, at time.Time) bool {
	if last.IsZero() {
		return false
	}
	d := at.Sub(last)
	return d >= 0 && d < Window
}

// PaperAge is how long after the day a paper form was filled in it may
// still be typed in: the survey is current (Piotrków §7.4.6, "wyniki
// bieżącego ankietowania"), and a quarter lets a clerk type in a box of
// forms collected since the last count. An older form, or one typed in
// under a day long past, would change figures already reported.
const PaperAge = 92 * 24 * time.Hour

// PaperPerDay is the most paper forms one member of the staff types in for
// one day of filling in: more than one counter serves in a day, so a
// larger number is not a box of forms but an invented one.
const PaperPerDay = 200

// PaperTooOld reports whether a paper form filled in at at is too old to
// be typed in at now (PaperAge).
func PaperTooOld(at, now time.Time) bool { return at.Before(now.Add(-PaperAge)) }

// Result is one question's figures over a period.
type Result struct {
	Question Question
	Count    int           // answers that scored it
	Sum      int           // sum of the scores
	ByScore  [MaxScore]int // how many gave 1, 2, … 5
}

// Mean is the mean score, 0 when no one scored the question.
func (r Result) Mean() float64 {
	if r.Count == 0 {
		return 0
	}
	return float64(r.Sum) / float64(r.Count)
}

// Summary is a period's survey results: answers given, per question, by
// source, and how many left a remark.
type Summary struct {
	Answers  int
	Remarks  int
	BySource map[Source]int
	Results  []Result // one per question, in Questions' order
}

// Aggregate sums the answers given in [from, to).
func Aggregate(list []Answer, from, to time.Time) Summary {
	s := Summary{BySource: map[Source]int{}, Results: make([]Result, len(Questions))}
	idx := map[Question]int{}
	for i, q := range Questions {
		s.Results[i].Question = q
		idx[q] = i
	}
	for _, a := range list {
		if a.At.Before(from) || !a.At.Before(to) {
			continue
		}
		s.Answers++
		s.BySource[a.Source]++
		if a.Remark != "" {
			s.Remarks++
		}
		for q, v := range a.Scores {
			i, ok := idx[q]
			if !ok || v < MinScore || v > MaxScore {
				continue
			}
			s.Results[i].Count++
			s.Results[i].Sum += v
			s.Results[i].ByScore[v-1]++
		}
	}
	return s
}
