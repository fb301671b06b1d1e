package console

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
	"time"

	"okienko/app/office"
	"okienko/app/report"
)

// Raport z monitoringu in Rejestry i raporty: the figures the registry
// counts across every device of the office (Registry.Report) for a period
// and a unit or the whole office, on screen and as the PDF app/reportpdf
// prints. A head reads their unit's only; the admin and the secretary
// the whole office or any unit.

// MonitoringReport is the report page: the figures and what may be chosen.
type MonitoringReport struct {
	// Report's sections carry i18n keys (report.*), which the page says
	// in the person's language, and the figures' plain values.
	Report report.Report `json:"report"`
	// Unit is the unit counted, "" the whole office.
	Unit string `json:"unit"`
	// Units are the units one may choose; OfficeWide: the whole office too.
	Units      []UnitChoice `json:"units"`
	OfficeWide bool         `json:"officeWide"`
	Today      string       `json:"today"` // the office's date, YYYY-MM-DD
}

// UnitChoice is a unit of the report's filter.
type UnitChoice struct {
	Symbol string `json:"symbol"`
	Name   string `json:"name"`
}

// reportAsked is a report request checked: period, scope and unit.
type reportAsked struct {
	period report.Period
	scope  report.Scope
	unit   string
	units  []UnitChoice
	today  string
}

// errPeriod is a period the report refuses; its reason is an i18n key.
type errPeriod struct{ key string }

func (e errPeriod) Error() string { return "console: report period: " + e.key }

// askedReport reads ?from=&to=&unit= (the office's year so far and its
// whole office, or a head's unit, when not given) and checks the unit is
// the person's to see.
func (c *Console) askedReport(req *http.Request, who Who) (reportAsked, error) {
	ctx := req.Context()
	now, err := c.reg.OfficeNow(ctx, who.OfficeID)
	if err != nil {
		return reportAsked{}, err
	}
	_, units, err := c.reg.StaffRows(ctx, who.OfficeID)
	if err != nil {
		return reportAsked{}, err
	}
	var a reportAsked
	a.today = now.Format(time.DateOnly)
	q := req.URL.Query()
	from, to := q.Get("from"), q.Get("to")
	if from == "" {
		from = time.Date(now.Year(), 1, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	}
	if to == "" {
		to = a.today
	}
	if a.period, err = report.ParsePeriod(from, to); err != nil {
		return reportAsked{}, errPeriod{key: err.Error()}
	}
	for _, u := range units {
		if who.Role != office.RoleHead || u.Symbol == who.Unit {
			a.units = append(a.units, UnitChoice{Symbol: u.Symbol, Name: u.Name})
		}
	}
	slices.SortFunc(a.units, func(x, y UnitChoice) int {
		if x.Symbol < y.Symbol {
			return -1
		}
		if x.Symbol > y.Symbol {
			return 1
		}
		return 0
	})
	a.unit = q.Get("unit")
	if who.Role == office.RoleHead {
		if who.Unit == "" || (a.unit != "" && a.unit != who.Unit) {
			return reportAsked{}, errRole
		}
		a.unit = who.Unit
	}
	switch {
	case a.unit == "":
		a.scope = report.Scope{OfficeWide: true}
	case slices.ContainsFunc(a.units, func(u UnitChoice) bool { return u.Symbol == a.unit }):
		a.scope = report.Scope{Units: []string{a.unit}}
	default:
		return reportAsked{}, errPeriod{key: "console.report.noSuchUnit"}
	}
	return a, nil
}

// refuseReport answers a refused report request: a period or unit the
// form must correct (400, with the reason's key), or the person's role.
func (c *Console) refuseReport(w http.ResponseWriter, req *http.Request, who Who, action string, err error) {
	var bad errPeriod
	c.audit(req.Context(), who.OfficeID, who.StaffID, action, "", false)
	if errors.As(err, &bad) {
		answer(w, http.StatusBadRequest, map[string]string{"error": "invalid", "key": bad.key})
		return
	}
	if errors.Is(err, errRole) {
		c.log.Warn("console role refused", "office", who.OfficeID, "staff", who.StaffID, "action", action)
	}
	c.fail(w, err)
}

func (c *Console) monitoringReport(w http.ResponseWriter, req *http.Request, who Who) {
	a, err := c.askedReport(req, who)
	if err != nil {
		c.refuseReport(w, req, who, "view.report", err)
		return
	}
	rep, err := c.reg.Report(req.Context(), who.OfficeID, a.period, a.scope)
	if err != nil {
		c.fail(w, err)
		return
	}
	answer(w, http.StatusOK, MonitoringReport{Report: rep, Unit: a.unit, Units: a.units, OfficeWide: who.Role != office.RoleHead, Today: a.today})
}

// reportLocales are the languages the report prints in.
var reportLocales = []string{"pl", "en", "uk"}

func (c *Console) monitoringReportPDF(w http.ResponseWriter, req *http.Request, who Who) {
	a, err := c.askedReport(req, who)
	if err != nil {
		c.refuseReport(w, req, who, "print.report", err)
		return
	}
	locale := req.URL.Query().Get("lang")
	if !slices.Contains(reportLocales, locale) {
		locale = "pl"
	}
	var buf bytes.Buffer
	if _, err := c.reg.WriteScopedReportPDF(req.Context(), &buf, who.OfficeID, a.period, a.scope, locale); err != nil {
		c.fail(w, err)
		return
	}
	name := "raport-" + a.period.From + "-" + a.period.To
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`.pdf"`)
	w.Write(buf.Bytes())
}
