package app

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"time"

	"okienko/app/audit"
	"okienko/app/i18n"
	"okienko/app/pdf"
	"okienko/app/today"
)

// TodayService is "Dziś", the clerk's start page: what is due for the
// signed-in person on the office day, from every area's source, ordered by
// urgency; and the same list printed as the day's task list.
type TodayService struct {
	c       *Core
	sources []today.Source
}

// NewTodayService binds the service to the core with the areas' sources
// (main.go lists them).
func NewTodayService(c *Core, sources ...today.Source) *TodayService {
	return &TodayService{c: c, sources: sources}
}

// TodayLine is one line of "Dziś", a whole sentence in the interface
// language; the frontend opens its item by kind (a case by CaseID).
type TodayLine struct {
	N       int    `json:"n"`
	Kind    string `json:"kind"`
	ID      string `json:"id"`
	CaseID  string `json:"caseId"`
	Text    string `json:"text"`
	When    string `json:"when"` // the time (today's items) or the day it is due
	Overdue bool   `json:"overdue"`
}

// TodayDTO is the day's list. Partial says a part could not be read (the
// page says so, and the rest is still shown).
type TodayDTO struct {
	Day     string      `json:"day"`     // YYYY-MM-DD, the office's
	Heading string      `json:"heading"` // "Zadania na 03.12.2026 r."
	Items   []TodayLine `json:"items"`
	Partial bool        `json:"partial"`
}

// List is the signed-in person's day.
func (s *TodayService) List() (TodayDTO, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return TodayDTO{}, err
	}
	return s.list(ctx, st.ID, s.c.tr(s.c.Locale())), nil
}

// Print writes the day's task list as an A4 PDF (numbered lines with their
// times and deadlines, the person and the date in the heading) and opens
// it.
func (s *TodayService) Print() (Printout, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return Printout{}, err
	}
	t := s.c.tr(s.c.Locale())
	d := s.list(ctx, st.ID, t)
	o, err := s.c.Store.Office(ctx)
	if err != nil {
		return Printout{}, s.c.internal("load office", err)
	}
	sheet := todaySheet(t, d, o.Name, st.FullName(), s.c.Now())
	if t.err != nil {
		return Printout{}, s.c.internal("compose today pdf", t.err)
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, sheet); err != nil {
		if ch := unprintable(sheet); ch != "" {
			return Printout{}, i18n.E("print.unprintable", fmt.Errorf("app: today pdf: %w", err), "printout", "@printout.today", "char", ch)
		}
		return Printout{}, s.c.internal("render today pdf", err)
	}
	out, err := s.c.writeNewOutput("wydruki", "lista-na-dzis-"+d.Day, buf.Bytes())
	if err != nil {
		return Printout{}, err
	}
	s.c.auditDetail(ctx, st.ID, audit.TodayPrint, "staff", st.ID, "items="+strconv.Itoa(len(d.Items)))
	if err := s.c.Opener.Open(out.Path); err != nil {
		s.c.Log.Warn("open printout", "err", err)
		return out, i18n.E("print.openFailed", err, "path", out.Path)
	}
	return out, nil
}

// list gathers and renders the person's day in t's language. A source
// that fails, or a line that cannot be rendered, is logged (ids only) and
// left out, and the list is marked partial.
func (s *TodayService) list(ctx context.Context, staffID string, t *pr) TodayDTO {
	now := s.c.Now()
	day := now.Format(time.DateOnly)
	res := today.Gather(ctx, s.sources, staffID, day, now)
	for _, f := range res.Failures {
		s.c.Log.Error("today: a source could not be read", "source", f.Source, "type", f.Type, "staff", staffID, "err", f.Err)
	}
	d := TodayDTO{Day: day, Heading: t.T("today.heading", "date", t.date(day)), Items: []TodayLine{}, Partial: res.Partial}
	titles := map[string]string{}
	for _, it := range res.Items {
		args := lineArgs(t, it, now)
		if _, ok := args["service"]; ok && it.CardID != "" && t.lang != i18n.Default {
			args["service"] = s.cardTitle(ctx, t.lang, it.CardID, args["service"], titles)
		}
		text, err := s.c.I18n.Render(t.lang, it.Key, args)
		if err != nil {
			s.c.Log.Error("today: a line could not be rendered", "kind", string(it.Kind), "id", it.ID, "key", it.Key, "err", err)
			d.Partial = true
			continue
		}
		d.Items = append(d.Items, TodayLine{N: len(d.Items) + 1, Kind: string(it.Kind), ID: it.ID, CaseID: it.CaseID,
			Text: text, When: when(t, it, day), Overdue: it.Overdue})
	}
	return d
}

