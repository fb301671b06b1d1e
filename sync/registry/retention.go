package registry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"okienko/app/cases"
	"okienko/app/i18n"
	"okienko/app/pdf"
	"okienko/app/registerpdf"
	"okienko/app/retention"
	"okienko/sync/registry/store"
)

// RetentionLine is one closed case whose archival period has ended, or
// whose card gives no archival category (Category "", Action "").
type RetentionLine struct {
	CaseID   string
	Sign     string
	JRWA     string
	Subject  string // the card's title
	Category string // as the card gives it: A, B5, BE10, Bc
	Closed   string // YYYY-MM-DD, the office's day of the closing event
	Ends     string // YYYY-MM-DD, 1 January of the first year after the period
	Action   retention.Action
	unit     string
	year, no int
}

// RetentionList is what the admin acts on: the office's closed cases whose
// period has ended by AsOf, by what is done with them (retention.Action),
// each list sorted by JRWA class and sign; and the closed cases whose card
// gives no category, which the office must settle before any can go.
type RetentionList struct {
	AsOf       string
	Due        map[retention.Action][]RetentionLine
	NoCategory []RetentionLine
	Closed     int // closed cases looked at
	Marked     int // cases whose file the office has already handed over, destroyed or had assessed
}

// Marks of what was done with a case's file (store.RetentionMark.Done),
// one for each action of the list.
const (
	DoneTransferred = "transferred"
	DoneDestroyed   = "destroyed"
	DoneAssessed    = "assessed"
)

// doneFor is the mark each action of the list is settled by.
var doneFor = map[retention.Action]string{retention.ActTransfer: DoneTransferred, retention.ActDestroy: DoneDestroyed,
	retention.ActExpertise: DoneAssessed}

// Retention lists the office's closed cases due for transfer to the state
// archive (A), destruction with the archive's consent (Bn, Bc) or the
// archive's expertise (BEn) on the office's day asOf: each case's period
// is counted from 1 January of the year after the day it was closed
// (app/retention), under the archival category of the card version it
// was registered under. The registry keeps every case, so the list is
// complete whatever devices hold.
func (r *Registry) Retention(ctx context.Context, officeID string, asOf time.Time) (RetentionList, error) {
	out := RetentionList{AsOf: asOf.Format(time.DateOnly), Due: map[retention.Action][]RetentionLine{}}
	all, err := r.st.RowsOf(ctx, officeID, "case_file")
	if err != nil {
		return out, fmt.Errorf("registry: retention: %w", err)
	}
	cards, err := r.rowsByID(ctx, officeID, "service_card")
	if err != nil {
		return out, fmt.Errorf("registry: retention: %w", err)
	}
	closed, err := r.closingDates(ctx, officeID)
	if err != nil {
		return out, fmt.Errorf("registry: retention: %w", err)
	}
	marks, err := r.st.RetentionMarks(ctx, officeID)
	if err != nil {
		return out, fmt.Errorf("registry: retention: %w", err)
	}
	marked := make(map[string]bool, len(marks))
	for _, m := range marks {
		marked[m.CaseID] = true
	}
	for _, row := range all {
		if row.Deleted {
			continue
		}
		var k struct {
			ID, Sign, Unit, JRWA, CardID string
			Status                       cases.Status
			Year, No                     int
		}
		decodeFields(row, &k)
		day, ok := closed[k.ID]
		if !k.Status.Closed() || !ok {
			continue // still open, or reopened; a closed case always has its closing event
		}
		out.Closed++
		line := RetentionLine{CaseID: k.ID, Sign: k.Sign, JRWA: k.JRWA, Closed: day, unit: k.Unit, year: k.Year, no: k.No}
		if card, ok := cards[k.CardID]; ok {
			var cv struct {
				Card struct{ Title, Archival string }
			}
			decodeFields(card, &cv)
			line.Subject, line.Category = cv.Card.Title, cv.Card.Archival
		}
		cat, err := retention.Parse(line.Category)
		if err != nil {
			out.NoCategory = append(out.NoCategory, line)
			continue
		}
		closedOn, err := time.Parse(time.DateOnly, day)
		if err != nil {
			continue
		}
		line.Ends, line.Action = cat.Ends(closedOn).Format(time.DateOnly), cat.Action()
		switch {
		case !cat.Due(closedOn, asOf):
		case marked[k.ID]:
			out.Marked++ // done already: the list is what is left to do
		default:
			out.Due[line.Action] = append(out.Due[line.Action], line)
		}
	}
	for _, lines := range out.Due {
		sortLines(lines)
	}
	sortLines(out.NoCategory)
	return out, nil
}

