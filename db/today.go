package db

import (
	"context"

	"okienko/app/cases"
	"okienko/db/internal/dbq"
)

// TodayDeadlines lists the open cases assigned to a person whose deadline
// is on or before until (YYYY-MM-DD; the overdue included), the oldest
// first, at most limit: "Dziś" lists them.
func (r reader) TodayDeadlines(ctx context.Context, staffID, until string, limit int) ([]cases.Row, error) {
	rows, err := r.q.TodayDeadlines(ctx, dbq.TodayDeadlinesParams{StaffID: nullString(staffID), Until: until, Lim: int64(limit)})
	if err != nil {
		return nil, wrap("today deadlines", err)
	}
	list := make([]dbq.CaseListRow, len(rows))
	for i, x := range rows {
		list[i] = dbq.CaseListRow(x)
	}
	return r.caseRows(list)
}

// TodaySupplements lists the cases assigned to a person that await
// documents and whose term to supplement ends on or before until (the
// passed included), the oldest first, at most limit.
func (r reader) TodaySupplements(ctx context.Context, staffID, until string, limit int) ([]cases.Row, error) {
	rows, err := r.q.TodaySupplements(ctx, dbq.TodaySupplementsParams{StaffID: nullString(staffID), Until: until, Lim: int64(limit)})
	if err != nil {
		return nil, wrap("today supplements", err)
	}
	list := make([]dbq.CaseListRow, len(rows))
	for i, x := range rows {
		list[i] = dbq.CaseListRow(x)
	}
	return r.caseRows(list)
}
