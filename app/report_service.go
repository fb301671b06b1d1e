package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/app/report"
	"okienko/app/reportpdf"
)

// ReportService is "Raport z monitoringu" (issue 14 part 5): the figures
// of this device's data for a period the head chooses, on screen and as a
// PDF with the same charts. Only heads of unit (their units) and the admin
// (the whole office) may see it; the registry counts across devices
// (`registry admin report`).
type ReportService struct {
	c     *Core
	parts []report.Part
}

// NewReportService binds the service to the core with the report's parts
// (main.go passes ReportParts(core)).
func NewReportService(c *Core, parts []report.Part) *ReportService {
	return &ReportService{c: c, parts: parts}
}

// ReportFigure is a headline number, its label and value as shown.
type ReportFigure struct {
	Label string  `json:"label"`
	Value string  `json:"value"`
	Raw   float64 `json:"raw"`
}

// ReportRow is one line of a breakdown: its label and a count per column.
type ReportRow struct {
	Label  string    `json:"label"`
	Values []float64 `json:"values"`
}

// ReportBreakdown is a table drawn as a chart ("bar" or "stacked").
type ReportBreakdown struct {
	Title   string      `json:"title"`
	Chart   string      `json:"chart"`
	Columns []string    `json:"columns"`
	Rows    []ReportRow `json:"rows"`
}

// ReportSection is one area's part; State is data, empty, notRecorded or
// failed, and Message says the latter three in words.
type ReportSection struct {
	Key        string            `json:"key"`
	Title      string            `json:"title"`
	State      string            `json:"state"`
	Message    string            `json:"message"`
	Note       string            `json:"note"`
	Figures    []ReportFigure    `json:"figures"`
	Breakdowns []ReportBreakdown `json:"breakdowns"`
}

// ReportDTO is the report as the screen shows it.
type ReportDTO struct {
	From     string          `json:"from"`
	To       string          `json:"to"`
	Heading  string          `json:"heading"` // the period, scope and source in a sentence
	Empty    bool            `json:"empty"`
	Partial  bool            `json:"partial"`
	Banner   string          `json:"banner"` // "no data in this period", or partial
	Sections []ReportSection `json:"sections"`
}

// Report counts the period [from, to] (YYYY-MM-DD, both included).
func (s *ReportService) Report(from, to string) (ReportDTO, error) {
	ctx := context.Background()
	r, sc, err := s.gather(ctx, from, to)
	if err != nil {
		return ReportDTO{}, err
	}
	return s.dto(r, sc, s.c.Locale()), nil
}

// Print renders the period's report as a PDF, saves it sealed among the
// printouts and opens it.
func (s *ReportService) Print(from, to string) (Printout, error) {
	ctx := context.Background()
	r, sc, err := s.gather(ctx, from, to)
	if err != nil {
		return Printout{}, err
	}
	o, err := s.c.Store.Office(ctx)
	if err != nil {
		return Printout{}, s.c.internal("load office for report", err)
	}
	lang := s.c.Locale()
	var buf bytes.Buffer
	meta := reportpdf.Meta{Office: o.Name, Letterhead: s.c.tr(lang).header(o), ScopeText: s.scopeText(sc, lang), Source: s.c.I18n.T(lang, "report.source.device", nil),
		Printed: s.c.Now(), Author: o.Name}
	if err := reportpdf.Write(&buf, r, s.c.I18n, lang, meta); err != nil {
		return Printout{}, s.c.printError("report", err)
	}
	out, err := s.c.writeNewOutput("wydruki/raporty", "raport-"+r.Period.From+"-"+r.Period.To, buf.Bytes())
	if err != nil {
		return Printout{}, saveFailed(err, "printout", "@report.title")
	}
	if err := s.c.Opener.Open(out.Path); err != nil {
		s.c.Log.Warn("open report", "err", err)
	}
	return out, nil
}