// cardTitle is a card's title in lang, as the card translates it (the
// Polish name in brackets); polish when the card has no translation or
// cannot be read. titles remembers the cards already read.
func (s *TodayService) cardTitle(ctx context.Context, lang, cardID, polish string, titles map[string]string) string {
	if t, ok := titles[cardID]; ok {
		return t
	}
	title := polish
	if v, err := s.c.Store.Card(ctx, cardID); err == nil {
		if card, ok := v.Card.In(lang); ok {
			title = card.Title
		}
	}
	titles[cardID] = title
	return title
}

// lineArgs are an item's arguments as shown: days as dates of the
// language, and {time}, the item's time of day in the office's zone.
func lineArgs(t *pr, it today.Item, now time.Time) map[string]string {
	args := make(map[string]string, len(it.Args)+1)
	for k, v := range it.Args {
		if len(v) == len(time.DateOnly) {
			if d, err := time.Parse(time.DateOnly, v); err == nil {
				v = i18n.Date(t.lang, d)
			}
		}
		args[k] = v
	}
	if !it.At.IsZero() {
		args["time"] = it.At.In(now.Location()).Format("15:04")
	}
	return args
}

// when says when an item is due: its time if today, else its date (and
// time). The screen marks an overdue line with its own badge; the
// printout says it in the line (todaySheet).
func when(t *pr, it today.Item, day string) string {
	var w string
	loc := t.c.Store.OfficeClock().Location()
	switch {
	case !it.At.IsZero() && it.At.In(loc).Format(time.DateOnly) == day:
		w = it.At.In(loc).Format("15:04")
	case !it.At.IsZero():
		w = t.dateTime(it.At)
	case it.Day != "":
		// Not t.date: an area's unreadable day shows as it is, and must not
		// stop the printout of everyone else's lines.
		w = it.Day
		if d, err := time.Parse(time.DateOnly, it.Day); err == nil {
			w = i18n.Date(t.lang, d)
		}
	}
	return w
}

// todaySheet lays the day's list out on A4: the person and the date at the
// top, then the numbered lines, each with its time or deadline.
func todaySheet(t *pr, d TodayDTO, officeName, person string, now time.Time) pdf.Sheet {
	b := pdf.Block{}
	if len(d.Items) == 0 {
		b.Paragraphs = []string{t.T("today.empty")}
	}
	for _, l := range d.Items {
		w := l.When
		if l.Overdue {
			w = t.T("today.whenOverdue", "when", w) // in words: a printout has no colour
		}
		b.Steps = append(b.Steps, [2]string{w, l.Text})
	}
	if d.Partial {
		b.Paragraphs = append(b.Paragraphs, t.T("today.partial"))
	}
	return pdf.Sheet{
		Header:    []string{officeName},
		HeaderR:   []string{t.T("pdf.printed", "date", t.dateTime(now))},
		Title:     t.T("today.pdf.title", "date", t.date(d.Day)),
		Subtitle:  t.T("today.pdf.person", "name", person),
		Blocks:    []pdf.Block{b},
		Footer:    officeName + " · " + t.T("today.pdf.footer"),
		PageLabel: t.T("pdf.page", "n", "{n}", "nb", "{nb}"),
	}
}
