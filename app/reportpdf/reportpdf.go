// Package reportpdf prints the monitoring report (app/report) as an A4 PDF
// with the same charts the screen shows, drawn by app/chart and embedded
// by app/pdf. Both the device and the registry's `registry admin report`
// print through it, so the two printouts agree.
package reportpdf

import (
	"fmt"
	"io"
	"strings"
	"time"

	"okienko/app/chart"
	"okienko/app/i18n"
	"okienko/app/pdf"
	"okienko/app/report"
)

// Meta is what the printout says about itself.
type Meta struct {
	Office string // the office's name
	// Letterhead is the office's name, address and contact, top left, as
	// every other printout of the office heads its page; empty: the name.
	Letterhead []string
	ScopeText  string    // whose figures, e.g. "cały urząd" or "wydziały: SO"
	Source     string    // where they were counted, e.g. "to stanowisko" or "rejestr urzędu"
	Printed    time.Time // in the office's zone
	Author     string
}

// MaxRows is the most rows a breakdown shows; the rest are summed in one line.
const MaxRows = 12

// Write renders r in locale.
func Write(w io.Writer, r report.Report, b *i18n.Bundle, locale string, m Meta) error {
	t := func(key string, kv ...string) string {
		args := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			args[kv[i]] = kv[i+1]
		}
		return b.T(locale, key, args)
	}
	day := func(s string) string {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return s
		}
		return i18n.Date(locale, d)
	}
	header := m.Letterhead
	if len(header) == 0 {
		header = []string{m.Office}
	}
	sheet := pdf.Sheet{
		Header:    header,
		HeaderR:   []string{t("report.pdf.printed", "date", i18n.DateTime(locale, m.Printed))},
		Title:     t("report.title"),
		Subtitle:  t("report.pdf.subtitle", "from", day(r.Period.From), "to", day(r.Period.To), "scope", m.ScopeText, "source", m.Source),
		Footer:    strings.TrimPrefix(m.Office+" · "+t("report.title"), " · "),
		PageLabel: t("report.pdf.page"),
		Author:    m.Author,
	}
	switch {
	case r.Empty:
		sheet.Banner = t("report.emptyPeriod")
	case r.Partial:
		sheet.Banner = t("report.partial")
	}
	for _, s := range r.Sections {
		head := pdf.Block{Heading: t("report.section." + s.Key)}
		switch s.State {
		case report.StateNotRecorded:
			head.Paragraphs = []string{t("report.notRecorded")}
			sheet.Blocks = append(sheet.Blocks, head)
			continue
		case report.StateEmpty:
			head.Paragraphs = []string{t("report.sectionEmpty")}
			sheet.Blocks = append(sheet.Blocks, head)
			continue
		case report.StateFailed:
			head.Paragraphs = []string{t("report.sectionFailed")}
			sheet.Blocks = append(sheet.Blocks, head)
			continue
		}
		for _, f := range s.Figures {
			head.Pairs = append(head.Pairs, [2]string{t(f.Key), Value(locale, b, f)})
		}
		if s.NoteKey != "" {
			head.Small = true
			head.Paragraphs = []string{t(s.NoteKey)}
		}
		sheet.Blocks = append(sheet.Blocks, head)
		for _, bd := range s.Breakdowns {
			blk, err := breakdown(bd, t)
			if err != nil {
				return err
			}
			sheet.Blocks = append(sheet.Blocks, blk)
		}
	}
	if err := pdf.Write(w, sheet); err != nil {
		return fmt.Errorf("reportpdf: %w", err)
	}
	return nil
}

// breakdown is one chart with its figures as pairs under it.
func breakdown(bd report.Breakdown, t func(string, ...string) string) (pdf.Block, error) {
	rows := Top(bd.Rows, MaxRows, t("report.otherRows", "count", fmt.Sprint(max(len(bd.Rows)-MaxRows+1, 0))))
	blk := pdf.Block{Heading: t(bd.Key)}
	bars := chart.Bars{Stacked: bd.Chart == report.ChartStacked, ValueLabel: t("report.axis.count")}
	for _, c := range bd.Columns {
		bars.Series = append(bars.Series, chart.Series{Name: t(c)})
	}
	for _, r := range rows {
		label := r.Label
		if r.LabelKey != "" {
			label = t(r.LabelKey)
		}
		bars.Categories = append(bars.Categories, label)
		var parts []string
		for i, v := range r.Values {
			bars.Series[i].Values = append(bars.Series[i].Values, v)
			parts = append(parts, t(bd.Columns[i])+": "+fmt.Sprintf("%.0f", v))
		}
		blk.Pairs = append(blk.Pairs, [2]string{label, strings.Join(parts, " · ")})
	}
	// Room for the rows, a second line for a label that wraps, and a
	// legend taller than few rows.
	wrapped := 0
	for _, c := range bars.Categories {
		wrapped += strings.Count(chart.Label(c), "\n")
	}
	h := 22 + 7*float64(len(rows)) + 3.5*float64(wrapped) + 4*float64(max(len(bd.Columns)-2, 0))
	png, err := chart.PNG(bars, pdf.FontRegular(), 174, h)
	if err != nil {
		return blk, fmt.Errorf("reportpdf: %w", err)
	}
	blk.Image, blk.ImageH = png, h
	return blk, nil
}

// Top keeps the first n-1 rows and sums the rest into one row labelled
// other, when there are more than n.
func Top(rows []report.Row, n int, other string) []report.Row {
	if len(rows) <= n {
		return rows
	}
	out := append([]report.Row(nil), rows[:n-1]...)
	rest := report.Row{Label: other, Values: make([]float64, len(rows[0].Values))}
	for _, r := range rows[n-1:] {
		for i, v := range r.Values {
			rest.Values[i] += v
		}
	}
	return append(out, rest)
}

// Value writes a figure as the locale does: "12", "7,5 min", "33,3%".
func Value(locale string, b *i18n.Bundle, f report.Figure) string {
	n := i18n.Decimal(locale, f.Value)
	switch f.Unit {
	case report.UnitMinutes:
		return b.T(locale, "report.unit.minutes", map[string]string{"n": n})
	case report.UnitPercent:
		return b.T(locale, "report.unit.percent", map[string]string{"n": n})
	}
	return n
}
