// Package registerpdf lays out the yearly registers a desktop prints and
// the registry's console prints from its synced rows: the register of
// authorizations (rejestr upoważnień), of complaints and motions (rejestr
// skarg i wniosków) and of correspondence (dziennik korespondencji). One
// layout for both, so the two printouts of the same entries are the same.
package registerpdf

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"okienko/app/complaints"
	"okienko/app/i18n"
	"okienko/app/letters"
	"okienko/app/office"
	"okienko/app/pdf"
	"okienko/app/visits"
)

// Tr renders a printout's sentences in one language and keeps the first
// one that could not be rendered (Err), so the printout is refused
// instead of printed with a gap.
type Tr struct {
	B    *i18n.Bundle
	Lang string
	Loc  *time.Location // the office's zone
	Err  error
}

// T renders key with alternating name, value arguments.
func (t *Tr) T(key string, args ...string) string {
	var m map[string]string
	if len(args) > 0 {
		m = make(map[string]string, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			m[args[i]] = args[i+1]
		}
	}
	out, err := t.B.Render(t.Lang, key, m)
	t.fail(err)
	return out
}

func (t *Tr) fail(err error) {
	if err != nil && t.Err == nil {
		t.Err = err
	}
}

// Date writes a YYYY-MM-DD day as the language writes dates.
func (t *Tr) Date(iso string) string {
	d, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		t.fail(fmt.Errorf("registerpdf: date %q: %w", iso, err))
		return iso
	}
	return i18n.Date(t.Lang, d)
}

// DateTime writes an instant in the office's zone.
func (t *Tr) DateTime(at time.Time) string { return i18n.DateTime(t.Lang, at.In(t.Loc)) }

// Header is the office's letterhead.
func (t *Tr) Header(o office.Office) []string {
	return []string{o.Name, o.Street + ", " + o.PostalCode + " " + o.City, t.T("pdf.contact", "phone", keep(o.Phone), "email", o.Email)}
}

