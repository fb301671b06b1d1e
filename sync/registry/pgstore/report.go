package pgstore

import (
	"context"

	"github.com/jackc/pgx/v5"

	"okienko/sync/registry/pgstore/internal/pq"
	"okienko/sync/registry/store"
)

// ReportCounts counts an office's report records of a period in one statement.
func (s *Store) ReportCounts(ctx context.Context, officeID string, q store.ReportQuery) ([]store.ReportCount, error) {
	var rows []pq.ReportCountsRow
	err := s.begin(ctx, func(ctx context.Context, tx pgx.Tx) error {
		qt := s.q.WithTx(tx)
		if err := qt.ReportJitOff(ctx); err != nil {
			return err
		}
		var err error
		rows, err = qt.ReportCounts(ctx, pq.ReportCountsParams{OfficeID: officeID, FromDay: q.From, ToDay: q.To, Today: q.Today,
			DayDays: q.Days, DayEnds: q.DayEnds, FromMs: q.FromMs, ToMs: q.ToMs, NowMs: q.NowMs})
		return err
	})
	if err != nil {
		return nil, wrap("report counts", err)
	}
	out := make([]store.ReportCount, len(rows))
	for i, x := range rows {
		out[i] = store.ReportCount{Part: x.Part, Unit: x.Unit, A: x.A, B: x.B, C: x.C, Code: x.Code, N: x.N, N2: x.N2}
	}
	return out, nil
}
