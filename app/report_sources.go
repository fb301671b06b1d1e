package app

import (
	"context"
	"errors"
	"time"

	"okienko/app/i18n"
	"okienko/app/queue"
	"okienko/app/report"
	"okienko/db"
)

// ReportParts are the monitoring report's sections on this device, in the
// order shown, each with the area that counts it (issue 14's registers in
// report_registers.go). An area not recorded yet would be
// report.NotRecorded(key).
func ReportParts(c *Core) []report.Part {
	src := deviceReport{c: c}
	return []report.Part{
		{Key: report.SectionQueue, Source: report.SourceFunc(src.queue)},
		{Key: report.SectionCases, Source: report.SourceFunc(src.cases)},
		{Key: report.SectionDeadlines, Source: report.SourceFunc(src.deadlines)},
		{Key: report.SectionNotices, Source: report.SourceFunc(src.notices)},
		{Key: report.SectionSupplements, Source: report.SourceFunc(src.supplements)},
		{Key: report.SectionComplaints, Source: report.SourceFunc(src.complaints)},
		{Key: report.SectionVisits, Source: report.SourceFunc(src.visits)},
		{Key: report.SectionSurvey, Source: report.SourceFunc(src.survey)},
		{Key: report.SectionLetters, Source: report.SourceFunc(src.letters)},
	}
}

// deviceReport reads the report's records from this device's store.
type deviceReport struct{ c *Core }

func (d deviceReport) office(ctx context.Context) (string, *time.Location, string, error) {
	o, err := d.c.Store.Office(ctx)
	if err != nil {
		return "", nil, "", err
	}
	clk := d.c.Store.OfficeClock()
	return o.ID, clk.Location(), d.c.Now().Format(time.DateOnly), nil
}

func (d deviceReport) queue(ctx context.Context, p report.Period, sc report.Scope) (report.Section, error) {
	id, _, _, err := d.office(ctx)
	if err != nil {
		return report.Section{}, err
	}
	tc, waits, svcs, err := d.c.Store.ReportTicketCounts(ctx, id, p)
	if err != nil {
		return report.Section{}, err
	}
	v, err := d.c.Store.Setting(ctx, id, queue.SettingGroups)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return report.Section{}, err
	}
	groups, err := queue.ParseGroups(v)
	if err != nil {
		d.c.Log.Warn("report: queue groups setting unreadable, groups shown by their letters", "err", err)
	}
	lang := printLang(d.c.Locale())
	return report.NameGroups(report.QueueCounted(tc, waits, svcs, sc), queue.GroupLabel(groups, func(code, name string) string {
		return d.c.I18n.T(lang, "report.queue.group", map[string]string{"code": code, "name": name})
	}, lang)), nil
}

func (d deviceReport) cases(ctx context.Context, p report.Period, sc report.Scope) (report.Section, error) {
	id, _, _, err := d.office(ctx)
	if err != nil {
		return report.Section{}, err
	}
	cc, err := d.c.Store.ReportCaseCounts(ctx, id, p)
	if err != nil {
		return report.Section{}, err
	}
	if lang := printLang(d.c.Locale()); lang != i18n.Default {
		// A service reads as its card translates its title (the Polish
		// name in brackets), as on the client's receipt.
		list, err := d.c.Store.CurrentCards(ctx, id)
		if err != nil {
			return report.Section{}, err
		}
		titles := map[string]string{}
		for _, v := range list {
			if card, ok := v.Card.In(lang); ok {
				titles[v.Card.Title] = card.Title
			}
		}
		for i, c := range cc {
			if t, ok := titles[c.Service]; ok {
				cc[i].Service = t
			}
		}
	}
	return report.CasesCounted(cc, sc), nil
}

func (d deviceReport) deadlines(ctx context.Context, p report.Period, sc report.Scope) (report.Section, error) {
	id, loc, today, err := d.office(ctx)
	if err != nil {
		return report.Section{}, err
	}
	dc, err := d.c.Store.ReportDeadlineCounts(ctx, id, p, loc, today)
	if err != nil {
		return report.Section{}, err
	}
	return report.DeadlinesCounted(dc, sc), nil
}

func (d deviceReport) notices(ctx context.Context, p report.Period, sc report.Scope) (report.Section, error) {
	id, loc, _, err := d.office(ctx)
	if err != nil {
		return report.Section{}, err
	}
	nc, err := d.c.Store.ReportNoticeCounts(ctx, id, p, loc)
	if err != nil {
		return report.Section{}, err
	}
	return report.NoticesCounted(nc, sc), nil
}

func (d deviceReport) supplements(ctx context.Context, p report.Period, sc report.Scope) (report.Section, error) {
	id, loc, today, err := d.office(ctx)
	if err != nil {
		return report.Section{}, err
	}
	cc, err := d.c.Store.ReportCallCounts(ctx, id, p, loc, today)
	if err != nil {
		return report.Section{}, err
	}
	return report.SupplementsCounted(cc, sc), nil
}