// gather checks who asks and the period, and counts.
func (s *ReportService) gather(ctx context.Context, from, to string) (report.Report, report.Scope, error) {
	st, err := s.c.require(ctx)
	if err != nil {
		return report.Report{}, report.Scope{}, err
	}
	if st.Role != office.RoleHead && st.Role != office.RoleAdmin {
		return report.Report{}, report.Scope{}, i18n.E("report.forbidden", fmt.Errorf("app: report: role %s", st.Role))
	}
	p, err := report.ParsePeriod(from, to)
	if err != nil {
		return report.Report{}, report.Scope{}, i18n.E(err.Error(), fmt.Errorf("app: report period %q..%q: %w", from, to, err))
	}
	pe, err := personOf(ctx, s.c, st)
	if err != nil {
		return report.Report{}, report.Scope{}, s.c.internal("report scope", err)
	}
	sc := report.Scope{OfficeWide: pe.OfficeWide, Units: pe.Units}
	if !sc.OfficeWide && len(sc.Units) == 0 {
		return report.Report{}, report.Scope{}, i18n.E("report.forbidden", errors.New("app: report: head without a unit"))
	}
	return report.Gather(ctx, p, sc, s.parts), sc, nil
}

func (s *ReportService) scopeText(sc report.Scope, lang string) string {
	if sc.OfficeWide {
		return s.c.I18n.T(lang, "report.scope.office", nil)
	}
	return s.c.I18n.T(lang, "report.scope.units", map[string]string{"units": strings.Join(sc.Units, ", "), "count": strconv.Itoa(len(sc.Units))})
}

// dto renders the report's keys in lang.
func (s *ReportService) dto(r report.Report, sc report.Scope, lang string) ReportDTO {
	b := s.c.I18n
	t := func(key string) string { return b.T(lang, key, nil) }
	ui := s.c.ui()
	out := ReportDTO{From: r.Period.From, To: r.Period.To, Empty: r.Empty, Partial: r.Partial}
	out.Heading = b.T(lang, "report.period", map[string]string{"from": ui.Date(r.Period.From), "to": ui.Date(r.Period.To),
		"scope": s.scopeText(sc, lang), "source": t("report.source.device")})
	switch {
	case r.Empty:
		out.Banner = t("report.emptyPeriod")
	case r.Partial:
		out.Banner = t("report.partial")
	}
	for _, sec := range r.Sections {
		ds := ReportSection{Key: sec.Key, Title: t("report.section." + sec.Key), State: string(sec.State),
			Figures: []ReportFigure{}, Breakdowns: []ReportBreakdown{}}
		switch sec.State {
		case report.StateNotRecorded:
			ds.Message = t("report.notRecorded")
		case report.StateEmpty:
			ds.Message = t("report.sectionEmpty")
		case report.StateFailed:
			ds.Message = t("report.sectionFailed")
		}
		if sec.NoteKey != "" && sec.State == report.StateData {
			ds.Note = t(sec.NoteKey)
		}
		for _, f := range sec.Figures {
			ds.Figures = append(ds.Figures, ReportFigure{Label: t(f.Key), Value: reportpdf.Value(lang, b, f), Raw: f.Value})
		}
		for _, bd := range sec.Breakdowns {
			rows := reportpdf.Top(bd.Rows, reportpdf.MaxRows, b.T(lang, "report.otherRows", map[string]string{"count": fmt.Sprint(max(len(bd.Rows)-reportpdf.MaxRows+1, 0))}))
			db := ReportBreakdown{Title: t(bd.Key), Chart: bd.Chart, Rows: []ReportRow{}}
			for _, c := range bd.Columns {
				db.Columns = append(db.Columns, t(c))
			}
			for _, r := range rows {
				label := r.Label
				if r.LabelKey != "" {
					label = t(r.LabelKey)
				}
				db.Rows = append(db.Rows, ReportRow{Label: label, Values: r.Values})
			}
			ds.Breakdowns = append(ds.Breakdowns, db)
		}
		out.Sections = append(out.Sections, ds)
	}
	return out
}
