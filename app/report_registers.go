package app

import (
	"context"
	"time"

	"okienko/app/report"
)

// The monitoring report's sections of issue 14's registers, read from this
// device's store (see ReportParts).

// periodTimes are the period's first instant and the instant after its
// last day, in the office's zone.
func periodTimes(p report.Period, loc *time.Location) (time.Time, time.Time, error) {
	from, err := time.ParseInLocation(time.DateOnly, p.From, loc)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	to, err := time.ParseInLocation(time.DateOnly, p.To, loc)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	return from, to.AddDate(0, 0, 1), nil
}

// unitSymbols maps the office's unit ids to their symbols (the scope's terms).
func (d deviceReport) unitSymbols(ctx context.Context, officeID string) (map[string]string, error) {
	units, err := d.c.Store.Units(ctx, officeID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(units))
	for _, u := range units {
		out[u.ID] = u.Symbol
	}
	return out, nil
}

func (d deviceReport) complaints(ctx context.Context, p report.Period, sc report.Scope) (report.Section, error) {
	id, loc, _, err := d.office(ctx)
	if err != nil {
		return report.Section{}, err
	}
	_, to, err := periodTimes(p, loc)
	if err != nil {
		return report.Section{}, err
	}
	counts, err := d.c.Store.ComplaintCounts(ctx, p.From, to.Format(time.DateOnly))
	if err != nil {
		return report.Section{}, err
	}
	sym, err := d.unitSymbols(ctx, id)
	if err != nil {
		return report.Section{}, err
	}
	ts := make([]report.Tallied, len(counts))
	for i, c := range counts {
		ts[i] = report.Tallied{Kind: string(c.Kind), State: string(c.Outcome), Unit: sym[c.UnitID], N: c.N}
	}
	return report.Complaints(ts, sc), nil
}

func (d deviceReport) visits(ctx context.Context, p report.Period, sc report.Scope) (report.Section, error) {
	id, loc, _, err := d.office(ctx)
	if err != nil {
		return report.Section{}, err
	}
	from, to, err := periodTimes(p, loc)
	if err != nil {
		return report.Section{}, err
	}
	counts, err := d.c.Store.VisitsBetween(ctx, from, to)
	if err != nil {
		return report.Section{}, err
	}
	sym, err := d.unitSymbols(ctx, id)
	if err != nil {
		return report.Section{}, err
	}
	ts := make([]report.Tallied, len(counts))
	for i, c := range counts {
		ts[i] = report.Tallied{State: string(c.Status), Unit: sym[c.UnitID], N: c.N}
	}
	return report.Visits(ts, sc), nil
}

func (d deviceReport) letters(ctx context.Context, p report.Period, _ report.Scope) (report.Section, error) {
	_, loc, _, err := d.office(ctx)
	if err != nil {
		return report.Section{}, err
	}
	from, to, err := periodTimes(p, loc)
	if err != nil {
		return report.Section{}, err
	}
	c, err := d.c.Store.LetterCounts(ctx, from, to, d.c.Now())
	if err != nil {
		return report.Section{}, err
	}
	return report.Letters(report.LetterCounts{Received: c.Received, Answered: c.Answered, AnsweredLate: c.AnsweredLate, Overdue: c.Overdue}), nil
}

func (d deviceReport) survey(ctx context.Context, p report.Period, _ report.Scope) (report.Section, error) {
	_, loc, _, err := d.office(ctx)
	if err != nil {
		return report.Section{}, err
	}
	from, to, err := periodTimes(p, loc)
	if err != nil {
		return report.Section{}, err
	}
	sum, err := d.c.Store.SurveySummary(ctx, from, to)
	if err != nil {
		return report.Section{}, err
	}
	scores := make([]report.Score, len(sum.Results))
	for i, r := range sum.Results {
		scores[i] = report.Score{Question: string(r.Question), ByScore: r.ByScore}
	}
	return report.Survey(sum.Answers, scores), nil
}