func keep(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") }

// Visits is "Rejestr upoważnień" of a year: one line per authorization,
// in the order of issue, with its state on the day it is printed
// (Piotrków §5.3.6). names: staff by id; units: unit names by id.
func Visits(t *Tr, o office.Office, year int, list []visits.Authorization, names, units map[string]string, now time.Time) pdf.Sheet {
	today := now.Format(time.DateOnly)
	items := make([]string, 0, len(list))
	for _, a := range list {
		items = append(items, t.T("visits.pdf.registerLine", "number", a.Number(), "staff", names[a.StaffID],
			"unit", units[a.UnitID], "matter", a.Matter, "from", t.Date(a.ValidFrom), "until", t.Date(a.ValidUntil),
			"issuedBy", names[a.IssuedBy], "state", t.T("visits.authState."+a.State(today))))
	}
	b := pdf.Block{Items: items}
	if len(items) == 0 {
		b = pdf.Block{Paragraphs: []string{t.T("visits.pdf.registerEmpty", "year", strconv.Itoa(year))}}
	}
	return pdf.Sheet{
		Header:    t.Header(o),
		HeaderR:   []string{t.T("visits.pdf.placeDate", "city", o.City, "date", t.Date(today))},
		Title:     t.T("visits.pdf.registerTitle", "year", strconv.Itoa(year)),
		Subtitle:  t.T("visits.pdf.registerBasis"),
		Blocks:    []pdf.Block{b},
		Footer:    t.T("visits.pdf.registerFooter", "year", strconv.Itoa(year), "count", strconv.Itoa(len(list))),
		PageLabel: t.T("pdf.page", "n", "{n}", "nb", "{nb}"),
		Author:    o.Name,
	}
}

// Complaints is the year's register of complaints and motions: one
// numbered line per entry in the order received, with its kind, channel,
// author, subject, whom it concerns, how it stands and its days; then the
// year's figures by kind and outcome. today is the office's day.
func Complaints(t *Tr, o office.Office, year int, list []complaints.Entry, names map[string]string, today time.Time) pdf.Sheet {
	title := t.T("complaints.pdf.registerTitle", "year", strconv.Itoa(year))
	sh := pdf.Sheet{Header: t.Header(o), HeaderR: []string{o.City + ", " + t.Date(today.Format(time.DateOnly))},
		Title: title, Footer: o.Name + " · " + title, PageLabel: t.T("pdf.page", "n", "{n}", "nb", "{nb}"), Author: o.Name}
	kinds := map[complaints.Kind]string{}
	for _, k := range []complaints.Kind{complaints.Complaint, complaints.Motion, complaints.Remark} {
		kinds[k] = t.T("complaints.kind." + string(k))
	}
	statuses := map[string]string{}
	for _, st := range []complaints.Status{complaints.Registered, complaints.Forwarded, complaints.Answered, complaints.Left, complaints.Noted} {
		statuses[string(st)] = t.T("complaints.status." + string(st))
	}
	for _, out := range complaints.Outcomes {
		statuses["o:"+string(out)] = t.T("complaints.outcome." + string(out))
	}
	channels := map[complaints.Channel]string{}
	for _, ch := range complaints.Channels {
		channels[ch] = t.T("complaints.channel." + string(ch))
	}
	anon, none := t.T("complaints.anonymous"), t.T("complaints.noPersonalData")
	items := make([]string, 0, len(list))
	counts := map[string]int{}
	var b strings.Builder
	for _, e := range list {
		b.Reset()
		author := e.Name
		switch {
		case e.Anonymous && e.Kind != complaints.Remark:
			author = anon
		case author == "":
			author = none
		}
		b.WriteString(Dotted(e.ReceivedOn))
		b.WriteString(" · ")
		b.WriteString(kinds[e.Kind])
		b.WriteString(" · ")
		b.WriteString(channels[e.Channel])
		b.WriteString(" · ")
		b.WriteString(author)
		b.WriteString(" · ")
		b.WriteString(e.Subject)
		if who := names[e.ConcernsStaffID]; who != "" {
			b.WriteString(" · ")
			b.WriteString(t.T("complaints.pdf.concerns", "name", who))
		}
		b.WriteString(" · ")
		if e.Outcome != "" {
			b.WriteString(statuses["o:"+string(e.Outcome)])
		} else {
			b.WriteString(statuses[string(e.Status)])
		}
		if e.ForwardedOn != "" {
			b.WriteString(" ")
			b.WriteString(Dotted(e.ForwardedOn))
			b.WriteString(" → ")
			b.WriteString(e.ForwardTo)
		}
		if e.AnsweredOn != "" {
			b.WriteString(" ")
			b.WriteString(Dotted(e.AnsweredOn))
			b.WriteString(" (")
			b.WriteString(channels[e.AnswerChannel])
			b.WriteString(")")
		}
		if ck, ok := complaints.ClockOn(e, today); ok {
			b.WriteString(" · ")
			b.WriteString(t.T("complaints.clock."+ck.Which, "date", Dotted(ck.Due)))
		}
		items = append(items, b.String())
		counts[figureLabel(t, kinds[e.Kind], outcomeOrStatus(statuses, e))]++
	}
	if len(list) == 0 {
		sh.Blocks = append(sh.Blocks, pdf.Block{Paragraphs: []string{t.T("complaints.pdf.registerEmpty", "year", strconv.Itoa(year))}})
	} else {
		sh.Blocks = append(sh.Blocks, pdf.Block{Heading: t.T("complaints.pdf.registerEntries", "n", strconv.Itoa(len(list))), Items: items, Numbered: true})
		var pairs [][2]string
		for _, k := range []complaints.Kind{complaints.Complaint, complaints.Motion, complaints.Remark} {
			for _, key := range []string{"o:" + string(complaints.Justified), "o:" + string(complaints.Unjustified),
				"o:" + string(complaints.OutForward), "o:" + string(complaints.OutLeft), string(complaints.Registered), string(complaints.Noted)} {
				label := figureLabel(t, kinds[k], statuses[key])
				if n := counts[label]; n > 0 {
					pairs = append(pairs, [2]string{label, strconv.Itoa(n)})
				}
			}
		}
		sh.Blocks = append(sh.Blocks, pdf.Block{Heading: t.T("complaints.pdf.registerFigures"), Pairs: pairs})
	}
	return sh
}

// figureLabel names a line of the register's summary as one phrase of the
// locale ("Skarga – niezasadna"): the outcome, a label that stands alone
// elsewhere, is written in lower case after the kind.
func figureLabel(t *Tr, kind, outcome string) string {
	r, n := utf8.DecodeRuneInString(outcome)
	return t.T("complaints.pdf.figureLabel", "kind", kind, "outcome", string(unicode.ToLower(r))+outcome[n:])
}

func outcomeOrStatus(labels map[string]string, e complaints.Entry) string {
	if e.Outcome != "" {
		return labels["o:"+string(e.Outcome)]
	}
	return labels[string(e.Status)]
}

// Dotted writes a YYYY-MM-DD day as the office writes it in a register:
// 16.11.2026.
func Dotted(iso string) string {
	if len(iso) != 10 {
		return iso
	}
	return iso[8:10] + "." + iso[5:7] + "." + iso[0:4]
}

// Letters lays out the yearly register of correspondence: one numbered
// step per entry, its receipt in the date column; the answer-by and the
// answer said in words (a printout has no colour), late ones marked so.
// signs: case signs by case id.
func Letters(t *Tr, officeName string, year int, list []letters.Letter, names, signs map[string]string, now time.Time) pdf.Sheet {
	loc := now.Location()
	b := pdf.Block{}
	if len(list) == 0 {
		b.Paragraphs = []string{t.T("letters.pdf.empty")}
	}
	late, overdue := 0, 0
	for _, l := range list {
		what := t.T("letters.pdf.entry", "channel", t.T("letters.channel."+string(l.Channel)),
			"sender", l.Sender, "subject", l.Subject, "assignee", names[l.AssigneeID], "due", t.DateTime(l.DueAt.In(loc)))
		if signs[l.CaseID] != "" {
			what += " " + t.T("letters.pdf.case", "sign", signs[l.CaseID])
		}
		switch letters.StateAt(l, now) {
		case letters.StateOnTime:
			what += " " + t.T("letters.pdf.answered", "date", t.DateTime(l.AnsweredAt.In(loc)), "channel", t.T("letters.channel."+string(l.AnswerChannel)))
		case letters.StateLate:
			late++
			what += " " + t.T("letters.pdf.answeredLate", "date", t.DateTime(l.AnsweredAt.In(loc)), "channel", t.T("letters.channel."+string(l.AnswerChannel)))
		case letters.StateOverdue:
			overdue++
			what += " " + t.T("letters.pdf.overdue")
		default:
			what += " " + t.T("letters.pdf.waiting")
		}
		b.Steps = append(b.Steps, [2]string{t.DateTime(l.ReceivedAt.In(loc)), what})
	}
	sum := pdf.Block{Heading: t.T("letters.pdf.summary"), Pairs: [][2]string{
		{t.T("letters.pdf.total"), strconv.Itoa(len(list))},
		{t.T("letters.pdf.late"), strconv.Itoa(late)},
		{t.T("letters.pdf.overdueCount"), strconv.Itoa(overdue)},
	}}
	return pdf.Sheet{
		Header:    []string{officeName},
		HeaderR:   []string{t.T("pdf.printed", "date", t.DateTime(now))},
		Title:     t.T("letters.pdf.title", "year", strconv.Itoa(year)),
		Subtitle:  t.T("letters.pdf.basis"),
		Blocks:    []pdf.Block{b, sum},
		Footer:    officeName + " · " + t.T("letters.pdf.footer", "year", strconv.Itoa(year)),
		PageLabel: t.T("pdf.page", "n", "{n}", "nb", "{nb}"),
	}
}