// sortLines orders a list as an archive's list is kept: by JRWA class,
// then by the sign's unit, year and number.
func sortLines(lines []RetentionLine) {
	sort.Slice(lines, func(i, j int) bool {
		a, b := lines[i], lines[j]
		if a.JRWA != b.JRWA {
			return a.JRWA < b.JRWA
		}
		if a.unit != b.unit {
			return a.unit < b.unit
		}
		if a.year != b.year {
			return a.year < b.year
		}
		if a.no != b.no {
			return a.no < b.no
		}
		return a.Sign < b.Sign
	})
}

// retentionHeadings name each list as the archive's forms do: the keys
// of its heading and of its sentence when no case is due.
var retentionHeadings = []struct {
	act     retention.Action
	heading string
	none    string
}{
	{retention.ActTransfer, "registry.retention.transfer.heading", "registry.retention.transfer.none"},
	{retention.ActDestroy, "registry.retention.destroy.heading", "registry.retention.destroy.none"},
	{retention.ActExpertise, "registry.retention.expertise.heading", "registry.retention.expertise.none"},
}

// dayWords writes YYYY-MM-DD in words: "1 stycznia 2032 r.".
func dayWords(t *registerpdf.Tr, s string) string {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return t.T("registry.retention.date", "day", strconv.Itoa(d.Day()),
		"month", t.T(fmt.Sprintf("registry.retention.month.%02d", int(d.Month()))), "year", strconv.Itoa(d.Year()))
}

// retentionSentence is one case of the list as a whole sentence; a date's
// "r." ends it. A case without a subject has a sentence of its own (Bare).
func retentionSentence(t *registerpdf.Tr, l RetentionLine) string {
	key := "registry.retention.line.expired"
	switch {
	case l.Category == "":
		key = "registry.retention.line.noCategory"
	case l.Action == retention.ActTransfer:
		key = "registry.retention.line.transfer"
	}
	if l.Subject == "" {
		key += "Bare"
	}
	return t.T(key, "sign", l.Sign, "subject", l.Subject, "closed", dayWords(t, l.Closed), "jrwa", l.JRWA,
		"category", l.Category, "from", dayWords(t, l.Ends), "until", dayWords(t, prevDay(l.Ends)))
}

// prevDay is the day before YYYY-MM-DD: the period's last day.
func prevDay(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return t.AddDate(0, 0, -1).Format(time.DateOnly)
}

