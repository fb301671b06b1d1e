package pgstore

import (
	"context"

	"okienko/sync/registry/pgstore/internal/pq"
	"okienko/sync/registry/store"
)

// ReportCounts counts an office's report records of a period in one statement.
func (s *Store) ReportCounts(ctx context.Context, officeID string, q store.ReportQuery) ([]store.ReportCount, error) {
	rows, err := s.q.ReportCounts(ctx, pq.ReportCountsParams{OfficeID: officeID, FromDay: q.From, ToDay: q.To, Today: q.Today,
		DayDays: q.Days, DayEnds: q.DayEnds, FromMs: q.FromMs, ToMs: q.ToMs})
	if err != nil {
		return nil, wrap("report counts", err)
	}
	out := make([]store.ReportCount, len(rows))
	for i, x := range rows {
		out[i] = store.ReportCount{Part: x.Part, Unit: x.Unit, A: x.A, B: x.B, C: x.C, Code: x.Code, N: x.N, N2: x.N2}
	}
	return out, nil
}