// WriteRetentionPDF prints the list as the "Spis spraw do brakowania i do
// przekazania": one section per action, each case one numbered sentence.
func (r *Registry) WriteRetentionPDF(ctx context.Context, w io.Writer, officeID string, asOf time.Time) (RetentionList, error) {
	o, err := r.st.Office(ctx, officeID)
	if err != nil {
		return RetentionList{}, err
	}
	list, err := r.Retention(ctx, officeID, asOf)
	if err != nil {
		return list, err
	}
	printed, err := r.OfficeNow(ctx, officeID)
	if err != nil {
		return list, err
	}
	b, err := printBundle()
	if err != nil {
		return list, fmt.Errorf("registry: retention list: %w", err)
	}
	t := &registerpdf.Tr{B: b, Lang: i18n.Default, Loc: printed.Location()}
	total := 0
	var blocks []pdf.Block
	for _, h := range retentionHeadings {
		b := pdf.Block{Heading: t.T(h.heading)}
		lines := list.Due[h.act]
		if len(lines) == 0 {
			b.Paragraphs = []string{t.T(h.none)}
		}
		for _, l := range lines {
			b.Items = append(b.Items, retentionSentence(t, l))
		}
		b.Numbered = true
		total += len(lines)
		blocks = append(blocks, b)
	}
	if len(list.NoCategory) > 0 {
		b := pdf.Block{Heading: t.T("registry.retention.noCategory.heading"),
			Paragraphs: []string{t.T("registry.retention.noCategory.intro")}}
		for _, l := range list.NoCategory {
			b.Items = append(b.Items, retentionSentence(t, l))
		}
		b.Numbered = true
		blocks = append(blocks, b)
	}
	blocks = append(blocks, pdf.Block{Heading: t.T("registry.retention.basis.heading"), Small: true, Paragraphs: []string{
		t.T("registry.retention.basis.years"),
		t.T("registry.retention.basis.consent"),
		t.T("registry.retention.basis.archival"),
		t.T("registry.retention.basis.categories"),
	}})
	blocks = append(blocks, pdf.Block{Signature: t.T("registry.retention.signature")})
	sheet := pdf.Sheet{
		Header:  []string{o.Name, t.T("registry.pdf.teryt", "teryt", o.TERYT)},
		HeaderR: []string{t.T("pdf.printed", "date", i18n.DateTime(i18n.Default, printed))},
		Title:   t.T("registry.retention.title"),
		Subtitle: t.T("registry.retention.subtitle", "date", dayWords(t, list.AsOf), "closed", strconv.Itoa(list.Closed),
			"due", strconv.Itoa(total), "marked", strconv.Itoa(list.Marked), "noCategory", strconv.Itoa(len(list.NoCategory))),
		Footer:    t.T("registry.retention.footer", "office", o.Name, "date", asOf.Format("02.01.2006")),
		PageLabel: t.T("pdf.page", "n", "{n}", "nb", "{nb}"),
		Author:    o.Name,
		Blocks:    blocks,
	}
	if t.Err != nil {
		return list, fmt.Errorf("registry: retention list: %w", t.Err)
	}
	return list, pdf.Write(w, sheet)
}

// ErrNotDue refuses a mark of a case that is not on the retention list
// for that action on the day given.
var ErrNotDue = errors.New("registry: the case is not due for that on the retention list")

// MarkRetention records at the registry that the office handed a case's
// file to the state archive, destroyed it with the archive's consent, or
// had it assessed (done: DoneTransferred, DoneDestroyed, DoneAssessed),
// with the act's reference (note: the protocol or list number). Only a
// case the list gives for that action on the office's day asOf may be
// marked, so a slip of the sign cannot mark an open case or one whose
// period runs on. The case stays at the registry; the mark takes it off
// the list.
func (r *Registry) MarkRetention(ctx context.Context, officeID, sign, done, note, by string, asOf time.Time) (RetentionLine, error) {
	if len(note) > 200 || !plainText(note, 200) || !plainText(by, 64) {
		return RetentionLine{}, fmt.Errorf("registry: retention mark: the note is too long or spans lines")
	}
	list, err := r.Retention(ctx, officeID, asOf)
	if err != nil {
		return RetentionLine{}, err
	}
	for act, lines := range list.Due {
		for _, l := range lines {
			if l.Sign != sign {
				continue
			}
			if doneFor[act] != done {
				return l, fmt.Errorf("%w: %s is due for %s, not %s", ErrNotDue, sign, act, done)
			}
			err := r.st.MarkRetention(ctx, officeID, store.RetentionMark{CaseID: l.CaseID, Done: done,
				MarkedOn: asOf.Format(time.DateOnly), Note: note, By: by, At: r.now()})
			if err == nil {
				r.log.Info("retention mark", "office", officeID, "case", l.CaseID, "done", done)
			}
			return l, err
		}
	}
	return RetentionLine{}, fmt.Errorf("%w: %s", ErrNotDue, sign)
}
